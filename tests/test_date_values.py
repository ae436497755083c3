"""Every consumer takes every valid date value (issue 17): values of every shape of the grammar
(schemas.timex3; tests.strategies) go through the schemas, event dating and deduplication, the timeline,
the conflicts, the review workbook, the report and the PLOVER export, without error and with consistent
results. Tables are built by hand around the generated values; no model is loaded."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline import dictionaries
from pipeline.conflicts import conflicts, timeline
from pipeline.documents import documents
from pipeline.events import events
from pipeline.exports import plover_events, report_html, review_workbook
from pipeline.locations import PLACE_COLUMNS, located_events
from pipeline.quantities import QUANTITY_COLUMNS
from pipeline.reviews import apply_reviews, empty_record
from pipeline.settings import DEFAULT_SETTINGS
from schemas import (
    ConflictSchema,
    DocumentSchema,
    EventMentionSchema,
    EventSchema,
    TimelineSchema,
    TimexSchema,
    timex3,
)
from schemas.events import CodedEventSchema
from schemas.reviews import DroppedEventSchema, ReviewSchema
from tests.conftest import raw_documents
from tests.strategies import DAYS, holding, values

# Two actors, one event type: every report could be one event, so only their dates keep them apart.
ENTITIES = pd.DataFrame(
    {
        "entity_id": ["g1", "o1"],
        "canonical_name": ["Government of Ruritania", "Acme Mining"],
        "kind": ["GOV", "ORG"],
        "country": ["RUR", None],
        "aliases": [[], []],
    }
)
# The publication dates a document can have (schemas.documents: plain calendar dates).
CALENDAR_SHAPES = ["year", "month", "day"]


@st.composite
def _reports(draw: st.DrawFn) -> tuple[list[str | None], list[dict[str, Any]]]:
    """(each document's publication date, the event reports: each a date of any shape, or none)."""
    published = draw(st.lists(st.one_of(st.none(), st.builds(holding, DAYS, st.sampled_from(CALENDAR_SHAPES))),
                              min_size=1, max_size=3))  # fmt: skip
    reports = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "document": st.integers(0, len(published) - 1),
                    "event_date": st.one_of(st.none(), values(partial=False)),
                    "basis": st.sampled_from(["explicit", "relative", "publication"]),
                    "targeted": st.booleans(),
                    "deadline": st.one_of(st.none(), values()),
                }
            ),
            min_size=1,
            max_size=6,
        )
    )
    return published, reports


def _document_table(published: list[str | None]) -> pd.DataFrame:
    texts = [f"Report number {number}\n\nThe government of Ruritania spoke." for number in range(len(published))]
    table, _, _ = documents(
        raw_documents(*texts, metadata_date=published), dictionaries.boilerplate_patterns(), DEFAULT_SETTINGS
    )
    return DocumentSchema.validate(table)


def _hand_made(
    document_table: pd.DataFrame, reports: list[dict[str, Any]]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(event reports as pipeline.events.event_reports makes them, one per fact in the facts' order; the
    facts the timeline reads: each report's, with a deadline clause where the report has one; their time
    expressions)."""
    rows, facts, timexes = [], [], []
    for number, report in enumerate(reports):
        doc_id = document_table["doc_id"].iloc[report["document"]]
        fact_id, date_value = f"{doc_id}-0002-f{number + 1}", report["event_date"]
        rows.append(
            {
                "num_order": number, "fact_id": fact_id, "doc_id": doc_id, "sentence_id": f"{doc_id}-0002",
                "char_start": 20, "char_end": 25, "predicate": "spoke", "event_type": "CONSULT", "mode": None,
                "cameo_code": "040", "source_actor_id": "g1", "source_actor": "Government of Ruritania",
                "source_country": "RUR", "target_actor_id": "o1" if report["targeted"] else None,
                "target_actor": "Acme Mining" if report["targeted"] else None, "target_country": None,
                "factuality": "asserted", "event_date": date_value,
                "date_precision": timex3.precision(date_value) if date_value else None,
                "date_basis": report["basis"] if date_value else "unknown", "is_additional": False,
                "sentence_text": "The government of Ruritania spoke.",
            }
        )  # fmt: skip
        fact = {"fact_id": fact_id, "doc_id": doc_id, "parent_fact_id": None, "clause_relation": None,
                "is_background": False, "tense": "past", "predicate_pos": "VERB", "timex_id": None,
                "is_deadline": False}  # fmt: skip
        facts.append(fact)
        if report["deadline"] is not None:  # "... spoke [to end the strike by <deadline>]"
            timexes.append({"timex_id": f"{fact_id}-t1", "value": report["deadline"]})
            facts.append({**fact, "fact_id": f"{fact_id}-content", "parent_fact_id": fact_id,
                          "clause_relation": "xcomp", "timex_id": f"{fact_id}-t1", "is_deadline": True})  # fmt: skip
    return pd.DataFrame(rows), pd.DataFrame(facts), pd.DataFrame(timexes, columns=["timex_id", "value"])


@settings(max_examples=15)
@given(_reports())
def test_events_timeline_conflicts_and_exports_take_every_date(
    found: tuple[list[str | None], list[dict[str, Any]]],
) -> None:
    published, reports = found
    document_table = _document_table(published)
    event_reports, facts, timexes = _hand_made(document_table, reports)
    coded, mention_table = events(event_reports, document_table)
    coded, mention_table = CodedEventSchema.validate(coded), EventMentionSchema.validate(mention_table)
    no_places = pd.DataFrame(columns=list(PLACE_COLUMNS))
    event_table = EventSchema.validate(
        located_events(coded, mention_table, no_places, document_table, dictionaries.goldstein_scale())
    )
    # every report's date holds or lies in its event's date (the deduplication rule)
    date_of = dict(zip(event_table["event_id"], event_table["event_date"], strict=True))
    for event_id, report_date in zip(mention_table["event_id"], mention_table["event_date"], strict=True):
        assert timex3.compatible(date_of[event_id], report_date)
    # the event's first and last reported days bound the publication dates of its documents
    for row in event_table.itertuples():
        assert pd.isna(row.first_reported) or row.first_reported <= row.last_reported

    kept, kept_mentions, review_table, dropped = apply_reviews(event_table, mention_table, ENTITIES, empty_record())
    sentences = pd.DataFrame(
        {"sentence_id": [f"{doc_id}-0002" for doc_id in document_table["doc_id"]], "doc_id": document_table["doc_id"],
         "seq": 2, "char_start": 18, "char_end": 52, "text": "The government of Ruritania spoke."}
    )  # fmt: skip
    timeline_table = TimelineSchema.validate(timeline(kept, kept_mentions, facts, timexes, document_table, sentences))
    # story order: by the last day an event can have happened, then the first; undated last
    days = [(pd.isna(row.not_after), row.not_after, row.not_before) for row in timeline_table.itertuples()]
    dated = [(after, before if not pd.isna(before) else date.min) for missing, after, before in days if not missing]
    assert dated == sorted(dated) and [missing for missing, _, _ in days] == sorted(missing for missing, _, _ in days)
    conflict_table = ConflictSchema.validate(
        conflicts(pd.DataFrame(columns=["doc_id", "sentence_id", "person_entity_id", "role", "organisation_entity_id"]),
                  ENTITIES, timexes.assign(doc_id="", sentence_id=""), pd.DataFrame(columns=QUANTITY_COLUMNS),
                  kept, kept_mentions)
    )  # fmt: skip
    tables = {
        "events": kept, "event_mentions": kept_mentions, "documents": document_table, "sentences": sentences,
        "entities": ENTITIES, "conflicts": conflict_table, "timeline": timeline_table,
        "reviews": ReviewSchema.validate(review_table), "dropped_events": DroppedEventSchema.validate(dropped),
    }  # fmt: skip
    workbook = load_workbook(io.BytesIO(review_workbook(tables)), read_only=True)
    rows = list(workbook["events"].iter_rows(values_only=True))
    header = list(rows[0])
    for row in rows[1:]:
        start = row[header.index("date_start")]
        event_date = row[header.index("event_date")]
        first = timex3.bounds(event_date)
        assert (start.date() if start is not None else None) == (first[0] if first else None)  # an Excel date
    page = b"".join(report_html(tables)).decode()
    assert all(f'id="event-{event_id}"' in page for event_id in kept["event_id"])
    lines = b"".join(plover_events(kept, kept_mentions, sentences, document_table, ENTITIES)).decode().splitlines()
    for line in lines:
        record = json.loads(line)
        days_of = timex3.bounds(record["date"])
        assert (record["date_start"], record["date_end"]) == (
            tuple(day.isoformat() for day in days_of) if days_of else (None, None)
        )


def _timex_row(value: str) -> dict[str, Any]:
    partial = not timex3.is_valid(value)
    return {
        "timex_id": "00000000000000aa-0002-t1", "doc_id": "00000000000000aa", "sentence_id": "00000000000000aa-0002",
        "char_start": 10, "char_end": 17, "surface": "on that day", "kind": "date", "value": value,
        "precision": timex3.precision(value), "duration": None, "tense": "past", "anchor": "none",
        "is_relative": partial, "relative": "REF+0D" if partial else None, "direction": "before", "modifier": None,
    }  # fmt: skip


@settings(max_examples=30)
@given(values())
def test_the_timexes_schema_takes_every_value_and_its_days(value: str) -> None:
    row = pd.DataFrame([_timex_row(value)])
    table = TimexSchema.validate(row.assign(**timex3.date_columns(row["value"])))
    first = timex3.bounds(value)
    assert table["date_start"].tolist() == [first[0] if first else pd.NA]
    assert table["date_end"].tolist() == [first[1] if first else pd.NA]
