"""Small helpers for reading validated tables row by row."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from typing import Any

import pandas as pd

# Rows that records_by_batch turns into records at a time.
RECORD_BATCH_ROWS = 5000


def records(frame: pd.DataFrame) -> list[Any]:
    """The rows as named tuples (no index), as `itertuples` gives them but column by column, which is
    much faster on Arrow-backed text columns. Typed loosely on purpose: the schema that validated the
    table, not pandas' scalar union, says what each cell holds."""
    row = namedtuple("Row", [str(column) for column in frame.columns], rename=True)  # type: ignore[misc]
    return [row._make(values) for values in zip(*(frame[column].tolist() for column in frame.columns), strict=True)]


def records_by_batch(frame: pd.DataFrame, rows: int = RECORD_BATCH_ROWS) -> Iterator[Any]:
    """The rows as `records` gives them, made `rows` at a time as they are taken: not all held at once."""
    for start in range(0, len(frame), rows):
        yield from records(frame.iloc[start : start + rows])


def concat_parts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames made part by part, one after the other, each column typed as if the frame had been made
    from all rows at once: where the parts' types of a column disagree (a column all None in one part
    is `object` there), the column is typed again from its values (as pandas types a column of str and
    None cells: str). Frames without rows are left out (one is kept when all are)."""
    with_rows = [frame for frame in frames if len(frame)] or frames[:1]
    if not with_rows:
        return pd.DataFrame([])
    if len(with_rows) == 1:
        return with_rows[0].reset_index(drop=True)
    joined = pd.concat(with_rows, ignore_index=True)
    for column in joined.columns:
        if len({str(frame[column].dtype) for frame in with_rows}) > 1:
            joined[column] = pd.Series(joined[column].tolist(), index=joined.index, name=column)
    return joined
