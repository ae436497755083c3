"""Checks the schemas share: TIMEX3 date values (the grammar in schemas.timex3) and the typed date columns
made of them. Importing this module registers `timex3_value` and `calendar_date` as pandera Field checks."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import pyarrow
from pandera import extensions

from schemas.timex3 import bounds, is_calendar_date, is_valid, parse

__all__ = ["CALENDAR_DATE", "Day", "date_columns_match", "is_calendar_date", "precision_matches"]

# The shape of a plain calendar date (YYYY, YYYY-MM, YYYY-MM-DD), for columns that take no other value.
CALENDAR_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The type of the typed date columns: a calendar day as Arrow date32 (Parquet DATE; schemas.timex3.DATE_DTYPE).
Day = Annotated[pd.ArrowDtype, pyarrow.date32()]


@extensions.register_check_method(statistics=["partial"], check_type="element_wise")
def timex3_value(value: str, *, partial: bool) -> bool:
    """A TIMEX3 date value of the grammar that exists in the calendar (partial values only when `partial`)."""
    return is_valid(value, partial=partial)


@extensions.register_check_method(check_type="element_wise")
def calendar_date(value: str) -> bool:
    """A plain calendar date (YYYY, YYYY-MM or YYYY-MM-DD) that exists in the calendar."""
    return is_calendar_date(value)


def date_columns_match(frame: pd.DataFrame, column: str) -> pd.Series:
    """Per row: `date_start` and `date_end` are the first and last day of the value in `column` (both null
    for a partial value or none). A row whose value is not one passes: the value's own check names it."""
    columns = (frame[name].tolist() for name in (column, "date_start", "date_end"))
    matches = []
    for value, start, end in zip(*columns, strict=True):
        days = bounds(value) if _missing(value) or parse(value) is not None else (start, end)
        matches.append((start, end) == days if days else _missing(start) and _missing(end))
    return pd.Series(matches, index=frame.index, dtype=bool)


def precision_matches(frame: pd.DataFrame, column: str, precision_column: str, null_together: bool) -> pd.Series:
    """Per row with a value in `column`: the precision column names its precision (schemas.timex3); per row
    without one, when `null_together`: the precision is null too. A row whose value is not one passes: the
    value's own check names it."""
    matches = []
    for value, stated in zip(frame[column].tolist(), frame[precision_column].tolist(), strict=True):
        if _missing(value):
            matches.append(_missing(stated) or not null_together)
        else:
            parsed = parse(value)
            matches.append(parsed is None or parsed.precision == stated)
    return pd.Series(matches, index=frame.index, dtype=bool)


def _missing(value: object) -> bool:
    """None, NaN or pandas' NA."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
