"""Conflicts between sources (roles, counts) and the timeline."""

from __future__ import annotations

from datetime import date

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
from schemas import ConflictSchema, TimelineSchema
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


def test_two_counts_of_one_measure_in_a_sentence_are_two_reports(nlp: Language, settings: Settings) -> None:
    """Each contradicts the other article's count: two conflicts, each with its own id."""
    no_roles = pd.DataFrame(columns=["doc_id", "sentence_id", "person_entity_id", "role", "organisation_entity_id"])
    _, tokens = _parse(
        nlp,
        settings,
        "Storm Toll\n\nIn 2008, 35 people were killed in the north and 11 people died in the south.",
        "Storm Report\n\nIn 2008, 300 people were killed.",
    )
    counted = quantities(parses(tokens, nlp), dictionaries.counts())
    found = conflicts(no_roles, ENTITIES, _timexes_2008(tokens), counted, NO_EVENTS, NO_EVENT_MENTIONS)
    assert found[["value_a", "value_b"]].values.tolist() == [
        ["2008, 300 people", "2008, 35 people"],
        ["2008, 300 people", "north and 11 people"],
    ]
    assert found["conflict_id"].is_unique


def test_a_count_whose_head_comes_first_keeps_its_number(nlp: Language, settings: Settings) -> None:
    _, tokens = _parse(nlp, settings, "Quake Toll\n\nThe quake killed 35 in the capital and 17 in the hills.")
    counted = quantities(parses(tokens, nlp), dictionaries.counts())
    assert counted[["phrase", "low"]].values.tolist() == [["quake killed 35", 35.0], ["capital and 17", 17.0]]


# Hand-made story for the timeline and date conflicts: documents A (published 2015-12-31), B (undated,
# reports "On Dec. 20 ... announced" in the past tense) and C (undated, no date of its own).
DOC_A, DOC_B, DOC_C = "a" * 16, "b" * 16, "c" * 16
FACT_COLUMNS = [
    "fact_id", "doc_id", "sentence_id", "parent_fact_id", "clause_relation", "tense", "predicate_pos",
    "is_background", "is_deadline", "timex_id",
]  # fmt: skip


def _event(event_id: str, date: str | None, factuality: str = "asserted", **columns: object) -> dict[str, object]:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(date or ""))
    return {
        "event_id": event_id, "event_date": date, "date_precision": precision,
        "date_basis": "explicit" if precision == "day" else "document", "event_type": "CONCEDE",
        "source_actor_id": "g1", "source_actor": "Government of Pakistan", "target_actor_id": "o1",
        "target_actor": "BlackBerry", "factuality": factuality, "summary": event_id, "num_sources": 1, **columns,
    }  # fmt: skip


def _fact(fact_id: str, doc_id: str, seq: int, **columns: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(FACT_COLUMNS)
    row.update(
        fact_id=fact_id,
        doc_id=doc_id,
        sentence_id=f"{doc_id}-{seq:04d}",
        tense="past",
        predicate_pos="VERB",
        is_background=False,
        is_deadline=False,
    )
    row.update(columns)
    return row


def _timeline(
    events: list[dict[str, object]], facts: list[dict[str, object]], reports: dict[str, str | tuple[str, ...]]
) -> pd.DataFrame:
    """timeline() over hand-made tables; `reports`: each event's reporting fact(s)."""
    fact_table = pd.DataFrame(facts, columns=FACT_COLUMNS)
    doc_of = dict(zip(fact_table["fact_id"], fact_table["doc_id"], strict=True))
    sentence_of = dict(zip(fact_table["fact_id"], fact_table["sentence_id"], strict=True))
    mentions = pd.DataFrame(
        [
            {"event_id": e, "doc_id": doc_of[f], "sentence_id": sentence_of[f], "fact_id": f, "char_start": 0}
            for e, facts_of_e in reports.items()
            for f in ((facts_of_e,) if isinstance(facts_of_e, str) else facts_of_e)
        ]
    )
    timexes = pd.DataFrame(
        {"timex_id": ["t-nov30", "t-dec20", "t-dec30"], "value": ["2015-11-30", "2015-12-20", "2015-12-30"]}
    )
    documents = pd.DataFrame({"doc_id": [DOC_A, DOC_B, DOC_C], "publication_date": ["2015-12-31", None, None]})
    sentences = pd.DataFrame({"sentence_id": sorted(set(sentence_of.values()))}).assign(
        seq=lambda frame: frame["sentence_id"].str[-4:].astype(int)
    )
    table = timeline(pd.DataFrame(events), mentions, fact_table, timexes, documents, sentences)
    return TimelineSchema.validate(table)


def _cells(table: pd.DataFrame, columns: list[str]) -> list[list[object]]:
    """The rows' cells, dates as YYYY-MM-DD and nulls as ''."""
    return [
        [cell.isoformat() if isinstance(cell, date) else "" if pd.isna(cell) else cell for cell in row]
        for row in zip(*(table[column].tolist() for column in columns), strict=True)
    ]


def test_timeline_orders_by_the_last_day_an_event_can_have_undated_last() -> None:
    table = _timeline(
        [_event("undated", None), _event("year", "2015"), _event("exit", "2015-11-30"), _event("order", "2015"),
         _event("july", "2015-07"), _event("earlier", "2010")],
        [_fact("f-undated", DOC_C, 1), _fact("f-year", DOC_C, 2), _fact("f-exit", DOC_C, 3),
         # "ordered [to exit by November 30]": the deadline of its content bounds the order
         _fact("f-order", DOC_C, 4, tense="past"),
         _fact("f-order-content", DOC_C, 4, parent_fact_id="f-order", clause_relation="xcomp", is_deadline=True,
               timex_id="t-nov30"),
         _fact("f-july", DOC_C, 5), _fact("f-earlier", DOC_C, 6)],
        {"undated": "f-undated", "year": "f-year", "exit": "f-exit", "order": "f-order", "july": "f-july",
         "earlier": "f-earlier"},
    )  # fmt: skip
    assert _cells(table, ["event_id", "not_before", "not_after", "not_after_basis"]) == [
        ["earlier", "2010-01-01", "2010-12-31", "event_date"],
        ["july", "2015-07-01", "2015-07-31", "event_date"],
        ["order", "2015-01-01", "2015-11-30", "deadline"],  # no later than its deadline, before the 30 November exit
        ["exit", "2015-11-30", "2015-11-30", "event_date"],
        ["year", "2015-01-01", "2015-12-31", "event_date"],
        ["undated", "", "", ""],
    ]
    assert table["event_date"].tolist()[2] == "2015"  # the event's own date is kept


def test_a_deadline_outside_the_content_of_the_report_does_not_bound_it() -> None:
    table = _timeline(
        [_event("extend", "2015"), _event("year", "2015")],
        [_fact("f-extend", DOC_C, 1),  # "... after it was told to leave by November 30": not its content
         _fact("f-after", DOC_C, 1, parent_fact_id="f-extend", clause_relation="advcl", is_deadline=True,
               timex_id="t-nov30"),
         _fact("f-year", DOC_C, 2)],
        {"extend": "f-extend", "year": "f-year"},
    )  # fmt: skip
    assert _cells(table, ["event_id", "not_after"]) == [["extend", "2015-12-31"], ["year", "2015-12-31"]]


def test_an_event_is_no_later_than_the_first_dated_article_reporting_it() -> None:
    table = _timeline(
        [_event("reported", "2015"), _event("dec", "2015-12"), _event("plan", "2016-01-15", "intended")],
        [_fact("f-reported", DOC_A, 1),  # "the government backed off" in an article of 2015-12-31 ...
         _fact("f-reported-again", DOC_C, 1), _fact("f-dec", DOC_A, 2),
         _fact("f-plan", DOC_A, 3, tense="future")],  # ... "will exit on 15 January": after publication
        {"reported": ("f-reported", "f-reported-again"), "dec": "f-dec", "plan": "f-plan"},
    )  # fmt: skip
    assert _cells(table, ["event_id", "not_before", "not_after", "not_after_basis"]) == [
        ["reported", "2015-01-01", "2015-12-31", "event_date"],
        ["dec", "2015-12-01", "2015-12-31", "event_date"],
        ["plan", "2016-01-15", "2016-01-15", "event_date"],  # a bound before its own date is ignored
    ]
    documents = pd.DataFrame({"doc_id": [DOC_A], "publication_date": ["2015-12-10"]})
    events = pd.DataFrame([_event("reported", "2015"), _event("july", "2015-07")])
    mentions = pd.DataFrame(
        {"event_id": ["reported", "july"], "doc_id": [DOC_A, DOC_A], "sentence_id": ["s1", "s2"],
         "fact_id": ["f1", "f2"], "char_start": [0, 0]}
    )  # fmt: skip
    facts = pd.DataFrame([_fact("f1", DOC_A, 1), _fact("f2", DOC_A, 2)], columns=FACT_COLUMNS)
    sentences = pd.DataFrame({"sentence_id": ["s1", "s2"], "seq": [1, 2]})
    table = timeline(events, mentions, facts, pd.DataFrame(columns=["timex_id", "value"]), documents, sentences)
    assert _cells(table, ["event_id", "not_after", "not_after_basis"]) == [
        ["july", "2015-07-31", "event_date"],
        ["reported", "2015-12-10", "publication"],
    ]


def test_events_the_dates_do_not_separate_read_as_the_story() -> None:
    table = _timeline(
        [_event("c-first", "2015"), _event("b-current", "2015"), _event("b-past", "2015"),
         _event("a-lead", "2015"), _event("c-background", "2015"), _event("b-reported-plan", "2015")],
        [_fact("f-c-first", DOC_C, 1),
         # B is written on or after 20 December: "On Dec. 20, the COO announced ..."
         _fact("f-b-announce", DOC_B, 1, timex_id="t-dec20"),
         _fact("f-b-current", DOC_B, 2, tense="future"),  # "BlackBerry will remain": told as current
         _fact("f-b-past", DOC_B, 3),  # "the government rescinded its order"
         _fact("f-b-reported-plan", DOC_B, 4, tense="present", parent_fact_id="f-b-announce",
               clause_relation="ccomp"),  # "announced that it would leave": a plan told as past
         _fact("f-a-lead", DOC_A, 1, tense="present"),  # published 2015-12-31
         _fact("f-c-background", DOC_C, 2, is_background=True)],  # "had ordered"
        {"c-first": "f-c-first", "b-current": "f-b-current", "b-past": "f-b-past", "a-lead": "f-a-lead",
         "c-background": "f-c-background", "b-reported-plan": "f-b-reported-plan"},
    )  # fmt: skip
    assert table["event_id"].tolist() == [
        "c-background",  # background first, whatever its article
        "b-past",  # B (on or after 20 December) before A (31 December); in B, what is told as past first,
        "b-reported-plan",  # in sentence order,
        "b-current",  # then what is told as current
        "a-lead",
        "c-first",  # C has no date: last
    ]
    assert table["is_background"].tolist() == [True, False, False, False, False, False]


def _mentions(*rows: tuple[str, str, str, str | None, str]) -> pd.DataFrame:
    """event_mentions rows (event_id, doc_id, sentence_id, event_date, date_basis)."""
    frame = pd.DataFrame(rows, columns=["event_id", "doc_id", "sentence_id", "event_date", "date_basis"])
    return frame.assign(fact_id=frame["sentence_id"] + "-f1", factuality="asserted")


def _date_conflicts_of(events: list[dict[str, object]], mentions: pd.DataFrame) -> pd.DataFrame:
    no_roles = pd.DataFrame(columns=["doc_id", "sentence_id", "person_entity_id", "role", "organisation_entity_id"])
    found = conflicts(no_roles, ENTITIES, NO_TIMEXES, NO_QUANTITIES, pd.DataFrame(events), mentions)
    return ConflictSchema.validate(found)[["kind", "subject", "value_a", "sentence_id_a", "value_b", "sentence_id_b"]]


def test_reports_of_one_event_that_date_it_incompatibly_are_a_date_conflict() -> None:
    found = _date_conflicts_of(
        [_event("e1", "2015-12-30")],
        _mentions(("e1", DOC_A, "a-1", "2015-12-30", "explicit"), ("e1", DOC_B, "b-1", "2015-12-31", "relative"),
                  ("e1", DOC_C, "c-1", "2015-12", "relative"), ("e1", DOC_C, "c-2", "2015", "publication")),
    )  # fmt: skip
    assert found.values.tolist() == [
        ["date", "CONCEDE: Government of Pakistan → BlackBerry", "2015-12-30", "a-1", "2015-12-31", "b-1"]
    ]


def test_compatible_dates_and_dates_from_one_article_or_a_publication_are_not_conflicts() -> None:
    found = _date_conflicts_of(
        [_event("e1", "2015-12-30")],
        _mentions(("e1", DOC_A, "a-1", "2015-12-30", "explicit"), ("e1", DOC_B, "b-1", "2015-12", "relative"),
                  ("e1", DOC_C, "c-1", "2015", "explicit"), ("e1", DOC_A, "a-2", "2015-12-31", "explicit"),
                  ("e1", DOC_C, "c-2", "2015-11-02", "publication")),
    )  # fmt: skip
    assert found.empty


def test_separate_events_a_day_apart_in_different_articles_are_a_date_conflict() -> None:
    mentions = _mentions(
        ("e30", DOC_A, "a-1", "2015-12-30", "explicit"), ("e31", DOC_B, "b-1", "2015-12-31", "relative")
    )
    found = _date_conflicts_of([_event("e30", "2015-12-30"), _event("e31", "2015-12-31")], mentions)
    assert found.values.tolist() == [
        ["date", "CONCEDE: Government of Pakistan → BlackBerry", "2015-12-30", "a-1", "2015-12-31", "b-1"]
    ]


def test_separate_events_that_may_be_two_occurrences_are_not_a_date_conflict() -> None:
    # the original 30 November deadline and the extended 30 December one
    month_apart = _mentions(
        ("e1", DOC_A, "a-1", "2015-11-30", "explicit"), ("e2", DOC_B, "b-1", "2015-12-30", "explicit")
    )
    assert _date_conflicts_of([_event("e1", "2015-11-30"), _event("e2", "2015-12-30")], month_apart).empty
    day_apart = _mentions(
        ("e1", DOC_A, "a-1", "2015-12-30", "explicit"), ("e2", DOC_B, "b-1", "2015-12-31", "explicit")
    )
    plans = [_event("e1", "2015-12-30", "intended"), _event("e2", "2015-12-31", "intended")]
    assert _date_conflicts_of(plans, day_apart).empty  # a plan can be moved
    others = [_event("e1", "2015-12-30"), _event("e2", "2015-12-31", target_actor_id="o2", target_actor="Other")]
    assert _date_conflicts_of(others, day_apart).empty  # not the same act
    both = pd.concat([day_apart, _mentions(("e2", DOC_A, "a-2", "2015-12-31", "explicit"))], ignore_index=True)
    assert _date_conflicts_of([_event("e1", "2015-12-30"), _event("e2", "2015-12-31")], both).empty  # A tells of both
