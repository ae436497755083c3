"""Stages: roles, quantities, timexes and events -> conflicts; events -> timeline.

`conflicts` lists where sources disagree, one row per disagreement with both values and the
documents and sentences behind each:
- role: one person given two different roles at the same organisation (one article calls the
  chief operating officer the chief executive);
- count: two numbers for the same measure of the same occasion whose ranges cannot both hold.
  A qualified number is a range ("more than 160" is (160, inf), "killed 166" is [166, 166]), so
  consistent reports are not flagged. The occasion is the measure and the years named in the
  sentence ("the 2008 attacks ... killed 166").

`timeline` lists the events in date order with a one-line summary and their number of sources.
"""

from __future__ import annotations

import hashlib
from itertools import combinations
from typing import Any

import pandas as pd

from pipeline.frames import records

CONFLICT_COLUMNS = [
    "conflict_id", "kind", "subject", "attribute", "value_a", "doc_id_a", "sentence_id_a", "value_b",
    "doc_id_b", "sentence_id_b",
]  # fmt: skip
TIMELINE_COLUMNS = [
    "event_id", "event_date", "date_precision", "event_type", "source_actor", "target_actor", "factuality",
    "summary", "num_sources",
]  # fmt: skip


def conflicts(
    roles: pd.DataFrame,
    entities: pd.DataFrame,
    timexes: pd.DataFrame,
    quantities: pd.DataFrame,
    events: pd.DataFrame,
    event_mentions: pd.DataFrame,
) -> pd.DataFrame:
    """One row per pair of reports that disagree on a person's role or on a count.

    Grain: one row per disagreeing pair of (document, sentence) reports.
    """
    name = dict(zip(entities["entity_id"], entities["canonical_name"], strict=True))
    rows = _role_conflicts(roles, name) + _count_conflicts(quantities, timexes)
    table = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return table.sort_values("conflict_id", kind="stable").reset_index(drop=True)


def timeline(events: pd.DataFrame) -> pd.DataFrame:
    """The events in date order (undated last), one line each.

    Grain: one row per event.
    """
    ordered = events.assign(_undated=events["event_date"].isna()).sort_values(
        ["_undated", "event_date", "event_type", "event_id"], kind="stable"
    )
    return ordered[TIMELINE_COLUMNS].reset_index(drop=True)


def _conflict_id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _role_conflicts(roles: pd.DataFrame, name: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for (person, organisation), group in roles.fillna({"organisation_entity_id": ""}).groupby(
        ["person_entity_id", "organisation_entity_id"], sort=True
    ):
        firsts = group.drop_duplicates("role").sort_values(["role", "doc_id"], kind="stable")
        for a, b in combinations(records(firsts), 2):
            if a.doc_id == b.doc_id:
                continue
            subject = name.get(str(person), str(person))
            if organisation:
                subject += f" at {name.get(str(organisation), str(organisation))}"
            rows.append(
                {
                    "conflict_id": _conflict_id("role", person, organisation, a.role, b.role),
                    "kind": "role",
                    "subject": subject,
                    "attribute": "role",
                    "value_a": a.role,
                    "doc_id_a": a.doc_id,
                    "sentence_id_a": a.sentence_id,
                    "value_b": b.role,
                    "doc_id_b": b.doc_id,
                    "sentence_id_b": b.sentence_id,
                }
            )
    return rows


def _count_conflicts(quantities: pd.DataFrame, timexes: pd.DataFrame) -> list[dict[str, Any]]:
    years_of: dict[str, set[str]] = {}
    for sentence_id, value in zip(timexes["sentence_id"], timexes["value"], strict=True):
        if isinstance(value, str) and value[:4].isdigit():
            years_of.setdefault(sentence_id, set()).add(value[:4])
    reports = [  # occasion, text, doc, sentence, low, high
        (f"{q.measure} {','.join(sorted(years_of.get(q.sentence_id, set())))}".strip(), q.phrase, q.doc_id,
         q.sentence_id, q.low, q.high)
        for q in records(quantities)
    ]  # fmt: skip
    rows = []
    for a, b in combinations(sorted(reports), 2):
        if a[0] != b[0] or a[2] == b[2] or not (a[5] < b[4] or b[5] < a[4]):
            continue
        rows.append(
            {
                "conflict_id": _conflict_id("count", a[0], a[3], b[3]),
                "kind": "count",
                "subject": a[0],
                "attribute": "count",
                "value_a": a[1],
                "doc_id_a": a[2],
                "sentence_id_a": a[3],
                "value_b": b[1],
                "doc_id_b": b[2],
                "sentence_id_b": b[3],
            }
        )
    return rows
