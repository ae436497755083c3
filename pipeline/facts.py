"""Stages: parses, document mentions and timexes -> document_facts (claims from the dependency parse), and
the cross-document step facts (entity ids for the documents' entity keys).

One `facts` row per clause: its predicate (verb lemma with particle, an event noun of the verb
patterns, "the ban", "peace talks", or an adjective of judgement, "unjustified"), subject, object
and prepositional complements with their spans and entity ids, negation, modality, attribution
(who says so) and the time expression that dates it. A clausal complement ("announced that it would
cease operations") gives its own fact whose `parent_fact_id` is the announcing fact; so do
conjuncts ("cease operations and exit") and event nouns (their governing predicate).

The rules, named where they are applied:
- subject: nominal subject; a passive's agent ("was allowed by X"); an open complement's
  controller (object of "asked X to", else subject of "planned to"); a conjunct's shared subject
  (a passive conjunct's as its patient); a participle's or gerund's controller ("fired, killing
  two", "responded by blocking"; the object after "for"/"of": "thanked X for accepting"; the
  object of "with" in an absolute construction); an infinitive of purpose's clause subject ("met
  X to discuss"; an object control verb's object: "convinced X to resign"); the noun a relative
  pronoun stands for; the name in apposition with an unnamed argument ("an official, Vladimir
  Suslov,"); the organisation people act for ("officials of the union", "lawyers for X", "FARC
  leaders"), each of the parties they act for ("the heads of state of A, B and C"); of two
  subjects the one nearer the verb (the other is a dateline: "NAIROBI, March 3 - Kenyan police arrested"); for an
  event noun its agent ("by X", possessor, name modifier, "between X and Y", "from X", the subject
  of the clause it is "in": "marched in protest"); for a judgement the author of the act judged
  ("the fine imposed by X was unjustified"); for a document that acts ("the suit charged X with") its
  author: named with it ("the suit filed by X"), else who filed or issued a document of that name
  before in the document, else, for an authority's document ("the indictment"), the authority last named.
- object: direct object, dative, or a passive's nominal subject; the noun a passive participle
  modifies ("complaints filed by X"); a passive open complement's controller ("glad to have been
  released"); for an event noun the object of "of". A passive's agent may follow the noun that names
  what it acts on ("denounced as a coup by X": X denounced, no coup by X).
- negation: a `neg` child ("not", "n't", "never"), "no longer", or "no" before the event noun
  itself or before the one it takes ("signed no agreement").
- modality (cues from `modality_cues.csv`): a future auxiliary or a governing intention verb
  ("plan to", "threaten to", "pledge to") gives *intended*; a conditional auxiliary
  ("would", "could") gives *hypothetical* unless it is reported future ("announced that it
  would cease" is intended); an "if"/"unless" clause attached to the predicate gives
  *hypothetical*.
- attribution: the subject of a governing speech verb ("Beard said that ..."), the object of
  "according to", or who names something ("Pennzoil called the negotiations a ruthless use of
  power"); quotes inherit their sentence's speaker, whose "we" is the organisation the speaker
  speaks for and whose "I" the speaker; who is quoted is the speaker ("quoted X as saying"); a quoted
  sentence without a speech verb goes on with the quotation of the sentence before it.
- pronouns: a possessive stands for the subject of its own clause when that is of its kind
  ("Britain recalled its envoy"), the subject of a reported clause for who reports it ("the army
  said it had killed"; "it" for a group named in the singular only), a "he" or "she" subject of a
  main clause for the previous sentence's main subject ("The ambassador said ... He said"), else
  the latest actor of its kind.
- a sentence cut off where the page ended keeps its claims but for its last, cut word; a time
  expression inside a subject phrase does not date the clause; a participle conjoined to a
  judgement judges with it ("unjustified and not supported by the evidence": no act of supporting).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from pipeline.parse import SentenceDoc

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp", "parataxis"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me"}
# The first person of one speaker: the speaker, not the organisation the speaker speaks for ("I rejected them").
FIRST_PERSON_SINGULAR = {"i", "my", "me"}
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
# Pronouns that, as the subject of a sentence's main clause, stand for the previous sentence's main
# subject when it is of their kind: a story goes on about whom it was about ("Smith rejected the offer.
# He said ..." -> Smith, not the last person named). Centering: the subject is the likeliest topic.
TOPIC_PRONOUNS = frozenset({"he", "she"})
# Pronouns that can stand for a group of people ("the protesters ... they"); the others cannot ("its").
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
# Verbs whose object is who speaks: "Reuters quoted the minister as saying", "citing officials".
QUOTING_VERBS = frozenset({"quote", "cite"})
# Verbs whose object does what their infinitive says ("convinced the minister to resign", "urged them to
# leave"): the object controls it, even where the parser takes the infinitive for an adjunct of purpose.
OBJECT_CONTROL_VERBS = frozenset({
    "ask", "urge", "convince", "persuade", "force", "compel", "order", "tell", "allow", "permit", "enable",
    "invite", "encourage", "press", "pressure", "require", "instruct", "direct", "warn", "advise", "help",
    "authorize", "authorise", "call", "appeal", "oblige", "lead", "get", "cause", "push", "prompt",
})  # fmt: skip
# Prepositions before the organisation that people act for: "officials of / for / from / at the ministry".
REPRESENTATIVE_PREPOSITIONS = frozenset({"of", "for", "from", "at"})
# Adverbs of frequency: a simple present with one tells of a habit, not of an event ("militants regularly
# carry out attacks", "the ministry usually meets them").
HABITUAL_ADVERBS = frozenset(
    {"regularly", "routinely", "usually", "often", "frequently", "habitually", "typically", "normally", "generally"}
)
# "The government also requested ...": a further occurrence, not the one reported before.
ADDITIVE_ADVERBS = {"also", "again", "additionally", "further"}
# A generic plural subject followed by one of these names its members: "states including India".
MEMBER_PREPOSITIONS = {"including", "like", "such"}
# Prepositions that give the time an act aims at, not the time of the act: a deadline ("by December
# 30"; TimeML: "by" ends a span) or a new date ("extended to December 30", "postponed to Monday").
DEADLINE_PREPOSITIONS = {"by", "until", "till", "before", "ahead", "to", "through"}
# Prepositions that end a span: the time of their object is a deadline ("through the end of his term").
SPAN_END_PREPOSITIONS = frozenset({"through", "until", "till"})
# Words that put a clause at another time than the clause it modifies: "hours [after] the court dissolved
# the body", "more than a year [after] raiding the offices", "[since] the army seized power".
TIME_SHIFTING_WORDS = {"after", "before", "since", "until", "till", "once"}
# Modifiers of an event noun that name its agent when they are an actor's name: "a government demand"
# (compound), "the U.S. aid" (nmod), "the Soviet expulsion" (amod).
NAME_MODIFIER_DEPS = ("compound", "nmod", "amod")
# A gerund after these is done by the object of the verb it modifies: "thanked the authorities for
# accepting", "accused the rebels of launching".
OBJECT_CONTROL_PREPOSITIONS = ("for", "of")
# Prepositions after which a gerund says how the owner of the noun they follow acts: "its approach [in]
# negotiating the loan", "their role [in] brokering the deal" (not "a ban on importing": others import).
MANNER_PREPOSITIONS = ("in",)
# Auxiliaries of obligation: "the company must comply", "the package should address the debt".
OBLIGATION_AUXILIARIES = ("must", "should", "ought")
# A preposition that opens a clausal complement: "called [for the board to oust him]".
CLAUSE_PREPOSITIONS = ("for",)
# Penn tags of relative pronouns: "which", "that" (WDT), "who", "whom" (WP).
RELATIVE_TAGS = ("WDT", "WP")
# Documents that act for who filed, brought or issued them: "the suit charged X with ...", "the
# indictment charges that ...", "the report accuses the army of ...".
DOCUMENT_NOUNS = frozenset({
    "suit", "lawsuit", "complaint", "petition", "indictment", "resolution", "report", "statement", "letter",
    "ruling", "verdict", "judgment", "judgement", "decree", "order", "warrant",
})  # fmt: skip
# ... of which an authority is the author where the text names none: a court, a prosecutor, a government.
AUTHORITY_DOCUMENTS = frozenset(
    {"indictment", "ruling", "verdict", "judgment", "judgement", "decree", "order", "warrant"}
)
# Nouns that stand for the two people named together last: "Gold and Disney ... [the duo] called for ...".
PAIR_NOUNS = frozenset({"duo", "pair"})
# What stands between two names named together: "X and Y", "X, Y", "X & Y".
PAIR_JOINERS = frozenset({"and", ",", "&", ", and"})
# Units of a time given to do something: "X has [30 days] to submit a plan" is a deadline.
DURATION_NOUNS = frozenset({"minute", "hour", "day", "week", "month", "year"})
# ... but a time to do what a demand asks is that demand's, reported as it: "had 30 days to [comply]".
COMPLIANCE_VERBS = frozenset({"comply", "obey"})
# Prepositions whose object is an event noun's agent when neither "by", a possessor nor a name gives
# one: the parties "between" whom talks or clashes take place, the giver "from" whom aid or a demand comes.
NOMINAL_AGENT_PREPOSITIONS = ("between", "from")

FACT_COLUMNS = [
    "fact_id", "doc_id", "sentence_id", "parent_fact_id", "clause_relation", "predicate", "predicate_text",
    "predicate_pos", "char_start", "char_end", "voice", "tense", "is_background", "is_time_shifted", "is_habitual",
    "is_additional", "is_elliptical", "negated", "modality", "is_obligation", "subject_text", "subject_start",
    "subject_end", "subject_relation", "subject_lemma", "subject_entity_id",
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
    event_nouns: frozenset[str]  # lemmas of the verb patterns' NOUN rows ("ban", "air strike", "state of emergency")
    judgements: frozenset[str]  # lemmas of the verb patterns' ADJ rows ("unjustified", "good", "furious")
    representatives: frozenset[str]  # "official", "leader": act for the organisation they are of


def document_facts(
    parses: list[SentenceDoc],
    sentences: pd.DataFrame,
    document_mentions: pd.DataFrame,
    document_timexes: pd.DataFrame,
    attribution_cues: pd.DataFrame,
    modality_cues: pd.DataFrame,
    verb_patterns: pd.DataFrame,
) -> pd.DataFrame:
    """One row per clause-level claim of every sentence, read from its own document alone.

    Grain: one row per predicate token; `fact_id` is `<sentence_id>-f<token_index>`. The entity
    columns hold the document's entity keys (`entity_keys`: the mention that holds the argument's
    head word; a pronoun takes the key of its antecedent; quoted "we" the speaker's organisation,
    SPEAKER_ORGANISATION + the speaker's key), which `facts` turns into entity ids; `timex_id` is
    the expression whose head attaches to the predicate's clause.
    """
    cues = _cues(attribution_cues, modality_cues, verb_patterns)
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
    pairs = _named_pairs(keyed, sentences)
    rows: list[dict[str, Any]] = []
    speaker: dict[str, str | None] = {}  # doc_id -> key of the latest speaker's organisation (for quoted "we")
    authors: dict[tuple[str, str], str] = {}  # (doc_id, document noun) -> key of who filed or issued it last
    # doc_id -> key of the speaker whose quotation the next sentence may go on with: the one the last
    # sentence named, kept through quoted sentences, none after a sentence of the writer's own
    quoting: dict[str, str | None] = {}
    topic: dict[str, str | None] = {}  # doc_id -> key of the previous sentence's main subject
    for sentence in parses:
        if sentence.sentence_id in truncated:
            continue
        is_quote = bool(quoted.get(sentence.sentence_id, False))
        context = _Context(
            spans=spans_of.get(sentence.sentence_id, []),
            history=history.get(sentence.doc_id, []),
            is_quote=is_quote,
            kind_of=kind_of,
            speaker=speaker,
            topic=topic,
            groups=groups,
            authors=authors,
            pairs=pairs.get(sentence.doc_id, []),
            quoted_speaker=quoting.get(sentence.doc_id) if is_quote else None,
        )
        rows.extend(_sentence_facts(sentence, context, timex_spans_of.get(sentence.sentence_id, []), cues))
        if context.named_speaker is not None:
            quoting[sentence.doc_id] = context.named_speaker
        elif not is_quote:
            quoting[sentence.doc_id] = None
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
    # a role without an organisation ("Prime Minister X" of no named body) gives none: the speaker speaks for itself
    employer = {
        person: organisation
        for person, organisation in zip(roles["person_entity_id"], roles["organisation_entity_id"], strict=True)
        if isinstance(organisation, str)
    }

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
    topic: dict[str, str | None]  # doc_id -> entity key of the previous sentence's main subject
    groups: frozenset[str] = frozenset()  # entity keys of groups of people: only plural pronouns stand for them
    authors: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc_id, document noun) -> its author's key
    pairs: list[tuple[int, str, str]] = field(default_factory=list)  # people named together: (char_start, key, key)
    # who says a quoted sentence that names no speaker of its own: the speaker of the quotation it goes on with
    quoted_speaker: str | None = None
    named_speaker: str | None = None  # set by the sentence: the key of the speaker it names, if any


def _cues(attribution_cues: pd.DataFrame, modality_cues: pd.DataFrame, verb_patterns: pd.DataFrame) -> _Cues:
    def of(table: pd.DataFrame, column: str, value: str, key: str) -> frozenset[str]:
        return frozenset(table.loc[table[column] == value, key].str.lower())

    return _Cues(
        speech=of(attribution_cues, "kind", "speech", "lemma") | QUOTING_VERBS,  # quoting reports speech
        sources=of(attribution_cues, "kind", "source", "lemma"),
        representatives=of(attribution_cues, "kind", "representative", "lemma")
        | of(attribution_cues, "kind", "source", "lemma"),  # "a spokesman for the ministry" too
        intended=of(modality_cues, "factuality", "intended", "cue"),
        hypothetical=of(modality_cues, "factuality", "hypothetical", "cue"),
        negation=of(modality_cues, "factuality", "negated", "cue"),
        event_nouns=of(verb_patterns, "pos", "NOUN", "lemma"),
        judgements=of(verb_patterns, "pos", "ADJ", "lemma"),
    )


def _is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB" and token.dep_ != "amod" and token.lower_ != "according":
        return True
    if token.pos_ == "ADJ" and token.dep_ == "acomp":  # "are grateful to", "is willing to"
        return True
    # the parser sometimes tags a coordinated verb as a noun ("cease operations and exit completely")
    return token.dep_ == "conj" and token.head.pos_ == "VERB" and token.tag_.startswith(("VB", "NN"))


def _is_judgement(token: Token, judgements: frozenset[str]) -> bool:
    """An adjective of judgement that predicates like "is unjustified" does: conjoined to one ("groundless
    and [unjustified]"), qualifying what the copula's subject is ("is a [vengeful] act") or naming
    something ("called the vote [fraudulent]", "called it a [ruthless] use of power")."""
    if token.pos_ != "ADJ" or token.lemma_.lower() not in judgements:
        return False
    if token.dep_ == "conj":
        return token.head.pos_ == "ADJ" and token.head.dep_ == "acomp"
    return token.dep_ == "oprd" or (token.dep_ == "amod" and token.head.dep_ in ("attr", "oprd"))


def _is_judging_participle(token: Token, judgements: frozenset[str]) -> bool:
    """A participle conjoined to an adjective of judgement judges with it: "the findings were
    unjustified and [not supported] by the evidence" (no act of supporting)."""
    if token.dep_ != "conj" or token.tag_ != "VBN":
        return False
    head = token.head
    if head.lemma_ == "be":  # the parser may conjoin it to the copula: "were [unjustified] and not supported"
        head = next((c for c in head.children if c.dep_ == "acomp"), head)
    return head.pos_ == "ADJ" and head.lemma_.lower() in judgements


def _naming_verb(token: Token) -> Token | None:
    """The verb by which someone names something with `token`: "called the vote [fraudulent]", "called
    the negotiations a [ruthless] use of power" -> called."""
    if token.dep_ == "oprd":
        return token.head
    if token.dep_ == "amod" and token.head.dep_ == "oprd":
        return token.head.head
    return None


def _named_thing(verb: Token) -> Token | None:
    """What a naming verb names: its object, or the subject of its passive ("the visit was called ...")."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _sentence_facts(
    sentence: SentenceDoc, context: _Context, timexes: list[tuple[int, int, str]], cues: _Cues
) -> list[dict[str, Any]]:
    doc = sentence.doc
    offset = sentence.char_start
    entity_spans = [(start - offset, end - offset, entity_id) for start, end, entity_id in context.spans]
    rows: list[dict[str, Any]] = []
    doc_id = sentence.doc_id

    def entity_of(token: Token | None, exclude: str | None = None) -> str | None:
        if token is None:
            return None
        for start, end, entity_id in entity_spans:
            if start <= token.idx < end:
                return entity_id
        lower = token.lower_
        if lower in FIRST_PERSON and (context.is_quote or _is_reported(token, cues)):
            # a quotation's "we" is the organisation its speaker speaks for, its "I" the speaker
            speaker = context.speaker.get(doc_id)
            return speaker.removeprefix(SPEAKER_ORGANISATION) if speaker and lower in FIRST_PERSON_SINGULAR else speaker
        if lower in PRONOUN_KINDS:
            kinds = PRONOUN_KINDS[lower]
            owner = _clause_subject(token) if token.dep_ == "poss" else None
            if owner is not None:  # "the union met officials to discuss [its] demands" -> the union
                found = entity_of(owner)
                if found and found != exclude and context.kind_of.get(found) in kinds:
                    return found
            reporter = _reporter(token, cues)
            if reporter is not None:  # "the army said it had killed 20 rebels" -> the army
                found = entity_of(reporter)
                singular = lower in PLURAL_PRONOUNS or found not in context.groups or reporter.tag_ == "NN"
                if found and found != exclude and context.kind_of.get(found) in kinds and singular:
                    return found
            topic = context.topic.get(doc_id)
            continues = lower in TOPIC_PRONOUNS and _is_main_subject(token) and topic and topic != exclude
            if continues and context.kind_of.get(str(topic)) in kinds:  # "Smith rejected it. He said ..." -> Smith
                return topic
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
        # people who act for an organisation named after or before them ("officials of the union")
        if token.lemma_.lower() in cues.representatives:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in REPRESENTATIVE_PREPOSITIONS:
                    represented = next((c for c in child.children if c.dep_ == "pobj"), None)
                elif child.dep_ == "compound":
                    represented = child
                else:
                    continue
                found = entity_of(represented)
                if found and context.kind_of.get(found) in _INSTITUTIONS:
                    return found
        return None

    def is_named(token: Token) -> bool:
        return entity_of(token) is not None

    def in_mention(token: Token) -> bool:
        return any(start <= token.idx < end for start, end, _ in entity_spans)

    predicates = [
        t
        for t in doc
        if not _is_judging_participle(t, cues.judgements)
        and (
            _is_predicate(t)
            or _is_judgement(t, cues.judgements)
            or (not in_mention(t) and _is_nominal_predicate(t, cues.event_nouns, is_named))
        )
    ]
    clause_heads = {t.i for t in predicates}
    fact_id_of = {t.i: f"{sentence.sentence_id}-f{t.i}" for t in predicates}
    timex_of_predicate, deadline_timex = _timex_attachment(doc, timexes, offset, clause_heads)

    # the speaker of a quotation is named in the same sentence as often as before it ("..., Beard said.")
    for predicate in predicates:
        if predicate.lemma_.lower() in cues.speech:
            said_by = entity_of(_speaker(predicate))
            if said_by:
                context.speaker[doc_id] = SPEAKER_ORGANISATION + said_by
                context.named_speaker = said_by
    # a quoted sentence without a speech verb goes on with the quotation before it: '"This is a spiteful act."'
    continued = context.quoted_speaker if not any(p.lemma_.lower() in cues.speech for p in predicates) else None

    sentence_sources = _sentence_sources(doc, cues)  # the same for every predicate: found once
    for predicate in predicates:
        nominal = _is_nominal(predicate)
        if nominal:
            subject, subject_relation, obj = _nominal_arguments(predicate, is_named)
            voice = "active"
        else:
            subject, obj, voice = _arguments(predicate)
            subject_relation = subject.dep_ if subject is not None else ""
        governing = _governing_predicate(predicate, clause_heads)
        speech_parent = _speech_ancestor(governing, cues, clause_heads)
        absolutes = {
            controller.i
            for child in predicate.children
            if child.dep_ == "advcl" and child.tag_ == "VBG"
            for controller in [_absolute_subject(predicate, child)]
            if controller is not None
        }
        complements = [
            (child.lower_, pobj)
            for child in predicate.children
            if child.dep_ == "prep"
            for pobj in child.children
            if pobj.dep_ == "pobj" and pobj.i not in absolutes  # not the subject of "with X doing"
        ]
        # a preposition of two words: "walked [out of] the talks", "backed [away from] the deal"
        complements += [
            (child.lower_, pobj)
            for child in predicate.children
            if child.dep_ in ("prep", "prt") and not any(c.dep_ == "pobj" for c in child.children)
            for inner in child.children
            if inner.dep_ == "prep"
            for pobj in inner.children
            if pobj.dep_ == "pobj"
        ]
        # "called [for the board to oust him]": a clause after a preposition is its complement too
        complements += [
            (mark.lower_, child)
            for child in predicate.children
            if child.dep_ in ("advcl", "ccomp", "xcomp")
            for mark in child.children
            if mark.dep_ == "mark" and mark.lower_ in CLAUSE_PREPOSITIONS
        ]
        according = [pobj for prep, pobj in complements if prep == "according"] + [
            pobj for prep, pobj in sentence_sources
        ]
        attributed: Token | None = None
        naming = _naming_verb(predicate)
        if speech_parent is not None:
            attributed = _speaker(speech_parent)
        elif according:
            attributed = according[0]
        elif naming is not None:  # "Pennzoil called the negotiations a ruthless use of power": Pennzoil says so
            attributed = _arguments(naming)[0]
        subject, obj, attributed = (_named_apposition(t, is_named) for t in (subject, obj, attributed))
        # a judgement of an act falls on its author: "the fine imposed by the Commission was unjustified"
        judged = predicate.pos_ == "ADJ" or subject_relation == "attr"
        # a document acts for its author: "the suit [filed by X] charged ...", "[X's] report accuses ..."
        document = _document_noun(subject) if not nominal and voice == "active" else None
        authored = judged or document is not None
        actor = _author(subject, is_named) if authored and subject is not None and not is_named(subject) else subject
        subject_entity = entity_of(actor)
        members = [_named_apposition(t, is_named) for t in _members(actor, cues.representatives)]
        subject_entities = [e for e in (entity_of(t) for t in members) if e] or (
            [subject_entity] if subject_entity else []
        )
        if not subject_entities and _is_pair(actor):
            position = offset + predicate.idx
            subject_entities = next((list(pair) for start, *pair in reversed(context.pairs) if start < position), [])
            subject_entity = subject_entities[0] if subject_entities else None
        if document is not None and not subject_entities:
            # else who filed or issued it before ("dropped the suit"), or the authority last named for an
            # authority's document ("the indictment charges that ...")
            subject_entity = context.authors.get((doc_id, document)) or (
                _antecedent(context.history, offset + predicate.idx, AUTHORITIES, None)
                if document in AUTHORITY_DOCUMENTS
                else None
            )
            subject_entities = [subject_entity] if subject_entity else []
        for filed in (obj, predicate if nominal else None):  # "dropped [the suit]", "[Amnesty's report]"
            filed_noun = _document_noun(filed)
            if filed_noun is not None and subject_entities and filed is not None and not in_mention(filed):
                context.authors[(doc_id, filed_noun)] = subject_entities[0]
        object_entity = entity_of(obj, exclude=subject_entity)
        implicit_agent = None
        # an agent the text names but no mention resolves ("by a body"; not a measure: "by a month")
        named_agent = subject is not None and subject.head.lower_ == "by" and not subject.ent_type_
        if voice == "passive" and not subject_entities and not named_agent:
            # "BlackBerry was allowed to continue": the authority last named before the clause; not when
            # the text names an agent we cannot resolve ("was jailed by a body set up by the king")
            implicit_agent = _antecedent(context.history, offset + predicate.idx, AUTHORITIES, object_entity)
        attributed_entity = entity_of(attributed) if attributed is not None else continued
        time_limit = _is_time_limit(predicate, obj)
        if time_limit:
            # a deadline is set by the body its speaker speaks for, else by the authority last named
            if attributed_entity and attributed_entity != subject_entity:
                attributed_entity = SPEAKER_ORGANISATION + attributed_entity
            else:
                attributed_entity = _antecedent(context.history, offset + predicate.idx, AUTHORITIES, subject_entity)
        timex_id = timex_of_predicate.get(predicate.i)
        rows.append(
            {
                "fact_id": fact_id_of[predicate.i],
                "doc_id": doc_id,
                "sentence_id": sentence.sentence_id,
                "parent_fact_id": fact_id_of.get(governing.i) if governing is not None else None,
                "clause_relation": _nominal_relation(predicate, governing) if nominal else predicate.dep_,
                "predicate": _noun_lemma(predicate, cues.event_nouns) if nominal else _predicate_lemma(predicate),
                "predicate_text": predicate.text,
                "predicate_pos": _predicate_pos(predicate),
                "char_start": offset + predicate.idx,
                "char_end": offset + predicate.idx + len(predicate.text),
                "voice": voice,
                # an event noun takes the tense of the clause it is part of ("talks were held")
                "tense": _tense(governing if nominal and governing is not None else predicate),
                "is_background": _is_past_perfect(predicate),
                "is_time_shifted": _is_time_shifted(predicate),
                "is_habitual": _is_habitual(predicate),
                "is_elliptical": _is_elliptical(predicate),
                "is_additional": any(c.dep_ == "advmod" and c.lower_ in ADDITIVE_ADVERBS for c in predicate.children),
                "negated": _negated(predicate, cues),
                "modality": _nominal_modality(predicate, cues)
                if nominal
                else _modality(predicate, governing, cues, clause_heads),
                "is_obligation": any(
                    c.dep_ == "aux" and c.lower_ in OBLIGATION_AUXILIARIES for c in predicate.children
                ),
                **_span_columns("subject", subject, offset),
                "subject_relation": subject_relation,
                "subject_lemma": subject.lemma_.lower() if subject is not None else None,
                "subject_entity_id": subject_entities[0] if subject_entities else None,
                "subject_entity_ids": list(dict.fromkeys(subject_entities)),
                "implicit_agent_entity_id": implicit_agent,
                **_span_columns("object", obj, offset),
                "object_entity_id": object_entity,
                # the time given to act is a deadline to the verb patterns: "has [30 days] to comply"
                "object_lemma": "deadline" if time_limit else _noun_lemma(obj, cues.event_nouns) if obj else None,
                # with the adjective of a small clause: "left eight soldiers [dead]"
                "complement_lemmas": sorted(
                    {
                        c.lemma_.lower()
                        for c in predicate.children
                        if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "oprd" and c.pos_ == "ADJ")
                    }
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
    context.topic[doc_id] = _main_subject(doc, entity_of, is_named)
    return rows


def _is_pair(token: Token | None) -> bool:
    """ "the duo", "the pair", "the two men": two people the text has named."""
    if token is None or token.pos_ != "NOUN":
        return False
    determined = any(c.dep_ == "det" and c.lower_ in ("the", "both") for c in token.children)
    two = any(c.dep_ == "nummod" and c.lower_ == "two" for c in token.children)
    return determined and (token.lemma_.lower() in PAIR_NOUNS or (two and token.lemma_.lower() in ("man", "woman")))


def _named_pairs(keyed: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, list[tuple[int, str, str]]]:
    """doc_id -> the two people of each pair of names joined in one sentence ("Stanley Gold and Roy
    Disney"): (where the second starts, the first's key, the second's), in the order of the text."""
    text_of = dict(
        zip(sentences["sentence_id"], zip(sentences["char_start"], sentences["text"], strict=True), strict=True)
    )
    people = keyed[keyed["kind"] == "PERSON"].sort_values(["doc_id", "char_start"], kind="stable")
    pairs: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    previous: tuple[str, int, str] | None = None  # the sentence, end and key of the person named before
    for doc_id, sentence_id, start, end, key in zip(
        people["doc_id"],
        people["sentence_id"],
        people["char_start"],
        people["char_end"],
        people["entity_key"],
        strict=True,
    ):
        if previous is not None and previous[0] == sentence_id and previous[2] != key and sentence_id in text_of:
            offset, text = text_of[sentence_id]
            if text[previous[1] - offset : int(start) - offset].strip() in PAIR_JOINERS:
                pairs[str(doc_id)].append((int(start), previous[2], str(key)))
        previous = (str(sentence_id), int(end), str(key))
    return pairs


def _is_time_limit(predicate: Token, obj: Token | None) -> bool:
    """Whether a clause gives its subject a time to do something, a deadline: "X now has [30 days] [to
    submit a plan]" (an open clause of the duration that is the object of "have"), not to comply with a
    demand (COMPLIANCE_VERBS)."""
    if predicate.lemma_ != "have" or obj is None or obj.lemma_.lower() not in DURATION_NOUNS:
        return False
    return any(
        c.dep_ in ("relcl", "acl")
        and c.lemma_.lower() not in COMPLIANCE_VERBS
        and any(a.lower_ == "to" for a in c.children)
        for c in obj.children
    )


def _document_noun(token: Token | None) -> str | None:
    """The lemma of a noun that names a document acting for its author ("the suit", "the indictment")."""
    lemma = token.lemma_.lower() if token is not None and token.pos_ == "NOUN" else None
    return lemma if lemma in DOCUMENT_NOUNS else None


def _clause_subject(possessive: Token) -> Token | None:
    """The subject of the clause a possessive pronoun is part of, which it most often stands for
    ("Britain recalled [its] envoy", "asked the firm to close [its] stores" -> the firm); none inside
    that subject itself ("[its] shares fell")."""
    clause = possessive.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    subject = _arguments(clause)[0]
    if subject is None or subject.pos_ == "PRON" or possessive in subject.subtree:
        return None
    return subject


def _reporter(pronoun: Token, cues: _Cues) -> Token | None:
    """Who reports the clause a pronoun is the subject of, whom it most often stands for: "the army
    said [it] had killed 20 rebels" -> the army."""
    clause = pronoun.head
    if pronoun.dep_ not in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS or clause.dep_ != "ccomp":
        return None
    if clause.head.lemma_.lower() not in cues.speech:
        return None
    speaker = _speaker(clause.head)
    return None if speaker is None or speaker.pos_ == "PRON" else speaker


def _is_main_subject(token: Token) -> bool:
    """The subject of its sentence's main clause: "[He] said, ..."."""
    return token.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and token.head.dep_ == "ROOT"


def _main_subject(
    doc: Doc, entity_of: Callable[[Token | None], str | None], is_named: Callable[[Token], bool]
) -> str | None:
    """The entity key of the subject of a sentence's main clause ("The ambassador, in a statement,
    said ..." -> the ambassador's), the topic a subject pronoun of the next sentence takes."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None) if root is not None else None
    return entity_of(_named_apposition(subject, is_named))


def _is_nominal(token: Token) -> bool:
    """A noun predicate, not a verb the tagger took for a noun ("cease operations and exit")."""
    return token.pos_ == "NOUN" and not (token.dep_ == "conj" and token.head.pos_ == "VERB")


def _is_nominal_predicate(token: Token, event_nouns: frozenset[str], is_named: Callable[[Token], bool]) -> bool:
    """An event noun of the verb patterns ("the ban", "peace talks", "a state of emergency"), or any
    noun with an actor attached as its agent ("its refusal", "the demand by the government"); never a
    noun inside a name ("the Pakistani government"), which the caller checks. Whether it names an
    event of a type is the events stage's business."""
    if token.dep_ == "compound" or not _is_nominal(token):
        return False
    naming = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "as" else None
    if naming is not None and naming.tag_ == "VBN" and not any(c.dep_ in SUBJECT_DEPS for c in naming.children):
        # after a passive it names what the participle is about, whose agent its "by" is: "a move
        # denounced [as a coup] by the opposition" (no coup by the opposition); "what his family
        # described as an abduction by the police" stays the police's abduction
        return False
    if _noun_lemma(token, event_nouns) in event_nouns:
        return True
    agent, relation, _ = _nominal_arguments(token, is_named)
    return agent is not None and relation not in NOMINAL_AGENT_PREPOSITIONS


def _noun_lemma(noun: Token, event_nouns: frozenset[str]) -> str:
    """The lemma of an event noun with the words that make it one name ("air strike", "state of
    emergency", "hunger strike") when the lexicon holds that name, else the noun's own lemma."""
    lemma = noun.lemma_.lower()
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    longer = []
    for first in modifiers:  # the longest name first: "suicide car bombing" before "car bombing"
        words = [t for t in noun.doc[first.i : noun.i] if not t.is_punct]
        longer.append(noun.doc[first.i : noun.i + 1].text.lower())  # as written: "cease-fire"
        longer.append(" ".join([*(t.lemma_.lower() for t in words), lemma]))
    longer += [
        f"{lemma} of {pobj.lemma_.lower()}"
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    return next((name for name in longer if name in event_nouns), lemma)


def _nominal_relation(noun: Token, governing: Token | None) -> str:
    """How an event noun is attached to its governing predicate: its own dependency label when it is
    the predicate's argument (nsubj, dobj, ...; pobj when the preposition is the predicate's own:
    "complied with the demand"), "nmod" when it sits deeper in a phrase ("in response to the expulsion")."""
    if governing is None or noun.head.i == governing.i:
        return str(noun.dep_)
    if noun.dep_ == "pobj" and noun.head.head.i == governing.i:
        return "pobj"
    return "nmod"


def _nominal_arguments(noun: Token, is_named: Callable[[Token], bool]) -> tuple[Token | None, str, Token | None]:
    """(agent, how the agent is attached, patient) of an event noun.

    Agent, in this order: the object of "by" ("the ban by the court"), the possessor ("Britain's
    expulsion"), a name modifying it ("a government demand", "the EU decision"), the first of the
    parties "between" whom it takes place ("talks between X and Y"), the object of "from" ("aid from
    X"; the events stage keeps it only for what is given or said). A candidate that names an actor
    beats one that does not ("Tuesday's ruling by the jury" -> the jury). Failing those, the author of
    what the noun names as the copula's subject or a naming verb's object ("the visit by X is [a
    violation]", "called the move [a coup]": relation attr), or the subject of the clause it is an
    adjunct of after "in" ("marched [in protest]": relation in). Patient: the object of "of" ("the
    expulsion of six diplomats") unless that is the agent.
    """
    objects: dict[str, Token] = {}
    for prep in noun.children:
        if prep.dep_ == "prep":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                objects.setdefault(prep.lower_, pobj)
    patient = objects.get("of")
    if patient is not None:
        # the parser hangs "by" and "from" on the nearest noun: "the arrest of [the editor by Turkey]"
        for prep in patient.children:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from") and pobj is not None:
                objects.setdefault(prep.lower_, pobj)
    candidates: list[tuple[Token, str]] = []
    if "by" in objects:
        candidates.append((objects["by"], "by"))
    candidates += [(c, "poss") for c in noun.children if c.dep_ == "poss"]
    candidates += [(c, c.dep_) for c in noun.children if c.dep_ in NAME_MODIFIER_DEPS and is_named(c)]
    for preposition in NOMINAL_AGENT_PREPOSITIONS:
        if preposition in objects:
            candidates.append((objects[preposition], preposition))
    if not candidates and noun.dep_ in ("attr", "oprd"):  # "the visit is [a violation]", "called it [a coup]"
        described = (
            next((c for c in noun.head.children if c.dep_ in SUBJECT_DEPS), None)
            if noun.dep_ == "attr"
            else _named_thing(noun.head)
        )
        if described is not None:
            candidates.append((_author(described, is_named), "attr"))
    manner = noun.head  # "marched [in protest] against ...": the noun says what the clause's subject does
    clause = manner.head.head if manner.head.dep_ == "dobj" else manner.head  # "recalled its envoy in protest"
    if not candidates and noun.dep_ == "pobj" and manner.lower_ == "in" and clause.pos_ in ("VERB", "AUX"):
        doer = _arguments(clause)[0]
        if doer is not None:
            candidates.append((doer, "in"))
    named = [(token, relation) for token, relation in candidates if is_named(token)]
    if not (named or candidates):
        return None, "", patient
    agent, relation = (named or candidates)[0]
    return agent, relation, patient if patient is not agent else None


def _arguments(predicate: Token) -> tuple[Token | None, Token | None, str]:
    """(subject head, object head, voice) of a predicate, following the rules in the module docstring."""
    children = list(predicate.children)
    # of two subjects the one nearer the verb: the first is a dateline the parser took for one
    # ("NAIROBI, March 3 - Kenyan police arrested ...")
    subject = next((c for c in reversed(children) if c.dep_ in SUBJECT_DEPS and c.i < predicate.i), None)
    subject = subject or next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
    passive_subject = next((c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    obj = next((c for c in children if c.dep_ in OBJECT_DEPS), None)
    voice = "active"
    if passive_subject is not None:
        voice = "passive"
        subject = _by_agent(predicate)
        if subject is None:
            # an agentless passive acts on the owner's own thing: "its smartphone was rolled out" -> its owner
            subject = next((c for c in passive_subject.children if c.dep_ == "poss"), None)
        obj = passive_subject
    if passive_subject is None and predicate.dep_ == "conj" and any(c.dep_ == "auxpass" for c in children):
        # a passive conjunct shares its first conjunct's subject as its patient: "GM failed and [was ordered]"
        return _by_agent(predicate), _arguments(predicate.head)[0], "passive"
    if (
        passive_subject is None
        and predicate.dep_ == "xcomp"
        and any(c.dep_ == "auxpass" for c in children)
        and not any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in predicate.head.children)
    ):
        # a passive open complement acts on its controller: "he was glad [to have been released]", "asked
        # them [to be heard]" -> him, them; who acts is its agent ("to be received by the king"). Not
        # after a passive ("it is expected to be released"), whose subject is no controller but raised.
        head_object = next((c for c in predicate.head.children if c.dep_ in ("dobj", "dative")), None)
        controller = head_object if head_object is not None else _arguments(predicate.head)[0]
        return _by_agent(predicate), controller, "passive"
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
    if subject is None and passive_subject is None and predicate.dep_ == "acl" and predicate.tag_ == "VBN":
        # a passive participle after its noun acts on that noun: "complaints [filed by competitors]"
        return _by_agent(predicate), predicate.head, "passive"
    if subject is None and voice == "active":
        head = predicate.head
        if predicate.dep_ == "acomp":  # the copula's subject: "we are grateful"
            subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        elif predicate.dep_ == "amod" and head.dep_ == "attr":  # "this is a [vengeful] act": this
            subject = next((c for c in head.head.children if c.dep_ in SUBJECT_DEPS), None)
        elif (naming := _naming_verb(predicate)) is not None:  # "called the vote [fraudulent]": the vote
            subject = _named_thing(naming)
        elif predicate.dep_ == "xcomp" and head.dep_ == "acomp":  # "is willing to assist"
            subject = _arguments(head)[0]
            if subject is not None and subject.lower_ == "it":
                subject = None  # "it was not possible to reconcile ...": no one in particular
        elif predicate.dep_ == "xcomp":
            # controller: "asked X to provide" -> X; "planned to leave" -> the planner; not the "it" of
            # "it was not possible [to reconcile]"
            head_object = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            subject = head_object if head_object is not None else _arguments(head)[0]
            if subject is not None and subject.lower_ == "it" and any(c.dep_ == "acomp" for c in head.children):
                subject = None
        elif predicate.dep_ == "conj" and head.i != predicate.i:
            subject = _arguments(head)[0]
        elif _is_adjunct_clause(predicate):
            subject = _adjunct_controller(predicate)
        elif _is_purpose_clause(predicate) and head.pos_ in ("VERB", "AUX"):
            # "met the minister [to discuss] the strike": who met; but the parser also hangs an object
            # control verb's complement so: "convinced the minister [to resign]": the minister
            head_object = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            controlled = head.lemma_.lower() in OBJECT_CONTROL_VERBS and head_object is not None
            subject = head_object if controlled else _arguments(head)[0]
    # a relative pronoun stands for the noun its clause modifies: "Texaco, [which] purchased Getty"
    if predicate.dep_ == "relcl":
        subject = predicate.head if subject is not None and subject.tag_ in RELATIVE_TAGS else subject
        obj = predicate.head if obj is not None and obj.tag_ in RELATIVE_TAGS else obj
    return subject, obj, voice


def _by_agent(predicate: Token) -> Token | None:
    """The agent of a passive: the object of its "by" ("was allowed [by X]"), also after the noun that
    names what it acts on or acts with ("denounced as a coup [by the opposition]", "was settled with a
    payment [by X]")."""
    agent = next((c for c in predicate.children if c.dep_ == "agent"), None)
    if agent is None:
        named = [p for c in predicate.children if c.dep_ == "prep" and c.lower_ in ("as", "with") for p in c.children]
        agent = next((c for p in named for c in p.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _author(act: Token, is_named: Callable[[Token], bool]) -> Token:
    """Who did an act a noun names: its agent ("the visit [by Ahmadinejad]", "[its] refusal") or the
    agent of the participle after it ("the fine [imposed by the Commission]"); else the noun itself."""
    agent, _, _ = _nominal_arguments(act, is_named)
    if agent is not None and is_named(agent):
        return agent
    for participle in act.children:
        if participle.dep_ == "acl" and participle.tag_ == "VBN":
            by = _arguments(participle)[0]
            if by is not None and is_named(by):
                return by
    return act


def _is_reported(token: Token, cues: _Cues) -> bool:
    """Whether a word sits in the clause a speech verb of its sentence reports: '"We will not comply,"
    said Chen' -> We."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in cues.speech:
            return True
        node = node.head
    return False


def _named_apposition(token: Token | None, is_named: Callable[[Token], bool]) -> Token | None:
    """The name an argument stands in apposition with: "a Foreign Ministry official, [Vladimir
    Suslov], accused ..." -> Suslov; "[Stanley Gold], a former board member who led ..." -> Gold."""
    if token is None or is_named(token):
        return token
    named = next((c for c in token.children if c.dep_ == "appos" and is_named(c)), None)
    if named is not None:
        return named
    if token.dep_ == "appos" and is_named(token.head):
        return token.head
    return token


def _is_purpose_clause(predicate: Token) -> bool:
    """An infinitive without a subject of its own that says what its clause is done for: "met the
    minister [to discuss] the strike", "sent troops [to protect] the border"."""
    return (
        predicate.dep_ == "advcl"
        and predicate.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in predicate.children)
        and not any(c.dep_ in ("mark", *SUBJECT_DEPS) for c in predicate.children)
    )


def _is_adjunct_clause(predicate: Token) -> bool:
    """A participle or gerund without a subject of its own that modifies another clause: "Police fired,
    [killing two]", "responded [by blocking access]"; not one with a subordinator ("while ...")."""
    if predicate.tag_ != "VBG" or any(c.dep_ == "mark" for c in predicate.children):
        return False
    return predicate.dep_ == "advcl" or (predicate.dep_ == "pcomp" and predicate.head.dep_ == "prep")


def _absolute_subject(clause: Token, participle: Token) -> Token | None:
    """The object of a "with" of `clause` that is the subject of its `participle` in an absolute
    construction: "pledged 10,000 dollars, [with Georgia] each promising to donate" -> Georgia."""
    for prep in clause.children:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.dep_ == "prep" and prep.lower_ == "with" and pobj is not None and pobj.i < participle.i:
            between = clause.doc[pobj.right_edge.i + 1 : participle.i]
            if all(t.pos_ in ("ADV", "DET", "PRON") for t in between):
                return pobj
    return None


def _adjunct_controller(predicate: Token) -> Token | None:
    """Who does what an adjunct clause says: the subject of the clause it modifies ("responded [by
    blocking]", "after raiding ..., prosecutors charged"); after "for" or "of" the object of that
    clause ("thanked the authorities [for accepting]", "accused X [of launching]"), or no one known;
    in an absolute construction the object of "with" ("..., with Georgia each promising to donate"); after
    "in" on a noun its owner ("its approach in [negotiating]")."""
    modified = predicate.head.head if predicate.dep_ == "pcomp" else predicate.head
    if modified.pos_ == "NOUN" and predicate.dep_ == "pcomp" and predicate.head.lower_ in MANNER_PREPOSITIONS:
        return next((c for c in modified.children if c.dep_ == "poss"), None)
    if modified.pos_ not in ("VERB", "AUX"):
        return None
    absolute = _absolute_subject(modified, predicate)
    if absolute is not None:
        return absolute
    if predicate.dep_ == "pcomp" and predicate.head.lower_ in OBJECT_CONTROL_PREPOSITIONS:
        return next((c for c in modified.children if c.dep_ == "dobj"), None)
    return _arguments(modified)[0]


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


def _members(subject: Token | None, representatives: frozenset[str]) -> list[Token]:
    """Each actor a subject names: the head, its conjuncts ("India and Saudi Arabia"; after "between" with
    none, those of the head's "of" object), the members a generic plural lists ("several countries
    including India and Saudi Arabia"), and each of the parties that people act for ("the heads of
    state of Kenya, Uganda and Tanzania": each country). The caller takes the name in apposition with
    an unnamed one ("Nupeng and [the white-collar union], Pengassan")."""
    if subject is None:
        return []
    heads = [subject, *(t for t in subject.conjuncts)]
    if len(heads) == 1 and subject.dep_ == "pobj" and subject.head.lower_ == "between":
        # "between" takes two parties: the parser may hang the second on a word inside the first ("talks
        # between the government of [X] and [rebel leaders]", "the government of X and [Y] leaders")
        heads += [t for t in subject.subtree if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN")]
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ in MEMBER_PREPOSITIONS:
            for pobj in prep.subtree:
                if pobj.dep_ == "pobj":
                    heads.extend([pobj, *pobj.conjuncts])
    for head in list(heads):
        if head.lemma_.lower() in representatives:
            heads.extend(_represented_parties(head))
    return heads


def _represented_parties(representative: Token) -> list[Token]:
    """The conjoined parties people act for, named after "of", "for", "from" or "at", also after a
    noun of their office ("officials of Kenya and Uganda", "heads [of state] of Kenya and Uganda");
    none when one party is named (the caller's entity look-up finds it)."""
    node = representative
    for _ in range(2):  # the parties, or the parties after the noun of the office
        pobj = next(
            (
                g
                for c in node.children
                if c.dep_ == "prep" and c.lower_ in REPRESENTATIVE_PREPOSITIONS
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
        if pobj is None:
            return []
        if pobj.conjuncts:
            return [pobj, *pobj.conjuncts]
        node = pobj
    return []


def _governing_predicate(predicate: Token, clause_heads: set[int]) -> Token | None:
    """The predicate (one of `clause_heads`: the sentence's predicates' token indices) whose clause or
    event noun this one complements or is conjoined to."""
    node = predicate
    while node.dep_ != "ROOT" and node.head.i != node.i:
        node = node.head
        if node.i in clause_heads:
            return node
    return None


def _speaker(speech: Token) -> Token | None:
    """Who says what a speech verb reports: its subject, but the one quoted by a quoting verb ("Reuters
    quoted the minister as saying ...", "the minister was quoted as saying ...")."""
    quoting = speech.head.head if speech.dep_ == "pcomp" and speech.head.lower_ == "as" else speech
    if quoting.lemma_.lower() in QUOTING_VERBS:
        return _arguments(quoting)[1]
    return _arguments(speech)[0]


def _speech_ancestor(governing: Token | None, cues: _Cues, clause_heads: set[int]) -> Token | None:
    """The nearest speech verb above a clause: "Beard said [that it would cease and exit]" -> said."""
    node = governing
    while node is not None:
        if node.lemma_.lower() in cues.speech:
            return node
        node = _governing_predicate(node, clause_heads)
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


def _is_time_shifted(predicate: Token) -> bool:
    """A clause or event noun introduced by a word that puts it at another time than the clause it
    modifies: "hours [after] the court dissolved it" (mark), "[after] raiding the offices" (the
    preposition a gerund is the object of), "[since] the invasion"."""
    if any(c.dep_ == "mark" and c.lower_ in TIME_SHIFTING_WORDS for c in predicate.children):
        return True
    return predicate.dep_ in ("pcomp", "pobj") and predicate.head.lower_ in TIME_SHIFTING_WORDS


def _ends_span(token: Token) -> bool:
    """Whether a word sits in the object of a preposition that ends a span: "stay on through [the end of
    his term]" (a time right after it is that end, wherever the parser hangs it)."""
    node = token
    while node.dep_ in ("pobj", "prep") and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in SPAN_END_PREPOSITIONS:
            return True
        node = node.head
    return False


def _is_habitual(predicate: Token) -> bool:
    """A simple present with an adverb of frequency: a habit, not an event ("militants regularly carry
    out attacks")."""
    children = list(predicate.children)
    simple_present = predicate.tag_ in ("VBP", "VBZ") and not any(c.dep_ in ("aux", "auxpass") for c in children)
    return simple_present and any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in children)


def _nominal_modality(noun: Token, cues: _Cues) -> str:
    """An event noun is asserted, but hypothetical after "of" a noun of what may happen ("fears [of] an
    invasion", "the prospect of talks": the modality cues' hypothetical nouns)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return "hypothetical" if head.head.lemma_.lower() in cues.hypothetical else "asserted"
    return "asserted"


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
        if child.dep_ == "det" and child.lower_ in cues.negation:  # "no cease-fire has been agreed"
            return True
        if (
            child.dep_ in ("dobj", "nsubjpass")
            and _noun_lemma(child, cues.event_nouns) in cues.event_nouns
            and any(g.dep_ == "det" and g.lower_ in cues.negation for g in child.children)
        ):
            return True  # "has signed no agreement", "no talks were held"; not "left us no choice"
        if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
            return True
    return False


def _modality(predicate: Token, governing: Token | None, cues: _Cues, clause_heads: set[int]) -> str:
    auxiliaries = {c.lower_ for c in predicate.children if c.dep_ == "aux"}
    if predicate.dep_ == "conj" and governing is not None and not auxiliaries:
        # a conjunct shares its first conjunct's auxiliaries: "would cease operations and exit"
        return _modality(governing, _governing_predicate(governing, clause_heads), cues, clause_heads)
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
    cut = {"relcl", "acl", "appos", "ccomp", "advcl", "punct", "cc", "conj", "prep", "mark"}
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


def _timex_attachment(
    doc: Doc, timexes: list[tuple[int, int, str]], offset: int, clause_heads: set[int]
) -> tuple[dict[int, str], set[str]]:
    """Which predicate each time expression dates: the first predicate (of `clause_heads`) above the
    expression's head word ("Tuesday's ruling": the ruling).

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
        if before is not None and _ends_span(before):  # "through the end of his term [in 2006]"
            deadlines.add(timex_id)
        node = head
        while node.head.i != node.i and node.i not in clause_heads:
            if node.dep_ == "pobj" and node.head.lower_ in DEADLINE_PREPOSITIONS:
                deadlines.add(timex_id)
            if node.dep_ in SUBJECT_DEPS:
                break  # a time inside a clause's subject phrase tells of the subject ("BAGHDAD, 21 August -")
            node = node.head
        if node.i in clause_heads:
            attached.setdefault(node.i, timex_id)
    # conjoined verbs of one subject share a time expression after the last of them: "sacked him,
    # dissolved parliament and took power [on Feb. 1]" dates all three
    for token in sorted((doc[i] for i in clause_heads), key=lambda t: -t.i):
        if token.i in attached or token.pos_ != "VERB":
            continue
        later = next((c for c in token.children if c.dep_ == "conj" and c.i in clause_heads and c.pos_ == "VERB"), None)
        if later is not None and later.i in attached and not any(c.dep_ in SUBJECT_DEPS for c in later.children):
            attached[token.i] = attached[later.i]
    return attached, deadlines
