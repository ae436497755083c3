"""Stages: roles, quantities, timexes and events -> conflicts; events, their reports and dates -> timeline.

`conflicts` lists where sources disagree, one row per disagreement with both values and the
documents and sentences behind each:
- role: one person given two different roles at the same organisation (one article calls the
  chief operating officer the chief executive);
- count: two numbers for the same measure of the same occasion whose ranges cannot both hold.
  A qualified number is a range ("more than 160" is (160, inf), "killed 166" is [166, 166]), so
  consistent reports are not flagged. The occasion is the measure and the years named in the
  sentence ("the 2008 attacks ... killed 166").
- date: reports that date the same event incompatibly: neither date contains the other as a period
  of time (`2015-12-30` and `2015-12-31` disagree, so do `2015-W53` and `2015-12`; `2015-12` and
  `2015-12-30` agree: schemas.timex3), each comes
  from a time expression of its report (date basis explicit or relative: a publication date says
  when an article appeared, not when the event happened), and they are in different documents.
  Two cases:
  - reports of one event (the event_mentions of one event_id). The events stage merges compatible
    dates only, so this catches only what a later change of that clustering lets through;
  - two events the events stage kept apart only because of their dates: same type, source, target
    and factuality *asserted*, each dated to the day (or to a time of day) by a report of its own, at
    most one day apart, and no article reporting both. Conservative on purpose: the same act by the
    same actors on dates further apart is most often a second occurrence (the original 30 November
    deadline and the extended 30 December one; a refusal restated a month later); an intended or
    hypothetical act can be rescheduled; an article that gives both dates tells of two occurrences. A
    day apart is how sources usually disagree on one event (local time, "yesterday" read from
    different days).

`timeline` lists the events in story order with a one-line summary, their number of sources and
the days each can lie in:
- `date_start` / `date_end`: the first and last day of its `event_date` (`2015` -> 2015-01-01 ..
  2015-12-31; `2015-W53` -> 2015-12-28 .. 2016-01-03).
- `not_before` / `not_after`: the days it can lie in: `date_start` and `date_end`, `not_after`
  brought forward (`not_after_basis`) by a deadline in one of its reports or in their clausal
  content ("ordered to exit [by November 30]": the order came no later than 30 November;
  `facts.is_deadline`: "by", "until", "to"), or by the publication of the earliest dated article
  reporting it (what is reported was done, said or planned by then). A bound before the event's own
  period contradicts that date (a plan dated after the article that announces it) and is ignored.
  `event_date` itself is left as the events stage set it.
- order: by `not_after`, then `not_before`. That never lists an event before one that surely came
  earlier (whose `not_after` is before its `not_before`); an event known only to its year comes after
  the steps that a day, a month or a deadline places in that year. Events the dates do not separate:
  background reports first (past perfect, "had ordered"), then by their first report: its
  document's place in time (publication date; for an undated document, the latest date it reports
  in the past tense other than a deadline; documents with neither last, in input order), how it
  tells the event (as past before as current: a news lead tells the latest step first, in the
  present), its sentence; then `event_id`.
- every event is listed whatever its factuality: threats, announced plans and offers are steps of a
  story (the July threat, the exit announcement) and `factuality` marks them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from itertools import combinations
from typing import Any

import pandas as pd

from pipeline.frames import records
from schemas import timex3

CONFLICT_COLUMNS = [
    "conflict_id", "kind", "subject", "attribute", "value_a", "doc_id_a", "sentence_id_a", "value_b",
    "doc_id_b", "sentence_id_b",
]  # fmt: skip
TIMELINE_COLUMNS = [
    "event_id", "event_date", "date_precision", "date_start", "date_end", "not_before", "not_after", "not_after_basis",
    "event_type", "source_actor", "target_actor", "factuality", "is_background", "summary", "num_sources",
]  # fmt: skip
# Date bases of a report's own time expression (not a publication date standing in for one).
_DATED_BASES = {"explicit", "relative"}
# Separate events dated this many days apart or less may be one event the sources date differently.
_NEAR_DAYS = 1
# Precisions of an event dated "to the day" for the near-date rule: a day, or a time within one.
_DAY_PRECISIONS = {"day", "part_of_day", "time"}
# Clause relations of an event's content ("ordered it [to exit by November 30]").
_CONTENT_RELATIONS = {"xcomp", "ccomp"}
# What the timeline reads of a fact.
_TIMELINE_FACT_COLUMNS = [
    "fact_id", "doc_id", "parent_fact_id", "clause_relation", "is_background", "tense", "predicate_pos", "timex_id",
    "is_deadline",
]  # fmt: skip


def conflicts(
    roles: pd.DataFrame,
    entities: pd.DataFrame,
    timexes: pd.DataFrame,
    quantities: pd.DataFrame,
    events: pd.DataFrame,
    event_mentions: pd.DataFrame,
) -> pd.DataFrame:
    """One row per pair of reports that disagree on a person's role, a count or the date of an event.

    Grain: one row per disagreeing pair of (document, sentence) reports.
    """
    name = dict(zip(entities["entity_id"], entities["canonical_name"], strict=True))
    rows = _role_conflicts(roles, name) + _count_conflicts(quantities, timexes)
    rows += _date_conflicts(events, event_mentions)
    table = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return table.sort_values("conflict_id", kind="stable").reset_index(drop=True)


def timeline(
    events: pd.DataFrame,
    event_mentions: pd.DataFrame,
    facts: pd.DataFrame,
    timexes: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
) -> pd.DataFrame:
    """The events in story order, one line each, with the days each can lie in (`not_before`,
    `not_after`) and what bounds it; the order is explained in the module docstring.

    Grain: one row per event.
    """
    value_of = dict(zip(timexes["timex_id"], timexes["value"], strict=True))
    facts = timeline_facts(facts, event_mentions)
    fact_of = {fact.fact_id: fact for fact in records(facts)}
    content: dict[str, list[Any]] = defaultdict(list)  # "ordered it [to exit by November 30]"
    for fact in fact_of.values():
        if isinstance(fact.parent_fact_id, str) and fact.clause_relation in _CONTENT_RELATIONS:
            content[fact.parent_fact_id].append(fact)
    published = {
        doc_id: timex3.bounds(value)
        for doc_id, value in zip(documents["doc_id"], documents["publication_date"], strict=True)
    }
    rank = _document_ranks(documents, facts, value_of)
    seq_of = dict(zip(sentences["sentence_id"], sentences["seq"], strict=True))
    mentions_of: dict[str, list[list[Any]]] = defaultdict(list)  # event -> [fact, doc, sentence, start]
    mention_columns = [event_mentions[c] for c in ("event_id", "fact_id", "doc_id", "sentence_id", "char_start")]
    for event_id, *mention in zip(*mention_columns, strict=True):
        mentions_of[event_id].append(mention)
    keys: list[tuple[Any, ...]] = []
    computed: dict[str, list[Any]] = {"not_before": [], "not_after": [], "not_after_basis": [], "is_background": []}
    for event_id, event_date in zip(events["event_id"], events["event_date"], strict=True):
        own = timex3.bounds(event_date)
        not_before, not_after = own if own else (None, None)
        basis = "event_date" if own else None
        bounds: list[tuple[date, int, str]] = []
        background = False
        first: tuple[Any, ...] = (len(rank), 3, 0, 0)
        for fact_id, doc_id, sentence_id, char_start in mentions_of[event_id]:
            fact = fact_of.get(fact_id)
            if fact is None:
                continue
            background = background or bool(fact.is_background)
            for node in [fact, *content[fact_id]]:
                deadline = timex3.bounds(value_of.get(node.timex_id)) if node.is_deadline else None
                if deadline is not None:
                    bounds.append((deadline[1], 0, "deadline"))
            report = published.get(doc_id)
            if report is not None:
                bounds.append((report[1], 1, "publication"))
            place = (rank.get(doc_id, len(rank)), _stratum(fact, fact_of), seq_of.get(sentence_id, 0))
            first = min(first, (*place, char_start))
        for bound, _, kind in sorted(bounds):  # a bound before the event's own period contradicts it: ignored
            if (not_before is None or bound >= not_before) and (not_after is None or bound < not_after):
                not_after, basis = bound, kind
        computed["not_before"].append(not_before)
        computed["not_after"].append(not_after)
        computed["not_after_basis"].append(basis)
        computed["is_background"].append(background)
        keys.append((not_after is None, not_after or date.min, not_before or date.min, not background, first, event_id))
    if not keys:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ordered = events.iloc[order].reset_index(drop=True)
    made: dict[str, Any] = {column: [values[i] for i in order] for column, values in computed.items()}
    made |= timex3.date_columns(ordered["event_date"])
    made |= {column: pd.Series(made[column], dtype=timex3.DATE_DTYPE) for column in ("not_before", "not_after")}
    return pd.DataFrame({column: made[column] if column in made else ordered[column] for column in TIMELINE_COLUMNS})


def timeline_facts(facts: pd.DataFrame, event_mentions: pd.DataFrame) -> pd.DataFrame:
    """The facts the timeline reads, with only the columns it reads: those that report an event, the
    clauses they are part of and their clausal content, and the dated past-tense facts that place an
    undated document in time. Each document's rows depend only on its own facts and event mentions.

    Grain: one row per such fact, in the facts' order.
    """
    reporting = facts["fact_id"].isin(event_mentions["fact_id"])
    is_content = facts["clause_relation"].isin(_CONTENT_RELATIONS)
    looked_at = (
        reporting
        | facts["fact_id"].isin(facts.loc[reporting, "parent_fact_id"].dropna())
        | (is_content & facts["parent_fact_id"].isin(facts.loc[reporting, "fact_id"]))
        | _dated_past(facts)
    )
    return facts.loc[looked_at, _TIMELINE_FACT_COLUMNS].reset_index(drop=True)


def _dated_past(facts: pd.DataFrame) -> pd.Series:
    """Facts told in the past tense with a time expression that is not a deadline."""
    return (facts["tense"] == "past") & ~facts["is_deadline"].astype(bool) & facts["timex_id"].notna()


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
        parsed = timex3.parse(value)
        if parsed is not None and parsed.year is not None:  # the year a value names (none for XXXX or a decade)
            years_of.setdefault(sentence_id, set()).add(f"{parsed.year:04d}")
    reports = [  # occasion, text, doc, sentence, low, high
        (f"{q.measure} {','.join(sorted(years_of.get(q.sentence_id, set())))}".strip(), q.phrase, q.doc_id,
         q.sentence_id, q.low, q.high)
        for q in records(quantities)
    ]  # fmt: skip
    rows = []
    # a sentence may count one measure twice ("35 were killed in one town, 11 in another"): each count is
    # a report of its own, named by its phrase; the same phrase twice in a sentence is one report
    for a, b in combinations(sorted(set(reports)), 2):
        if a[0] != b[0] or a[2] == b[2] or not (a[5] < b[4] or b[5] < a[4]):
            continue
        rows.append(
            {
                "conflict_id": _conflict_id("count", a[0], a[3], a[1], b[3], b[1]),
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


def _stratum(fact: Any, fact_of: dict[str, Any]) -> int:
    """How a report places its event against the other events of its article: 0 background (past
    perfect, "had ordered"); 1 told as past ("rescinded", "announced that it would cease": a
    present under a past clause; an event noun, "the demand", names what happened); 2 told as
    current (a future, "said it will now continue"; a present verb or adjective under no past
    clause, "says it will remain", "is willing to assist": a stance, an intention, an offer)."""
    if fact.is_background:
        return 0
    if fact.tense == "future":
        return 2
    parent = fact_of.get(fact.parent_fact_id) if isinstance(fact.parent_fact_id, str) else None
    if fact.tense == "past" or fact.predicate_pos == "NOUN" or (parent is not None and parent.tense == "past"):
        return 1
    return 2


def _document_ranks(documents: pd.DataFrame, facts: pd.DataFrame, value_of: dict[str, Any]) -> dict[str, int]:
    """doc_id -> the document's place in time, for ordering events that their dates do not separate.

    By publication date (its first day); for an undated document, by the latest date it reports in
    the past tense other than a deadline ("On Dec. 31, the COO announced": written on or after that
    day); documents with neither come last, in input order.
    """
    when: dict[str, date] = {}
    for doc_id, value in zip(documents["doc_id"], documents["publication_date"], strict=True):
        period = timex3.bounds(value)
        if period is not None:
            when[doc_id] = period[0]
    past = facts[_dated_past(facts)]
    estimated: dict[str, date] = {}
    for doc_id, timex_id in zip(past["doc_id"], past["timex_id"], strict=True):
        period = timex3.bounds(value_of.get(timex_id))
        if doc_id not in when and period is not None and period[0] > estimated.get(doc_id, date.min):
            estimated[doc_id] = period[0]
    when.update(estimated)
    doc_ids = list(documents["doc_id"])
    order = sorted(range(len(doc_ids)), key=lambda i: (doc_ids[i] not in when, when.get(doc_ids[i], date.min), i))
    return {doc_ids[i]: rank for rank, i in enumerate(order)}


def _date_conflicts(events: pd.DataFrame, event_mentions: pd.DataFrame) -> list[dict[str, Any]]:
    """Reports that date an event incompatibly, under the rule in the module docstring."""
    event_of = {event.event_id: event for event in records(events)}
    docs_of: dict[str, set[str]] = defaultdict(set)
    reports_of: dict[str, list[Any]] = defaultdict(list)  # reports with a date of their own
    for mention in records(event_mentions.sort_values(["event_id", "doc_id", "sentence_id", "fact_id"])):
        docs_of[mention.event_id].add(mention.doc_id)
        if mention.event_id in event_of and mention.date_basis in _DATED_BASES and timex3.bounds(mention.event_date):
            reports_of[mention.event_id].append(mention)
    rows: list[dict[str, Any]] = []
    for event_id in sorted(reports_of):  # one event, reports that cannot both hold
        by_value: dict[str, list[Any]] = defaultdict(list)
        for mention in reports_of[event_id]:
            by_value[mention.event_date].append(mention)
        for value_a, value_b in combinations(sorted(by_value), 2):
            pairs = [(a, b) for a in by_value[value_a] for b in by_value[value_b] if a.doc_id != b.doc_id]
            if pairs and not timex3.compatible(value_a, value_b):
                rows.append(_date_row(event_of[event_id], *pairs[0]))
    alike: dict[tuple[str, str, str], list[Any]] = defaultdict(list)  # separate events, a day apart
    for event in event_of.values():
        own = [m for m in reports_of[event.event_id] if m.event_date == event.event_date]
        if event.factuality == "asserted" and event.date_precision in _DAY_PRECISIONS and own:
            target = event.target_actor_id if isinstance(event.target_actor_id, str) else ""
            alike[(event.event_type, event.source_actor_id, target)].append((event, own[0]))
    for key in sorted(alike):
        in_order = sorted(alike[key], key=lambda pair: (timex3.sort_key(pair[0].event_date), pair[0].event_id))
        for (one, a), (other, b) in combinations(in_order, 2):
            first, second = timex3.bounds(one.event_date), timex3.bounds(other.event_date)
            if first is None or second is None or not 0 < (second[0] - first[0]).days <= _NEAR_DAYS:
                continue
            if not docs_of[one.event_id] & docs_of[other.event_id]:  # no article tells of both occurrences
                rows.append(_date_row(one, a, b))
    return rows


def _date_row(event: Any, a: Any, b: Any) -> dict[str, Any]:
    target = f" → {event.target_actor}" if isinstance(event.target_actor, str) else ""
    return {
        "conflict_id": _conflict_id(
            "date", a.event_id, a.sentence_id, a.event_date, b.event_id, b.sentence_id, b.event_date
        ),
        "kind": "date",
        "subject": f"{event.event_type}: {event.source_actor}{target}",
        "attribute": "event_date",
        "value_a": a.event_date,
        "doc_id_a": a.doc_id,
        "sentence_id_a": a.sentence_id,
        "value_b": b.event_date,
        "doc_id_b": b.doc_id,
        "sentence_id_b": b.sentence_id,
    }
