"""Which events touch a conflict and which are disputed between their own reports.

Shared by the review workbook and the report, so both mark the same events.
"""

from __future__ import annotations

import pandas as pd

EVENT_FLAG_COLUMNS = ["event_id", "has_conflict", "is_disputed", "disputed"]


def event_flags(events: pd.DataFrame, event_mentions: pd.DataFrame, conflicts: pd.DataFrame) -> pd.DataFrame:
    """One row per event: `has_conflict` when one of its evidence sentences is a side of a row of
    `conflicts`; `is_disputed` when its reports give different dates or factualities (`disputed`
    names which: 'event_date', 'factuality' or both, comma-separated; empty otherwise).

    Grain: one row per event, in the order of `events`.
    """
    conflict_sentences = set(conflicts["sentence_id_a"]) | set(conflicts["sentence_id_b"])
    touched = set(event_mentions.loc[event_mentions["sentence_id"].isin(conflict_sentences), "event_id"])
    spread = event_mentions.groupby("event_id")[["event_date", "factuality"]].nunique(dropna=True)
    disputed = {
        str(event_id): ",".join(column for column in ("event_date", "factuality") if row[column] > 1)
        for event_id, row in spread.iterrows()
    }
    names = events["event_id"].map(lambda event_id: disputed.get(event_id, ""))
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "has_conflict": events["event_id"].isin(touched).to_numpy(dtype=bool),
            "is_disputed": (names != "").to_numpy(dtype=bool),
            "disputed": names.to_numpy(),
        },
        columns=EVENT_FLAG_COLUMNS,
    )
