"""hypothesis strategies for the TIMEX3 date values of schemas.timex3: every shape of the grammar, made from a
calendar day, and partial values made from those by putting X in their leading fields."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import strategies as st

from schemas.timex3 import PARTS_OF_DAY

# Every shape of the grammar (`weekday` is YYYY-Www-D), and the precision of each.
SHAPES = {
    "century": "century", "decade": "decade", "year": "year", "half": "half", "season": "season",
    "quarter": "quarter", "month": "month", "week": "week", "weekend": "weekend", "day": "day", "weekday": "day",
    "part_of_day": "part_of_day", "time": "time", "weekday_time": "time",
}  # fmt: skip
# Days every shape has a value for that holds them (a century from 0100; no winter of 9999, which would end in
# 10000).
DAYS = st.dates(min_value=date(100, 1, 1), max_value=date(9999, 11, 30))
_SEASONS = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}


def holding(day: date, shape: str, clock: str = "14:30") -> str:
    """The value of the shape that holds the day (a weekend: that of the day's week, which holds the day only
    on a Saturday or Sunday); `clock` is the time of day for the shapes with one (a time or a part of day)."""
    year, week, weekday = day.isocalendar()
    season = _SEASONS.get(day.month, "FA")
    values = {
        "century": f"{day.year // 100:02d}",
        "decade": f"{day.year // 10:03d}",
        "year": f"{day.year:04d}",
        "half": f"{day.year:04d}-H{(day.month - 1) // 6 + 1}",
        "season": f"{day.year - (day.month < 3):04d}-{season}",
        "quarter": f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
        "month": f"{day.year:04d}-{day.month:02d}",
        "week": f"{year:04d}-W{week:02d}",
        "weekend": f"{year:04d}-W{week:02d}-WE",
        "day": day.isoformat(),
        "weekday": f"{year:04d}-W{week:02d}-{weekday}",
        "part_of_day": f"{day.isoformat()}T{clock}",
        "time": f"{day.isoformat()}T{clock}",
        "weekday_time": f"{year:04d}-W{week:02d}-{weekday}T{clock}",
    }
    return values[shape]


def blanked(value: str, fields: int) -> str:
    """The value with X in place of the digits of its first `fields` fields (those written with digits:
    a season or weekend code stops it)."""
    text, separator, time = value.partition("T")
    parts = text.split("-")
    for index in range(min(fields, len(parts))):
        if not re.search(r"\d", parts[index]):
            break
        parts[index] = re.sub(r"\d", "X", parts[index])
    return "-".join(parts) + separator + time


@st.composite
def clocks(draw: st.DrawFn) -> str:
    """A time of day as written after T: an hour, a minute or a second."""
    hour, minute, second = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    return draw(st.sampled_from([f"{hour:02d}", f"{hour:02d}:{minute:02d}", f"{hour:02d}:{minute:02d}:{second:02d}"]))


@st.composite
def full_values(draw: st.DrawFn, shapes: list[str] | None = None) -> tuple[str, str, date]:
    """(value, shape, a day it holds): a value of the grammar without X fields."""
    shape = draw(st.sampled_from(shapes or list(SHAPES)))
    day = draw(DAYS)
    if shape == "weekend":  # the Saturday or Sunday of the day's week
        day = draw(st.dates(min_value=date(100, 1, 1), max_value=date(9999, 11, 20)))
        day = date.fromordinal(day.toordinal() - day.isoweekday() + draw(st.sampled_from([6, 7])))
    clock = draw(st.sampled_from(list(PARTS_OF_DAY))) if shape == "part_of_day" else draw(clocks())
    return holding(day, shape, clock), shape, day


@st.composite
def partial_values(draw: st.DrawFn) -> tuple[str, str]:
    """(partial value, a full value that is one of its instances)."""
    value, _, _ = draw(full_values([shape for shape in SHAPES if shape not in ("century", "decade")]))
    fields = len(value.partition("T")[0].split("-"))
    return blanked(value, draw(st.integers(1, fields))), value


def values(partial: bool = True) -> st.SearchStrategy[str]:
    """Values of the grammar: full ones, and partial ones when `partial`."""
    full = full_values().map(lambda found: found[0])
    return st.one_of(full, partial_values().map(lambda found: found[0])) if partial else full
