"""Schemas of the events stage: events, event_mentions, conflicts, timeline."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.gazetteer import FEATURE_CLASSES
from pipeline.locations import INTENSITY_BASES, LOCATION_BASES
from pipeline.plover import FACTUALITY, PLOVER_TYPES, QUAD_CLASS_OF_TYPE, QUAD_CLASSES
from schemas.checks import Day, date_columns_match, precision_matches
from schemas.documents import DOC_ID
from schemas.timex3 import PRECISIONS, pattern

COUNTRY = r"^[A-Z]{3}$"
DATE_BASES = ["explicit", "relative", "publication", "document", "unknown"]
NOT_AFTER_BASES = ["event_date", "deadline", "publication"]
# An event's date: a TIMEX3 value of the grammar (schemas.timex3), never a partial one.
EVENT_DATE = pattern(partial=False)


def _event_date(description: str) -> Any:
    """The Field of an event_date column: a TIMEX3 value, not a partial one, or null."""
    return pa.Field(nullable=True, str_matches=EVENT_DATE, timex3_value={"partial": False}, description=description)


class _WithDays(pa.DataFrameModel):
    """The check of a table whose event_date has its first and last day beside it (date_start, date_end)."""

    @pa.dataframe_check(description="date_start and date_end are the first and last day of event_date")
    @classmethod
    def date_columns(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(date_columns_match(df, "event_date"))


class _WithDaysAndPrecision(_WithDays):
    """The checks of a table whose event_date has its days and its precision (date_precision) beside it."""

    @pa.dataframe_check(description="date_precision is the precision of event_date; null when it is")
    @classmethod
    def precision_of_date(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(precision_matches(df, "event_date", "date_precision", null_together=True))


class CodedEventSchema(_WithDaysAndPrecision):
    """One row per real-world event, deduplicated within and across articles, as coded from the text
    (the events stage; pipeline.locations adds where it happened and how hard)."""

    event_id: Series[str] = pa.Field(
        unique=True, str_matches=r"^[0-9a-f]{16}$", description="Hash of the event's content."
    )
    event_date: Series[str] = _event_date(
        "When it happened (TIMEX3: 2015-12-30, 2015-12, 2015-W52, 2015-Q4, 2015, ...; schemas.timex3)."
    )
    date_precision: Series[str] = pa.Field(
        nullable=True, isin=PRECISIONS, description="The precision of event_date: day, week, month, year, ..."
    )
    date_start: Series[Day] = pa.Field(nullable=True, description="The first day event_date covers.")
    date_end: Series[Day] = pa.Field(nullable=True, description="The last day event_date covers.")
    date_basis: Series[str] = pa.Field(
        isin=DATE_BASES,
        description="explicit, relative, publication, document (the year its dates centre on) or unknown.",
    )
    event_type: Series[str] = pa.Field(isin=list(PLOVER_TYPES), description="PLOVER event type.")
    mode: Series[str] = pa.Field(nullable=True, description="PLOVER mode, where the type has one.")
    cameo_code: Series[str] = pa.Field(nullable=True, description="Closest CAMEO code.")
    source_actor_id: Series[str] = pa.Field(description="entity_id of the actor that acts.")
    source_actor: Series[str] = pa.Field(description="Canonical name of the source actor.")
    source_country: Series[str] = pa.Field(nullable=True, str_matches=COUNTRY, description="ISO alpha-3 of the source.")
    target_actor_id: Series[str] = pa.Field(nullable=True, description="entity_id of the actor acted upon.")
    target_actor: Series[str] = pa.Field(nullable=True, description="Canonical name of the target actor.")
    target_country: Series[str] = pa.Field(nullable=True, str_matches=COUNTRY, description="ISO alpha-3 of the target.")
    factuality: Series[str] = pa.Field(isin=list(FACTUALITY), description="asserted, negated, intended, hypothetical.")
    predicate: Series[str] = pa.Field(description="The predicate lemma of the first report.")
    summary: Series[str] = pa.Field(description="The first reporting sentence.")
    num_mentions: Series[int] = pa.Field(ge=1, description="Reporting facts.")
    num_articles: Series[int] = pa.Field(ge=1, description="Reporting documents.")
    num_sources: Series[int] = pa.Field(ge=1, description="Reporting publishers (documents when unknown).")
    first_reported: Series[Day] = pa.Field(
        nullable=True,
        description="The first day of the earliest publication date of its reporting documents (null if none "
        "is dated).",
    )
    last_reported: Series[Day] = pa.Field(
        nullable=True,
        description="The last day of the latest publication date of its reporting documents (2015-12-31 for one "
        "dated 2015).",
    )

    @pa.dataframe_check(description="first_reported <= last_reported")
    @classmethod
    def reported_in_order(cls, df: pd.DataFrame) -> Series[bool]:
        return Series((df["first_reported"] <= df["last_reported"]).fillna(True).astype(bool))

    class Config:
        strict = True
        coerce = True


class EventSchema(CodedEventSchema):
    """One row per real-world event, deduplicated within and across articles."""

    location_name: Series[str] = pa.Field(nullable=True, description="Where it happened: the gazetteer's name.")
    location_class: Series[str] = pa.Field(
        nullable=True, isin=list(FEATURE_CLASSES), description="What the location is: country, admin1, city, other."
    )
    location_country: Series[str] = pa.Field(
        nullable=True, str_matches=COUNTRY, description="ISO alpha-3 of the country it happened in."
    )
    location_admin1: Series[str] = pa.Field(
        nullable=True, description="First-level division it happened in (as places.admin1)."
    )
    latitude: Series[float] = pa.Field(
        nullable=True, ge=-90.0, le=90.0, description="Latitude of the location (a country's centre for a country)."
    )
    longitude: Series[float] = pa.Field(nullable=True, ge=-180.0, le=180.0, description="Longitude of the location.")
    location_id: Series[str] = pa.Field(nullable=True, description="gazetteer_id of the location (as in places).")
    location_basis: Series[str] = pa.Field(
        isin=list(LOCATION_BASES),
        description="clause (the place its own clause names: 'in Kabul'), sentence (a place named as a location "
        "elsewhere in its sentence), dateline (where the first reporting article was filed) or none.",
    )
    quad_class: Series[str] = pa.Field(
        isin=list(QUAD_CLASSES),
        description="verbal cooperation, material cooperation, verbal conflict or material conflict (from event_type).",
    )
    intensity: Series[float] = pa.Field(
        nullable=True,
        ge=-10.0,
        le=10.0,
        description="Goldstein scale of its CAMEO code, -10 (most hostile) to +10 (most cooperative); null when "
        "negated or uncoded.",
    )
    intensity_basis: Series[str] = pa.Field(
        isin=list(INTENSITY_BASES),
        description="cameo (scored from cameo_code), negated (did not happen: not scored) or uncoded (no CAMEO code).",
    )

    @pa.dataframe_check(description="quad_class is the quad class of event_type")
    @classmethod
    def quad_class_of_type(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["quad_class"] == df["event_type"].map(QUAD_CLASS_OF_TYPE))

    @pa.dataframe_check(description="location_id is null exactly when location_basis is none")
    @classmethod
    def location_has_basis(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["location_id"].isna() == (df["location_basis"] == "none"))

    @pa.dataframe_check(description="intensity is null exactly when intensity_basis is not cameo")
    @classmethod
    def intensity_has_basis(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["intensity"].isna() == (df["intensity_basis"] != "cameo"))


class EventMentionSchema(_WithDays):
    """One row per fact that reports an event: the evidence."""

    event_id: Series[str] = pa.Field(description="The event.")
    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The reporting document.")
    sentence_id: Series[str] = pa.Field(description="The reporting sentence.")
    fact_id: Series[str] = pa.Field(description="The reporting fact.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the predicate in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End of the predicate in clean_text.")
    predicate: Series[str] = pa.Field(description="Predicate lemma in this report.")
    event_date: Series[str] = _event_date("The date this report gives (TIMEX3).")
    date_start: Series[Day] = pa.Field(nullable=True, description="The first day event_date covers.")
    date_end: Series[Day] = pa.Field(nullable=True, description="The last day event_date covers.")
    date_basis: Series[str] = pa.Field(isin=DATE_BASES, description="Where this report's date comes from.")
    factuality: Series[str] = pa.Field(isin=list(FACTUALITY), description="Factuality in this report.")

    class Config:
        strict = True
        coerce = True
        unique = ["event_id", "fact_id"]


class ConflictSchema(pa.DataFrameModel):
    """One row per pair of reports that disagree on an attribute."""

    conflict_id: Series[str] = pa.Field(unique=True, description="Hash of the disagreement.")
    kind: Series[str] = pa.Field(
        isin=["role", "count", "date"], description="What is disputed: a role, a count or the date of an event."
    )
    subject: Series[str] = pa.Field(description="Whom or what it is about.")
    attribute: Series[str] = pa.Field(description="The disputed attribute.")
    value_a: Series[str] = pa.Field(description="One value.")
    doc_id_a: Series[str] = pa.Field(str_matches=DOC_ID, description="Document giving value_a.")
    sentence_id_a: Series[str] = pa.Field(description="Sentence giving value_a.")
    value_b: Series[str] = pa.Field(description="The other value.")
    doc_id_b: Series[str] = pa.Field(str_matches=DOC_ID, description="Document giving value_b.")
    sentence_id_b: Series[str] = pa.Field(description="Sentence giving value_b.")

    class Config:
        strict = True
        coerce = True


class TimelineSchema(_WithDaysAndPrecision):
    """One row per event, in story order: by the last day it can have happened (`not_after`), then the
    first (`not_before`); events the dates do not separate: background first, then by their first
    report (pipeline.conflicts)."""

    event_id: Series[str] = pa.Field(unique=True, description="The event.")
    event_date: Series[str] = _event_date("When (as in events).")
    date_precision: Series[str] = pa.Field(nullable=True, isin=PRECISIONS, description="The precision of event_date.")
    date_start: Series[Day] = pa.Field(nullable=True, description="The first day event_date covers.")
    date_end: Series[Day] = pa.Field(nullable=True, description="The last day event_date covers.")
    not_before: Series[Day] = pa.Field(
        nullable=True, description="First day it can have happened: the first day of event_date."
    )
    not_after: Series[Day] = pa.Field(
        nullable=True,
        description="Last day it can have happened: the last day of event_date, or an earlier deadline or "
        "publication date (not_after_basis).",
    )
    not_after_basis: Series[str] = pa.Field(
        nullable=True,
        isin=NOT_AFTER_BASES,
        description="What sets not_after: event_date (its last day); deadline (a 'by'/'until' date in a report: "
        "'ordered to exit by November 30'); publication (the earliest dated article reporting it). Empty when "
        "nothing dates the event.",
    )
    event_type: Series[str] = pa.Field(isin=list(PLOVER_TYPES), description="PLOVER type.")
    source_actor: Series[str] = pa.Field(description="Who.")
    target_actor: Series[str] = pa.Field(nullable=True, description="To whom.")
    factuality: Series[str] = pa.Field(isin=list(FACTUALITY), description="asserted, negated, intended, hypothetical.")
    is_background: Series[bool] = pa.Field(
        description="Reported in the past perfect as background ('had ordered'): listed before the events its "
        "dates do not separate it from."
    )
    summary: Series[str] = pa.Field(description="The first reporting sentence.")
    num_sources: Series[int] = pa.Field(ge=1, description="Reporting publishers.")

    @pa.dataframe_check(description="not_before <= not_after")
    @classmethod
    def bounds_in_order(cls, df: pd.DataFrame) -> Series[bool]:
        return Series((df["not_before"] <= df["not_after"]).fillna(True).astype(bool))

    class Config:
        strict = True
        coerce = True
