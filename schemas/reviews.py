"""Schemas of the review loop: reviews read from a filled review.xlsx, and what applying them did."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipeline.plover import PLOVER_TYPES
from schemas.checks import TIMEX3_DATE

VERDICTS = ["correct", "wrong", "fix"]
REVIEW_PROBLEMS = ["unknown_event", "unknown_actor"]


class ReviewSchema(pa.DataFrameModel):
    """One row per reviewed event of a review workbook's events sheet (rows left blank are not reviews)."""

    event_id: Series[str] = pa.Field(unique=True, description="The reviewed event (events table).")
    sheet_row: Series[int] = pa.Field(ge=2, description="Row of the events sheet the review was read from.")
    verdict: Series[str] = pa.Field(isin=VERDICTS, description="correct, wrong (drop it) or fix (apply corrections).")
    corrected_type: Series[str] = pa.Field(
        nullable=True, isin=list(PLOVER_TYPES), description="The right PLOVER event type."
    )
    corrected_source: Series[str] = pa.Field(
        nullable=True, description="The right source actor: a canonical_name or entity_id of the entities table."
    )
    corrected_target: Series[str] = pa.Field(
        nullable=True,
        description="The right target actor (canonical_name or entity_id), or 'none' for no target.",
    )
    corrected_date: Series[str] = pa.Field(
        nullable=True, str_matches=TIMEX3_DATE, description="The right date: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    comment: Series[str] = pa.Field(nullable=True, description="The reviewer's note.")

    class Config:
        strict = True
        coerce = True


class ReviewProblemSchema(pa.DataFrameModel):
    """One row per review that could not be applied (its event is gone, or a corrected actor is unknown)."""

    event_id: Series[str] = pa.Field(description="The event the review names.")
    sheet_row: Series[int] = pa.Field(ge=2, description="Row of the events sheet.")
    problem: Series[str] = pa.Field(isin=REVIEW_PROBLEMS, description="unknown_event or unknown_actor.")
    value: Series[str] = pa.Field(description="The value that could not be used.")

    class Config:
        strict = True
        coerce = True
