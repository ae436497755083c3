"""The grammar of TIMEX3 date values (schemas.timex3): which values are valid, their precision, days,
order and compatibility; by example and by property (hypothesis, over values of every shape)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import timex3
from tests.strategies import SHAPES, full_values, holding, partial_values, values


@pytest.mark.parametrize(
    ("value", "precision", "first", "last"),
    [
        ("20", "century", date(2000, 1, 1), date(2099, 12, 31)),
        ("201", "decade", date(2010, 1, 1), date(2019, 12, 31)),
        ("2018", "year", date(2018, 1, 1), date(2018, 12, 31)),
        ("2018-H2", "half", date(2018, 7, 1), date(2018, 12, 31)),
        ("2018-WI", "season", date(2018, 12, 1), date(2019, 2, 28)),
        ("2015-WI", "season", date(2015, 12, 1), date(2016, 2, 29)),
        ("2018-SU", "season", date(2018, 6, 1), date(2018, 8, 31)),
        ("2018-Q1", "quarter", date(2018, 1, 1), date(2018, 3, 31)),
        ("2018-02", "month", date(2018, 2, 1), date(2018, 2, 28)),
        ("2018-W12", "week", date(2018, 3, 19), date(2018, 3, 25)),
        ("2020-W53", "week", date(2020, 12, 28), date(2021, 1, 3)),
        ("2019-W01", "week", date(2018, 12, 31), date(2019, 1, 6)),
        ("2018-W12-WE", "weekend", date(2018, 3, 24), date(2018, 3, 25)),
        ("2018-03-20", "day", date(2018, 3, 20), date(2018, 3, 20)),
        ("2018-W12-2", "day", date(2018, 3, 20), date(2018, 3, 20)),
        ("2018-03-20TMO", "part_of_day", date(2018, 3, 20), date(2018, 3, 20)),
        ("2018-03-20TNI", "part_of_day", date(2018, 3, 20), date(2018, 3, 20)),
        ("2018-03-20T14", "time", date(2018, 3, 20), date(2018, 3, 20)),
        ("2018-03-20T14:30", "time", date(2018, 3, 20), date(2018, 3, 20)),
        ("2018-W12-2T09:05:59", "time", date(2018, 3, 20), date(2018, 3, 20)),
        ("XXXX-12-30", "day", None, None),
        ("XXXX-XX-15", "day", None, None),
        ("XXXX-12", "month", None, None),
        ("XXXX-Q4", "quarter", None, None),
        ("XXXX-SU", "season", None, None),
        ("XXXX-W53", "week", None, None),
        ("XXXX-WXX-2", "day", None, None),
        ("XXXX-WXX-WE", "weekend", None, None),
        ("XXXX-XX-XXTMO", "part_of_day", None, None),
        ("XXXX-XX-XXT14:00", "time", None, None),
        ("XXXX", "year", None, None),
        # the calendar's edges
        ("99", "century", date(9900, 1, 1), date(9999, 12, 31)),
        ("999", "decade", date(9990, 1, 1), date(9999, 12, 31)),
        ("9999", "year", date(9999, 1, 1), date(9999, 12, 31)),
        ("9999-H2", "half", date(9999, 7, 1), date(9999, 12, 31)),
        ("9999-Q4", "quarter", date(9999, 10, 1), date(9999, 12, 31)),
        ("9999-FA", "season", date(9999, 9, 1), date(9999, 11, 30)),
        ("9999-12", "month", date(9999, 12, 1), date(9999, 12, 31)),
        ("9999-W51", "week", date(9999, 12, 20), date(9999, 12, 26)),
        ("9999-W52-5", "day", date(9999, 12, 31), date(9999, 12, 31)),  # its week ends in year 10000
        ("9999-12-31T23:59:59", "time", date(9999, 12, 31), date(9999, 12, 31)),
        ("01", "century", date(100, 1, 1), date(199, 12, 31)),
        ("0001", "year", date(1, 1, 1), date(1, 12, 31)),
        ("0001-W01", "week", date(1, 1, 1), date(1, 1, 7)),
        ("0001-SP", "season", date(1, 3, 1), date(1, 5, 31)),
    ],
)
def test_precision_and_days_of_each_shape(value: str, precision: str, first: date | None, last: date | None) -> None:
    assert timex3.is_valid(value, partial=True)
    assert timex3.is_valid(value) == (first is not None)
    assert timex3.precision(value) == precision
    assert timex3.bounds(value) == ((first, last) if first else None)


@pytest.mark.parametrize(
    "value",
    [
        "9999-W52", "2018-13", "2018-00", "2018-02-29", "2018-04-31", "2019-W53", "2018-W00", "2018-Q5", "2018-H3",
        "0000", "00", "000", "9999-WI", "2018-03-20T24:00", "2018-03-20T10:60", "2018-03-20T", "2018-03-20TXX",
        "2018-W12T10:00", "2018-03T10", "2018-W12-WET10", "20T10", "2018-XX-15", "2018-WXX-2", "XXXX-W12-X",
        "XXXX-12-XX", "XXXX-13", "XXXX-02-30", "XXXX-W54", "2018-3-20", "18-03-20", "2018-03-20 ", "2018/03/20",
        "2018-SPRING", "REF-1M", "", "X", "XXXXX", "PRESENT_REF",
    ],
)  # fmt: skip
def test_values_outside_the_grammar_or_the_calendar_are_not_valid(value: str) -> None:
    assert not timex3.is_valid(value, partial=True)
    assert timex3.parse(value) is None
    if value:
        with pytest.raises(ValueError, match="is not a TIMEX3 date value"):
            timex3.bounds(value)


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        ("2018-W12", "2018-03-20", True),  # a day of the week
        ("2018-W12", "2018-04", False),  # the week is in March
        ("2018-W13", "2018-03", False),  # 26 March to 1 April: neither holds the other
        ("2018-W12", "2018-03", True),
        ("2018-Q1", "2018-03", True),
        ("2018-Q1", "2018-04-01", False),
        ("2018-H1", "2018-Q2", True),
        ("2018-WI", "2018-12-24", True),  # the winter of 2018-19
        ("2018-WI", "2018-01-15", False),  # the winter of 2017-18
        ("2018", "2018-03-20T10:00", True),
        ("2018-03-20", "2018-03-20TMO", True),
        ("2018-03-20TMO", "2018-03-20T10:15", True),
        ("2018-03-20TMO", "2018-03-20T14:00", False),
        ("2018-03-20T10:00", "2018-03-20T11:00", False),
        ("2018-03-20T10", "2018-03-20T10:59", True),
        ("2015-12-30", "2015-12-31", False),
        ("2015", "2015-12-31", True),
        ("201", "2015-W53", True),
        ("20", "1999-12-31", False),
        ("XXXX-WXX-2", "2018-03-20", True),  # a Tuesday
        ("XXXX-WXX-2", "2018-03-21", False),  # a Wednesday
        ("XXXX-12", "2018-Q4", True),
        ("XXXX-Q4", "2018-12-05", True),
        ("XXXX-12", "2018-W48", False),  # 26 November to 2 December
        ("XXXX-02-29", "2019", False),
        ("XXXX-02-29", "2020", True),
        ("XXXX-WI", "2018-12-15", True),
        ("XXXX-WI", "2019-01-15", True),
        ("XXXX-WI", "2019-03-01", False),
        ("XXXX-12-30", "XXXX-12-31", False),
        ("XXXX-12-30", "XXXX-12", True),
        ("XXXX-WXX-2", "XXXX-12-30", True),  # 30 December is a Tuesday some years
        ("XXXX-XX-31", "XXXX-WXX-6", True),
        ("XXXX-XX-XXT10:00", "XXXX-XX-XXTAF", False),
        ("XXXX-W53", "XXXX-QX", False),  # a 53rd week runs into the next year
        (None, "2018-W12", True),
        ("", "XXXX-12", True),
    ],
)
def test_compatible_values_hold_one_another(one: str | None, other: str | None, expected: bool) -> None:
    assert timex3.compatible(one, other) == expected
    assert timex3.compatible(other, one) == expected


def test_sort_key_orders_by_first_then_last_moment_partial_values_then_none_last() -> None:
    given_values = ["XXXX-12", None, "2018", "2018-03-20", "2017-W52", "2018-Q1", "201", "2018-01-01T09:00"]
    assert sorted(given_values, key=timex3.sort_key) == [
        "201", "2017-W52", "2018-Q1", "2018", "2018-01-01T09:00", "2018-03-20", "XXXX-12", None,
    ]  # fmt: skip


def test_pattern_is_an_xml_schema_pattern_of_plain_groups() -> None:
    for partial in (False, True):
        assert "(?" not in timex3.pattern(partial)  # Table Schema patterns have no non-capturing or named groups


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2015", True), ("2015-12", True), ("2015-12-30", True), ("2015-02-29", False), ("2015-W52", False),
     ("2015-Q4", False), ("XXXX-12-30", False), ("2015-12-30T10:00", False), (None, False)],
)  # fmt: skip
def test_calendar_dates_are_years_months_and_days(value: str | None, expected: bool) -> None:
    assert timex3.is_calendar_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-19T07:00", "2022-02-19"),
        ("1999-W28", "1999-07"),
        ("2015-W53", None),  # December 28 to January 3
        ("1997-SU", "1997"),
        ("1997-WI", None),
        ("2015-Q4", "2015"),
        ("2015-12", "2015-12"),
        ("XXXX-12-30", None),
        ("2018-W12-WE", "2018-03"),
        ("201", None),
        (None, None),
    ],
)
def test_calendar_date_of_a_value(value: str, expected: str | None) -> None:
    assert timex3.calendar_date(value) == expected


@given(full_values())
def test_a_full_value_is_valid_and_holds_the_day_it_was_made_from(found: tuple[str, str, date]) -> None:
    value, shape, day = found
    assert timex3.is_valid(value) and timex3.is_valid(value, partial=True)
    assert re.match(timex3.pattern(partial=False), value) and re.match(timex3.pattern(partial=True), value)
    assert timex3.precision(value) == SHAPES[shape]
    first, last = timex3.bounds(value) or (None, None)
    assert first is not None and last is not None and first <= day <= last
    extent = timex3.extent(value)
    assert extent is not None and extent > 0
    assert timex3.sort_key(value)[0] == 0 and timex3.sort_key(value)[1] // 86400 == first.toordinal()
    assert timex3.compatible(value, value)
    assert timex3.compatible(value, day.isoformat())  # the day lies in it: a day inside a week, a month ...


@given(full_values(), full_values())
def test_compatibility_of_full_values_is_nesting_of_their_periods(
    one: tuple[str, str, date], other: tuple[str, str, date]
) -> None:
    compatible = timex3.compatible(one[0], other[0])
    assert compatible == timex3.compatible(other[0], one[0])
    timed = {"part_of_day", "time", "weekday_time"}
    if one[1] not in timed and other[1] not in timed:  # whole days: their first and last days tell
        (a_first, a_last), (b_first, b_last) = timex3.bounds(one[0]), timex3.bounds(other[0])  # type: ignore[misc]
        assert compatible == ((a_first <= b_first and b_last <= a_last) or (b_first <= a_first and a_last <= b_last))
    if compatible and timex3.extent(one[0]) == timex3.extent(other[0]):  # nested and as long: the same period
        assert _same_period(one[0], other[0])


def _same_period(one: str, other: str) -> bool:
    """Two spellings of one period: 2018-03-20 and 2018-W12-2."""
    return timex3.sort_key(one)[1:3] == timex3.sort_key(other)[1:3]


@given(full_values(), st.sampled_from(list(SHAPES)))
def test_values_of_any_two_shapes_holding_one_day_are_compatible_when_one_holds_the_other(
    found: tuple[str, str, date], shape: str
) -> None:
    value, _, day = found
    other = holding(day, shape)
    if shape == "weekend" and day.isoweekday() < 6:
        return  # the weekend of the day's week does not hold a weekday
    # both hold the day: compatible exactly when one holds the other
    assert timex3.compatible(value, other) == timex3.compatible(other, value)
    assert timex3.compatible(other, day.isoformat())


@given(partial_values())
def test_a_partial_value_is_valid_has_no_days_and_is_compatible_with_its_instances(found: tuple[str, str]) -> None:
    value, instance = found
    assert timex3.is_valid(value, partial=True) and not timex3.is_valid(value)
    assert re.match(timex3.pattern(partial=True), value) and not re.match(timex3.pattern(partial=False), value)
    assert timex3.precision(value) == timex3.precision(instance)
    assert timex3.bounds(value) is None and timex3.extent(value) is None
    assert timex3.sort_key(value)[0] == 1
    assert timex3.compatible(value, value)
    assert timex3.compatible(value, instance) and timex3.compatible(instance, value)
    first, _ = timex3.bounds(instance) or (None, None)
    assert first is not None and timex3.compatible(value, first.isoformat())  # a day of its instance


@given(st.lists(values(), min_size=1, max_size=8), values())
def test_order_and_compatibility_take_every_value(given_values: list[str], other: str) -> None:
    ordered = sorted(given_values, key=timex3.sort_key)
    starts = [timex3.sort_key(value)[:2] for value in ordered]
    assert starts == sorted(starts)
    for value in given_values:
        assert timex3.compatible(value, other) == timex3.compatible(other, value)
