"""Conflicts between sources (roles, counts) and the timeline."""

from __future__ import annotations

import pandas as pd
from spacy.language import Language

from pipeline import dictionaries
from pipeline.conflicts import conflicts, timeline
from pipeline.documents import documents
from pipeline.events import EVENT_COLUMNS, EVENT_MENTION_COLUMNS
from pipeline.parse import parses
from pipeline.quantities import QUANTITY_COLUMNS, quantities
from pipeline.sentences import sentences
from pipeline.settings import Settings
from tests.conftest import raw_documents

ENTITIES = pd.DataFrame(
    {"entity_id": ["p1", "o1"], "canonical_name": ["Marty Beard", "BlackBerry"], "kind": ["PERSON", "ORG"]}
)
NO_TIMEXES = pd.DataFrame(columns=["timex_id", "doc_id", "sentence_id", "value"])
NO_QUANTITIES = pd.DataFrame(columns=QUANTITY_COLUMNS)
NO_EVENTS = pd.DataFrame(columns=EVENT_COLUMNS)
NO_EVENT_MENTIONS = pd.DataFrame(columns=EVENT_MENTION_COLUMNS)


def test_a_person_with_two_roles_at_one_organisation_is_a_conflict(nlp: Language) -> None:
    roles = pd.DataFrame(
        {
            "doc_id": ["a" * 16, "a" * 16, "b" * 16, "c" * 16],
            "sentence_id": ["a-1", "a-2", "b-1", "c-1"],
            "person_entity_id": ["p1", "p1", "p1", "p1"],
            "role": ["chief operating officer", "chief operating officer", "chief executive officer",
                     "chief operating officer"],
            "organisation_entity_id": ["o1", "o1", "o1", "o1"],
        }
    )  # fmt: skip
    found = conflicts(roles, ENTITIES, NO_TIMEXES, NO_QUANTITIES, NO_EVENTS, NO_EVENT_MENTIONS)
    assert found[["kind", "subject", "value_a", "value_b", "doc_id_b"]].values.tolist() == [
        ["role", "Marty Beard at BlackBerry", "chief executive officer", "chief operating officer", "a" * 16]
    ]


def _parse(nlp: Language, settings: Settings, *texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs, _, _ = documents(raw_documents(*texts), dictionaries.boilerplate_patterns(), settings)
    return docs, sentences(docs, nlp, settings)[1]


def _timexes_2008(tokens: pd.DataFrame) -> pd.DataFrame:
    ids = tokens.loc[tokens["text"] == "2008", "sentence_id"].unique()
    return pd.DataFrame({"timex_id": ids, "doc_id": [i[:16] for i in ids], "sentence_id": ids, "value": "2008"})


def test_consistent_counts_are_not_conflicts_but_contradictory_ones_are(nlp: Language, settings: Settings) -> None:
    no_roles = pd.DataFrame(columns=["doc_id", "sentence_id", "person_entity_id", "role", "organisation_entity_id"])
    _, tokens = _parse(
        nlp,
        settings,
        "Attack Remembered\n\nThe 2008 attack in the city had resulted in more than 160 deaths.",
        "Attack Recalled\n\nThe 2008 attacks in Mumbai killed 166 people.",
    )
    counted = quantities(parses(tokens, nlp), dictionaries.counts())
    found = conflicts(no_roles, ENTITIES, _timexes_2008(tokens), counted, NO_EVENTS, NO_EVENT_MENTIONS)
    assert found.empty
    _, tokens = _parse(
        nlp,
        settings,
        "Attack Remembered\n\nThe 2008 attack in the city had resulted in more than 160 deaths.",
        "Attack Recalled\n\nThe 2008 attacks in Mumbai killed 120 people.",
    )
    counted = quantities(parses(tokens, nlp), dictionaries.counts())
    found = conflicts(no_roles, ENTITIES, _timexes_2008(tokens), counted, NO_EVENTS, NO_EVENT_MENTIONS)
    assert found[["kind", "subject"]].values.tolist() == [["count", "deaths 2008"]]


def test_timeline_is_in_date_order_with_undated_last() -> None:
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3"],
            "event_date": [None, "2015-11-30", "2015-07"],
            "date_precision": [None, "day", "month"],
            "event_type": ["REQUEST", "SANCTION", "THREATEN"],
            "source_actor": ["A", "B", "C"],
            "target_actor": ["B", "A", None],
            "factuality": ["asserted", "intended", "intended"],
            "summary": ["x", "y", "z"],
            "num_sources": [1, 2, 1],
        }
    )
    assert timeline(events)["event_id"].tolist() == ["e3", "e2", "e1"]
