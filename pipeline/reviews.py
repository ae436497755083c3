"""The review loop's rules: recording verdicts read from review workbooks, and applying them to the events.

A reviewer fills the review columns of review.xlsx (pipeline.exports.review_workbook). Every filled
row is recorded as typed, keyed by event_id: a later row for the same event replaces the recorded one
(`merge_verdicts`), and the record is kept between runs (pipeline.review_store). Every run applies
the whole record to the events it computed (`apply_reviews`, a cross-document stage), so verdicts
keep applying after reruns. Pure functions over tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from pipeline.frames import records
from pipeline.plover import PLOVER_MODES, PLOVER_TYPES, QUAD_CLASS_OF_TYPE
from schemas import timex3
from schemas.reviews import CORRECTION_COLUMNS, NO_TARGET, REVIEW_COLUMNS, VERDICTS

# A recorded verdict: the review cells as typed, and where and when they were read from.
ORIGIN_COLUMNS = ["workbook", "sheet", "sheet_row", "reviewed_at"]
RECORD_COLUMNS = ["event_id", *REVIEW_COLUMNS, *ORIGIN_COLUMNS]
# The `reviews` table (schemas.reviews.ReviewSchema): a recorded verdict and what became of it.
REVIEW_TABLE_COLUMNS = ["event_id", *REVIEW_COLUMNS, "status", "problem", *ORIGIN_COLUMNS]


def empty_record() -> pd.DataFrame:
    """A record without verdicts."""
    return record_frame([])


def record_frame(rows: Iterable[Mapping[Any, Any]]) -> pd.DataFrame:
    """Recorded verdicts as a typed table, one row per event_id, sorted by event_id.

    Grain: one row per reviewed event.
    """
    frame = pd.DataFrame(list(rows), columns=RECORD_COLUMNS).sort_values("event_id", kind="stable")
    text = {column: "str" for column in RECORD_COLUMNS if column != "sheet_row"}
    return frame.astype({**text, "sheet_row": "int64"}).reset_index(drop=True)


def merge_verdicts(record: pd.DataFrame, read: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The record with the verdicts `read` from a workbook added: (record, event_ids recorded anew).

    A read row whose review cells differ from those recorded for its event_id replaces the recorded
    row, origin included; an unchanged one (a workbook written by a run shows the recorded verdicts)
    keeps the origin it was first recorded with. Rows never leave the record: to take a verdict
    back, a reviewer records another one (`correct` keeps the event as computed).
    Grain: one row per reviewed event, sorted by event_id.
    """
    recorded: dict[str, Mapping[Any, Any]] = {row["event_id"]: row for row in record.to_dict("records")}
    changed: list[str] = []
    for row in read.to_dict("records"):
        former = recorded.get(row["event_id"])
        if former is None or _cells(former) != _cells(row):
            recorded[row["event_id"]] = row
            changed.append(str(row["event_id"]))
    return record_frame(recorded.values()), changed


def apply_reviews(
    events: pd.DataFrame, event_mentions: pd.DataFrame, entities: pd.DataFrame, recorded_reviews: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The events with the recorded verdicts applied: (events, event_mentions, reviews, dropped_events).

    - `correct`: the event stays as computed;
    - `wrong`: the event and its event_mentions rows leave the tables; it is a row of dropped_events
      (its columns as computed and the reviewer's comment);
    - `fix`: corrected_type sets event_type (the mode stays only if the new type has it; the CAMEO
      code and the intensity scored from it are cleared; the quad class follows the type);
      corrected_source/target set the actor's id, name and country from `entities` (by
      canonical_name, case-insensitive, or entity_id; 'none' removes the target); corrected_date
      sets event_date, date_precision, date_start and date_end (any TIMEX3 date but a partial one).
    A verdict whose event_id no event has any more is `orphaned`; one with a cell that cannot be used
    (a verdict that is not one of the list, a fix without corrections, an actor not in `entities`, ...)
    is `invalid`. Neither changes the events; both stay recorded, with the reason in `problem`.
    Grain: events and event_mentions as given less the dropped events' rows; reviews one row per
    recorded verdict (schemas.reviews.ReviewSchema); dropped_events one row per dropped event, in
    events order (schemas.reviews.DroppedEventSchema). The timeline follows from the returned events.
    """
    known = set(events["event_id"])
    actor_of = _actor_lookup(entities)
    statuses: list[str] = []
    problems: list[str | None] = []
    changes: dict[str, dict[str, Any]] = {}
    dropped_comments: dict[str, Any] = {}
    for review in records(recorded_reviews):
        if review.event_id not in known:
            statuses.append("orphaned")
            problems.append("no event has this event_id any more (its reports changed or are gone)")
            continue
        found = _cell_problems(review)
        change: dict[str, Any] = {}
        if not found and review.verdict == "fix":
            change, found = _correction(review, actor_of)
        if found:
            statuses.append("invalid")
            problems.append("; ".join(found))
            continue
        statuses.append("dropped" if review.verdict == "wrong" else "applied")
        problems.append(None)
        if review.verdict == "wrong":
            dropped_comments[review.event_id] = review.comment
        elif change:
            changes[review.event_id] = change
    is_dropped = events["event_id"].isin(list(dropped_comments))
    dropped = events[is_dropped].assign(comment=events.loc[is_dropped, "event_id"].map(dropped_comments))
    reviews = recorded_reviews.assign(
        status=pd.Series(statuses, index=recorded_reviews.index, dtype="str"),
        problem=pd.Series(problems, index=recorded_reviews.index, dtype="str"),
    )[REVIEW_TABLE_COLUMNS]
    return (
        _fixed(events[~is_dropped], changes),
        event_mentions[~event_mentions["event_id"].isin(list(dropped_comments))].reset_index(drop=True),
        reviews,
        dropped.reset_index(drop=True),
    )


def _cells(row: Mapping[Any, Any]) -> tuple[str | None, ...]:
    return tuple(_text(row[column]) for column in REVIEW_COLUMNS)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _cell_problems(review: Any) -> list[str]:
    """What is wrong with a verdict's cells on their own, one phrase per problem (naming the cell)."""
    verdict, corrected_type = _text(review.verdict), _text(review.corrected_type)
    corrected_date = _text(review.corrected_date)
    problems: list[str] = []
    if verdict is None:
        problems.append(f"verdict is empty but the row has review cells (want {_choices(VERDICTS)})")
    elif verdict not in VERDICTS:
        problems.append(f"verdict {verdict!r} is not allowed (want {_choices(VERDICTS)})")
    if corrected_type is not None and corrected_type not in PLOVER_TYPES:
        problems.append(f"corrected_type {corrected_type!r} is not a PLOVER type (want one of the list)")
    if corrected_date is not None and not timex3.is_valid(corrected_date):
        problems.append(
            f"corrected_date {corrected_date!r} is not a date (want YYYY-MM-DD, YYYY-MM, YYYY or another TIMEX3 "
            "date: 2015-W52, 2015-Q4)"
        )
    corrections = [column for column in CORRECTION_COLUMNS if _text(getattr(review, column))]
    if verdict == "fix" and not corrections:
        problems.append(f"verdict 'fix' needs a correction in {', '.join(CORRECTION_COLUMNS)}")
    if verdict in {"correct", "wrong"}:
        problems += [
            f"{column} {getattr(review, column)!r} is a correction but the verdict is {verdict!r} (want 'fix')"
            for column in corrections
        ]
    return problems


def _correction(review: Any, actor_of: dict[str, tuple[str, str, str | None]]) -> tuple[dict[str, Any], list[str]]:
    """The event columns a valid `fix` sets, and the corrected actors not found in the entities."""
    change: dict[str, Any] = {}
    problems: list[str] = []
    if _text(review.corrected_type):
        # the CAMEO code went with the old type: the new type's quad class, and no intensity to score
        change.update(
            {
                "event_type": review.corrected_type,
                "cameo_code": None,
                "quad_class": QUAD_CLASS_OF_TYPE[review.corrected_type],
                "intensity": None,
                "intensity_basis": "uncoded",
            }
        )
    for role in ("source", "target"):
        wanted = _text(getattr(review, f"corrected_{role}"))
        if wanted is None:
            continue
        if role == "target" and wanted.lower() == NO_TARGET:
            change.update({"target_actor_id": None, "target_actor": None, "target_country": None})
        elif wanted.lower() in actor_of:
            entity_id, name, country = actor_of[wanted.lower()]
            change.update({f"{role}_actor_id": entity_id, f"{role}_actor": name, f"{role}_country": country})
        else:
            problems.append(
                f"corrected_{role} {wanted!r} is not an actor of the entities table (want its canonical_name "
                "or entity_id" + (f", or '{NO_TARGET}')" if role == "target" else ")")
            )
    if _text(review.corrected_date):
        first, last = timex3.bounds(review.corrected_date) or (None, None)
        change.update(
            {
                "event_date": review.corrected_date,
                "date_precision": timex3.precision(review.corrected_date),
                "date_start": first,
                "date_end": last,
            }
        )
    return change, problems


def _fixed(events: pd.DataFrame, changes: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """The events with each change applied; a mode the new event type does not have is cleared."""
    fixed = events.set_index("event_id")
    for event_id, change in changes.items():
        if "event_type" in change and fixed.at[event_id, "mode"] not in PLOVER_MODES[change["event_type"]]:
            change = {**change, "mode": None}
        for column, value in change.items():
            fixed.loc[event_id, column] = value
    return fixed.reset_index()[list(events.columns)]


def _actor_lookup(entities: pd.DataFrame) -> dict[str, tuple[str, str, str | None]]:
    """(entity_id, canonical_name, country) by lower-cased canonical_name and entity_id."""
    lookup: dict[str, tuple[str, str, str | None]] = {}
    for row in records(entities):
        actor = (row.entity_id, row.canonical_name, _text(row.country))
        lookup.setdefault(str(row.canonical_name).lower(), actor)
        lookup[str(row.entity_id).lower()] = actor
    return lookup


def _choices(values: list[str]) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]
