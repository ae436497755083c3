"""Stage: sentences, parses, document mentions -> places (every place mention, geocoded offline).

A place mention is a span spaCy's named entities label GPE, LOC or FAC; a country or place the
dictionaries name (document_mentions of kind COUNTRY or PLACE found by name, not by a demonym); or
the place of the article's dateline, the capitalised name that opens its first paragraphs
("ISLAMABAD, 21 August 2007 —", "BISHKEK (Reuters) --", "MUNICH, Germany (AP) --").

Each mention is resolved to one gazetteer entry (pipeline.gazetteer), `resolution` saying what decided:
1. candidates: the entries its name names, by main names before alternate names; a country name of
   the dictionaries (demonyms.csv: "UAE", "Britain") names that country. None: *unresolved*.
2. *qualifier*: "Paris, Texas", "Columbus, Ohio", "MUNICH, Germany" keep the candidates inside the
   division or country named after the comma; a kind noun ("Washington state", "the province of
   Luxembourg", "the town of Thal": place_cues.csv) keeps those of its feature class.
3. *context*: the article's other places and countries rank what is left: a candidate in a division
   the article names a place of scores 3; in a country the article names (by name, demonym or as an
   actor's country) 1; in a country another place named is in 1; a country bordering a country the
   article names 1. ("Georgia" beside Atlanta is the US state, beside Tbilisi or Russia the country.)
4. *prominence*: then a country before anything else, a capital before other cities, a city before
   a division of the same name in its country (New York, Lagos), then the larger population.
One candidate from the start is *only*.

The mention's syntax says whether it names where something happened (pipeline.locations reads it):
climbing the dependency parse from the name, through the nouns it modifies, a locative preposition
(`place_cues.csv`: "in", "near", "at") or "of" after a kind noun ("the town of Thal") up to the
clause's predicate, and on through the predicates whose content that clause is ("threatened [to ban
imports in X]"), `attached_starts` lists the character offsets of the words passed (the nouns and
predicates the locative phrase belongs to) and `locative_cue` the preposition; a place that is the
object of a verb of place ("attacked Kabul", "visited Tehran") is attached to that verb. A place
that is the subject or object of anything else ("Pakistan said") is an actor, not a location:
its `attached_starts` is empty.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Token

from pipeline.frames import records
from pipeline.gazetteer import Gazetteer, Place, place_key
from pipeline.parse import SentenceDoc
from pipeline.settings import Settings

PLACE_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "surface", "source", "is_dateline", "name",
    "feature_class", "country", "admin1", "latitude", "longitude", "gazetteer_id", "resolution",
    "locative_cue", "modifies_predicate", "attached_starts",
]  # fmt: skip
RESOLUTIONS = ("only", "qualifier", "context", "prominence", "unresolved")
SOURCES = ("GPE", "LOC", "FAC", "dictionary", "dateline")
_NER_LABELS = ("GPE", "LOC", "FAC")
_DICTIONARY_KINDS = ("COUNTRY", "PLACE")
# Dependency relations climbed from a place name to the word its phrase modifies (below the clause).
_NOMINAL = {"pobj", "pcomp", "appos", "compound", "poss", "nmod", "amod", "conj", "npadvmod", "dobj", "nsubj",
            "nsubjpass", "attr", "dative", "oprd", "prep", "acl"}  # fmt: skip
# Relations by which a clause is the content of the predicate above it ("threatened [to ban ...]").
_CONTENT = {"xcomp", "ccomp", "pcomp"}
_PREDICATE_POS = {"VERB", "AUX"}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# A dateline: a capitalised place name (or one spelt in spaced capitals, "P H I L A D E L P H I A") at
# the start of a paragraph, an optional ", Qualifier" and "(Agency)", then a dash, bar, colon or comma.
_SPACED_CAPITALS = re.compile(r"(?:[A-Z] ){2,}[A-Z]")
_DATELINE = re.compile(
    r"(?P<name>(?:[A-Z] ){2,}[A-Z]|[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*)"
    r"(?:, (?P<qualifier>[A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*)*))?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:—|–|--|-|\||:|,)"
)


@dataclass
class _Mention:
    """A place mention while its document is read."""

    sentence: SentenceDoc
    start: int  # token range in the sentence Doc
    end: int
    char_start: int  # offsets in clean_text
    char_end: int
    surface: str
    source: str
    is_dateline: bool = False
    qualifier: str | None = None  # text after the comma ("Paris, Texas"), or of the next mention
    wanted_class: str | None = None  # the feature class a kind noun or the listed places ask for
    candidates: list[Place] = field(default_factory=list)
    qualifier_places: list[Place] = field(default_factory=list)


@dataclass(frozen=True)
class _Cues:
    prepositions: frozenset[str]
    object_verbs: frozenset[str]
    kind_of_noun: dict[str, str]  # noun -> "admin1" (division) or "city" (settlement)


def places(
    sentences: pd.DataFrame,
    parses: list[SentenceDoc],
    document_mentions: pd.DataFrame,
    demonyms: pd.DataFrame,
    place_cues: pd.DataFrame,
    gazetteer: Gazetteer,
    settings: Settings,
) -> pd.DataFrame:
    """One row per place mention of each document, resolved to a gazetteer entry (null columns when
    none fits), with its locative attachment; in document, sentence and text order.

    Grain: one row per (doc_id, char_start). Each document's rows depend only on its own sentences,
    parse and mentions (and the gazetteer and dictionaries).
    """
    cues = _Cues(
        frozenset(place_cues.loc[place_cues["kind"] == "preposition", "word"]),
        frozenset(place_cues.loc[place_cues["kind"] == "object_verb", "word"]),
        {
            row.word: "admin1" if row.kind == "division_noun" else "city"
            for row in records(place_cues[place_cues["kind"].isin(["division_noun", "settlement_noun"])])
        },
    )
    country_aliases = _country_aliases(demonyms, gazetteer)
    adjectives = demonyms[demonyms["kind"] == "demonym"]
    demonym_country = dict(zip(adjectives["term"], adjectives["alpha3"], strict=True))
    opening = _opening_sentences(sentences, settings.dateline_search_paragraphs)
    mentions_of: dict[str, list[Any]] = defaultdict(list)
    for mention in records(
        document_mentions[["doc_id", "sentence_id", "char_start", "char_end", "surface", "kind", "country", "method"]]
    ):
        mentions_of[mention.doc_id].append(mention)
    parses_of: dict[str, list[SentenceDoc]] = defaultdict(list)
    for parsed in parses:
        parses_of[parsed.doc_id].append(parsed)
    rows: list[dict[str, Any]] = []
    for doc_id, parsed_sentences in parses_of.items():
        rows += _document_places(
            parsed_sentences,
            mentions_of.get(doc_id, []),
            opening,
            cues,
            country_aliases,
            demonym_country,
            gazetteer,
            settings.place_min_population_without_context,
        )
    return pd.DataFrame(rows, columns=PLACE_COLUMNS)


def _opening_sentences(sentences: pd.DataFrame, paragraphs: int) -> set[str]:
    """The sentences that open the headline or one of the first `paragraphs` paragraphs after it:
    where a dateline is (a first paragraph taken for the headline may be the dateline's)."""
    first = sentences[["doc_id", "sentence_id", "paragraph"]].drop_duplicates(["doc_id", "paragraph"])
    return set(first.groupby("doc_id", sort=False).head(paragraphs + 1)["sentence_id"])


def _country_aliases(demonyms: pd.DataFrame, gazetteer: Gazetteer) -> dict[str, list[Place]]:
    """Country names of the dictionaries (not demonyms) -> that country's gazetteer entry."""
    named = demonyms[demonyms["kind"].isin(["name", "alias"])]
    country_of = gazetteer.countries
    return {place_key(str(row.term)): [country_of[row.alpha3]] for row in records(named) if row.alpha3 in country_of}


def _document_places(
    parsed_sentences: list[SentenceDoc],
    document_mentions: list[Any],
    opening: set[str],
    cues: _Cues,
    country_aliases: dict[str, list[Place]],
    demonym_country: dict[str, str],
    gazetteer: Gazetteer,
    min_population: int,
) -> list[dict[str, Any]]:
    mentions: list[_Mention] = []
    dictionary_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in document_mentions:
        if mention.kind in _DICTIONARY_KINDS and mention.method != "demonym":
            dictionary_spans[mention.sentence_id].append((int(mention.char_start), int(mention.char_end)))
    for parsed in parsed_sentences:
        found = _sentence_mentions(parsed, dictionary_spans.get(parsed.sentence_id, []), parsed.sentence_id in opening)
        mentions += found
    for mention in mentions:
        mention.candidates = _candidates(mention.surface, country_aliases, gazetteer)
        if mention.qualifier:
            mention.qualifier_places = _candidates(mention.qualifier, country_aliases, gazetteer)
        if mention.wanted_class is None:
            mention.wanted_class = _kind_noun(mention, cues)
    # a capitalised paragraph opening that names no place is a byline or an agency, not a dateline
    mentions = [mention for mention in mentions if mention.source != "dateline" or mention.candidates]
    for mention in mentions:
        if mention.wanted_class is None:
            mention.wanted_class = _list_class(mention, mentions) or ("other" if mention.source == "LOC" else None)
    # countries the article names besides its place mentions: actors' countries (by the mention's
    # name, so that "Luxembourg" is no evidence for itself), and demonyms ("the Belgian province")
    named_countries = [
        (place_key(str(mention.surface)), str(mention.country))
        for mention in document_mentions
        if isinstance(mention.country, str) and mention.kind in ("COUNTRY", "GOV")
    ]
    named_countries += [
        (entity.text.lower(), demonym_country[entity.text])
        for parsed in parsed_sentences
        for entity in parsed.doc.ents
        if entity.label_ == "NORP" and entity.text in demonym_country
    ]
    context = _Context.of(mentions, named_countries, gazetteer)
    rows = []
    for mention in mentions:
        chosen, resolution = _resolve(mention, context, min_population)
        cue, attached, adverbial = _attachment(mention, cues) if not mention.is_dateline else (None, [], False)
        rows.append(_row(mention, chosen, resolution, cue, attached, adverbial))
    return rows


def _sentence_mentions(
    parsed: SentenceDoc, dictionary_spans: list[tuple[int, int]], is_opening: bool
) -> list[_Mention]:
    """The place mentions of one sentence, in text order: NER spans, then dictionary places no NER
    span covers; the dateline place of an opening sentence marked (added when NER missed it)."""
    doc = parsed.doc
    spans: list[tuple[int, int, str]] = []
    for entity in doc.ents:
        if entity.label_ in _NER_LABELS:
            start = entity.start + (1 if doc[entity.start].lower_ == "the" and entity.end - entity.start > 1 else 0)
            spans.append((start, entity.end, entity.label_))
    for char_start, char_end in dictionary_spans:
        span = doc.char_span(char_start - parsed.char_start, char_end - parsed.char_start, alignment_mode="expand")
        if span is not None and not any(s < span.end and span.start < e for s, e, _ in spans):
            spans.append((span.start, span.end, "dictionary"))
    text = parsed.text
    dateline = _dateline(doc, text) if is_opening else None
    if dateline is not None and not any(s < dateline[1] and dateline[0] < e for s, e, _ in spans):
        spans.append((*dateline, "dateline"))
    spans.sort()
    mentions = [_mention(parsed, text, start, end, source) for start, end, source in spans]
    for mention in mentions:
        mention.is_dateline = dateline is not None and mention.start == dateline[0]
    for mention, following in pairwise(mentions):
        # "Columbus, Ohio", "MUNICH, Germany": the next mention, right after a comma, qualifies this one
        if following.start == mention.end + 1 and doc[mention.end].text == "," and mention.qualifier is None:
            mention.qualifier = following.surface
    return mentions


def _mention(parsed: SentenceDoc, text: str, start: int, end: int, source: str) -> _Mention:
    """The mention of tokens start..end of a sentence whose text is `text`: the name without a
    possessive mark, and the part after a comma ("Paris, Texas") as its qualifier."""
    doc = parsed.doc
    char_start = doc[start].idx
    char_end = doc[end - 1].idx + len(doc[end - 1].text)
    surface = text[char_start:char_end]
    possessive = _POSSESSIVE.search(surface)
    if possessive and possessive.start() > 0:  # "El Salvador's", "the Emirates'": the name without the mark
        surface = surface[: possessive.start()]
        char_end = char_start + len(surface)
    qualifier = None
    if ", " in surface:  # one span for "Paris, Texas"
        surface, qualifier = surface.split(", ", 1)
        end = start + len(surface.split())
        char_end = char_start + len(surface)
    return _Mention(
        parsed, start, end, parsed.char_start + char_start, parsed.char_start + char_end, surface, source,
        qualifier=qualifier,
    )  # fmt: skip


def _dateline(doc: Doc, text: str) -> tuple[int, int] | None:
    """The token range of the dateline place at the start of a sentence (whose text is `text`), or None."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    span = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
    return None if span is None else (span.start, span.end)


def _candidates(surface: str, country_aliases: dict[str, list[Place]], gazetteer: Gazetteer) -> list[Place]:
    text = surface.replace(" ", "") if _SPACED_CAPITALS.fullmatch(surface) else surface
    key = place_key(text)
    return country_aliases.get(key) or gazetteer.lookup(key)


def _kind_noun(mention: _Mention, cues: _Cues) -> str | None:
    """The feature class a kind noun next to the name asks for: "Punjab province", "Washington state",
    "the town of Thal", "the province of Luxembourg"."""
    doc = mention.sentence.doc
    if mention.end < len(doc) and doc[mention.end].lower_ in cues.kind_of_noun:
        return cues.kind_of_noun[doc[mention.end].lower_]
    root = doc[mention.start : mention.end].root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in cues.kind_of_noun:
        return cues.kind_of_noun[root.head.head.lemma_.lower()]
    return None


@dataclass(frozen=True)
class _Context:
    """What the article says of its geography: how often each country and division is named for
    certain, by its unambiguous place mentions (and the countries named by name, demonym or as an
    actor's country), and by the mentions of each name key, whose own counts a mention of that name
    does not lean on ("Gulf" named five times is not evidence for its own country)."""

    counts: Counter[tuple[str, str]]  # ("country" | "place_country" | "admin1", value)
    by_key: dict[str, Counter[tuple[str, str]]]
    neighbours: dict[str, frozenset[str]]

    @staticmethod
    def of(mentions: Iterable[_Mention], named_countries: list[tuple[str, str]], gazetteer: Gazetteer) -> _Context:
        """The context of a document's place mentions and the (name key, country) of the countries it
        names otherwise."""
        counts: Counter[tuple[str, str]] = Counter()
        by_key: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for key, country in named_countries:
            counts[("country", country)] += 1
            by_key[key][("country", country)] += 1
        for mention in mentions:
            said = _clear(mention)
            counts.update(said)
            by_key[place_key(mention.surface)].update(said)
        return _Context(counts, by_key, gazetteer.neighbours)

    def score(self, place: Place, key: str) -> int:
        """Context score of a candidate of a mention whose name key is `key`."""
        own = self.by_key.get(key, Counter())

        def named(kind: str, value: str | None) -> bool:
            return value is not None and self.counts[(kind, value)] - own[(kind, value)] > 0

        score = 3 * named("admin1", place.admin1 if place.feature_class != "country" else None)
        score += named("country", place.country) + named("place_country", place.country)
        if place.feature_class == "country":  # a country bordering one the article names
            borders = self.neighbours.get(place.country or "", frozenset())
            score += any(named("country", other) for other in borders)
        return score


def _clear(mention: _Mention) -> set[tuple[str, str]]:
    """What a mention says for certain of the article's geography: the country (and division) all its
    candidates share."""
    said: set[tuple[str, str]] = set()
    countries = {place.country for place in mention.candidates}
    if len(countries) == 1 and None not in countries:
        country = str(next(iter(countries)))
        said.add(("country", country))
        if any(place.feature_class != "country" for place in mention.candidates):
            said.add(("place_country", country))
        divisions = {place.admin1 for place in mention.candidates if place.feature_class != "country"}
        if (
            len(divisions) == 1
            and None not in divisions
            and len(mention.candidates)
            == len([place for place in mention.candidates if place.feature_class != "country"])
        ):
            said.add(("admin1", str(next(iter(divisions)))))
    return said


def _resolve(mention: _Mention, context: _Context, min_population: int) -> tuple[Place | None, str]:
    """The entry a mention names and what decided it (the steps of the module docstring). A small
    place in a country the article says nothing else of is not taken on its name alone: a city or
    division of fewer than `min_population` people (not a capital), with no context, is no match."""
    key = place_key(mention.surface)
    candidates = [
        place
        for place in mention.candidates
        if place.feature_class in ("country", "other")
        or place.is_capital
        or place.population >= min_population
        or context.score(place, key) > 0
    ]
    if not candidates:
        return None, "unresolved"
    if len(candidates) == 1:
        return candidates[0], "only"
    narrowed = _qualified(candidates, mention)
    if len(narrowed) == 1:
        return narrowed[0], "qualifier"
    scores = [context.score(place, key) for place in narrowed]
    best = max(scores)
    ranked = [place for place, score in zip(narrowed, scores, strict=True) if score == best]
    if len(ranked) == 1:
        return ranked[0], "context"
    return _most_prominent(ranked), "prominence"


def _list_class(mention: _Mention, mentions: list[_Mention]) -> str | None:
    """The feature class of the places a mention is listed with ("Montenegro, Georgia and Estonia":
    countries; "Georgia and Alabama": divisions), when those that name one class only agree."""
    doc = mention.sentence.doc
    root = doc[mention.start : mention.end].root
    linked = {token.i for token in root.conjuncts}
    classes = {
        next(iter({place.feature_class for place in other.candidates}))
        for other in mentions
        if other is not mention
        and other.sentence is mention.sentence
        and doc[other.start : other.end].root.i in linked
        and len({place.feature_class for place in other.candidates}) == 1
    }
    return next(iter(classes)) if len(classes) == 1 else None


def _qualified(candidates: list[Place], mention: _Mention) -> list[Place]:
    """The candidates inside the division or country the qualifier names ("Paris, Texas"; for a
    division whose cities the gazetteer cannot tell, its country: "Waterloo, Ontario"), of the feature
    class a kind noun asks for; all of them when neither narrows anything."""
    narrowed = candidates
    if mention.qualifier_places:
        divisions = {q.admin1 for q in mention.qualifier_places if q.feature_class == "admin1"}
        countries = {q.country for q in mention.qualifier_places if q.feature_class in ("admin1", "country")}
        in_division = [place for place in narrowed if place.admin1 in divisions and place.feature_class != "admin1"]
        narrowed = in_division or [place for place in narrowed if place.country in countries] or narrowed
    if mention.wanted_class:
        of_kind = [place for place in narrowed if _is_of_class(place, mention.wanted_class)]
        narrowed = of_kind or narrowed
    return narrowed


def _is_of_class(place: Place, wanted: str) -> bool:
    """Whether a place is of the class a kind noun or list asks for: any division for admin1 ("the
    province of Luxembourg" may be a second-level one), a continent (not a division) for other."""
    if wanted == "admin1":
        return place.is_division or place.feature_class == "admin1"
    return place.feature_class == wanted and not (wanted == "other" and place.is_division)


def _most_prominent(candidates: list[Place]) -> Place:
    """A country, then a capital, then a city before a division of the same name in its country (the
    candidates share the mention's name: New York, Lagos), then the larger population."""
    cities = {place.country for place in candidates if place.feature_class == "city"}

    def prominence(place: Place) -> tuple[bool, bool, bool, int]:
        shadowed = place.feature_class == "admin1" and place.country in cities
        return place.feature_class == "country", place.is_capital, not shadowed, place.population

    return max(candidates, key=prominence)


def _attachment(mention: _Mention, cues: _Cues) -> tuple[str | None, list[int], bool]:
    """(locative cue, offsets of the words its phrase belongs to, whether the first of them is a
    predicate) as the module docstring says; (None, [], False) when the mention is not in a locative
    phrase."""
    doc = mention.sentence.doc
    offset = mention.sentence.char_start
    node: Token = doc[mention.start : mention.end].root
    cue: str | None = None
    passed: list[Token] = []
    after_kind_noun = False
    while node.head.i != node.i:
        relation, head = node.dep_, node.head
        if head.pos_ == "ADP" or (relation == "prep" and head.pos_ == "ADP"):
            word = head.lower_
            if cue is None:
                if word in cues.prepositions:
                    cue = word
                elif not (word == "of" and (after_kind_noun or head.head.lemma_.lower() in cues.kind_of_noun)):
                    return None, [], False  # "talks with Pakistan", "the government of Pakistan": not a location
            node = head
            continue
        if relation not in _NOMINAL and not (head.pos_ in _PREDICATE_POS and relation in _CONTENT):
            break
        if cue is None and relation == "dobj" and head.lemma_.lower() in cues.object_verbs:
            cue = head.lemma_.lower()  # "attacked Kabul": where the attack happened
        elif cue is None and relation in ("nsubj", "nsubjpass", "dobj", "attr", "dative"):
            return None, [], False  # the place is an actor of the clause ("Pakistan said")
        after_kind_noun = head.lemma_.lower() in cues.kind_of_noun
        passed.append(head)
        node = head
        if head.pos_ in _PREDICATE_POS:
            break
    if cue is None or (passed and passed[0].ent_type_ == "ORG"):
        return None, [], False  # "the Organization for Security and Cooperation in Europe": part of a name
    adverbial = bool(passed) and passed[0].pos_ in _PREDICATE_POS
    # on through the predicates whose content this clause is
    while node.dep_ in _CONTENT and node.head.i != node.i:
        node = node.head
        if node.pos_ != "ADP":
            passed.append(node)
    return cue, [offset + token.idx for token in passed], adverbial


def _row(
    mention: _Mention, place: Place | None, resolution: str, cue: str | None, attached: list[int], adverbial: bool
) -> dict[str, Any]:
    sentence = mention.sentence
    return {
        "doc_id": sentence.doc_id,
        "sentence_id": sentence.sentence_id,
        "char_start": mention.char_start,
        "char_end": mention.char_end,
        "surface": mention.surface,
        "source": mention.source,
        "is_dateline": mention.is_dateline,
        "name": place.name if place else None,
        "feature_class": place.feature_class if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "gazetteer_id": place.gazetteer_id if place else None,
        "resolution": resolution,
        "locative_cue": cue,
        "modifies_predicate": adverbial,
        "attached_starts": attached,
    }
