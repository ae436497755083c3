"""events.plover.jsonl: one JSON record per event in PLOVER's data fields.

PLOVER manual v0.7b1 (Open Event Data Alliance, https://github.com/openeventdata/PLOVER), chapter
"JSON Data Fields": newline-delimited JSON, one event per line, with `id`, `date`, `source` and
`recipient` (lists of actor objects: `code`, `sector`, `identifier_id`, `identifier_text`), `event`,
`mode` and `context` (lists), `text_info` (`sequence`, `start`, `end` of the text) and `cite_info`
(`citation`, `url`, `title`, `publication`, `coder`, `codebook`). The manual allows provider fields
beyond its own; ours are named below. Where PLOVER asks for YYYY-MM-DD, `date` is the TIMEX3 value at
its precision (`2015-12`, `2015`: schemas.timex3) with `date_precision` beside it, and null when unknown;
`date_start` and `date_end` are the first and last day it covers, as YYYY-MM-DD.
Where and how hard: `event_loc` is the manual's location object (GeoNames field names: `geonameid`,
`name`, `latitude`, `longitude`, `country_code` (alpha-2), `cc3` (alpha-3), `admin1_code`; ours
besides: `place_class`, `gazetteer_id`, `basis`), null when the event has no location; `quad_code`
(1 verbal cooperation .. 4 material conflict) and `event_scale` (the Goldstein intensity, null when
not scored, `event_scale_basis` saying why).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pycountry

from pipeline import __version__
from pipeline.exports.chunks import encoded_chunks
from pipeline.frames import records, records_by_batch
from pipeline.plover import QUAD_CLASSES

CODEBOOK = "PLOVER 0.7b1 (POLECAT event types)"
CODER = f"newsevents-pipeline {__version__}"
# PLOVER contexts for the factuality of a report (pipeline.plover.FACTUALITY); asserted has none.
FACTUALITY_CONTEXT = {"asserted": [], "negated": ["negation"], "intended": ["future"], "hypothetical": ["hypothetical"]}
# PLOVER actor sectors for the entity kinds that have one.
KIND_SECTOR = {"GOV": "GOV"}


def plover_events(
    events: pd.DataFrame,
    event_mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    entities: pd.DataFrame,
) -> Iterator[bytes]:
    """One PLOVER JSON record per event, one per line, in the order of `events`: the file's UTF-8 bytes
    in chunks (pipeline.exports.chunks), each line encoded as it is made, nothing made before the
    first chunk is asked for.

    `text_info` and `cite_info` are the event's first report (the sentence its summary comes from);
    `evidence` lists every report (document, sentence, offsets of the predicate).
    """
    return encoded_chunks(_lines(events, event_mentions, sentences, documents, entities))


def _lines(
    events: pd.DataFrame,
    event_mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    entities: pd.DataFrame,
) -> Iterator[str]:
    """The records' lines, each ending with a newline; the tables let go of once read, but `events`."""
    # only the sentences that report an event, and the columns read of them and of the reports: every
    # sentence of the corpus, or every column, as records would not be small
    reporting = sentences.loc[
        sentences["sentence_id"].isin(event_mentions["sentence_id"]),
        ["sentence_id", "seq", "char_start", "char_end", "text"],
    ]
    del sentences
    sentence_of = {row.sentence_id: row for row in records(reporting)}
    del reporting
    cited = documents[["doc_id", "source_name", "title", "url", "publisher", "publication_date"]]  # not the texts
    del documents
    document_of = {row.doc_id: row for row in records(cited)}
    del cited
    kind_of = dict(zip(entities["entity_id"], entities["kind"], strict=True))
    del entities
    reports: dict[str, list[Any]] = defaultdict(list)
    for report in records(event_mentions[["event_id", "doc_id", "sentence_id", "char_start", "char_end"]]):
        reports[str(report.event_id)].append(report)
    del event_mentions
    for event in records_by_batch(events):
        group = reports.get(event.event_id, [])
        first = _first_report(group, event.summary, sentence_of)
        record: dict[str, Any] = {
            "id": event.event_id,
            "date": _text(event.event_date),
            "date_precision": _text(event.date_precision),
            "date_start": _day(event.date_start),
            "date_end": _day(event.date_end),
            "source": [_actor(event.source_actor_id, event.source_actor, event.source_country, kind_of)],
            "recipient": (
                [_actor(event.target_actor_id, event.target_actor, event.target_country, kind_of)]
                if _text(event.target_actor_id)
                else []
            ),
            "event": [event.event_type],
            "mode": [event.mode] if _text(event.mode) else [],
            "context": FACTUALITY_CONTEXT[event.factuality],
            "factuality": event.factuality,
            "cameo_code": _text(event.cameo_code),
            "text": event.summary,
            "text_info": _text_info(first, sentence_of),
            "cite_info": _cite_info(first, document_of),
            "evidence": [
                {
                    "doc_id": report.doc_id,
                    "sentence_id": report.sentence_id,
                    "sequence": int(sentence_of[report.sentence_id].seq) if report.sentence_id in sentence_of else None,
                    "predicate_start": int(report.char_start),
                    "predicate_end": int(report.char_end),
                }
                for report in group
            ],
            "event_loc": _location(event),
            "quad_code": QUAD_CLASSES.index(event.quad_class) + 1,
            "event_scale": None if event.intensity != event.intensity else float(event.intensity),
            "event_scale_basis": event.intensity_basis,
            "num_articles": int(event.num_articles),
            "num_sources": int(event.num_sources),
            "coder": CODER,
        }
        yield json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


def _location(event: Any) -> dict[str, Any] | None:
    """PLOVER's location object for an event's location, or None when it has none."""
    gazetteer_id = _text(event.location_id)
    if gazetteer_id is None:
        return None
    cc3 = _text(event.location_country)
    country = pycountry.countries.get(alpha_3=cc3) if cc3 else None
    return {
        "geonameid": int(gazetteer_id.split(":")[1]) if gazetteer_id.startswith("geonames:") else None,
        "name": event.location_name,
        "latitude": None if event.latitude != event.latitude else float(event.latitude),
        "longitude": None if event.longitude != event.longitude else float(event.longitude),
        "country_code": str(country.alpha_2) if country is not None else None,
        "cc3": cc3,
        "admin1_code": _text(event.location_admin1),
        "place_class": event.location_class,
        "gazetteer_id": gazetteer_id,
        "basis": event.location_basis,
    }


def _first_report(rows: list[Any], summary: str, sentence_of: dict[str, Any]) -> Any | None:
    """The report whose sentence is the event's summary, else the first one."""
    matching = [row for row in rows if row.sentence_id in sentence_of and sentence_of[row.sentence_id].text == summary]
    return (matching or rows or [None])[0]


def _actor(entity_id: Any, name: Any, country: Any, kind_of: dict[str, str]) -> dict[str, Any]:
    actor: dict[str, Any] = {"identifier_id": entity_id, "identifier_text": name}
    if _text(country):
        actor["code"] = country
    sector = KIND_SECTOR.get(kind_of.get(entity_id, ""))
    if sector:
        actor["sector"] = sector
    return actor


def _text_info(report: Any | None, sentence_of: dict[str, Any]) -> dict[str, Any] | None:
    if report is None or report.sentence_id not in sentence_of:
        return None
    sentence = sentence_of[report.sentence_id]
    return {
        "sentence_id": report.sentence_id,
        "sequence": int(sentence.seq),
        "start": int(sentence.char_start),
        "end": int(sentence.char_end),
        "predicate_start": int(report.char_start),
        "predicate_end": int(report.char_end),
    }


def _cite_info(report: Any | None, document_of: dict[str, Any]) -> dict[str, Any] | None:
    if report is None or report.doc_id not in document_of:
        return None
    document = document_of[report.doc_id]
    return {
        "citation": document.doc_id,
        "source_name": document.source_name,
        "title": _text(document.title),
        "url": _text(document.url),
        "publication": _text(document.publisher),
        "publication_date": _text(document.publication_date),
        "codebook": CODEBOOK,
    }


def _day(value: Any) -> str | None:
    """A date cell as YYYY-MM-DD, or None for a null one."""
    return value.isoformat() if isinstance(value, date) else None


def _text(value: Any) -> str | None:
    """A text cell, or None for a null or empty one."""
    return value if isinstance(value, str) and value != "" else None
