"""Which events touch a conflict and which are disputed between their own reports.

Shared by the review workbook and the report, so both mark the same events.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import pandas as pd

from schemas import timex3

EVENT_FLAG_COLUMNS = ["event_id", "has_conflict", "is_disputed", "disputed"]


def event_flags(events: pd.DataFrame, event_mentions: pd.DataFrame, conflicts: pd.DataFrame) -> pd.DataFrame:
    """One row per event: `has_conflict` when one of its evidence sentences is a side of a row of
    `conflicts`; `is_disputed` when its reports give incompatible dates (neither contains the other:
    '2015' and '2015-12-31' agree, '2015-W53' and '2015-12' do not; schemas.timex3) or different
    factualities (`disputed` names which: 'event_date', 'factuality' or both, comma-separated; empty
    otherwise).

    Grain: one row per event, in the order of `events`.
    """
    conflict_sentences = set(conflicts["sentence_id_a"]) | set(conflicts["sentence_id_b"])
    touched = set(event_mentions.loc[event_mentions["sentence_id"].isin(conflict_sentences), "event_id"])
    dates: dict[str, set[str]] = defaultdict(set)
    factualities: dict[str, set[str]] = defaultdict(set)
    for event_id, date, factuality in zip(
        event_mentions["event_id"], event_mentions["event_date"], event_mentions["factuality"], strict=True
    ):
        if isinstance(date, str):
            dates[str(event_id)].add(date)
        if isinstance(factuality, str):
            factualities[str(event_id)].add(factuality)
    disagreeing = {
        "event_date": {
            event_id
            for event_id, values in dates.items()
            if not all(timex3.compatible(a, b) for a, b in combinations(sorted(values), 2))
        },
        "factuality": {e for e, values in factualities.items() if len(values) > 1},
    }
    disputed = {
        event_id: ",".join(column for column, ids in disagreeing.items() if event_id in ids)
        for event_id in set(dates) | set(factualities)
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
