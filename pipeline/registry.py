"""The stage registry: which function makes which tables from which inputs, and their schemas.

Per-document stages run on batches of documents (their rows never depend on another document);
cross-document stages run once on the whole corpus, except that a cross-document stage may take
some of its inputs part by part (`by_part`): it then runs once per part of the corpus (the batches
of the per-document stages), on that part's rows of those tables and the whole of its other inputs,
because each document's rows depend only on that document's rows of them (and on corpus-wide tables
such as the entities). Its written outputs are then kept part by part, never whole. A cross-document
stage may also name the only columns it reads of an input (`columns`): it is given no others, so that
a run never reads the texts into memory for a stage that reads dates. I/O happens only in pipeline.run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

from pipeline import dictionaries
from pipeline.conflicts import conflicts, timeline, timeline_facts
from pipeline.documents import documents
from pipeline.entities import entities
from pipeline.events import event_reports, events
from pipeline.facts import document_facts, facts
from pipeline.locations import PLACE_COLUMNS, located_events
from pipeline.mentions import document_mentions
from pipeline.parse import parses
from pipeline.places import places
from pipeline.quantities import quantities
from pipeline.rejects import rejects
from pipeline.reviews import apply_reviews
from pipeline.sentences import sentences
from pipeline.timexes import anchored_timexes, timexes
from schemas import (
    ConflictSchema,
    DocumentSchema,
    EntitySchema,
    EventMentionSchema,
    EventSchema,
    FactSchema,
    MentionSchema,
    PlaceSchema,
    QuantitySchema,
    RejectSchema,
    RemovedSchema,
    RoleSchema,
    SentenceSchema,
    TimelineSchema,
    TimexSchema,
    TokenSchema,
)
from schemas.documents import FileRejectSchema
from schemas.events import CodedEventSchema
from schemas.reviews import DroppedEventSchema, ReviewSchema

# Data files passed to stages, by the name stages take them under.
DICTIONARIES: dict[str, Callable[[], pd.DataFrame]] = {
    "boilerplate_patterns": dictionaries.boilerplate_patterns,
    "timex_cues": dictionaries.timex_cues,
    "holidays": dictionaries.holidays,
    "actors": dictionaries.actors,
    "demonyms": dictionaries.demonyms,
    "descriptors": dictionaries.descriptors,
    "titles": dictionaries.titles,
    "name_cues": dictionaries.name_cues,
    "seats": dictionaries.seats,
    "verb_patterns": dictionaries.verb_patterns,
    "attribution_cues": dictionaries.attribution_cues,
    "modality_cues": dictionaries.modality_cues,
    "counts": dictionaries.counts,
    "light_verbs": dictionaries.light_verbs,
    "vocabulary": dictionaries.vocabulary,
    "place_cues": dictionaries.place_cues,
    "goldstein_scale": dictionaries.goldstein_scale,
}
# Inputs that are not tables made by a stage: supplied by the runner.
# recorded_reviews: the verdicts recorded for the output folder (pipeline.review_store); quarantined: the
# reject rows of the documents withheld because their rows failed a check (pipeline.quarantine); gazetteer:
# the places a place name may name (pipeline.gazetteer), loaded once per process that runs per-document stages.
RESOURCES = (
    "raw_documents", "source_rejects", "quarantined", "nlp", "settings", "recorded_reviews", "gazetteer", *DICTIONARIES,
)  # fmt: skip
# Outputs of per-document stages that live only while their batch is processed: neither cached nor
# written, so no cross-document stage may take them.
IN_MEMORY = frozenset({"parses"})


@dataclass(frozen=True)
class Stage:
    """A stage: `function(**inputs)` returns `outputs` in order.

    An input is a table or resource name passed as the parameter of that name, or "parameter=name"
    where the parameter is named otherwise.
    """

    name: str
    function: Callable[..., Any]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    per_document: bool
    # tables (by name) a cross-document stage takes one part at a time: each has a doc_id column
    by_part: tuple[str, ...] = ()
    # the columns a cross-document stage reads of some of its input tables (by name): it is given those
    # only, so that the columns it does not read (texts, say) are never read into memory; others whole
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def arguments(self, store: dict[str, Any]) -> dict[str, Any]:
        bound = (entry.partition("=") for entry in self.inputs)
        return {parameter: store[name or parameter] for parameter, _, name in bound}

    @property
    def needs(self) -> list[str]:
        return [entry.partition("=")[2] or entry for entry in self.inputs]


STAGES: tuple[Stage, ...] = (
    Stage(
        "documents",
        documents,
        ("raw_documents", "boilerplate_patterns", "settings", "vocabulary"),
        ("documents", "removed", "document_rejects"),
        per_document=True,
    ),
    Stage("sentences", sentences, ("documents", "nlp", "settings"), ("sentences", "tokens"), per_document=True),
    Stage("parses", parses, ("tokens", "nlp"), ("parses",), per_document=True),
    Stage(
        "document_timexes",
        timexes,
        ("sentences", "parses", "documents", "nlp", "timex_cues", "holidays"),
        ("document_timexes",),
        per_document=True,
    ),
    Stage(
        "document_mentions",
        document_mentions,
        (
            "sentences",
            "parses",
            "documents",
            "actors",
            "demonyms",
            "descriptors",
            "titles",
            "seats",
            "name_cues",
            "nlp",
            "settings",
            "gazetteer",
        ),
        ("document_mentions", "document_roles"),
        per_document=True,
    ),
    Stage(
        "document_facts",
        document_facts,
        (
            "parses",
            "sentences",
            "document_mentions",
            "document_timexes",
            "attribution_cues",
            "modality_cues",
            "verb_patterns",
        ),
        ("document_facts",),
        per_document=True,
    ),
    Stage(
        "places",
        places,
        ("sentences", "parses", "document_mentions", "demonyms", "place_cues", "gazetteer", "settings"),
        ("places",),
        per_document=True,
    ),
    Stage("quantities", quantities, ("parses", "counts"), ("quantities",), per_document=True),
    Stage("rejects", rejects, ("source_rejects", "document_rejects", "quarantined"), ("rejects",), per_document=False),
    Stage(
        "entities",
        entities,
        ("document_mentions", "document_roles", "actors", "settings"),
        ("entities", "mentions", "roles"),
        per_document=False,
    ),
    Stage(
        "timexes",
        anchored_timexes,
        ("timexes=document_timexes", "documents", "mentions", "settings"),
        ("timexes",),
        per_document=False,
        columns={"documents": ("doc_id", "publication_date"), "mentions": ("doc_id", "entity_id")},
    ),
    Stage(
        "facts",
        facts,
        ("document_facts", "document_mentions", "mentions", "roles"),
        ("facts",),
        per_document=False,
        by_part=("document_facts", "document_mentions", "mentions"),
        columns={"mentions": ("doc_id", "char_start", "char_end", "entity_id")},
    ),
    Stage(
        "event_reports",
        event_reports,
        (
            "facts",
            "entities",
            "timexes",
            "documents",
            "sentences",
            "verb_patterns",
            "light_verbs",
            "attribution_cues",
        ),
        ("event_reports",),
        per_document=False,
        by_part=("facts", "timexes", "documents", "sentences"),
        columns={"documents": ("doc_id", "publication_date"), "sentences": ("sentence_id", "is_headline", "text")},
    ),
    Stage(
        "events",
        events,
        ("event_reports", "documents"),
        ("coded_events", "event_mentions"),
        per_document=False,
        columns={"documents": ("doc_id", "publication_date", "publisher")},
    ),
    # Where each event happened, its quad class and intensity: the coded events become the events.
    Stage(
        "locations",
        located_events,
        ("events=coded_events", "event_mentions", "places", "documents", "goldstein_scale"),
        ("events",),
        per_document=False,
        columns={"places": PLACE_COLUMNS, "documents": ("doc_id",)},
    ),
    # Reviewers' verdicts applied to the events: replaces events and event_mentions.
    Stage(
        "reviews",
        apply_reviews,
        ("events", "event_mentions", "entities", "recorded_reviews"),
        ("events", "event_mentions", "reviews", "dropped_events"),
        per_document=False,
    ),
    Stage(
        "conflicts",
        conflicts,
        ("roles", "entities", "timexes", "quantities", "events", "event_mentions"),
        ("conflicts",),
        per_document=False,
    ),
    Stage(
        "timeline_facts",
        timeline_facts,
        ("facts", "event_mentions"),
        ("timeline_facts",),
        per_document=False,
        by_part=("facts", "event_mentions"),
    ),
    Stage(
        "timeline",
        timeline,
        ("events", "event_mentions", "facts=timeline_facts", "timexes", "documents", "sentences"),
        ("timeline",),
        per_document=False,
        columns={"documents": ("doc_id", "publication_date"), "sentences": ("sentence_id", "seq")},
    ),
)

# The tables a run writes, in order, with the schema each is validated against.
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "documents": DocumentSchema,
    "removed": RemovedSchema,
    "rejects": RejectSchema,
    "sentences": SentenceSchema,
    "tokens": TokenSchema,
    "entities": EntitySchema,
    "mentions": MentionSchema,
    "roles": RoleSchema,
    "places": PlaceSchema,
    "timexes": TimexSchema,
    "facts": FactSchema,
    "events": EventSchema,
    "event_mentions": EventMentionSchema,
    "conflicts": ConflictSchema,
    "timeline": TimelineSchema,
    "reviews": ReviewSchema,
    "dropped_events": DroppedEventSchema,
}
# Intermediate tables validated like the written ones.
INTERMEDIATE_SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "document_rejects": FileRejectSchema,
    "document_timexes": TimexSchema,
    "document_facts": FactSchema,
    "quantities": QuantitySchema,
    "coded_events": CodedEventSchema,
}


def check_chain(stages: tuple[Stage, ...] = STAGES) -> None:
    """Every stage's inputs are resources or outputs of an earlier stage; every written table is made."""
    available = set(RESOURCES)
    parted: set[str] = set()  # written outputs of stages run part by part: never held whole
    for stage in stages:
        missing = [name for name in stage.needs if name not in available]
        if missing:
            raise RuntimeError(f"stage '{stage.name}' needs {', '.join(missing)}, which nothing before it makes")
        batch_only = sorted(IN_MEMORY.intersection(stage.needs))
        if batch_only and not stage.per_document:
            raise RuntimeError(
                f"cross-document stage '{stage.name}' needs {', '.join(batch_only)}, kept per batch only"
            )
        unknown = [
            f"{name}.{column}"
            for name, columns in stage.columns.items()
            for column in columns
            if name not in stage.needs or not _has_column(name, column)
        ]
        if unknown or (stage.columns and stage.per_document):
            raise RuntimeError(f"stage '{stage.name}' reads columns it cannot be given: {', '.join(unknown)}")
        not_taken = sorted(set(stage.by_part) - set(stage.needs))
        if not_taken or (stage.by_part and stage.per_document):
            raise RuntimeError(f"stage '{stage.name}' takes part by part what it cannot: {', '.join(not_taken)}")
        kept_by_part = sorted(parted.intersection(stage.needs) - set(stage.by_part))
        if kept_by_part:
            raise RuntimeError(f"stage '{stage.name}' needs {', '.join(kept_by_part)} whole, kept part by part only")
        if stage.by_part:
            parted.update(name for name in stage.outputs if name in SCHEMAS)
        available.update(stage.outputs)
    unmade = set(SCHEMAS) - available
    if unmade:
        raise RuntimeError(f"no stage makes {', '.join(sorted(unmade))}")


def _has_column(table: str, column: str) -> bool:
    """Whether the table's schema has the column (any column passes for a table without a schema)."""
    schema = SCHEMAS.get(table) or INTERMEDIATE_SCHEMAS.get(table)
    return schema is None or column in schema.to_schema().columns
