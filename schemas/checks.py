"""Value checks shared by schemas and by the code that reads dates from input."""

from __future__ import annotations

import re
from datetime import date

# TIMEX3 calendar date at day, month or year precision.
TIMEX3_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_TIMEX3_DATE = re.compile(TIMEX3_DATE)


def is_calendar_date(value: object) -> bool:
    """A TIMEX3 date (YYYY-MM-DD, YYYY-MM or YYYY) that exists in the calendar: no month 13, no 30 February."""
    if not isinstance(value, str) or not _TIMEX3_DATE.match(value):
        return False
    year, month, day = ([int(part) for part in value.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
