"""Schemas of the review loop: the verdicts reviewers recorded, and the events they dropped."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.events import EventSchema

VERDICTS = ["correct", "wrong", "fix"]
# The columns a reviewer fills in review.xlsx, in order; the corrections are the middle four.
REVIEW_COLUMNS = ["verdict", "corrected_type", "corrected_source", "corrected_target", "corrected_date", "comment"]
CORRECTION_COLUMNS = REVIEW_COLUMNS[1:5]
# What a reviewer types in corrected_target to remove the target.
NO_TARGET = "none"
# The workbook sheets verdicts are read from: the events, and the events a verdict dropped.
REVIEW_SHEETS = ["events", "dropped_events"]
# What became of a recorded verdict in a run (pipeline.reviews.apply_reviews).
STATUSES = ["applied", "dropped", "orphaned", "invalid"]
_USED = ["applied", "dropped"]


class ReviewSchema(pa.DataFrameModel):
    """One row per event with a recorded verdict: the latest verdict recorded for its event_id, applied or not."""

    event_id: Series[str] = pa.Field(unique=True, description="The reviewed event (events or dropped_events).")
    verdict: Series[str] = pa.Field(
        nullable=True, description="correct, wrong (drop the event) or fix (apply the corrections); as typed if not."
    )
    corrected_type: Series[str] = pa.Field(nullable=True, description="The right PLOVER event type.")
    corrected_source: Series[str] = pa.Field(
        nullable=True, description="The right source actor: a canonical_name or entity_id of the entities table."
    )
    corrected_target: Series[str] = pa.Field(
        nullable=True, description="The right target actor (canonical_name or entity_id), or 'none' for no target."
    )
    corrected_date: Series[str] = pa.Field(
        nullable=True,
        description="The right date: YYYY-MM-DD, YYYY-MM, YYYY or another TIMEX3 date (2015-W52, 2015-Q4; "
        "schemas.timex3), as typed.",
    )
    comment: Series[str] = pa.Field(nullable=True, description="The reviewer's note.")
    status: Series[str] = pa.Field(
        isin=STATUSES,
        description="applied (correct or fix: in events), dropped (wrong: in dropped_events), orphaned (no event "
        "has this event_id any more; the verdict is kept) or invalid (a cell cannot be used; see problem).",
    )
    problem: Series[str] = pa.Field(
        nullable=True,
        description="Why the verdict is not applied (orphaned or invalid): each unusable cell and what it wants.",
    )
    workbook: Series[str] = pa.Field(description="The workbook the verdict was read from, as its path was given.")
    sheet: Series[str] = pa.Field(isin=REVIEW_SHEETS, description="Its sheet: events or dropped_events.")
    sheet_row: Series[int] = pa.Field(ge=2, description="Its row in that sheet (the header is row 1).")
    reviewed_at: Series[str] = pa.Field(
        nullable=True,
        description="When the workbook was last saved, as the file records it (UTC); null if not recorded.",
    )

    @pa.dataframe_check(description="problem is null exactly when the status is applied or dropped")
    @classmethod
    def problem_when_unused(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["problem"].isna() == df["status"].isin(_USED))

    @pa.dataframe_check(description="an applied verdict is correct or fix; a dropped one is wrong")
    @classmethod
    def status_follows_verdict(cls, df: pd.DataFrame) -> Series[bool]:
        applied = (df["status"] != "applied") | df["verdict"].isin(["correct", "fix"])
        return Series(applied & ((df["status"] != "dropped") | (df["verdict"] == "wrong")))

    class Config:
        strict = True
        coerce = True


class DroppedEventSchema(EventSchema):
    """One row per event a reviewer marked wrong: the event as the run computed it, with the reviewer's comment."""

    comment: Series[str] = pa.Field(nullable=True, description="The reviewer's note on the wrong event.")
