"""Stages: parses, document mentions and timexes -> document_facts (claims from the dependency parse), and
the cross-document step facts (entity ids for the documents' entity keys).

One `facts` row per clause: its predicate (verb lemma with particle, or an event noun heading a
clause-like phrase), subject, object and prepositional complements with their spans and entity
ids, negation, modality, attribution (who says so) and the time expression that dates it. A
clausal complement ("announced that it would cease operations") gives its own fact whose
`parent_fact_id` is the announcing fact; so do conjuncts ("cease operations and exit").

The rules, named where they are applied:
- subject: nominal subject; a passive's agent ("was allowed by X"); an open complement's
  controller (object of "asked X to", else subject of "planned to"); a conjunct's shared subject.
- object: direct object, dative, or a passive's nominal subject.
- negation: a `neg` child ("not", "n't", "never") or "no longer".
- modality (cues from `modality_cues.csv`): a future auxiliary or a governing intention verb
  ("plan to", "threaten to", "pledge to") gives *intended*; a conditional auxiliary
  ("would", "could") gives *hypothetical* unless it is reported future ("announced that it
  would cease" is intended); an "if"/"unless" clause attached to the predicate gives
  *hypothetical*.
- attribution: the subject of a governing speech verb ("Beard said that ..."), or the object
  of "according to"; quotes inherit their sentence's speaker.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from pipeline.parse import SentenceDoc

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp", "parataxis"}
FIRST_PERSON = {"we", "our", "us", "i", "my"}
# Prefix of the entity key of a quotation's "we": the organisation of the speaker whose key follows.
SPEAKER_ORGANISATION = "organisation-of|"
# Which kinds of actor a third-person pronoun can stand for.
_INSTITUTIONS = frozenset({"ORG", "GOV", "COUNTRY"})
# Who acts in an agentless passive of an authority's act ("was ordered", "was allowed").
AUTHORITIES = frozenset({"GOV"})
PRONOUN_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("it", "its", "itself"), _INSTITUTIONS),
    **dict.fromkeys(("he", "him", "his", "she", "her", "himself", "herself"), frozenset({"PERSON"})),
    **dict.fromkeys(("they", "them", "their", "themselves"), _INSTITUTIONS | {"PERSON"}),
}
# Pronouns that can stand for a group of people ("the protesters ... they"); the others cannot ("its").
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
# "The government also requested ...": a further occurrence, not the one reported before.
ADDITIVE_ADVERBS = {"also", "again", "additionally", "further"}
# A generic plural subject followed by one of these names its members: "states including India".
MEMBER_PREPOSITIONS = {"including", "like", "such"}
# Prepositions that give the time an act aims at, not the time of the act: a deadline ("by December
# 30"; TimeML: "by" ends a span) or a new date ("extended to December 30", "postponed to Monday").
DEADLINE_PREPOSITIONS = {"by", "until", "till", "before", "ahead", "to"}

FACT_COLUMNS = [
    "fact_id", "doc_id", "sentence_id", "parent_fact_id", "clause_relation", "predicate", "predicate_text",
    "predicate_pos", "char_start", "char_end", "voice", "tense", "is_background", "is_additional",
    "is_elliptical", "negated", "modality", "subject_text", "subject_start", "subject_end", "subject_entity_id",
    "subject_entity_ids", "implicit_agent_entity_id", "object_text", "object_start", "object_end",
    "object_entity_id", "object_lemma", "complement_lemmas", "complements", "complement_heads",
    "complement_entity_ids", "attributed_to", "attributed_entity_id", "timex_id", "is_deadline", "is_quote",
]  # fmt: skip


@dataclass(frozen=True)
class _Cues:
    speech: frozenset[str]
    sources: frozenset[str]
    intended: frozenset[str]
    hypothetical: frozenset[str]
    negation: frozenset[str]


def document_facts(
    parses: list[SentenceDoc],
    sentences: pd.DataFrame,
    document_mentions: pd.DataFrame,
    document_timexes: pd.DataFrame,
    attribution_cues: pd.DataFrame,
    modality_cues: pd.DataFrame,
) -> pd.DataFrame:
    """One row per clause-level claim of every sentence, read from its own document alone.

    Grain: one row per predicate token; `fact_id` is `<sentence_id>-f<token_index>`. The entity
    columns hold the document's entity keys (`entity_keys`: the mention that holds the argument's
    head word; a pronoun takes the key of its antecedent; quoted "we" the speaker's organisation,
    SPEAKER_ORGANISATION + the speaker's key), which `facts` turns into entity ids; `timex_id` is
    the expression whose head attaches to the predicate's clause.
    """
    cues = _cues(attribution_cues, modality_cues)
    keyed = document_mentions.assign(entity_key=entity_keys(document_mentions))
    kind_of = dict(zip(keyed["entity_key"], keyed["kind"], strict=True))
    groups = frozenset(keyed.loc[keyed["is_group"].astype(bool), "entity_key"]) if "is_group" in keyed else frozenset()
    quoted = dict(zip(sentences["sentence_id"], sentences["is_quote"], strict=True))
    # a sentence cut off where the page ended is incomplete: no claim is read from it
    truncated = set(sentences.loc[sentences["is_truncated"], "sentence_id"])
    spans_of = _spans_by_sentence(keyed, "entity_key")
    # only calendar dates attach to a clause: a duration ("by a month") would hide the date after it
    timex_spans_of = _spans_by_sentence(document_timexes[document_timexes["kind"] == "date"], "timex_id")
    history: dict[str, list[tuple[int, str, str]]] = {
        str(doc_id): sorted(
            (int(start), str(key), kind_of.get(key, ""))
            for start, key in zip(group["char_start"], group["entity_key"], strict=True)
            if kind_of.get(key) in PRONOUN_KINDS["they"]
        )
        for doc_id, group in keyed.groupby("doc_id", sort=False)
    }
    rows: list[dict[str, Any]] = []
    speaker: dict[str, str | None] = {}  # doc_id -> key of the latest speaker's organisation (for quoted "we")
    for sentence in parses:
        if sentence.sentence_id in truncated:
            continue
        context = _Context(
            spans=spans_of.get(sentence.sentence_id, []),
            history=history.get(sentence.doc_id, []),
            is_quote=bool(quoted.get(sentence.sentence_id, False)),
            kind_of=kind_of,
            speaker=speaker,
            groups=groups,
        )
        rows.extend(_sentence_facts(sentence, context, timex_spans_of.get(sentence.sentence_id, []), cues))
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def entity_keys(document_mentions: pd.DataFrame) -> list[str]:
    """The document-level key of each mention: kind and canonical name, or for a role reference whose
    holder its document does not name, the role and organisation ("role|chief operating officer|BlackBerry")."""
    return [
        f"{kind}|{name}" if isinstance(name, str) else f"role|{role}|{organisation}"
        for name, kind, role, organisation in zip(
            document_mentions["canonical_name"],
            document_mentions["kind"],
            document_mentions["role"],
            document_mentions["role_organisation"],
            strict=True,
        )
    ]


def facts(
    document_facts: pd.DataFrame, document_mentions: pd.DataFrame, mentions: pd.DataFrame, roles: pd.DataFrame
) -> pd.DataFrame:
    """document_facts with entity ids in place of the documents' entity keys.

    Grain: as document_facts. A key takes the entity the corpus resolved its mentions to (the most
    frequent, then the smallest id); the speaker's organisation is the organisation `roles` gives the
    speaker anywhere in the corpus, else the speaker.
    """
    keyed = document_mentions.assign(entity_key=entity_keys(document_mentions))
    spans = zip(mentions["doc_id"], mentions["char_start"], mentions["char_end"], strict=True)
    entity_at = dict(zip(spans, mentions["entity_id"], strict=True))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc_id, start, end, key in zip(
        keyed["doc_id"], keyed["char_start"], keyed["char_end"], keyed["entity_key"], strict=True
    ):
        found = entity_at.get((doc_id, start, end))
        if isinstance(found, str):
            votes[(str(doc_id), str(key))][found] += 1
    entity_of = {key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0] for key, counts in votes.items()}
    employer = dict(zip(roles["person_entity_id"], roles["organisation_entity_id"], strict=True))

    def resolve(doc_id: str, key: object) -> str | None:
        if not isinstance(key, str):
            return None
        if key.startswith(SPEAKER_ORGANISATION):
            person = resolve(doc_id, key.removeprefix(SPEAKER_ORGANISATION))
            return (employer.get(person) or person) if person else None
        return entity_of.get((doc_id, key))

    def resolve_all(doc_id: str, keys: list[str], unique: bool) -> list[str]:
        found = [e for e in (resolve(doc_id, key) for key in keys) if e]
        return list(dict.fromkeys(found)) if unique else found

    doc_ids = document_facts["doc_id"].astype(str).tolist()
    resolved: dict[str, list[Any]] = {
        column: [resolve(d, key) for d, key in zip(doc_ids, document_facts[column], strict=True)]
        for column in ("subject_entity_id", "implicit_agent_entity_id", "object_entity_id", "attributed_entity_id")
    }
    for column, unique in (("subject_entity_ids", True), ("complement_entity_ids", False)):
        resolved[column] = [
            resolve_all(d, list(keys), unique) for d, keys in zip(doc_ids, document_facts[column], strict=True)
        ]
    return document_facts.assign(
        **{column: pd.Series(values, index=document_facts.index, dtype=object) for column, values in resolved.items()}
    )[FACT_COLUMNS]


def _spans_by_sentence(table: pd.DataFrame, id_column: str) -> dict[str, list[tuple[int, int, str]]]:
    """sentence_id -> [(char_start, char_end, id)] of a table of spans (mentions, timexes)."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    columns = (table["sentence_id"], table["char_start"].astype(int), table["char_end"].astype(int), table[id_column])
    for sentence_id, start, end, span_id in zip(*columns, strict=True):
        spans[str(sentence_id)].append((int(start), int(end), str(span_id)))
    return spans


@dataclass
class _Context:
    """What resolving one sentence's arguments needs beyond the sentence."""

    spans: list[tuple[int, int, str]]  # the sentence's mentions: (char_start, char_end, entity key) in clean_text
    history: list[tuple[int, str, str]]  # the document's actor mentions: (char_start, entity key, kind)
    is_quote: bool
    kind_of: dict[str, str]
    speaker: dict[str, str | None]
    groups: frozenset[str] = frozenset()  # entity keys of groups of people: only plural pronouns stand for them


def _cues(attribution_cues: pd.DataFrame, modality_cues: pd.DataFrame) -> _Cues:
    def of(table: pd.DataFrame, column: str, value: str, key: str) -> frozenset[str]:
        return frozenset(table.loc[table[column] == value, key].str.lower())

    return _Cues(
        speech=of(attribution_cues, "kind", "speech", "lemma"),
        sources=of(attribution_cues, "kind", "source", "lemma"),
        intended=of(modality_cues, "factuality", "intended", "cue"),
        hypothetical=of(modality_cues, "factuality", "hypothetical", "cue"),
        negation=of(modality_cues, "factuality", "negated", "cue"),
    )


def _is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB" and token.dep_ != "amod" and token.lower_ != "according":
        return True
    if token.pos_ == "ADJ" and token.dep_ == "acomp":  # "are grateful to", "is willing to"
        return True
    # the parser sometimes tags a coordinated verb as a noun ("cease operations and exit completely")
    return token.dep_ == "conj" and token.head.pos_ == "VERB" and token.tag_.startswith(("VB", "NN"))


def _sentence_facts(
    sentence: SentenceDoc, context: _Context, timexes: list[tuple[int, int, str]], cues: _Cues
) -> list[dict[str, Any]]:
    doc = sentence.doc
    offset = sentence.char_start
    entity_spans = [(start - offset, end - offset, entity_id) for start, end, entity_id in context.spans]
    timex_of_predicate, deadline_timex = _timex_attachment(doc, timexes, offset)
    predicates = [t for t in doc if _is_predicate(t) or _is_nominal_predicate(t, entity_spans)]
    fact_id_of = {t.i: f"{sentence.sentence_id}-f{t.i}" for t in predicates}
    rows: list[dict[str, Any]] = []
    doc_id = sentence.doc_id

    def entity_of(token: Token | None, exclude: str | None = None) -> str | None:
        if token is None:
            return None
        for start, end, entity_id in entity_spans:
            if start <= token.idx < end:
                return entity_id
        lower = token.lower_
        if lower in FIRST_PERSON and context.is_quote:
            return context.speaker.get(doc_id)
        if lower in PRONOUN_KINDS:
            kinds = PRONOUN_KINDS[lower]
            ahead = _cataphor(token)
            if ahead is not None:
                found = entity_of(ahead)
                if found and found != exclude and context.kind_of.get(found) in kinds:
                    return found
            history = context.history
            if lower not in PLURAL_PRONOUNS:  # "its" is no group of people's
                history = [entry for entry in history if entry[1] not in context.groups]
            return _antecedent(history, offset + token.idx, kinds, exclude)
        # a phrase whose head is not a name but has an owner that is ("the government's request")
        for child in token.children:
            if child.dep_ == "poss":
                return entity_of(child)
        return None

    # the speaker of a quotation is named in the same sentence as often as before it ("..., Beard said.")
    for predicate in predicates:
        if predicate.lemma_.lower() in cues.speech:
            said_by = entity_of(_arguments(predicate)[0])
            if said_by:
                context.speaker[doc_id] = SPEAKER_ORGANISATION + said_by

    for predicate in predicates:
        if predicate.pos_ == "NOUN" and predicate.dep_ != "conj":
            subject, obj, voice = _nominal_agent(predicate, entity_spans), None, "active"
        else:
            subject, obj, voice = _arguments(predicate)
        governing = _governing_predicate(predicate)
        speech_parent = _speech_ancestor(governing, cues)
        complements = [
            (child.lower_, pobj)
            for child in predicate.children
            if child.dep_ == "prep"
            for pobj in child.children
            if pobj.dep_ == "pobj"
        ]
        according = [pobj for prep, pobj in complements if prep == "according"] + [
            pobj for prep, pobj in _sentence_sources(doc, cues)
        ]
        attributed: Token | None = None
        if speech_parent is not None:
            attributed, _, _ = _arguments(speech_parent)
        elif according:
            attributed = according[0]
        subject_entity = entity_of(subject)
        subject_entities = [e for e in (entity_of(t) for t in _members(subject)) if e] or (
            [subject_entity] if subject_entity else []
        )
        object_entity = entity_of(obj, exclude=subject_entity)
        implicit_agent = None
        if voice == "passive" and not subject_entities:
            # "BlackBerry was allowed to continue": the authority last named before the clause
            implicit_agent = _antecedent(context.history, offset + predicate.idx, AUTHORITIES, object_entity)
        attributed_entity = entity_of(attributed)
        timex_id = timex_of_predicate.get(predicate.i)
        rows.append(
            {
                "fact_id": fact_id_of[predicate.i],
                "doc_id": doc_id,
                "sentence_id": sentence.sentence_id,
                "parent_fact_id": fact_id_of.get(governing.i) if governing is not None else None,
                "clause_relation": predicate.dep_,
                "predicate": _predicate_lemma(predicate),
                "predicate_text": predicate.text,
                "predicate_pos": _predicate_pos(predicate),
                "char_start": offset + predicate.idx,
                "char_end": offset + predicate.idx + len(predicate.text),
                "voice": voice,
                "tense": _tense(predicate),
                "is_background": _is_past_perfect(predicate),
                "is_elliptical": _is_elliptical(predicate),
                "is_additional": any(c.dep_ == "advmod" and c.lower_ in ADDITIVE_ADVERBS for c in predicate.children),
                "negated": _negated(predicate, cues),
                "modality": _modality(predicate, governing, cues),
                **_span_columns("subject", subject, offset),
                "subject_entity_id": subject_entities[0] if subject_entities else None,
                "subject_entity_ids": list(dict.fromkeys(subject_entities)),
                "implicit_agent_entity_id": implicit_agent,
                **_span_columns("object", obj, offset),
                "object_entity_id": object_entity,
                "object_lemma": obj.lemma_.lower() if obj is not None else None,
                "complement_lemmas": sorted(
                    {c.lemma_.lower() for c in predicate.children if c.dep_ in ("xcomp", "ccomp")}
                ),
                "complements": [f"{prep} {_phrase(pobj).text}" for prep, pobj in complements],
                "complement_heads": [pobj.lemma_.lower() for _, pobj in complements],
                "complement_entity_ids": [e for e in (entity_of(pobj) for _, pobj in complements) if e],
                "attributed_to": _phrase(attributed).text if attributed is not None else None,
                "attributed_entity_id": attributed_entity,
                "timex_id": timex_id,
                "is_deadline": timex_id is not None and timex_id in deadline_timex,
                "is_quote": context.is_quote,
            }
        )
    return rows


def _is_nominal_predicate(token: Token, entity_spans: list[tuple[int, int, str]]) -> bool:
    """A noun with an actor attached as its agent: "its refusal", "the demand by the government",
    "a government demand". Whether the noun names an event is the events stage's business."""
    if token.pos_ != "NOUN" or token.dep_ == "compound":
        return False
    return _nominal_agent(token, entity_spans) is not None


def _nominal_agent(noun: Token, entity_spans: list[tuple[int, int, str]]) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "compound" and any(start <= child.idx < end for start, end, _ in entity_spans):
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _arguments(predicate: Token) -> tuple[Token | None, Token | None, str]:
    """(subject head, object head, voice) of a predicate, following the rules in the module docstring."""
    children = list(predicate.children)
    subject = next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
    passive_subject = next((c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    obj = next((c for c in children if c.dep_ in OBJECT_DEPS), None)
    voice = "active"
    if passive_subject is not None:
        voice = "passive"
        agent = next((c for c in children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subject is None:
            # an agentless passive acts on the owner's own thing: "its smartphone was rolled out" -> its owner
            subject = next((c for c in passive_subject.children if c.dep_ == "poss"), None)
        obj = passive_subject
    bare_participle = predicate.tag_ in ("VBN", "VBD") and not any(
        c.dep_ in ("aux", "auxpass", "mark") for c in children
    )
    if subject is None and passive_subject is None and predicate.dep_ == "advcl" and bare_participle:
        # a passive participle put before or after the main clause acts on the main clause's subject:
        # "Initially ordered to exit, BlackBerry was allowed ..." -> BlackBerry was ordered
        head_arguments = _arguments(predicate.head)
        patient = head_arguments[1] if head_arguments[2] == "passive" else head_arguments[0]
        if patient is not None and obj is None:
            return None, patient, "passive"
    if subject is None and voice == "active":
        head = predicate.head
        if predicate.dep_ == "acomp":  # the copula's subject: "we are grateful"
            subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        elif predicate.dep_ == "xcomp" and head.dep_ == "acomp":  # "is willing to assist"
            subject = _arguments(head)[0]
        elif predicate.dep_ == "xcomp":
            # controller: "asked X to provide" -> X; "planned to leave" -> the planner
            head_object = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            subject = head_object if head_object is not None else _arguments(head)[0]
        elif predicate.dep_ == "conj" and head.i != predicate.i:
            subject = _arguments(head)[0]
        elif predicate.dep_ in ("acl", "relcl") and predicate.head.pos_ in ("NOUN", "PROPN"):
            subject = None
    return subject, obj, voice


def _antecedent(
    history: list[tuple[int, str, str]], position: int, kinds: frozenset[str], exclude: str | None
) -> str | None:
    """The latest actor mentioned before `position` that the pronoun can stand for.

    A pronoun object does not refer to its own clause's subject ("the state ordered it": it is not
    the state), so that entity is excluded.
    """
    preceding = [(entity_id, kind) for start, entity_id, kind in reversed(history) if start < position]
    # organisations and governments before countries: "it" in news is far more often the company
    for preferred in (kinds - {"COUNTRY"}, kinds):
        found = next((e for e, kind in preceding if kind in preferred and e != exclude), None)
        if found is not None:
            return found
    return None


def _cataphor(pronoun: Token) -> Token | None:
    """The main clause's subject when the pronoun sits in a clause put before it:
    "After saying that it would leave, BlackBerry said ..." -> BlackBerry."""
    node = pronoun
    while node.dep_ != "ROOT" and node.head.i != node.i:
        if node.dep_ == "advcl" and node.i < node.head.i:
            subject = next((c for c in node.head.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.i > pronoun.i and subject.lower_ not in PRONOUN_KINDS:
                return subject
            return None
        node = node.head
    return None


def _members(subject: Token | None) -> list[Token]:
    """Each actor a subject names: the head, its conjuncts ("India and Saudi Arabia"), and the members
    a generic plural lists ("several countries including India and Saudi Arabia")."""
    if subject is None:
        return []
    heads = [subject, *(t for t in subject.conjuncts)]
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ in MEMBER_PREPOSITIONS:
            for pobj in prep.subtree:
                if pobj.dep_ == "pobj":
                    heads.extend([pobj, *pobj.conjuncts])
    return heads


def _governing_predicate(predicate: Token) -> Token | None:
    """The predicate whose clause this one complements or is conjoined to."""
    node = predicate
    while node.dep_ != "ROOT" and node.head.i != node.i:
        node = node.head
        if _is_predicate(node):
            return node
    return None


def _speech_ancestor(governing: Token | None, cues: _Cues) -> Token | None:
    """The nearest speech verb above a clause: "Beard said [that it would cease and exit]" -> said."""
    node = governing
    while node is not None:
        if node.lemma_.lower() in cues.speech:
            return node
        node = _governing_predicate(node)
    return None


def _predicate_pos(predicate: Token) -> str:
    if predicate.pos_ in ("VERB", "ADJ"):
        return str(predicate.pos_)
    # a coordinated verb the tagger took for a noun ("cease operations and exit") is a verb
    return "VERB" if predicate.dep_ == "conj" and predicate.head.pos_ == "VERB" else "NOUN"


def _predicate_lemma(predicate: Token) -> str:
    particle = next((c.lower_ for c in predicate.children if c.dep_ == "prt"), None)
    lemma = predicate.lemma_.lower()
    return f"{lemma} {particle}" if particle else lemma


def _tense(predicate: Token) -> str:
    auxiliaries = {c.lower_ for c in predicate.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & {"will", "shall", "'ll"} or {"going", "to"} <= auxiliaries:
        return "future"
    if predicate.tag_ in ("VBD", "VBN") or auxiliaries & {"had", "did", "was", "were", "has", "have"}:
        return "past"
    return "present"


def _is_elliptical(predicate: Token) -> bool:
    """ "... as it had pledged": a comparison whose content is the main clause, not an event of its own."""
    children = list(predicate.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in children) and not any(
        c.dep_ in ("dobj", "xcomp", "ccomp") for c in children
    )


def _is_past_perfect(predicate: Token) -> bool:
    """ "had wanted", "had requested": background that happened before the story's main events."""
    return predicate.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in predicate.children)


def _negated(predicate: Token, cues: _Cues) -> bool:
    if predicate.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" for c in predicate.head.children):
        return True  # "we cannot provide X, nor will we provide Y"
    for child in predicate.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "neg") and child.lower_ in cues.negation):
            return True
        if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
            return True
    return False


def _modality(predicate: Token, governing: Token | None, cues: _Cues) -> str:
    auxiliaries = {c.lower_ for c in predicate.children if c.dep_ == "aux"}
    if predicate.dep_ == "conj" and governing is not None and not auxiliaries:
        # a conjunct shares its first conjunct's auxiliaries: "would cease operations and exit"
        return _modality(governing, _governing_predicate(governing), cues)
    markers = {
        mark.lower_
        for child in predicate.children
        if child.dep_ == "advcl"
        for mark in child.children
        if mark.dep_ == "mark"
    }
    if markers & cues.hypothetical:  # "if authorities had a court order"
        return "hypothetical"
    adjective_heads = {c.lemma_.lower() for c in predicate.ancestors if c.pos_ == "ADJ"}
    if adjective_heads & cues.hypothetical:  # "willing to assist"
        return "hypothetical"
    reported = governing is not None and governing.lemma_.lower() in cues.speech
    if reported and "would" in auxiliaries:  # reported future: "said it would (rather) close"
        return "intended"
    if auxiliaries & cues.hypothetical or any(
        c.lower_ in cues.hypothetical and c.dep_ in ("mark", "advmod") for c in predicate.children
    ):
        return "hypothetical"
    if auxiliaries & cues.intended:
        return "intended"
    if governing is not None and predicate.dep_ == "xcomp" and governing.lemma_.lower() in cues.intended:
        return "intended"
    return "asserted"


def _span_columns(name: str, head: Token | None, offset: int) -> dict[str, Any]:
    if head is None:
        return {f"{name}_text": None, f"{name}_start": None, f"{name}_end": None}
    phrase = _phrase(head)
    return {
        f"{name}_text": phrase.text,
        f"{name}_start": offset + phrase.start_char,
        f"{name}_end": offset + phrase.end_char,
    }


def _phrase(head: Token) -> Span:
    """The noun phrase of an argument: its subtree without relative clauses, appositions or clauses."""
    doc: Doc = head.doc
    cut = {"relcl", "acl", "appos", "ccomp", "advcl", "punct", "cc", "conj", "prep"}
    keep = [head]
    for child in head.children:
        if child.dep_ not in cut:
            keep.extend(child.subtree)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    return doc[start:end]


def _sentence_sources(doc: Doc, cues: _Cues) -> list[tuple[str, Token]]:
    """("according to", X) anywhere in the sentence: the source of every claim in it."""
    found = []
    for token in doc:
        if token.lower_ == "according":
            for prep in token.children:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        found.append(("according", pobj))
    return found if "according" in cues.sources or "according to" in cues.sources else []


def _timex_attachment(doc: Doc, timexes: list[tuple[int, int, str]], offset: int) -> tuple[dict[int, str], set[str]]:
    """Which predicate each time expression dates: the first predicate above the expression's head word.

    Also returns the timex ids introduced by a deadline preposition ("by December 30").
    """
    attached: dict[int, str] = {}
    deadlines: set[str] = set()
    for timex_start, timex_end, timex_id in timexes:
        start, end = timex_start - offset, timex_end - offset
        inside = [t for t in doc if start <= t.idx < end]
        if not inside:
            continue
        head = next((t for t in inside if not (start <= t.head.idx < end) or t.head.i == t.i), inside[0])
        before = doc[inside[0].i - 1] if inside[0].i > 0 else None
        if inside[0].lower_ in DEADLINE_PREPOSITIONS or (before is not None and before.lower_ in DEADLINE_PREPOSITIONS):
            deadlines.add(timex_id)
        node = head
        while node.head.i != node.i and not _is_predicate(node):
            if node.dep_ == "pobj" and node.head.lower_ in DEADLINE_PREPOSITIONS:
                deadlines.add(timex_id)
            node = node.head
        if _is_predicate(node):
            attached.setdefault(node.i, timex_id)
    return attached, deadlines
