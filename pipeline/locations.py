"""Stage: coded events, event_mentions, places -> events with where they happened, quad class and intensity.

Location (`location_basis`):
- *clause*: the place the event's own clause names: a resolved place mention of one of its reports'
  sentences whose locative phrase attaches to the report's predicate (pipeline.places,
  `attached_starts`: "ceased operations in Pakistan", "a bomb exploded at a checkpoint near X",
  "the summit in Y", "attacked Kabul"). The report whose place attaches most directly wins, then
  the most specific place (a city before a division, a division before a country), then the
  earliest report (corpus order) and the first place in the text;
- *sentence*: else a place named as where another clause of a reporting sentence happened (its
  locative phrase modifies that clause's predicate: "Speaking in Lusaka, the president said the
  rebels would sign", or a parse that attached it to a relative clause); the one nearest the
  report's predicate. A place that modifies a noun of another clause ("partly due to the war in
  Ukraine") is weaker evidence than the dateline;
- *dateline*: else the dateline place of the first reporting article that has one (where the story
  was filed: "ISLAMABAD, 21 August 2007 —");
- *sentence*: else, in an article without a dateline, a place named as the location of a noun in a
  reporting sentence ("turmoil in South Korea as the authorities act on the IMF's demands");
- *none*: else no place. An actor's country is never taken for the event's location: "Pakistan
  said" names who acted, not where.

Quad class: from the PLOVER type (pipeline.plover.QUAD_CLASS_OF_TYPE). Intensity: the Goldstein weight
(-10 most hostile .. +10 most cooperative) of the event's CAMEO code (goldstein.csv; a code the
table lacks takes its longest listed prefix), `intensity_basis` *cameo*; a negated event ("will not
discontinue operations" coded as the act it denies) is not scored as if it happened: null, basis
*negated*; an event without a CAMEO code (a reviewer's corrected type) has none: *uncoded*.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from pipeline.frames import records
from pipeline.plover import QUAD_CLASS_OF_TYPE

LOCATION_COLUMNS = [
    "location_name", "location_class", "location_country", "location_admin1", "latitude", "longitude",
    "location_id", "location_basis", "quad_class", "intensity", "intensity_basis",
]  # fmt: skip
LOCATION_BASES = ("clause", "sentence", "dateline", "none")
INTENSITY_BASES = ("cameo", "negated", "uncoded")
# The columns of places this stage reads.
PLACE_COLUMNS = (
    "doc_id", "sentence_id", "char_start", "is_dateline", "name", "feature_class", "country", "admin1",
    "latitude", "longitude", "gazetteer_id", "modifies_predicate", "attached_starts",
)  # fmt: skip
# Which place is more specific: a city, then a division, a country, a continent.
_SPECIFICITY = {"city": 0, "admin1": 1, "country": 2, "other": 3}
_PLACE_FIELDS = ("name", "feature_class", "country", "admin1", "latitude", "longitude", "gazetteer_id")


def located_events(
    events: pd.DataFrame,
    event_mentions: pd.DataFrame,
    places: pd.DataFrame,
    documents: pd.DataFrame,
    goldstein_scale: pd.DataFrame,
) -> pd.DataFrame:
    """The events (as the events stage made them, in their order) with LOCATION_COLUMNS added.

    `places` as pipeline.places makes them (PLACE_COLUMNS), `documents` for the corpus order
    (doc_id), `goldstein_scale` as pipeline.dictionaries.goldstein_scale loads it.
    Grain: one row per event.
    """
    order = {doc_id: number for number, doc_id in enumerate(documents["doc_id"].tolist())}
    resolved = places[places["gazetteer_id"].notna()]
    attached: dict[tuple[str, int], list[tuple[int, int, int, tuple[Any, ...]]]] = defaultdict(list)
    datelines: dict[str, tuple[Any, ...]] = {}
    # by sentence: (modifies a noun, char_start, specificity, fields) of each locative place
    locative: dict[str, list[tuple[bool, int, int, tuple[Any, ...]]]] = defaultdict(list)
    for place in records(resolved[list(PLACE_COLUMNS)]):
        fields = tuple(getattr(place, name) for name in _PLACE_FIELDS)
        if place.is_dateline:
            datelines.setdefault(place.doc_id, fields)
        specificity = _SPECIFICITY[place.feature_class]
        if len(place.attached_starts):
            locative[place.sentence_id].append(
                (not place.modifies_predicate, int(place.char_start), specificity, fields)
            )
        for distance, start in enumerate(place.attached_starts):
            attached[(place.sentence_id, int(start))].append((distance, specificity, int(place.char_start), fields))
    reports: dict[str, list[Any]] = defaultdict(list)
    for report in records(event_mentions[["event_id", "doc_id", "sentence_id", "char_start"]]):
        reports[report.event_id].append(report)
    located = [
        _location(reports.get(event_id, []), attached, locative, datelines, order) for event_id in events["event_id"]
    ]
    scale = dict(zip(goldstein_scale["cameo"], goldstein_scale["goldstein"], strict=True))
    scored = [
        _intensity(cameo, factuality, scale)
        for cameo, factuality in zip(events["cameo_code"].tolist(), events["factuality"].tolist(), strict=True)
    ]
    texts = {
        column: [fields[position] if fields else None for fields, _ in located]
        for position, column in enumerate(("location_name", "location_class", "location_country", "location_admin1"))
    }
    columns: dict[str, Any] = {
        **{column: pd.Series(values, index=events.index, dtype="str") for column, values in texts.items()},
        "latitude": np.array([_number(fields[4]) if fields else np.nan for fields, _ in located], dtype=float),
        "longitude": np.array([_number(fields[5]) if fields else np.nan for fields, _ in located], dtype=float),
        "location_id": pd.Series(
            [fields[6] if fields else None for fields, _ in located], index=events.index, dtype="str"
        ),
        "location_basis": [basis for _, basis in located],
        "quad_class": events["event_type"].map(QUAD_CLASS_OF_TYPE),
        "intensity": np.array([value for value, _ in scored], dtype=float),
        "intensity_basis": [basis for _, basis in scored],
    }
    return events.assign(**columns)[[*events.columns, *LOCATION_COLUMNS]]


def _location(
    reports: list[Any],
    attached: dict[tuple[str, int], list[tuple[int, int, int, tuple[Any, ...]]]],
    locative: dict[str, list[tuple[bool, int, int, tuple[Any, ...]]]],
    datelines: dict[str, tuple[Any, ...]],
    order: dict[str, int],
) -> tuple[tuple[Any, ...] | None, str]:
    """(place fields, basis) of one event from its reports, as the module docstring says."""
    ranked = sorted(reports, key=lambda report: (order.get(report.doc_id, len(order)), report.sentence_id))
    best: tuple[Any, ...] | None = None
    for number, report in enumerate(ranked):
        for distance, specificity, char_start, fields in attached.get((report.sentence_id, int(report.char_start)), []):
            candidate = (distance, specificity, number, char_start, fields)
            if best is None or candidate[:4] < best[:4]:
                best = candidate
    if best is not None:
        return best[4], "clause"
    nearest = _nearest(ranked, locative, of_nouns=False)
    if nearest is not None:
        return nearest, "sentence"
    for report in ranked:
        if report.doc_id in datelines:
            return datelines[report.doc_id], "dateline"
    nearest = _nearest(ranked, locative, of_nouns=True)
    return (nearest, "sentence") if nearest is not None else (None, "none")


def _nearest(
    reports: list[Any], locative: dict[str, list[tuple[bool, int, int, tuple[Any, ...]]]], of_nouns: bool
) -> tuple[Any, ...] | None:
    """The locative place of the first report's sentence that has one, nearest its predicate (then the
    most specific): of those modifying a predicate, or (`of_nouns`) of any."""
    for report in reports:
        nearby = [
            (abs(char_start - int(report.char_start)), specificity, char_start, fields)
            for modifies_noun, char_start, specificity, fields in locative.get(report.sentence_id, [])
            if of_nouns or not modifies_noun
        ]
        if nearby:
            return min(nearby, key=lambda found: found[:3])[3]
    return None


def _intensity(cameo: Any, factuality: str, scale: dict[str, float]) -> tuple[float, str]:
    """(Goldstein weight or NaN, intensity basis) of an event."""
    if factuality == "negated":
        return np.nan, "negated"
    if not isinstance(cameo, str) or not cameo:
        return np.nan, "uncoded"
    for length in range(len(cameo), 1, -1):
        if cameo[:length] in scale:
            return float(scale[cameo[:length]]), "cameo"
    return np.nan, "uncoded"


def _number(value: Any) -> float:
    return float(value) if value is not None and value == value else np.nan
