"""Stage: facts -> events, event_mentions (PLOVER coding, dating, factuality, deduplication).

Coding: a fact is an event when its predicate (verb lemma with particle, event noun or adjective)
matches a row of `verb_patterns.csv` (the most specific row wins: one whose object constraint names
the fact's object, clausal complement or the kind of its object's actor; a row without a type says
the combination is no event). A light verb takes its event noun's coding ("imposed sanctions",
"engaged in combat"). A negated predicate whose row names a `negated_type` is that type, asserted
("will not comply" is a refusal, "will not discontinue operations" a commitment to stay); otherwise
it is the row's type with factuality *negated*. Reporting verbs are not events: what they report is
("announced that it would cease operations" is the cessation, intended); so are commitments whose
clause codes ("vowed to stage protests"). What a speaker says is an event when it judges another's
act (`source_role` speaker: "said the ruling was unjustified", "called the move a coup") or says
what another must do (a REQUEST, when the speaker states it, not another's decision it reports). A
stance read from what one will or will not do is taken by saying it: only the speaker's own. What did
not happen is no event (a hypothetical in the past: "could have blocked", "if the demand was not met";
an event noun of what may happen: "fears of an invasion"), nor is a habit ("regularly carry out
attacks"). The content of an event is not a second event: its clausal complement, the clause of its
event noun, the event noun a light verb takes, what another is accused of.

Actors: the source is the fact's subject entity (the agent of a passive; the speaker of a judgement);
the target is its object entity, else the subject of a clause it governs ("wanted the company to
provide" -> the company), else that clause's object ("threatened to ban X" -> X), else the first
entity among its prepositional complements or its event noun's; parties "between" whom an event
takes place target each other, and so do parties conjoined as the subject of a consultation, clash
or exchange that names no other ("Kenya and Uganda met", "police and protesters clashed"). An
agentless passive of an authority's act is the government body's last named (a request only when it
asks someone: "funds are being sought" may be sought by anyone), but a person withdrawn ("the envoy
was recalled") is withdrawn by their own government.
An event needs a source actor; a consultation named by a noun, a second party.

Dates (`date_basis`): the fact's own time expression unless it is a deadline ("by December 30":
the deadline is not when the announcement happened) -> *explicit* or *relative*; else that of the
clause that reports or governs it ("On Dec. 31, the COO announced that ...") -> same, but not a
noun's relative or participle clause's ("the body that jailed him") nor one put at another time
("after raiding the offices, prosecutors on Wednesday charged ..."); else the document's
publication date -> *publication* (at year precision for a past clause, or one reported in the past,
which happened some time before publication; an untensed clause, "with Estonia promising to donate",
"adding that it will appeal", has its governing clause's tense). A report's date is a calendar date,
as event coders and PLOVER write them: the finest YYYY-MM-DD, YYYY-MM or YYYY that holds its time
expression's value (a week inside one month is that month, a clock time its day, a summer its year:
schemas.timex3.calendar_date); the value itself stays in `timexes`. A value no calendar date holds (a
week across two years) dates nothing and the next basis is tried.

Deduplication (the matching rule): reports are the same event when they agree on event type,
source, target and factuality and their dates are compatible: one contains the other as periods of
time (`2015-12` and `2015-12-30`, not `2015-12-30` and `2015-12-31`: schemas.timex3), or one
unknown. Reports with two different dates of the same precision stay apart (the 30 November deadline
and the extended 30 December one), and so do two clauses of one sentence that are neither conjoined
nor of the same verb (a writer does not report one event twice in a sentence but to restate it). An
event noun without a time of its own refers to an event its document reports and joins it whatever
its factuality ("rescinded its shutdown order"). A coarse report joins the finest compatible cluster
with the most reports. The event takes the most precise date of its reports, and `event_id` hashes
type, source, target, factuality and that date.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from pipeline.frames import records
from pipeline.plover import FACTUALITY, PatternIndex
from schemas import timex3

EVENT_COLUMNS = [
    "event_id", "event_date", "date_precision", "date_start", "date_end", "date_basis", "event_type", "mode",
    "cameo_code", "source_actor_id", "source_actor", "source_country", "target_actor_id", "target_actor",
    "target_country", "factuality", "predicate", "summary", "num_mentions", "num_articles", "num_sources",
    "first_reported", "last_reported",
]  # fmt: skip
EVENT_MENTION_COLUMNS = [
    "event_id", "doc_id", "sentence_id", "fact_id", "char_start", "char_end", "predicate", "event_date",
    "date_start", "date_end", "date_basis", "factuality",
]  # fmt: skip
ACTOR_KINDS = {"ORG", "PERSON", "GOV", "COUNTRY"}
# Verbal stances: a statement of future acceptance or refusal is itself the act.
STANCE_TYPES = {"AGREE", "REJECT"}
# What an authority does to others: an agentless passive of these ("was ordered", "was allowed",
# "the deadline was extended") is credited to the government body last named (facts.implicit_agent).
AUTHORITY_TYPES = {"COERCE", "REQUEST", "CONCEDE", "RETREAT", "SANCTION"}
# Types of acts, and verbs, done with one another: parties conjoined as their subject are each other's
# target ("Kenya and Uganda met", "held talks", "clashed", "exchanged fire"), as those "between" whom they
# take place are.
RECIPROCAL_TYPES = {"CONSULT"}
RECIPROCAL_PREDICATES = {"clash", "exchange", "trade"}
# Events of moving someone or something away: "from X" after their noun names the place left ("the
# withdrawal of troops from Iraq"), not the agent as it does after others ("aid from the United States",
# "a demand from the union").
MOVEMENT_TYPES = {"RETREAT", "SANCTION", "COERCE"}
# ... except those of sending someone out of the agent's own land: "the expulsion of diplomats from
# Britain" is Britain's.
EXPULSION_MODES = {"expel", "deport"}
# Types of hostile acts: calling another's act one of these accuses its author ("said the move was a coup").
HOSTILE_TYPES = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# The prepositions after which a light verb's event noun may come: "engaged in combat", "hit Google with
# a fine", "went into battle".
LIGHT_VERB_PREPOSITIONS = ("in", "into", "with")
# Modes of acts done to a person: the possessor of their noun, when no "of" names the patient, is the
# patient ("his arrest", "my release", "her conviction"), not the agent ("Britain's expulsion of ...").
PATIENT_MODES = {"arrest", "release", "deport", "expel", "convict", "execute", "assassinate", "abduct"}
# Modes of withdrawing one's own people: an agentless passive of these ("the envoy was recalled") is the
# act of the person's own government, not of the authority last named.
OWN_GOVERNMENT_MODES = {"withdraw"}
# Clauses without a tense of their own (an open complement, a participle or infinitive adjunct, a bare
# conjunct sharing its first conjunct's auxiliary): their time is their governing clause's ("pledged,
# with Estonia [promising] [to donate]"; "it was decided they would go ahead and [sign]").
UNTENSED_RELATIONS = {"xcomp", "advcl", "acl", "pcomp", "conj"}
# Clauses that tell of a noun at their own time, not at their governing clause's: a relative or participle
# clause ("the body [that jailed him]", "a body [established after ...]").
OWN_TIME_RELATIONS = {"relcl", "acl"}
# How an event noun that is an argument of its governing predicate is attached to it (facts'
# clause_relation): subject, object, or object of a preposition of the predicate itself.
ARGUMENT = {"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd", "pobj"}
# Precisions of a document's own dates that tell the year it is about (a bare year is often background).
_YEAR_TELLING = timex3.PRECISIONS[timex3.PRECISIONS.index("month") :]
# The columns events take from a cluster's best-dated, first and first targeted report.
_BEST_COLUMNS = (
    "event_type", "source_actor_id", "factuality", "event_date", "date_precision", "date_basis", "mode", "cameo_code",
)  # fmt: skip
_FIRST_COLUMNS = ("fact_id", "source_actor_id", "source_actor", "source_country", "predicate", "sentence_text")
_TARGET_COLUMNS = ("target_actor_id", "target_actor", "target_country")


def event_reports(
    facts: pd.DataFrame,
    entities: pd.DataFrame,
    timexes: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    verb_patterns: pd.DataFrame,
    light_verbs: pd.DataFrame,
    attribution_cues: pd.DataFrame,
) -> pd.DataFrame:
    """One row per fact that codes to an event (headlines left out), with its actors, date,
    factuality and the text of its sentence (`sentence_text`), in the facts' order.

    Grain: one row per (fact, source actor). Each document's rows depend only on its own facts,
    time expressions and sentences (and the corpus's entities), so the reports of a corpus are
    those of its parts one after the other. Each report carries its sentence's text so that events
    summarise from the reports alone: no cross-document stage holds every sentence's text.
    """
    headlines = set(sentences.loc[sentences["is_headline"], "sentence_id"])
    reports = _reports(
        facts[~facts["sentence_id"].isin(headlines)],
        entities,
        timexes,
        documents,
        verb_patterns,
        set(light_verbs["lemma"]),
        attribution_cues,
    )
    if reports.empty:
        return reports
    text_of = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    return reports.assign(sentence_text=reports["sentence_id"].map(text_of))


def events(event_reports: pd.DataFrame, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deduplicated events and one event_mentions row per reporting sentence, from the event reports
    of the corpus in corpus order.

    Grain: `events` one row per real-world event (across articles); `event_mentions` one row per
    (event, fact) that reports it.
    """
    if event_reports.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS), pd.DataFrame(columns=EVENT_MENTION_COLUMNS)
    # reports in corpus order; those of one fact (one per source) share its place
    num_orders = pd.factorize(event_reports["fact_id"])[0]
    clusters = np.asarray(_clusters(event_reports, num_orders))
    published = dict(zip(documents["doc_id"], documents["publication_date"], strict=True))
    source_of = {
        row.doc_id: (row.publisher if isinstance(row.publisher, str) else row.doc_id) for row in records(documents)
    }
    # the reports cluster by cluster (in cluster number order), each cluster's in report order
    by_cluster = np.argsort(clusters, kind="stable")
    grouped = event_reports.iloc[by_cluster].reset_index(drop=True)
    numbers = clusters[by_cluster]
    starts = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
    sizes = np.diff(np.r_[starts, len(grouped)])
    group = np.repeat(np.arange(len(starts)), sizes)
    position = np.arange(len(grouped))
    num_order = num_orders[by_cluster]

    def picked(columns: tuple[str, ...], *keys: np.ndarray) -> dict[str, list[Any]]:
        """The columns of each cluster's first report ordered by `keys` (then report order)."""
        first_rows = np.lexsort((position, *reversed(keys), group))[starts]
        return {column: grouped[column].to_numpy()[first_rows].tolist() for column in columns}

    # best: the most precise date, then the first reported; first: the first reported; targeted: the
    # first reported that names a target, else the first
    best = picked(_BEST_COLUMNS, -grouped["event_date"].map(_date_rank).to_numpy(), num_order)
    first = picked(_FIRST_COLUMNS, num_order)
    targeted = picked(_TARGET_COLUMNS, grouped["target_actor_id"].isna().to_numpy(), num_order)
    # each cluster's articles, sources and publication dates, cluster by cluster (its reports are consecutive)
    doc_ids = grouped["doc_id"].tolist()
    num_articles, num_sources, earliest, latest = [], [], [], []
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        articles = set(doc_ids[start : start + size])
        days = [days for date in map(published.get, articles) if (days := timex3.bounds(date)) is not None]
        num_articles.append(len(articles))
        num_sources.append(len({source_of[doc_id] for doc_id in articles if doc_id in source_of}))
        earliest.append(min(first for first, _ in days) if days else None)
        latest.append(max(last for _, last in days) if days else None)
    event_ids: list[str] = []
    used_keys: set[str] = set()
    for number in range(len(starts)):
        key = "|".join(
            [str(best[c][number]) for c in ("event_type", "source_actor_id", "factuality", "event_date")]
            + [str(targeted["target_actor_id"][number])]
        )
        if key in used_keys:  # a second event with the same content ("also requested"): its first report tells it apart
            key += f"|{first['fact_id'][number]}"
        used_keys.add(key)
        event_ids.append(hashlib.sha256(key.encode()).hexdigest()[:16])
    # built column by column: a row dict per event would hold every key again for each event
    events_table = pd.DataFrame(
        {
            "event_id": event_ids,
            **{c: best[c] for c in ("event_date", "date_precision")},
            **timex3.date_columns(pd.Series(best["event_date"], dtype=object)),
            **{c: best[c] for c in ("date_basis", "event_type", "mode", "cameo_code")},
            **{c: first[c] for c in ("source_actor_id", "source_actor", "source_country")},
            **{c: targeted[c] for c in ("target_actor_id", "target_actor", "target_country")},
            "factuality": best["factuality"],
            "predicate": first["predicate"],
            "summary": first["sentence_text"],  # the text of the sentence that first reports it
            "num_mentions": sizes.tolist(),
            "num_articles": num_articles,
            "num_sources": num_sources,
            "first_reported": pd.Series(earliest, dtype=timex3.DATE_DTYPE),
            "last_reported": pd.Series(latest, dtype=timex3.DATE_DTYPE),
        },
        columns=EVENT_COLUMNS,
    )
    mention_rows = grouped[[c for c in EVENT_MENTION_COLUMNS[1:] if c not in ("date_start", "date_end")]].assign(
        event_id=np.asarray(event_ids, dtype=object)[group], **timex3.date_columns(grouped["event_date"])
    )
    mentions_table = (
        mention_rows[EVENT_MENTION_COLUMNS]
        .drop_duplicates(["event_id", "fact_id"])
        .sort_values(["event_id", "doc_id", "sentence_id", "fact_id"], kind="stable")
        .reset_index(drop=True)
    )
    events_table = events_table.sort_values("event_id", kind="stable")
    return events_table.reset_index(drop=True), mentions_table


def _reports(
    facts: pd.DataFrame,
    entities: pd.DataFrame,
    timexes: pd.DataFrame,
    documents: pd.DataFrame,
    verb_patterns: pd.DataFrame,
    light_verbs: set[str],
    attribution_cues: pd.DataFrame,
) -> pd.DataFrame:
    """One row per fact that codes to an event, with its actors, date and factuality.

    The content of an event is not a second event: the clausal complement of a fact that codes as an
    event ("threatened [to ban X]", "ordered it [to provide access]", "refused [to comply]") is part
    of that event.
    """
    lookups = _Lookups(
        speech=set(attribution_cues.loc[attribution_cues["kind"] == "speech", "lemma"].str.lower()),
        commitments=set(attribution_cues.loc[attribution_cues["kind"] == "commitment", "lemma"].str.lower()),
        intentions=set(attribution_cues.loc[attribution_cues["kind"] == "intention", "lemma"].str.lower()),
        index=PatternIndex(verb_patterns),
        light_verbs=light_verbs,
        entity={row.entity_id: row for row in records(entities)},
        timex={row.timex_id: row for row in records(timexes)},
        published=_reference_dates(documents, timexes),
        governments=_governments(entities),
    )
    return pd.DataFrame(_fact_reports(facts, lookups))


class _Coded(NamedTuple):
    """How a fact codes: its verb pattern's type, mode and CAMEO code (the negated type when the fact is
    negated and the pattern names one: `negation_absorbed`), which argument acts (`source_role`), the
    factuality the pattern fixes ("" when the text decides), and whether a light verb took it from its
    event noun (`by_noun`: "held talks")."""

    event_type: str
    mode: str
    cameo: str
    negation_absorbed: bool
    source_role: str
    factuality: str
    by_noun: bool = False
    object: str = ""  # the object its pattern names: "withheld [support]" is one act with its noun


@dataclass(frozen=True)
class _Lookups:
    """What coding a fact looks up besides the facts of its document."""

    speech: set[str]
    commitments: set[str]  # "vow", "pledge": the clause they commit to is the event when it codes
    intentions: set[str]  # "seek": with an open clause of its own subject, no request
    index: PatternIndex
    light_verbs: set[str]
    entity: dict[str, Any]
    timex: dict[str, Any]
    published: dict[str, tuple[str, str]]
    governments: dict[str, str]


def _fact_reports(facts: pd.DataFrame, lookups: _Lookups) -> list[dict[str, Any]]:
    """The report rows of facts of whole documents (`num_order`: the fact's row among them)."""
    entity = lookups.entity
    fact_rows = records(facts)
    by_id = {fact.fact_id: fact for fact in fact_rows}
    children: dict[str, list[str]] = defaultdict(list)
    for fact_id, parent in zip(facts["fact_id"], facts["parent_fact_id"], strict=True):
        if isinstance(parent, str):
            children[parent].append(fact_id)
    codings: dict[str, _Coded] = {}
    for fact in fact_rows:
        if fact.predicate in lookups.speech and (fact.complement_lemmas or fact.object_lemma is None):
            continue  # a reporting verb: what it reports is the event
        objects = {str(fact.object_lemma)} if isinstance(fact.object_lemma, str) else set()
        objects |= set(fact.complement_lemmas)
        objects |= {by_id[c].predicate for c in children[fact.fact_id] if by_id[c].predicate_pos != "NOUN"}
        objects |= {lemma for lemma in fact.complement_heads}
        if fact.predicate_pos == "ADJ" and isinstance(fact.subject_lemma, str):
            objects.add(fact.subject_lemma)  # what an adjective judges: "the accusation is groundless"
        if isinstance(fact.object_entity_id, str) and fact.object_entity_id in entity:
            objects.add(f"@{str(entity[fact.object_entity_id].kind).lower()}")  # "dismissed [a person]"
        reporting = by_id.get(by_id[_first_conjunct(fact, by_id)].parent_fact_id)
        said_directly = reporting is None or reporting.predicate in lookups.speech
        coded = _spoken_judgement(fact, _code(lookups.index, fact, objects, lookups.light_verbs), said_directly)
        if coded is not None and (_is_no_event_of_its_subject(lookups.index, fact) or _is_unrealised(fact)):
            coded = None
        if coded is not None:
            codings[fact.fact_id] = coded
    for fact in fact_rows:
        clauses = [by_id[c] for c in children[fact.fact_id] if by_id[c].clause_relation in ("xcomp", "ccomp")]
        if fact.predicate in lookups.commitments and any(c.fact_id in codings for c in clauses):
            del codings[fact.fact_id]  # "vowed to stage protests": the protest is the event, intended
        elif _refuses_to_comment(fact, clauses, codings, lookups.speech):
            del codings[fact.fact_id]  # "declined to say", "refused to comment": not an act of its own
        elif fact.predicate in lookups.intentions and _means_to_act_itself(fact, clauses):
            codings.pop(fact.fact_id, None)  # "seeks to expand its trade": no request to another
    rows: list[dict[str, Any]] = []
    for order, fact in enumerate(fact_rows):
        if fact.fact_id not in codings:
            continue
        if fact.is_elliptical or _is_content_of_coded(fact, by_id, codings):
            continue
        coded = codings[fact.fact_id]
        event_type, mode, cameo = coded.event_type, coded.mode, coded.cameo
        object_acts = coded.source_role == "object"
        if coded.source_role == "speaker":  # "X said the ruling was unjustified": X disapproves
            sources = [fact.attributed_entity_id]
        else:
            sources = [fact.object_entity_id] if object_acts else list(fact.subject_entity_ids)
        if fact.subject_relation == "from" and event_type in MOVEMENT_TYPES and mode not in EXPULSION_MODES:
            sources = []  # "the withdrawal of troops from Iraq": the place left, not who acts
        if fact.subject_relation == "poss" and not isinstance(fact.object_text, str) and mode in PATIENT_MODES:
            sources = []  # "his arrest", "my release": the possessor is who undergoes it
        if fact.voice == "passive" and fact.subject_relation == "poss" and _is_demand(lookups.index, fact.object_lemma):
            sources = []  # "their demands were met", "its request was rejected": not by who made them
        if not sources and event_type in AUTHORITY_TYPES:
            own = _own_government(fact, mode, entity, lookups.governments)
            if own is not None:  # "the envoy was recalled": by the envoy's own government
                sources = [own]
            elif isinstance(fact.implicit_agent_entity_id, str) and (
                event_type != "REQUEST" or _is_actor(fact.object_entity_id, entity)
            ):
                # "was allowed to continue", "was asked to leave": by the authority in charge; but what is
                # sought or requested ("funds are being sought") may be sought by anyone
                sources = [fact.implicit_agent_entity_id]
        for source in dict.fromkeys(_as_actor(s, entity, lookups.governments) for s in sources):
            if not _is_actor(source, entity) or _is_stance_of_another(fact, coded, str(source), entity):
                continue
            if object_acts:
                target = fact.subject_entity_id
            elif coded.source_role == "speaker":  # on whom the judgement or demand falls
                target = fact.subject_entity_id if isinstance(fact.subject_entity_id, str) else fact.object_entity_id
            elif fact.subject_relation == "between":  # "talks between X and Y": each party's target is the other
                target = next((other for other in fact.subject_entity_ids if other != source), None)
            else:
                target = _target(fact, children[fact.fact_id], by_id, entity, str(source), coded.negation_absorbed)
            target = _as_actor(target, entity, lookups.governments)
            reciprocal = event_type in RECIPROCAL_TYPES or fact.predicate in RECIPROCAL_PREDICATES
            if target in (None, source) and reciprocal and not object_acts:
                target = _other_party(fact.subject_entity_ids, str(source), entity, lookups.governments)
            if (fact.predicate_pos == "NOUN" or coded.by_noun) and event_type == "CONSULT" and target in (None, source):
                continue  # "the company's annual meeting", "held its annual meeting": one party is no consultation
            forecast = event_type == "THREATEN" and not coded.object and target in (None, source)
            if forecast and _is_forecast(children[fact.fact_id], by_id, codings):
                continue  # "warned the death toll would rise": a forecast that threatens no one
            unjudged = coded.source_role == "speaker" and target in (None, source)
            if unjudged and (coded.event_type == "REQUEST" or fact.predicate_pos == "NOUN"):
                continue  # "said it must leave", "what they call a war": no demand on, or name for, another's act
            date, precision, basis = _date(fact, by_id, lookups.timex, lookups.published)
            rows.append(
                {
                    "num_order": order,
                    "fact_id": fact.fact_id,
                    "doc_id": fact.doc_id,
                    "sentence_id": fact.sentence_id,
                    "char_start": fact.char_start,
                    "char_end": fact.char_end,
                    "predicate": fact.predicate,
                    "event_type": event_type,
                    "mode": mode or None,
                    "cameo_code": cameo or None,
                    **_actor("source", source, entity),
                    **_actor("target", target if target != source else None, entity),
                    "factuality": coded.factuality or _factuality(fact, event_type, by_id, coded.negation_absorbed),
                    "event_date": date,
                    "date_precision": precision,
                    "date_basis": basis,
                    "is_additional": bool(fact.is_additional),
                    # an event noun without a date of its own refers to an event reported elsewhere
                    "is_reference": fact.predicate_pos == "NOUN" and not isinstance(fact.timex_id, str),
                    "clause_id": "" if fact.predicate_pos == "NOUN" else _first_conjunct(fact, by_id),
                }
            )
    return rows


def _other_party(parties: Any, source: str, entity: dict[str, Any], governments: dict[str, str]) -> str | None:
    """The first of the parties conjoined as a subject that is another actor than `source`: "Kenya and
    Uganda met" -> Uganda for Kenya, Kenya for Uganda."""
    actors = (_as_actor(party, entity, governments) for party in parties)
    return next((actor for actor in actors if actor != source and _is_actor(actor, entity)), None)


def _restates(clauses: set[tuple[str, str]] | None, report: Any) -> bool:
    """Whether a report may join a cluster that its sentence reports through `clauses` already: an
    event noun always ("the government's request ... was requesting access"), a clause when it is
    conjoined to one of them or has the same verb."""
    if not clauses or not report.clause_id:
        return True
    return any(report.clause_id == clause or report.predicate == predicate for clause, predicate in clauses)


def _is_no_event_of_its_subject(index: PatternIndex, fact: Any) -> bool:
    """An intransitive verb that says of its subject what is no event: "shares [dropped]", "the price
    [rose]" (a row without a type for the verb and the subject's lemma)."""
    if fact.predicate_pos != "VERB" or isinstance(fact.object_lemma, str) or not isinstance(fact.subject_lemma, str):
        return False
    coding = index.code(fact.predicate, "VERB", {fact.subject_lemma})
    return coding is not None and not coding.event_type


def _refuses_to_comment(fact: Any, clauses: list[Any], codings: dict[str, _Coded], speech: set[str]) -> bool:
    """A refusal whose content is a reporting verb that codes nothing: "declined to say what share ..."."""
    if fact.fact_id not in codings or codings[fact.fact_id].event_type != "REJECT":
        return False
    return any(clause.predicate in speech and clause.fact_id not in codings for clause in clauses)


def _is_demand(index: PatternIndex, noun: Any) -> bool:
    """Whether a noun names a demand or request ("demands", "request", "ultimatum")."""
    coding = index.code(noun, "NOUN", set()) if isinstance(noun, str) else None
    return coding is not None and coding.event_type == "REQUEST"


def _is_forecast(clause_ids: list[str], by_id: dict[str, Any], codings: dict[str, _Coded]) -> bool:
    """A warning whose content is a clause that codes no event: "warned that prices will rise" foretells;
    "warned it would close the border" threatens an act."""
    clauses = [by_id[c] for c in clause_ids if by_id[c].clause_relation == "ccomp"]
    return bool(clauses) and not any(clause.fact_id in codings for clause in clauses)


def _means_to_act_itself(fact: Any, clauses: list[Any]) -> bool:
    """A verb of seeking whose open clause is its own subject's act: "Russia seeks [to expand] its trade"
    (not "sought talks", nor "sought the company's consent [to sell]"). Wanting to act stays a demand: "the
    officials wanted to monitor all traffic" asks it of whoever controls the traffic."""
    if isinstance(fact.object_lemma, str):
        return False
    return any(clause.clause_relation == "xcomp" and clause.voice == "active" for clause in clauses) and not any(
        clause.clause_relation == "ccomp" for clause in clauses
    )


def _is_stance_of_another(fact: Any, coded: _Coded, source: str, entity: dict[str, Any]) -> bool:
    """A refusal or commitment read from what one will, would or will not do ("will not comply", "would
    remain") is taken by saying it, so only by its speaker: one person saying another "cannot stay on"
    tells of that person's position, not of a stance the other took (a stance reported as done, "he
    refused to step down", is one). A spokesman saying the company will not comply speaks for it."""
    speaker = fact.attributed_entity_id
    said = coded.negation_absorbed or bool(fact.negated) or fact.modality != "asserted"
    if not (said and coded.event_type in STANCE_TYPES and isinstance(speaker, str)):
        return False
    people = speaker in entity and source in entity and entity[speaker].kind == entity[source].kind == "PERSON"
    return people and speaker != source


def _is_unrealised(fact: Any) -> bool:
    """What did not happen or happens as a habit: a hypothetical clause in the past, a counterfactual
    ("the company could have blocked the images") or an unmet condition ("if their demand was not met");
    an event noun of what may happen ("fears of an invasion"); a habit ("regularly carry out attacks")."""
    hypothetical = fact.modality == "hypothetical" and (fact.tense == "past" or fact.predicate_pos == "NOUN")
    return bool(hypothetical or fact.is_habitual)


def _spoken_judgement(fact: Any, coded: _Coded | None, said_directly: bool = True) -> _Coded | None:
    """What a speaker does by saying what another must do or what another's act is.

    "Monti said the company must comply with the rules": the speaker demands it of the company
    (REQUEST), when the speaker says it (`said_directly`: the clause of the speech verb or a
    quotation), not when the obligation is the content of another clause the speaker reports ("said
    it was decided that all parties should sign": the decision's); "the parties said the move was a
    coup", "X said the visit is a flagrant violation": calling another's act by the name of a hostile
    act accuses its author (ACCUSE). Without a speaker, an event noun that only names what the
    copula's subject is codes nothing.
    """
    spoken = isinstance(fact.attributed_entity_id, str)
    if spoken and said_directly and fact.is_obligation and fact.predicate_pos == "VERB":
        return _Coded("REQUEST", "", "100", False, "speaker", "asserted")
    if coded is not None and coded.source_role == "speaker" and fact.predicate_pos == "NOUN":
        return coded if fact.subject_relation == "attr" else None  # a name for an act, not a mention of one
    if coded is None or fact.subject_relation != "attr":
        return coded
    if spoken and coded.event_type in HOSTILE_TYPES:
        return _Coded("ACCUSE", "disapprove", "111", False, "speaker", "")
    return None


def _first_conjunct(fact: Any, by_id: dict[str, Any]) -> str:
    """The fact id of the first of the conjoined clauses a fact belongs to ("cease operations and
    [exit]" -> cease), itself when it is no conjunct."""
    while fact.clause_relation == "conj" and isinstance(fact.parent_fact_id, str) and fact.parent_fact_id in by_id:
        fact = by_id[fact.parent_fact_id]
    return str(fact.fact_id)


def _is_participle_of_acting_subject(fact: Any, by_id: dict[str, Any], codings: dict[str, _Coded]) -> bool:
    """A participle of the subject of a clause coded as its own type, by the same actor, tells how that
    subject came to act: "a lawsuit [filed by Oracle] accuses Google" is one accusation (not so "the ban
    [imposed by Kenya] bars trucks", whose clause has no actor of its own)."""
    noun = by_id.get(fact.parent_fact_id) if fact.clause_relation == "acl" and fact.fact_id in codings else None
    if noun is None or noun.clause_relation not in ("nsubj", "csubj") or noun.parent_fact_id not in codings:
        return False
    clause = by_id[noun.parent_fact_id]
    same_actor = isinstance(fact.subject_entity_id, str) and clause.subject_entity_id == fact.subject_entity_id
    return same_actor and codings[clause.fact_id].event_type == codings[fact.fact_id].event_type


def _is_content_of_coded(fact: Any, by_id: dict[str, Any], codings: dict[str, _Coded]) -> bool:
    """Part of the event of the fact that governs it: a clausal complement ("threatened [to ban X]",
    "refused [to comply]", "accused X [of launching attacks]"), the clause of an event noun ("its
    refusal [to comply]"), an event noun naming the act its clause reports ("hit Google with a fine [in
    a fresh assault]"), the event noun of its own type that is its argument: the noun a light verb is
    coded from ("imposed [sanctions]", "held [talks]"), or the noun its pattern names ("withheld their
    [support]"), the participle of the subject of a clause of its own type ("a lawsuit [filed by Oracle]
    accuses Google"), the consultation a meeting is held for ("met the minister [to discuss] the
    strike"). An event noun of another type is an event of its own ("rejected [a request by Ford]",
    "threatened to ban it over [its refusal]")."""
    parent = fact.parent_fact_id
    if _is_participle_of_acting_subject(fact, by_id, codings):
        return True
    if not isinstance(parent, str) or parent not in codings:
        return False
    if fact.clause_relation in ("xcomp", "ccomp"):
        return True
    if fact.clause_relation == "advcl" and fact.predicate in by_id[parent].complement_heads:
        return True  # a clause after the parent's preposition: "called for the board [to oust him]"
    if fact.subject_relation == "in":  # "recalled its envoy [in protest]": the recall is the protest
        return True
    if fact.clause_relation == "pcomp" and fact.subject_entity_id != by_id[parent].subject_entity_id:
        return True  # what another is accused of or thanked for: "accused the rebels [of launching attacks]"
    if fact.clause_relation == "acl" and by_id[parent].predicate_pos == "NOUN" and fact.voice == "active":
        return True  # not a participle that reports the noun's own event: "complaints [filed by X]"
    argument = fact.predicate_pos == "NOUN" and fact.clause_relation in ARGUMENT
    if argument and fact.predicate == codings[parent].object:
        return True  # the noun its pattern names: "withheld their [support]" is no support
    same_type = codings[parent].event_type == codings[fact.fact_id].event_type
    consultation = same_type and codings[parent].event_type in RECIPROCAL_TYPES
    if fact.clause_relation == "advcl" and consultation and fact.subject_entity_id == by_id[parent].subject_entity_id:
        return True  # what a meeting is for is the meeting: "met the minister [to discuss] the strike"
    return argument and same_type


def _code(index: PatternIndex, fact: Any, objects: set[str], light_verbs: set[str]) -> _Coded | None:
    """How a fact codes, or None when it is not an event.

    A light verb takes the coding of its object noun ("made a demand" is a REQUEST), else of the
    noun after "in", "into" or "with" ("engaged in combat", "hit Google with a fine"); a prepositional
    verb is tried first with its preposition ("call for", "insist on").
    """
    coding = None
    if fact.predicate in light_verbs and isinstance(fact.object_lemma, str):
        coding = index.code(fact.object_lemma, "NOUN", set(fact.complement_heads))
    if fact.predicate in light_verbs and coding is None:
        nouns = (
            head
            for complement, head in zip(fact.complements, fact.complement_heads, strict=True)
            if complement.split(" ", 1)[0] in LIGHT_VERB_PREPOSITIONS
        )
        coding = next((found for found in (index.code(noun, "NOUN", set()) for noun in nouns) if found), None)
    by_noun = coding is not None
    for complement in fact.complements if coding is None else []:
        preposition = complement.split(" ", 1)[0]
        coding = index.code(f"{fact.predicate} {preposition}", fact.predicate_pos, objects)
        if coding is not None:
            break
    if coding is None:
        coding = index.code(fact.predicate, fact.predicate_pos, objects)
    if coding is None or not coding.event_type:  # no pattern, or one saying it is no event ("talk about")
        return None
    if fact.negated and coding.negated_type:
        return _Coded(coding.negated_type, "", "", True, coding.source_role, "", by_noun, coding.object)
    return _Coded(
        coding.event_type,
        coding.mode,
        coding.cameo,
        False,
        coding.source_role,
        coding.factuality,
        by_noun,
        coding.object,
    )


def _reference_dates(documents: pd.DataFrame, timexes: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """doc_id -> (date, basis) that an event with no date of its own falls back on.

    The publication date; for an undated document, the year its own dated expressions centre on
    (the most frequent year among its full values of month precision or finer, the latest on a tie),
    basis "document".
    """
    reference = {
        str(doc_id): (str(date), "publication")
        for doc_id, date in zip(documents["doc_id"], documents["publication_date"], strict=True)
        if isinstance(date, str)
    }
    years: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, value in zip(timexes["doc_id"], timexes["value"], strict=True):
        parsed = timex3.parse(value)
        if parsed and parsed.year and parsed.precision in _YEAR_TELLING and str(doc_id) not in reference:
            years[str(doc_id)][f"{parsed.year:04d}"] += 1
    for doc_id, counts in sorted(years.items()):
        reference[doc_id] = (max(counts, key=lambda year: (counts[year], year)), "document")
    return reference


def _governments(entities: pd.DataFrame) -> dict[str, str]:
    """Country code -> entity id of that country's government, where the corpus names one."""
    government = entities[(entities["kind"] == "GOV") & entities["canonical_name"].str.startswith("Government of ")]
    return dict(zip(government["country"], government["entity_id"], strict=True))


def _own_government(fact: Any, mode: str, entity: dict[str, Any], governments: dict[str, str]) -> str | None:
    """Who withdraws a person that an agentless passive withdraws ("the ambassador was recalled"): the
    government of the person's own country, where the corpus names one."""
    patient = fact.object_entity_id
    if fact.voice != "passive" or mode not in OWN_GOVERNMENT_MODES or not isinstance(patient, str):
        return None
    person = entity.get(patient)
    if person is None or person.kind != "PERSON" or not isinstance(person.country, str):
        return None
    return governments.get(person.country)


def _as_actor(entity_id: object, entity: dict[str, Any], governments: dict[str, str]) -> str | None:
    """A country that acts or is acted upon is its government (CAMEO codes the state as the country)."""
    if not isinstance(entity_id, str) or entity_id not in entity:
        return None
    if entity[entity_id].kind == "COUNTRY":
        return governments.get(str(entity[entity_id].country), entity_id)
    return entity_id


def _is_actor(entity_id: object, entity: dict[str, Any]) -> bool:
    return isinstance(entity_id, str) and entity_id in entity and entity[entity_id].kind in ACTOR_KINDS


def _actor(role: str, entity_id: object, entity: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(entity_id, str) or entity_id not in entity:
        return {f"{role}_actor_id": None, f"{role}_actor": None, f"{role}_country": None}
    country = entity[entity_id].country
    return {
        f"{role}_actor_id": entity_id,
        f"{role}_actor": entity[entity_id].canonical_name,
        f"{role}_country": country if isinstance(country, str) else None,
    }


def _target(
    fact: Any, child_ids: list[str], by_id: dict[str, Any], entity: dict[str, Any], source: str, opposite: bool
) -> str | None:
    """Who an event is aimed at (see the module docstring). When the negation makes the predicate its
    opposite (`opposite`: "will no longer host its clients in Pakistan" is an exit), the object of the
    predicate is not the opposite act's target."""
    # not an adjunct or relative clause: "wanted access [to find the terrorists]" does not target them
    clauses = [by_id[c] for c in child_ids if by_id[c].clause_relation not in ("advcl", "relcl", "pcomp")]
    nouns = [clause for clause in clauses if clause.predicate_pos == "NOUN" and clause.clause_relation in ARGUMENT]
    candidates = [None if opposite else fact.object_entity_id]
    candidates += [clause.subject_entity_id for clause in clauses]
    candidates += [clause.object_entity_id for clause in clauses]  # "threatened to ban X": X
    candidates += list(fact.complement_entity_ids)
    # "imposed sanctions on Iran", "ordered the recall of cars from Mazda": its event noun names the target
    candidates += [e for noun in nouns for e in [noun.object_entity_id, *noun.complement_entity_ids]]
    co_sources = set(fact.subject_entity_ids) | {source}  # "India and Saudi Arabia threatened": not each other
    for candidate in candidates:
        if isinstance(candidate, str) and candidate not in co_sources and _is_actor(candidate, entity):
            return candidate
    return None


def _factuality(fact: Any, event_type: str, by_id: dict[str, Any], negation_absorbed: bool) -> str:
    if fact.negated and not negation_absorbed:
        return "negated"
    if negation_absorbed and event_type in STANCE_TYPES:
        return "asserted"  # "we cannot provide", "will not comply": the refusal is made by saying it
    if event_type == "THREATEN":
        return "intended"  # what is threatened has not happened (the seed gold's convention, PLOVER's "future")
    if event_type in STANCE_TYPES and fact.modality == "intended":
        return "asserted"  # "said it would not comply", "will remain": the stance is taken when it is stated
    if fact.modality != "asserted":
        return str(fact.modality)
    parent = fact.parent_fact_id
    if isinstance(parent, str) and parent in by_id and by_id[parent].modality == "hypothetical":
        return "hypothetical"
    return "asserted"


def _date(
    fact: Any, by_id: dict[str, Any], timex: dict[str, Any], published: dict[str, tuple[str, str]]
) -> tuple[str | None, str | None, str]:
    """(event_date, precision, basis): own time expression, the reporting clause's, or publication."""
    node: Any = fact
    for _ in range(3):
        timex_id = node.timex_id
        if isinstance(timex_id, str) and timex_id in timex and not node.is_deadline:
            value = timex3.calendar_date(timex[timex_id].value)  # none for a partial value (XXXX-12-30)
            if value is not None:
                relative = bool(timex[timex_id].is_relative)
                return value, timex3.precision(value), "relative" if relative else "explicit"
        parent = by_id.get(node.parent_fact_id)
        if parent is None or node.clause_relation in OWN_TIME_RELATIONS or node.is_time_shifted:
            break  # "the body [that jailed him]", "hours [after] the court dissolved it": not the clause's time
        own_subject = isinstance(node.subject_text, str) and node.subject_start != parent.subject_start
        if node.clause_relation == "conj" and own_subject:
            break  # "the islands were taken in 1971, and [the agency said] ...": a subject of its own, a time too
        node = parent
    if fact.doc_id not in published:
        return None, None, "unknown"
    date, basis = published[fact.doc_id]
    node = _tensed_clause(fact, by_id)
    parent = by_id.get(node.parent_fact_id)
    # "said the findings were unjustified, [adding] that it will appeal": reported in the past
    reported_in_past = parent is not None and _tensed_clause(parent, by_id).tense == "past"
    # an event noun deep in a phrase ("on the eve of [talks]") has no tense from the clause it is in
    untensed_noun = fact.predicate_pos == "NOUN" and fact.clause_relation == "nmod"
    if node.tense == "past" or reported_in_past or untensed_noun:
        date = date[:4]  # it happened some time before (or after) publication: only the year is safe
    return date, timex3.precision(date), basis


def _tensed_clause(fact: Any, by_id: dict[str, Any]) -> Any:
    """The clause whose tense tells when an untensed one happened: the governing clause of an open
    complement, participle or infinitive ("pledged, with Estonia [promising to donate]"), also through
    the conjunct that shares its form ("ordering the closure and [jailing] reporters")."""
    node = fact
    while node.tense == "present" and node.clause_relation in UNTENSED_RELATIONS and node.parent_fact_id in by_id:
        node = by_id[node.parent_fact_id]
    return node


@dataclass(slots=True)
class _Cluster:
    """A cluster of reports being built: its target and finest date so far, its documents, its size,
    its number (the order made), whether all its reports are dated by their document only, and the
    clause of each sentence that reports it."""

    target: str
    date: str
    docs: set[str]
    size: int
    number: int
    fallback: bool
    # sentence_id -> the (first conjunct, predicate) of each clause of that sentence that reports it
    clauses_of_sentence: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


def _clusters(reports: pd.DataFrame, num_order: np.ndarray) -> list[int]:
    """Cluster number of each report under the matching rule in the module docstring.

    Greedy, in a fixed order (event nouns that refer to a reported event last; reports naming a target
    first, then finer dates first): a report joins
    the compatible cluster with the most reports, else starts one. Compatible: same type, source and
    factuality; same target or one of them unnamed; dates compatible. A report dated only by its
    document's publication date (no time expression of its own) joins clusters of its own document
    only: its date says when it was reported, not when it happened, so it cannot tie two articles.
    A report marked as a further occurrence ("also requested") is an event of its own, and so is each
    clause of one sentence ("targeted opponents, ordering the closure of outlets") but for conjoined
    ones or ones of the same verb, which restate one act as often as they add one ("would cease
    operations and exit", "cannot provide X, nor will we provide Y"). An event noun without a time
    expression of its own ("rescinded its shutdown order") refers to an event its document reports:
    it joins one of the same type and source there whatever that one's factuality.
    """
    cluster_of: dict[Any, int] = {}
    # Where a report may go: the clusters of its key that any document's reports may join, and those
    # holding a report of its own document (a report dated by its document joins only these).
    # Indexed so, a report looks at a few clusters, not at every document's.
    across: dict[tuple[str, str, str], list[_Cluster]] = defaultdict(list)
    in_document: dict[tuple[tuple[str, str, str], str], list[_Cluster]] = defaultdict(list)
    number = 0
    used = [
        "event_type", "source_actor_id", "factuality", "event_date", "target_actor_id", "date_basis", "doc_id",
        "sentence_id", "clause_id", "predicate",
    ]  # fmt: skip
    ordered = (
        reports[[*used, "is_additional", "is_reference"]]  # only what the rule reads
        .assign(
            untargeted_=reports["target_actor_id"].isna(),
            date_rank_=reports["event_date"].map(_date_rank),
            num_order_=num_order,
            position_=reports.index,
        )
        .sort_values(
            ["is_reference", "untargeted_", "date_rank_", "num_order_"],
            ascending=[True, True, False, True],
            kind="stable",
        )
    )
    for report in records(ordered[[*used, "is_additional", "is_reference", "position_"]]):
        key = (report.event_type, report.source_actor_id, report.factuality)
        date = report.event_date if isinstance(report.event_date, str) else ""
        target = report.target_actor_id if isinstance(report.target_actor_id, str) else ""
        fallback = report.date_basis in ("publication", "document", "unknown")
        own = in_document[(key, report.doc_id)]
        if report.is_additional:
            candidates = []
        elif report.is_reference:  # "its shutdown order": the order its document reports, however it stood
            candidates = [c for f in FACTUALITY for c in in_document[((key[0], key[1], f), report.doc_id)]]
        else:
            candidates = own if fallback else [*across[key], *(c for c in own if c.fallback)]
        candidates.sort(key=lambda cluster: cluster.number)  # in the order made: ties go to the first
        best = None
        for cluster in candidates:
            if (
                (target and cluster.target and target != cluster.target)
                or (fallback and report.doc_id not in cluster.docs)
                or (cluster.fallback and cluster.docs != {report.doc_id})
                or not timex3.compatible(date, cluster.date)
                or not _restates(cluster.clauses_of_sentence.get(report.sentence_id), report)
            ):
                continue
            if best is None or cluster.size > best.size:
                best = cluster
        if best is None:
            best = _Cluster(target, date, set(), 0, number, fallback)
            number += 1
            if not report.is_additional:  # a further occurrence is an event of its own: nothing joins it
                (own if fallback else across[key]).append(best)
                if not fallback:
                    own.append(best)
        elif best.fallback and not fallback:  # dated by its own reports now: open to every document
            across[key].append(best)
        elif report.doc_id not in best.docs:
            own.append(best)
        best.target = best.target or target
        best.date = date if _date_rank(date) > _date_rank(best.date) else best.date
        best.docs.add(report.doc_id)
        if report.clause_id:
            best.clauses_of_sentence.setdefault(report.sentence_id, set()).add((report.clause_id, report.predicate))
        best.fallback = best.fallback and fallback
        best.size += 1
        cluster_of[report.position_] = best.number
    return [cluster_of[position] for position in reports.index]


def _date_rank(value: object) -> int:
    """How precise a date is: 0 for none, then 1 (a century) to len(PRECISIONS) (a time of day)."""
    return timex3.PRECISIONS.index(timex3.precision(value)) + 1 if isinstance(value, str) and value else 0
