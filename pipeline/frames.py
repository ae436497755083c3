"""Small helpers for reading validated tables row by row."""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> list[Any]:
    """The rows as named tuples (no index), as `itertuples` gives them but column by column, which is
    much faster on Arrow-backed text columns. Typed loosely on purpose: the schema that validated the
    table, not pandas' scalar union, says what each cell holds."""
    row = namedtuple("Row", [str(column) for column in frame.columns], rename=True)  # type: ignore[misc]
    return [row._make(values) for values in zip(*(frame[column].tolist() for column in frame.columns), strict=True)]
