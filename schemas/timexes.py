"""Schema of the timexes table (time expressions, after TimeML's TIMEX3)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.checks import Day, date_columns_match, precision_matches
from schemas.documents import DOC_ID
from schemas.timex3 import PRECISIONS, pattern

# TIMEX3 values this pipeline writes: any value of the grammar (schemas.timex3), partial ones included
# when the year (or more) cannot be known (XXXX-12-30, XXXX-11, XXXX-Q4, XXXX-SU, XXXX-WXX-1 for "a Monday",
# XXXX-WXX-WE for "a weekend", XXXX-XX-XXT16:00 for a clock time alone).
TIMEX3_VALUE = pattern(partial=True)
# ISO 8601 durations; X stands for an unknown count ("several months": PXM).
ISO_DURATION = r"^P(\d+|X)[YMWD]$"
# The anchor-free reading (pipeline/timexes.py): a partial value, a holiday's rule (XXXX-11-4#4: the fourth
# Thursday of November; XXXX-E-2: two days before Easter; "-WE": its weekend), a signed shift of the
# anchor's unit (REF-1M = last month), a date in a shifted year (REF-1Y-06-12 = 12 June last year), a day
# counted from the day the text last named (PREV+1D), or a clock time alone (XXXX-XX-XXT16:00); each may
# end in a clock time THH:MM.
RELATIVE = (
    r"^(XXXX-(\d{2}(-\d{2})?|Q[1-4]|SP|SU|FA|WI|WXX-([1-7]|WE)|XX-XX)|XXXX-(\d{2}-\d{2}|\d{2}-[1-7]#-?[1-5]|E[+-]\d+)(-WE)?"
    r"|REF[+-]\d+[DWMQY]|REF[+-]\d+Y-\d{2}(-\d{2})?|PREV[+-]\d+D)(T\d{2}:\d{2})?$"
)
KINDS = ["date", "duration", "set"]
TENSES = ["past", "present", "future"]
DIRECTIONS = ["before", "after", "nearest"]
MODIFIERS = ["START", "MID", "END", "APPROX", "LESS_THAN", "MORE_THAN"]


class TimexSchema(pa.DataFrameModel):
    """One row per time expression per sentence; clean_text[char_start:char_end] == surface."""

    timex_id: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^[0-9a-f]{16}-\d{4,}-t\d+$",
        description="The sentence's id and the expression's 1-based position in it, e.g. 7f4e9355b6619558-0003-t1.",
    )
    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence it appears in.")
    char_start: Series[int] = pa.Field(ge=0, description="Start offset in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End offset (exclusive) in clean_text.")
    surface: Series[str] = pa.Field(str_length={"min_value": 1}, description="The expression as printed.")
    kind: Series[str] = pa.Field(isin=KINDS, description="date, duration (30 days) or set (every Monday).")
    value: Series[str] = pa.Field(
        nullable=True,
        str_matches=TIMEX3_VALUE,
        timex3_value={"partial": True},
        description="TIMEX3 value (2015-12-30, 2015-12-30T16:00, 2015-11, 2015-Q4, 2015-SU, 2015-W52, 2015-W52-WE, "
        "2010; XXXX-12-30 when the year is unknown; schemas.timex3); null for durations, sets and expressions "
        "with nothing to count from.",
    )
    date_start: Series[Day] = pa.Field(nullable=True, description="The first day value covers (null if partial).")
    date_end: Series[Day] = pa.Field(nullable=True, description="The last day value covers (null if partial).")
    precision: Series[str] = pa.Field(
        nullable=True,
        isin=PRECISIONS,
        description="Granularity of the value (time, day, weekend, week, month, quarter, season, year, ...: "
        "schemas.timex3), or of the expression when it has none.",
    )
    duration: Series[str] = pa.Field(
        nullable=True, str_matches=ISO_DURATION, description="ISO 8601 duration (P30D, P1M) of a duration."
    )
    tense: Series[str] = pa.Field(
        nullable=True, isin=TENSES, description="Tense of the verb that governs the expression; null if none."
    )
    anchor: Series[str] = pa.Field(
        description="What the value was resolved against: 'publication_date 2015-12-31', 'document explicit "
        "date 2015-07', 'previous expression 2015-12-30' (the day the text last named), 'earlier expression "
        "2015-02-01' (the same date given earlier with its year), 'story: doc <doc_id> published 2015-12-31', "
        "or 'none'."
    )
    is_relative: Series[bool] = pa.Field(description="The words alone do not fix the value: it needs an anchor.")
    relative: Series[str] = pa.Field(
        nullable=True,
        str_matches=RELATIVE,
        description="Anchor-free reading: XXXX-12-30, XXXX-WXX-1 (a Monday), REF-1M (the month before the anchor's), "
        "REF-1Y-06 (June last year), PREV+1D (the day after the one the text last named), XXXX-11-4#4 (a holiday).",
    )
    direction: Series[str] = pa.Field(
        isin=DIRECTIONS,
        description="Where to look from the anchor, from the tense or the words: before, after, nearest.",
    )
    modifier: Series[str] = pa.Field(
        nullable=True,
        isin=MODIFIERS,
        description="TIMEX3 mod: START (early May), MID, END (the end of next month), APPROX (about a year "
        "ago), LESS_THAN (almost 13 years ago), MORE_THAN.",
    )

    @pa.dataframe_check(description="char_start < char_end")
    @classmethod
    def ordered_offsets(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["char_start"] < df["char_end"])

    @pa.dataframe_check(description="durations and sets have no value; only durations have a duration")
    @classmethod
    def value_fits_kind(cls, df: pd.DataFrame) -> Series[bool]:
        no_value = df["kind"].isin(["duration", "set"])
        return Series((~no_value | df["value"].isna()) & ((df["kind"] == "duration") == df["duration"].notna()))

    @pa.dataframe_check(description="date_start and date_end are the first and last day of value")
    @classmethod
    def date_columns(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(date_columns_match(df, "value"))

    @pa.dataframe_check(description="precision is the precision of value, where there is one")
    @classmethod
    def precision_of_value(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(precision_matches(df, "value", "precision", null_together=False))

    @pa.dataframe_check(description="is_relative exactly when there is an anchor-free reading")
    @classmethod
    def relative_flag(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["is_relative"] == df["relative"].notna())

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "char_start"]
