"""Cells that a spreadsheet would run as a formula, neutralised (CSV injection).

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return can be read by Excel, LibreOffice or Google
Sheets as a formula (and run DDE commands); prefixing it with a single quote makes it text. The
maintained `defusedcsv` package applies the same rule, but inside its own `csv.writer` on rows of
strings: it cannot see a frame's column types, so a real negative number would be quoted as well.
Here only text is touched: numeric, boolean and null cells are left as they are.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# First characters a spreadsheet takes as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What makes such a cell text.
TEXT_PREFIX = "'"


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and every text item of a list cell) that starts like a formula
    prefixed with a single quote; numbers, booleans, dates and nulls unchanged, columns and dtypes kept.

    Grain: the same rows as `frame`.
    """
    text_columns = [
        column
        for column in frame.columns
        if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(frame[column])
    ]
    changed = {column: _safe_column(frame[column]) for column in text_columns}
    return frame.assign(**{column: values.astype(frame[column].dtype) for column, values in changed.items()})


def _safe_column(values: pd.Series) -> pd.Series:
    if values.dtype == object:  # may hold lists (or anything): cell by cell, if any text starts like a formula
        return values.map(_safe_cell) if _may_hold_formulas(values) else values
    formula = values.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
    if not formula.any():  # most columns: left as they are
        return values
    return values.where(~formula, TEXT_PREFIX + values)


def _may_hold_formulas(values: pd.Series) -> bool:
    """Whether a text cell, or a text item of a list cell, of this object column starts like a formula:
    read as Arrow, far quicker than cell by cell (True when Arrow cannot read the cells, mixed text and
    lists say; False when they hold no text)."""
    try:
        cells = pa.array(values.tolist(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return True
    while pa.types.is_list(cells.type) or pa.types.is_large_list(cells.type):
        cells = pc.list_flatten(cells)
    if not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):
        return False
    starts = functools.reduce(pc.or_, [pc.starts_with(cells, start) for start in FORMULA_STARTS])
    return bool(pc.any(starts).as_py())


def safe_text(value: str) -> str:
    """One text value, prefixed with a single quote when it starts like a formula."""
    return TEXT_PREFIX + value if value.startswith(FORMULA_STARTS) else value


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list | tuple):
        return type(value)(safe_text(item) if isinstance(item, str) else item for item in value)
    if isinstance(value, np.ndarray):  # list cells read back from Parquet
        return np.array([safe_text(item) if isinstance(item, str) else item for item in value], dtype=value.dtype)
    return value
