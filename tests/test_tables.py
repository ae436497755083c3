"""Writing tables: the CSV writer gives the bytes pandas' to_csv gives, on every kind of column."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from pipeline.tables import LIST_SEPARATOR, write_csv
from schemas.timex3 import DATE_DTYPE

# Text that CSV quotes or that starts like a formula, or both; with nulls and empty text.
TRICKY_TEXT = ["plain", "", None, "a,b", 'say "no"', '"', "two\nlines", "cr\rin", " padded ", "=1+1", "é 😀 \u2028"]
FRAMES = {
    "text": pd.DataFrame({"text": pd.Series(TRICKY_TEXT, dtype="str"), "n": range(len(TRICKY_TEXT))}),
    "text in chunks": pd.concat(
        [pd.DataFrame({"text": pd.Series(TRICKY_TEXT[:5], dtype="str")}), pd.DataFrame({"text": TRICKY_TEXT[5:]})],
        ignore_index=True,
    ),
    "object text": pd.DataFrame({"text": pd.Series([*TRICKY_TEXT, np.nan], dtype=object), "flag": True}),
    "lists": pd.DataFrame(
        {"items": [["a", "b,c"], [], None, ("x", 'y"'), ["=z"], [1, 2.5]], "count": [1, 2, 3, 4, 5, 6]}
    ),
    "one column": pd.DataFrame({"only": pd.Series(["a", "", None, "b"], dtype="str")}),
    "numbers": pd.DataFrame(
        {
            "integer": [0, -3, 2**62, 7, 8, 9, 10, 11],
            "number": [0.1, 1.0, -0.0, 1e-05, 1e16, 1e22, np.nan, np.inf],
            "boolean": [True, False, True, False, True, False, True, False],
            "maybe": pd.Series([True, None, False, None, True, None, False, None], dtype=object),
        }
    ),
    "no rows": pd.DataFrame({"text": pd.Series([], dtype="str"), "count": pd.Series([], dtype="int64")}),
    "dates": pd.DataFrame(
        {"day": pd.Series([date(2018, 3, 19), None, date(1, 1, 1), date(9999, 12, 31)], dtype=DATE_DTYPE)}
    ),
    "header to quote": pd.DataFrame({"a,b": [1], 'say "x"': [2]}),
}


def _pandas_csv(frame: pd.DataFrame, header: bool) -> bytes:
    """What pipeline.tables wrote before it had its own CSV writer: pandas' to_csv, lists joined."""
    joined = frame.assign(
        **{
            column: frame[column].map(
                lambda value: LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list | tuple) else value
            )
            for column in frame.columns
            if frame[column].dtype == object
        }
    )
    text = io.StringIO()
    joined.to_csv(text, index=False, header=header, lineterminator="\n")
    return text.getvalue().encode("utf-8")


def _written(frame: pd.DataFrame, header: bool) -> bytes:
    handle = io.BytesIO()
    write_csv(handle, frame, header)
    return handle.getvalue()


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("name", list(FRAMES))
def test_csv_bytes_are_those_of_pandas(name: str, header: bool) -> None:
    frame = FRAMES[name]
    assert _written(frame, header) == _pandas_csv(frame, header)


def test_csv_quotes_only_fields_with_a_comma_quote_or_newline() -> None:
    frame = pd.DataFrame({"text": pd.Series(TRICKY_TEXT, dtype="str"), "n": range(len(TRICKY_TEXT))})
    assert _written(frame, header=True).decode("utf-8").split("\n") == [
        "text,n",
        "plain,0",
        ",1",
        ",2",
        '"a,b",3',
        '"say ""no""",4',
        '"""",5',
        '"two',
        'lines",6',
        "cr\rin,7",
        " padded ,8",
        "=1+1,9",
        "é 😀 \u2028,10",
        "",
    ]


def test_csv_writes_an_empty_field_of_a_one_column_row_as_two_quotes() -> None:
    frame = pd.DataFrame({"only": pd.Series(["a", "", None], dtype="str")})
    assert _written(frame, header=False) == b'a\n""\n""\n'


def test_csv_writer_refuses_columns_it_cannot_render() -> None:
    with pytest.raises(TypeError, match="'when' has type datetime64"):
        _written(pd.DataFrame({"when": pd.to_datetime(["2015-01-01"])}), header=True)
