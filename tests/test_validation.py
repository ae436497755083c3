"""Validation reports: a text column's dtype check answered as one pass (pipeline.validation) reports
exactly what pandera reports."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.engines import pandas_engine
from pandera.typing import Series

from pipeline.validation import ValidationFailed, validate


class _Names(pa.DataFrameModel):
    name: Series[str]

    class Config:
        strict = True


@pytest.mark.parametrize(
    ("column", "failures"),
    [
        (pd.Series(["Kabul", "Lagos"]), []),
        (pd.Series(["Kabul", 3], dtype=object), [("name", "dtype('string[pyarrow]')", 3, 1)]),
        (pd.Series([], dtype="float64"), [("name", "dtype('string[pyarrow]')", "float64", None)]),
    ],
)
def test_a_text_columns_dtype_failures_are_pandas_own(column: pd.Series, failures: list[tuple[Any, ...]]) -> None:
    try:
        validate("names", pd.DataFrame({"name": column}), _Names)
        found = []
    except ValidationFailed as failed:
        found = list(failed.failures[["column", "check", "failure_case", "index"]].itertuples(index=False, name=None))
    assert found == failures


def test_a_text_column_that_passes_is_one_pass() -> None:
    column = pd.Series(["Kabul", "Lagos"])
    dtype = _Names.to_schema().columns["name"].dtype
    assert dtype.check(pandas_engine.Engine.dtype(column.dtype), column) is True
