"""The grammar of the TIMEX3 date values the tables carry, and what every stage reads of a value.

TimeML's TIMEX3 `value` (TimeML 1.2.1 annotation guidelines, https://www.timeml.org/publications/
timeMLdocs/timeml_1.2.1.html; ISO 8601 for the calendar) as this pipeline writes it:

| shape | example | precision | covers |
| --- | --- | --- | --- |
| `YY` | `20` | century | 2000-01-01 .. 2099-12-31 (TimeML: the first two digits of its years) |
| `YYY` | `201` | decade | 2010-01-01 .. 2019-12-31 |
| `YYYY` | `2018` | year | the calendar year |
| `YYYY-Hn` | `2018-H2` | half | January-June, July-December |
| `YYYY-SP` `-SU` `-FA` `-WI` | `2018-WI` | season | meteorological, northern hemisphere: SEASONS |
| `YYYY-Qn` | `2018-Q1` | quarter | three calendar months |
| `YYYY-MM` | `2018-03` | month | |
| `YYYY-Www` | `2018-W12` | week | ISO 8601 week, Monday to Sunday (`YYYY` is its ISO week-year) |
| `YYYY-Www-WE` | `2018-W12-WE` | weekend | its Saturday and Sunday |
| `YYYY-MM-DD`, `YYYY-Www-D` | `2018-03-20`, `2018-W12-2` | day | (ISO weekday: Monday = 1) |
| a day and `Tpp` | `2018-03-20TMO` | part_of_day | within that day: PARTS_OF_DAY |
| a day and `THH`, `THH:MM`, `THH:MM:SS` | `2018-03-20T14:30` | time | that hour, minute or second |

Partial values (a column allows them when it says so): `X` in place of the leading fields the text
does not fix, whole fields only: `XXXX-12-30` (a 30 December), `XXXX-12`, `XXXX-Q4`, `XXXX-SU`,
`XXXX-WXX-2` (a Tuesday), `XXXX-XX-15` (a 15th), `XXXX-XX-XXT14:00` (some day at 2 p.m.); an X field
never follows a known one (`2018-XX-15` is not a value). A partial value covers no fixed days: it
stands for each of its *instances*, the values its X fields can be filled to.

What a value says, for every consumer: `is_valid` (the grammar and the calendar: no month 13, no
30 February, no week 53 in a year of 52), `precision`, `bounds` (first and last calendar day;
None for a partial value), `extent` (its length), `sort_key` (chronological order) and
`compatible` (one contains the other, as periods of time: `2018-W12` and `2018-03-20` are,
`2018-W12` and `2018-04` are not; a partial value is compatible with a value when one of its
instances is).
"""

from __future__ import annotations

import calendar
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import pyarrow as pa

# Precisions, coarsest first.
PRECISIONS = [
    "century", "decade", "year", "half", "season", "quarter", "month", "week", "weekend", "day", "part_of_day", "time",
]  # fmt: skip
# The precisions of a plain calendar date (YYYY, YYYY-MM, YYYY-MM-DD): publication dates, review corrections.
CALENDAR_PRECISIONS = ["year", "month", "day"]
# Parts of a day (TimeML's TMO, TMI, TAF, TEV, TNI, TDT): the hours each covers, [start, end), within its
# calendar day (the night is the late evening of its date, never the next morning).
PARTS_OF_DAY = {"MO": (5, 12), "MI": (11, 14), "AF": (12, 18), "EV": (17, 21), "NI": (21, 24), "DT": (6, 18)}
# Seasons (meteorological, northern hemisphere): their first month, spring March to May, summer June to
# August, autumn September to November, winter December of its year to February of the next (TimeML
# names a winter by the year it begins in: the winter of 2018-19 is 2018-WI).
SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_MONTHS = 3
# Two partial values are compared on the instances of one of them in a span where every relation they can
# have occurs: 28 years from 2000 (the calendar's weekday pattern repeats every 28 years, 1901-2099), or two
# weeks for a value with an instance in every week (its finest X field a week or a day: its relations repeat
# every week).
_PARTIAL_SPAN_START = date(2000, 1, 1)
_PARTIAL_SPAN_DAYS = {"year": 28 * 365 + 7, "half": 28 * 365 + 7, "quarter": 28 * 365 + 7, "month": 28 * 365 + 7}
_WEEKLY_SPAN_DAYS = 14
_DAY_SECONDS = 86400

_TIME = r"T(\d{2}(:\d{2}(:\d{2})?)?|" + "|".join(PARTS_OF_DAY) + ")"
_DATE = re.compile(
    r"^(?:(?P<century>\d{2})|(?P<decade>\d{3})|(?P<year>\d{4}|XXXX)(?:"
    r"-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?"
    r"|-W(?P<week>\d{2}|XX)(?:-(?P<weekday>[1-7X])|-(?P<weekend>WE))?"
    r"|-Q(?P<quarter>[1-4X])|-H(?P<half>[12X])|-(?P<season>" + "|".join(SEASONS) + r")"
    r")?)$"
)
_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CLOCK = re.compile(r"^(?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$")


def pattern(partial: bool = False) -> str:
    """A regular expression of the values' shapes (with X fields when `partial`), in the dialect of XML
    Schema that Table Schema patterns use (plain groups only): what `is_valid` checks before the calendar."""
    year, two, one = (r"(\d{4}|XXXX)", r"(\d{2}|XX)", "X") if partial else (r"\d{4}", r"\d{2}", "")
    day = f"-{two}(-{two}({_TIME})?)?"
    weeks = f"-W{two}(-[1-7{one}]({_TIME})?|-WE)?"
    rest = f"-Q[1-4{one}]|-H[12{one}]|-(" + "|".join(SEASONS) + ")"
    return rf"^(\d{{2,3}}|{year}({day}|{weeks}|{rest})?)$"


@dataclass(frozen=True)
class Timex3:
    """A value read by the grammar: its fields as written (None where X), and what they make of it."""

    text: str
    kind: str  # the shape's precision without its time of day: century ... week, weekend, day
    year: int | None  # the year field (None when X, and for a century or decade)
    # the fields after the year by name (month, day, week, weekday, weekend, quarter, half, season;
    # century, decade), numbers as numbers, codes as text, None where X
    fields: tuple[tuple[str, int | str | None], ...]
    time: str | None  # the time of day as written after T: '14:30', 'MO'; None without one
    last_unknown: str | None  # the finest X field: year, month, day, week, weekday, quarter, half

    @property
    def is_partial(self) -> bool:
        return self.last_unknown is not None

    @property
    def precision(self) -> str:
        if self.time is None:
            return self.kind
        return "part_of_day" if self.time in PARTS_OF_DAY else "time"

    def field(self, name: str) -> int | str | None:
        return dict(self.fields).get(name)


_FIELD_NAMES = ("month", "day", "week", "weekday", "weekend", "quarter", "half", "season")


@functools.lru_cache(maxsize=1 << 16)
def parse(value: object) -> Timex3 | None:
    """The value read by the grammar, or None when it is not a valid value (partial ones included)."""
    if not isinstance(value, str):
        return None
    text, has_time, time = value.partition("T")
    found = _DATE.match(text)
    if found is None or (has_time and not time):
        return None
    groups = found.groupdict()
    if groups["century"] or groups["decade"]:
        kind = "century" if groups["century"] else "decade"
        parsed = Timex3(value, kind, None, ((kind, int(str(groups[kind]))),), None, None)
        return parsed if not has_time and _interval(parsed) is not None else None
    names = [name for name in _FIELD_NAMES if groups[name]]
    written = [str(groups["year"]), *(str(groups[name]) for name in names)]
    unknown = ["X" in field for field in written]
    if any(later and not earlier for earlier, later in itertools.pairwise(unknown)):
        return None  # a known field before an unknown one: 2018-XX-15
    last_unknown = ["year", *names][sum(unknown) - 1] if any(unknown) else None
    fields = tuple((name, _field(field)) for name, field in zip(names, written[1:], strict=True))
    year = None if unknown[0] else int(written[0])
    parsed = Timex3(value, _kind(names), year, fields, time or None, last_unknown)
    if time and (parsed.kind != "day" or not (time in PARTS_OF_DAY or _clock_seconds(time) is not None)):
        return None  # a time of day only on a day
    if parsed.is_partial:
        return parsed if _known_fields_fit(parsed) else None
    return parsed if _interval(parsed) is not None else None


def is_valid(value: object, partial: bool = False) -> bool:
    """A value of the grammar that exists in the calendar; partial values (X fields) only when `partial`."""
    parsed = parse(value)
    return parsed is not None and (partial or not parsed.is_partial)


def is_calendar_date(value: object) -> bool:
    """A plain calendar date (YYYY, YYYY-MM or YYYY-MM-DD) that exists in the calendar."""
    return isinstance(value, str) and _CALENDAR.match(value) is not None and is_valid(value)


def calendar_date(value: object) -> str | None:
    """The finest plain calendar date (YYYY-MM-DD, YYYY-MM or YYYY) that holds the value, for columns of
    calendar dates only: 2022-02-19T07:00 -> 2022-02-19, 1999-W28 -> 1999-07, 1997-SU -> 1997; None for a
    partial value, no value or text that is not one, and when no such date holds it (2015-W53, a winter, a
    decade)."""
    if _is_missing(value) or parse(value) is None:
        return None
    days = bounds(value)
    if days is None:
        return None
    first, last = days
    if first == last:
        return first.isoformat()
    if first.year != last.year:
        return None
    return f"{first.year:04d}-{first.month:02d}" if first.month == last.month else f"{first.year:04d}"


def precision(value: str) -> str:
    """The value's precision (PRECISIONS): '2018-W12' -> week, 'XXXX-12-30' -> day."""
    return _parsed(value).precision


def bounds(value: object) -> tuple[date, date] | None:
    """The first and last calendar day the value covers ('2018-W12' -> 2018-03-19, 2018-03-25); None for
    a partial value or no value (None, NaN, ''). Raises ValueError for text that is not a value."""
    if _is_missing(value):
        return None
    interval = _interval(_parsed(str(value)))
    if interval is None:
        return None
    start, end = interval
    return date.fromordinal(start // _DAY_SECONDS), date.fromordinal((end - 1) // _DAY_SECONDS)


def extent(value: str) -> int | None:
    """How long the value lasts, in seconds; None for a partial value."""
    interval = _interval(_parsed(value))
    return None if interval is None else interval[1] - interval[0]


def sort_key(value: object) -> tuple[int, int, int, str]:
    """A key that orders values in time: by first moment, then last (a day before the month it starts);
    partial values after all others, then no value; ties by the text."""
    if _is_missing(value):
        return (2, 0, 0, "")
    interval = _interval(_parsed(str(value)))
    if interval is None:
        return (1, 0, 0, str(value))
    return (0, interval[0], interval[1], str(value))


def compatible(a: object, b: object) -> bool:
    """Whether the two values can date the same thing: one contains the other as periods of time
    (2018-03-20 and 2018-W12; 2018-Q1 and 2018-03). No value (None, '') is compatible with any; a partial
    value is compatible with a value when one of its instances is (XXXX-WXX-2 and 2018-03-20, a Tuesday)."""
    if _is_missing(a) or _is_missing(b):
        return True
    one, other = _parsed(str(a)), _parsed(str(b))
    if not one.is_partial and not other.is_partial:
        return _nested(_full_interval(one), _full_interval(other))
    if not one.is_partial or not other.is_partial:
        partial, full = (one, other) if one.is_partial else (other, one)
        return _partial_fits(partial, _full_interval(full))
    if _shape(one) == _shape(other):  # instances of one shape are disjoint: equal or never nested
        return one.text == other.text
    # each instance of the value with the fewer instances, in a span where every relation occurs
    fewer, more = sorted((one, other), key=_instances_per_year)
    days = _PARTIAL_SPAN_DAYS.get(str(fewer.last_unknown), _WEEKLY_SPAN_DAYS)
    start = _PARTIAL_SPAN_START.toordinal() * _DAY_SECONDS
    return any(_partial_fits(more, instance) for instance in _instances(fewer, start, start + days * _DAY_SECONDS))


def date_columns(values: pd.Series) -> dict[str, pd.Series]:
    """`date_start` and `date_end` of each value (its first and last day; null for a partial value or no
    value), typed as Arrow date32 (DATE_DTYPE), on the index of `values`: the tables' typed date columns.
    Null too for text that is not a value: the schema's check of the value column names it."""
    found = [bounds(value) if parse(value) is not None else None for value in values.tolist()]
    return {
        "date_start": pd.Series([day[0] if day else None for day in found], index=values.index, dtype=DATE_DTYPE),
        "date_end": pd.Series([day[1] if day else None for day in found], index=values.index, dtype=DATE_DTYPE),
    }


# The pandas type of the tables' date columns: Arrow date32, written to Parquet as DATE.
DATE_DTYPE = pd.ArrowDtype(pa.date32())


# ---------------------------------------------------------------- reading the fields


def _parsed(value: str) -> Timex3:
    parsed = parse(value)
    if parsed is None:
        raise ValueError(
            f"{value!r} is not a TIMEX3 date value (want e.g. 2018, 2018-03-20, 2018-W12; see schemas.timex3)"
        )
    return parsed


def _is_missing(value: object) -> bool:
    """None, '', NaN or pandas' NA: no value."""
    return value is None or value == "" or (isinstance(value, float) and value != value) or value is pd.NA


def _field(text: str) -> int | str | None:
    if "X" in text:
        return None
    return int(text) if text.isdigit() else text


def _kind(names: list[str]) -> str:
    """The precision of a date's fields (before any time of day)."""
    if "weekend" in names:
        return "weekend"
    if "day" in names or "weekday" in names:
        return "day"
    return next((name for name in ("week", "month", "quarter", "half", "season") if name in names), "year")


def _shape(value: Timex3) -> tuple[str, int, str | None]:
    """What makes two values' instances alike: the text with X fields and digits blanked, the number of
    X fields, the time of day's form."""
    return re.sub(r"[0-9X]", "#", value.text), value.text.count("X"), value.last_unknown


def _clock_seconds(time: str) -> tuple[int, int] | None:
    """[start, end) of a clock time in seconds from midnight: '14' an hour, '14:30' a minute, '14:30:05' a second."""
    found = _CLOCK.match(time)
    if found is None:
        return None
    hour, minute, second = (int(found[name]) if found[name] else None for name in ("hour", "minute", "second"))
    if hour is None or hour > 23 or (minute or 0) > 59 or (second or 0) > 59:
        return None
    start = hour * 3600 + (minute or 0) * 60 + (second or 0)
    return start, start + (1 if second is not None else 60 if minute is not None else 3600)


def _time_seconds(time: str) -> tuple[int, int]:
    if time in PARTS_OF_DAY:
        first, last = PARTS_OF_DAY[time]
        return first * 3600, last * 3600
    clock = _clock_seconds(time)
    assert clock is not None  # parse admits only valid times
    return clock


def _known_fields_fit(value: Timex3) -> bool:
    """The known fields of a partial value fit some year: a month 1-12, a day its month can have (in a leap
    year), a week 1-53."""
    month, day, week = (value.field(name) for name in ("month", "day", "week"))
    if month is not None and not 1 <= int(month) <= 12:
        return False
    if day is not None and not 1 <= int(day) <= (calendar.monthrange(2000, int(month))[1] if month else 31):
        return False
    return week is None or 1 <= int(week) <= 53


# ---------------------------------------------------------------- periods of time


def _interval(value: Timex3) -> tuple[int, int] | None:
    """[start, end) in seconds from day 1 of the proleptic Gregorian calendar, or None for a partial
    value or one the calendar does not have (30 February, week 53 of a year of 52, year 0)."""
    if value.is_partial:
        return None
    try:
        first, last = _days(value)
    except (ValueError, OverflowError):
        return None
    start, end = first.toordinal() * _DAY_SECONDS, (last.toordinal() + 1) * _DAY_SECONDS
    if value.time is None:
        return start, end
    low, high = _time_seconds(value.time)
    return start + low, start + high


def _full_interval(value: Timex3) -> tuple[int, int]:
    interval = _interval(value)
    assert interval is not None  # parse admits a full value only when it has one
    return interval


def _days(value: Timex3) -> tuple[date, date]:
    """First and last day of a full value (raises ValueError or OverflowError where the calendar has none)."""
    number = {name: int(field) for name, field in value.fields if isinstance(field, int)}
    if value.kind in ("century", "decade"):
        years = 100 if value.kind == "century" else 10
        first_year = years * number[value.kind]
        return date(first_year, 1, 1), date(first_year + years - 1, 12, 31)
    year = value.year
    assert year is not None  # a full value of any other kind has a year
    if "week" in number:
        first, last = {"week": (1, 7), "weekend": (6, 7)}.get(value.kind, (number.get("weekday", 1),) * 2)
        return date.fromisocalendar(year, number["week"], first), date.fromisocalendar(year, number["week"], last)
    if value.kind == "day":
        day = date(year, number["month"], number["day"])
        return day, day
    if not 1 <= number.get("month", 1) <= 12:
        raise ValueError(f"no month {number['month']}")
    first_month, months = {
        "year": (1, 12),
        "month": (number.get("month", 1), 1),
        "quarter": (3 * number.get("quarter", 1) - 2, 3),
        "half": (6 * number.get("half", 1) - 5, 6),
        "season": (SEASONS.get(str(value.field("season")), 1), _SEASON_MONTHS),
    }[value.kind]
    last_month = _month_start(year, first_month + months - 1)  # not the month after: 9999-12 is the last one
    return _month_start(year, first_month), last_month.replace(
        day=calendar.monthrange(last_month.year, last_month.month)[1]
    )


def _month_start(year: int, month: int) -> date:
    """The first day of a month counted from January of `year` (13 is January of the year after)."""
    index = year * 12 + month - 1
    return date(index // 12, index % 12 + 1, 1)


def _nested(one: tuple[int, int], other: tuple[int, int]) -> bool:
    return (one[0] <= other[0] and other[1] <= one[1]) or (other[0] <= one[0] and one[1] <= other[1])


# ---------------------------------------------------------------- instances of partial values


def _filled(value: Timex3, day: date) -> Timex3 | None:
    """The instance of a partial value in the period of its X fields that holds `day` (its year, month,
    week ...): each X taken from the value of the same shape that holds the day; None when the calendar
    has no such instance (XXXX-02-29 in 2019)."""
    text = value.text
    if any(name == "week" for name, _ in value.fields):
        year, week, weekday = day.isocalendar()
        holding = f"{year:04d}-W{week:02d}-{weekday}"
    elif value.kind in ("quarter", "half"):
        number = (day.month - 1) // 3 + 1 if value.kind == "quarter" else (day.month - 1) // 6 + 1
        holding = f"{day.year:04d}-{value.kind[0].upper()}{number}"
    elif value.kind == "season":
        # the season's year: a winter holds January and February of the year after its own
        earlier = value.field("season") == "WI" and day.month < SEASONS["SP"]
        holding = f"{day.year - earlier:04d}"
    else:
        holding = day.isoformat()
    filled = "".join(holding[i] if character == "X" else character for i, character in enumerate(text))
    return parse(filled)


def _next_period(value: Timex3, day: date) -> date:
    """The first day of the period after the one of the value's finest X field that holds `day`."""
    if value.last_unknown == "year":
        return date(day.year + 1, 1, 1)
    if value.last_unknown == "month":
        return _month_start(day.year, day.month + 1)
    return day + timedelta(days=1)


def _instances(value: Timex3, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The periods of the partial value's instances that begin in [start, end) (seconds), in order.

    Instances of one value are disjoint and each lies in the period of its X fields (its year, month ...),
    so filling the value from each day in turn, skipping over each instance found, meets them in order."""
    day = date.fromordinal(start // _DAY_SECONDS)
    last_start = -1
    try:
        while day.toordinal() * _DAY_SECONDS < end:
            instance = _filled(value, day)
            interval = _interval(instance) if instance is not None else None
            if interval is None:
                day = _next_period(value, day)
                continue
            if interval[0] >= end:
                return
            if interval[0] >= start and interval[0] > last_start:
                last_start = interval[0]
                yield interval
            after = date.fromordinal(-(-interval[1] // _DAY_SECONDS))  # the first day from the instance's end on
            day = max(day + timedelta(days=1), after)
    except (ValueError, OverflowError):  # past the calendar's last day
        return


def _partial_fits(value: Timex3, interval: tuple[int, int]) -> bool:
    """Whether an instance of the partial value contains the period or lies within it."""
    start, end = interval
    try:
        holding = _filled(value, date.fromordinal(start // _DAY_SECONDS))
    except (ValueError, OverflowError):
        holding = None
    own = _interval(holding) if holding is not None else None
    if own is not None and own[0] <= start and end <= own[1]:
        return True
    first = next(_instances(value, start, end), None)  # the earliest beginning in it: if it ends too late, all do
    return first is not None and first[1] <= end


def _instances_per_year(value: Timex3) -> int:
    """About how many instances a partial value has in a year: by its finest X field."""
    return {"year": 1, "quarter": 4, "half": 2, "month": 12, "week": 52, "day": 365, "weekday": 365}[
        str(value.last_unknown)
    ]
