"""Stage: sentences, tokens, documents -> document_mentions, document_roles.

Finds every mention of an actor (organisation, person, government body, country, group of people) and
of the named things that are never actors (places, products, works, laws) in each document's clean
text, and resolves it inside the document:

1. dictionary aliases (spaCy PhraseMatcher on the Docs rebuilt from the tokens table) and stock
   tickers, e.g. `BlackBerry Ltd (NASDAQ:BBRY)` is one mention of the actor that owns NASDAQ:BBRY;
   the actor takes the name in force on the article's date (`_name_in_force`: Facebook in 2016, Meta
   Platforms in 2022); a parent company is a relation of the dictionary, never a name;
2. misspellings of dictionary names (rapidfuzz token_sort_ratio over spaCy NER spans and proper-noun runs);
3. names and their acronyms in brackets (`Movement for Rural Justice (MRJ)`);
4. job titles (`chief operating officer of BlackBerry`, `Zambian President X`, `the UN chief`), linked to
   the person they name, with the country they state;
5. capitals and seats of government (`Ottawa says`, `the Kremlin`): the government they stand for on
   the article's date when they act, else places;
6. government references (`the Pakistani government`, `that country's government`, `govt`, `the Garcia
   government`), a state's institutions named by their kind (`the Supreme Court`), generic groups
   (`protesters`, `striking nurses`, `its shareholders`, `FARC guerrillas`) and descriptive references
   (`the Canadian firm`, `the court`, `this nation`, `US carmaker Ford`);
7. names the dictionary does not know (spaCy NER spans), whatever the dictionary lacks: organisations,
   people and governments made from the text;
8. country names and demonyms (pycountry plus the demonym table); a country that is the subject of
   an action verb ("India wanted ...") or owns an act ("a Russian invasion") is its government acting,
   a country named as a place stays a country.

Then, per document (`_resolve_document`): shorter forms join full names (`Mr. De Souza`, `Kestrel`,
`RCD`), descriptions resolve to the most salient compatible actor named before them (kind, the body
their head names, the stated country; never a group) or to the name they are set beside, groups to
their class of the stated or the article's country (or to their organisation, or to the armed group the
article names), titles to their holders; what finds nothing stays unresolved. Last, every actor of the
document gets one country and its basis (`_settle_countries`: the dictionary's, one the text states,
else the country the document is about). The cross-document step (pipeline/entities.py) turns the
resolved names into entity ids. Only the tokenizer of `nlp` is used, on dictionary phrases: the article
text is never parsed again.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from rapidfuzz import fuzz
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.gazetteer import Gazetteer, place_key
from pipeline.lexicon import Lexicon, is_acronym, lexicon_for, normalise_name
from pipeline.parse import SentenceDoc
from pipeline.settings import Settings

DOCUMENT_MENTION_COLUMNS = [
    "doc_id",
    "sentence_id",
    "char_start",
    "char_end",
    "surface",
    "method",
    "score",
    "canonical_name",
    "kind",
    "country",
    "country_basis",
    "is_known",
    "is_group",
    "is_kind_stated",
    "is_local",
    "name_key",
    "role",
    "role_organisation",
]
DOCUMENT_ROLE_COLUMNS = [
    "doc_id",
    "sentence_id",
    "person_name",
    "role",
    "organisation_name",
    "organisation_kind",
    "surface",
]
# spaCy NER labels that name actors, and the actor kind each becomes when the dictionary does not know the name.
# Works (books, films, programmes) and laws are named things, never actors of an event (events.ACTOR_KINDS).
_NER_KINDS = {
    "ORG": "ORG",
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "NORP": "ORG",
    "PRODUCT": "PRODUCT",
    "WORK_OF_ART": "WORK",
    "LAW": "LAW",
}
_DEFINITE = {"the", "this", "that", "these", "those"}
# Labels of the model's names that are no place: a description holding one is that name ("the Fars news agency").
_NAME_LABELS = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC"}
_PLACE_LABELS = {"GPE", "LOC", "NORP"}
# Labels of the model's names a title may stand inside: "Superintendent Russell Gibson", "Governor of Lagos".
_PERSON_OR_PLACE = {"PERSON", "GPE", "LOC", "NORP"}
# Lower-case words inside a name: "Movement for the Liberation of Congo".
_NAME_LINKS = {"of", "for", "the", "and", "on", "against", "de", "del", "la"}
_POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our"}
# Determiners of a group in general, not of one group: "any police", "no soldiers".
_GENERIC_DETERMINERS = {"any", "every", "each", "no"}
# Honorifics that only come before a person's name: "Mr Gates" is a person whoever the document says he is.
_PERSONAL_HONORIFICS = {"Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Mme", "Mlle"}
# A country before one of these backs the group, it is not the group's: "Russia-backed rebels".
_BACKING = {"backed", "supported", "sponsored", "funded", "armed"}
_INDEFINITE = {"a", "an", "any", "every", "each", "no", "another", "some"}
_POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}
_ROLE_LINKS = {"of", "at"}
# Tags of finite verbs: never a modifier of a noun, whatever the parser attached them to.
_FINITE_VERB_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# The role of a generic head ("the UN chief", "the head of Ennahda"): whoever the text makes head of that
# organisation, whatever their office (titles.csv category `head`).
_HEAD_ROLE = "head"
# Kinds a description beside an unknown name gives it ("German firm Krypteon", "X, a watchdog group").
_DESCRIBED_KINDS = {"ORG", "GOV", "PRODUCT", "PERSON"}
# Kinds the model gives names that may be a shorter form of a person's or organisation's name.
_SHORT_NAME_KINDS = {"PERSON", "ORG", "PLACE", "PRODUCT", "GOV", "WORK", "LAW", "EVENT"}
# Kinds of actor that, named without a country, take the country the document is about.
_CONTEXT_KINDS = {"ORG", "PERSON", "GOV"}
# Marks after a place written in capitals that open a news story: "CHENNAI – ...", "MARGAO: ...".
_DATELINE_MARKS = {"–", "—", "-", ":", ",", "("}
# A dateline place is a word of at least this many capitals ("ROME"; "UTC", "AP" are no places).
_DATELINE_MIN_LETTERS = 4
# A city's name gives a document that names no country its country when that city outnumbers the others of
# the name in other countries this many times (`_city_country`).
_CITY_POPULATION_RATIO = 10
# A division named in one word inside an organisation's name gives its country only from this many letters
# ("Massachusetts Institute of Technology"; not "West Aleppo", "St. Paul Police Department"), and only
# after "of" or before an organisation's head word (name_cues.csv): a one-word division is often a
# person's or a company's name too ("Nelson Mandela Foundation", "Savannah Foods").
_DIVISION_MIN_LETTERS = 6
# Tags of verbs inside a span the model took for a name: where the name ends ("Reserve Bank of Australia
# Goes to Increase Rates"); participles stay ("United", "Flying").
_NAME_ENDING_VERB_TAGS = {"VBZ", "VBD", "VBP", "VB", "MD"}
# A model or version after a name: "Falcon 9", "iPhone 4S", "Boeing 747".
_VERSION = re.compile(r"^\d+[A-Za-z]{0,2}$")
# Model labels of names a possessive or a verb's object may make a product ("Apple's iPhone"), not a person's.
_THING_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "GPE", "NORP", "FAC"}
_TICKER = re.compile(r"\(?\b([A-Z][A-Za-z]{1,9})\s?:\s?([A-Z0-9][A-Za-z0-9.\-]{0,9}[A-Za-z0-9])\)?")


# ----------------------------------------------------------------------------- mentions in one sentence


@dataclass
class _Mention:
    """One mention while a document is read; `pending` names the resolution still to do."""

    sentence_id: str
    seq: int
    start: int  # token range in the sentence Doc
    end: int
    char_start: int  # offsets in clean_text
    char_end: int
    method: str
    score: float
    canonical_name: str | None = None
    kind: str | None = None
    country: str | None = None
    country_basis: str | None = None  # schemas.entities.COUNTRY_BASES: where the country comes from
    actor_index: int | None = None  # the dictionary row matched; the name in force is settled per document
    is_known: bool = False
    name_key: str | None = None
    pending: str | None = None  # anaphor, government, group, role, surname
    head_kind: str | None = None  # kind an anaphor may refer to
    country_hint: str | None = None  # nationality stated in the phrase
    group_scope: str | None = None
    group_class: str | None = None  # a group's class (descriptors.csv canonical_name): "protesters"; None once named
    group_words: str | None = None  # nouns narrowing it: "oil" workers, "opposition" protesters
    is_definite: bool = False
    is_pronoun_owned: bool = False  # "its users", "their leaders"
    acts: bool = False  # subject of an action verb
    is_specific: bool = False  # a group of this story, not the class in general: `_is_specific`
    role: str | None = None
    organisation: _Mention | None = None
    holder: _Mention | None = None
    is_appositive: bool = False  # a descriptor right before the name it describes: "the German firm, Secusmart"
    is_apposed: bool = False  # a descriptor right after the name it describes: "Turkey Blocks, a watchdog group"
    head_words: tuple[str, ...] = ()  # words one of which an anaphor's antecedent's name must hold
    beside: int | None = None  # token where the name a description is set beside starts (or, after it, ends)
    head_name: str | None = None  # a description's head written as a name: "the Commission"
    surname: str | None = None
    is_headline: bool = False
    # where the kind comes from when the text states it, not the model: "cue" (the name's shape or context,
    # name_cues.csv), "descriptor" ("German firm X"), "title" (a title or honorific: "Mr X", "X, chief executive")
    kind_basis: str | None = None
    # an actor known only inside this document: a group of no country, an office whose holder it does not name
    is_local: bool = False


@dataclass
class _Statement:
    sentence_id: str
    person: _Mention
    role: str
    organisation: _Mention | None
    char_start: int
    char_end: int
    country: str | None = None  # the country the title names: "Zambian President", "Nigeria's information minister"


@dataclass
class _Sentence:
    """A sentence while its mentions are found: its tokens, entity spans and text are taken from the Doc
    once (spaCy makes a new object on every access)."""

    sentence_id: str
    seq: int
    offset: int
    doc: Doc
    is_headline: bool
    text: str = ""  # the Doc's text, when the caller has it made (else taken from the Doc)
    tokens: list[Token] = field(init=False)
    entities: list[Span] = field(init=False)
    claimed: list[bool] = field(init=False)
    mentions: list[_Mention] = field(default_factory=list)
    country_codes: list[str] = field(default_factory=list)  # every country its words name, for the focus

    def __post_init__(self) -> None:
        self.tokens = list(self.doc)
        self.entities = list(self.doc.ents)
        if not self.text:
            self.text = self.doc.text
        self.claimed = [False] * len(self.tokens)

    def span_text(self, start: int, end: int) -> str:
        """The text of the tokens start..end (at least one), as `doc[start:end].text`."""
        last = self.tokens[end - 1]
        return self.text[self.tokens[start].idx : last.idx + len(last.text)]

    def free(self, start: int, end: int) -> bool:
        return start < end and not any(self.claimed[start:end])

    def add(self, mention: _Mention) -> _Mention:
        for i in range(mention.start, mention.end):
            self.claimed[i] = True
        self.mentions.append(mention)
        return mention

    def mention(self, start: int, end: int, method: str, score: float, **values: Any) -> _Mention:
        char_start = self.offset + self.tokens[start].idx
        char_end = self.offset + self.tokens[end - 1].idx + len(self.tokens[end - 1].text)
        return _Mention(
            self.sentence_id,
            self.seq,
            start,
            end,
            char_start,
            char_end,
            method,
            score,
            is_headline=self.is_headline,
            **values,
        )


def _country_at(lex: Lexicon, tokens: list[Token]) -> str | None:
    """The country a run of tokens names (demonym, name, alias), or None."""
    text = "".join(t.text_with_ws for t in tokens).strip()
    found = lex.country_term.get(text)
    return found[0] if found else None


def _codes_longest_first(tokens: list[Token], code_at: Callable[[int, int], str | None]) -> list[str]:
    """The codes `code_at(start, width)` finds in a run of tokens, trying the widest run (up to 4) at each
    start first and going on after the run it found."""
    codes: list[str] = []
    i = 0
    while i < len(tokens):
        for width in range(min(4, len(tokens) - i), 0, -1):
            code = code_at(i, width)
            if code:
                codes.append(code)
                i += width
                break
        else:
            i += 1
    return codes


def _countries_in(lex: Lexicon, tokens: list[Token]) -> list[str]:
    """Countries named anywhere in a run of tokens, longest terms first."""
    return _codes_longest_first(tokens, lambda i, width: _country_at(lex, tokens[i : i + width]))


def _places_in(lex: Lexicon, tokens: list[Token]) -> list[str]:
    """Countries of the divisions and capitals named in a run of capitalised words, longest first: "University
    of New South Wales" (AUS), "Massachusetts Institute of Technology" (USA); a division of one word only
    where it reads as a place (_DIVISION_MIN_LETTERS)."""

    def place_at(i: int, width: int) -> str | None:
        words = tokens[i : i + width]
        if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
            return None
        text = "".join(t.text_with_ws for t in words).strip()
        division = lex.subdivision_country.get(text) if width > 1 or _reads_as_division(lex, tokens, i) else None
        seat = lex.seat(text, None)
        return division or (seat.country if seat is not None and seat.country else None)

    return _codes_longest_first(tokens, place_at)


def _reads_as_division(lex: Lexicon, tokens: list[Token], i: int) -> bool:
    """Whether the one word `tokens[i]` of a name can be a division's: long enough, and after "of" or before
    an organisation's head word ("Bank of Ontario", "Victoria Police"; not "Nelson Mandela Foundation")."""
    if len(tokens[i].text) < _DIVISION_MIN_LETTERS:
        return False
    if i > 0 and tokens[i - 1].lower_ == "of":
        return True
    head = lex.name_cues.get(("head", tokens[i + 1].lower_)) if i + 1 < len(tokens) else None
    return head is not None and head[0] in ("ORG", "GOV")


def _based_country(lex: Lexicon, tokens: list[Token]) -> str | None:
    """Country of an 'X-based' modifier: Ontario-based -> CAN (country names, then unambiguous subdivisions)."""
    for i, token in enumerate(tokens):
        place_words: list[str] = []
        if token.lower_.endswith("-based") and len(token.text) > len("-based"):
            place_words = [t.text for t in tokens[:i] if t.pos_ == "PROPN"] + [token.text[: -len("-based")]]
        elif token.lower_ == "based" and i > 0 and tokens[i - 1].text == "-":
            place_words = [t.text for t in tokens[: i - 1] if t.pos_ == "PROPN"]
        for word in reversed(place_words):
            word = word.strip(",. ")
            code = lex.country_term.get(word, (None, False))[0] or lex.subdivision_country.get(word)
            if code:
                return code
    return None


def _left_modifiers(sentence: _Sentence, head: int, allow_comma: bool) -> int:
    """Start of the noun phrase ending at `head`: walks left over determiners, adjectives, nouns, proper
    nouns and possessives (stopping at a determiner or possessive pronoun, which it includes)."""
    tokens = sentence.tokens
    start = head
    i = head - 1
    while i >= 0 and not sentence.claimed[i]:
        token = tokens[i]
        if token.pos_ == "DET" or (token.pos_ == "PRON" and token.dep_ == "poss"):
            return i
        if token.tag_ in _FINITE_VERB_TAGS or (token.pos_ == "VERB" and token.dep_ != "amod"):
            break  # "ousted the government and suspended parliament": a verb the parser hung on the noun
        if token.pos_ in ("ADJ", "NOUN", "PROPN", "NUM", "VERB") and token.dep_ in (
            "amod",
            "compound",
            "nmod",
            "npadvmod",
            "poss",
            "nummod",
            "conj",
        ):
            start = i
        elif not (
            token.text in _POSSESSIVE_MARKS
            or token.text == "-"
            or token.pos_ == "CCONJ"
            or (allow_comma and token.text == "," and i > 0 and tokens[i - 1].pos_ == "PROPN")
        ):
            break
        i -= 1
    return start


def _is_head(sentence: _Sentence, i: int) -> bool:
    """The token heads its noun phrase: it is not a compound modifier of a following noun."""
    tokens = sentence.tokens
    if i + 1 < len(tokens) and tokens[i + 1].pos_ in ("NOUN", "PROPN") and not sentence.claimed[i + 1]:
        return tokens[i].dep_ not in ("compound", "amod", "nmod")
    return True


def _actor_matches(sentence: _Sentence, lex: Lexicon, settings: Settings) -> None:
    """Dictionary names: exact aliases (case-insensitive, capitalised in the text; acronyms exact) and misspellings."""
    tokens = sentence.tokens
    candidates: list[tuple[int, int, int, str, float]] = []  # start, end, actor, method, score
    for matcher in (lex.actor_matcher, lex.acronym_matcher):
        for match_id, start, end in matcher(sentence.doc):
            key = sentence.doc.vocab.strings[match_id]
            if not key.startswith("actor:"):
                continue
            if matcher is lex.actor_matcher and not tokens[start].text[:1].isupper():
                continue
            candidates.append((start, end, int(key.split(":")[1]), "dictionary", 1.0))
    exact_spans = {(start, end) for start, end, *_ in candidates}
    for start, end in _name_spans(sentence):
        if (start, end) in exact_spans:
            continue
        text = normalise_name(sentence.span_text(start, end))
        if len(text) < settings.fuzzy_min_chars:
            continue
        found = lex.closest_actor(text, settings.fuzzy_name_cutoff)
        if found is not None:
            candidates.append((start, end, found[0], "fuzzy", round(found[1] / 100, 3)))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[3] != "dictionary", c[0]))
    people = [(ent.start, ent.end) for ent in sentence.entities if ent.label_ == "PERSON"]
    for start, end, index, method, score in candidates:
        if not sentence.free(start, end):
            continue
        actor = lex.actors[index]
        if actor.kind != "PERSON" and any(s < start and end == e for s, e in people):
            continue  # "Disney" in "Roy E. Disney", "Ford" in "Gerald Ford": a person's surname, not the company
        if actor.kind == "ORG":
            while end < len(tokens) and tokens[end].text in lex.suffixes and not sentence.claimed[end]:
                end += 1
        sentence.add(
            sentence.mention(
                start,
                end,
                method,
                score,
                canonical_name=actor.canonical_name,
                kind=actor.kind,
                country=actor.country,
                is_known=True,
                actor_index=index,
            )
        )
    _merge_parenthetical_aliases(sentence)


def _name_spans(sentence: _Sentence) -> Iterable[tuple[int, int]]:
    """Where a misspelt name may be: NER spans without a leading determiner or trailing possessive, and runs
    of proper nouns."""
    tokens = sentence.tokens
    for ent in sentence.entities:
        start, end = ent.start, ent.end
        while start < end and tokens[start].pos_ == "DET":
            start += 1
        while end > start and (tokens[end - 1].text in _POSSESSIVE_MARKS or tokens[end - 1].is_punct):
            end -= 1
        if start < end:
            yield start, end
    i = 0
    while i < len(tokens):
        if tokens[i].pos_ == "PROPN":
            j = i
            while j < len(tokens) and tokens[j].pos_ == "PROPN":
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def _merge_parenthetical_aliases(sentence: _Sentence) -> None:
    """`BlackBerry Enterprise Service (BES)`: a name followed by its own alias in brackets is one mention."""
    tokens = sentence.tokens
    by_start = {m.start: m for m in sentence.mentions}
    for mention in list(sentence.mentions):
        inner = by_start.get(mention.end + 1)
        if (
            inner is not None
            and inner in sentence.mentions
            and mention.end < len(tokens)
            and tokens[mention.end].text == "("
            and inner.end < len(tokens)
            and tokens[inner.end].text == ")"
            and inner.canonical_name == mention.canonical_name
        ):
            sentence.mentions.remove(inner)
            merged = sentence.mention(
                mention.start,
                inner.end + 1,
                mention.method,
                mention.score,
                canonical_name=mention.canonical_name,
                kind=mention.kind,
                country=mention.country,
                is_known=True,
                actor_index=mention.actor_index,
            )
            sentence.mentions[sentence.mentions.index(mention)] = merged
            for i in range(mention.start, inner.end + 1):
                sentence.claimed[i] = True


def _ticker_matches(sentence: _Sentence, lex: Lexicon, settings: Settings) -> None:
    """`(NASDAQ:BBRY)`: a ticker of a dictionary actor; with the actor's name just before it, one mention."""
    if ":" not in sentence.text:
        return  # no ticker without its colon (a cheaper test than the pattern's own search)
    for match in _TICKER.finditer(sentence.text):
        ticker = f"{match.group(1).upper()}:{match.group(2).upper()}"
        if ticker not in lex.ticker_actor:
            continue
        span = sentence.doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or not sentence.free(span.start, span.end):
            continue
        actor = lex.actors[lex.ticker_actor[ticker]]
        before = next((m for m in sentence.mentions if m.end == span.start), None)
        start = span.start
        if before is not None and before.canonical_name == actor.canonical_name:
            sentence.mentions.remove(before)
            start = before.start
        sentence.add(
            sentence.mention(
                start,
                span.end,
                "ticker",
                1.0,
                canonical_name=actor.canonical_name,
                kind=actor.kind,
                country=actor.country,
                is_known=True,
                actor_index=lex.ticker_actor[ticker],
            )
        )


def _title_matches(sentence: _Sentence, lex: Lexicon) -> None:
    """Job titles (`chief operating officer`, `The CEO`, `Chief Operating Officer (COO)`): role references.

    A title takes the words of its office before it ("Finance Minister", "Competition Commissioner",
    "economy and finance minister") into its role, and its qualifiers, nationality and determiner
    ("the Iranian Deputy Foreign Minister", "a former U.S. senator") into the mention; the country they
    name is the holder's (`_Statement.country`). A name or possessive before them (an organisation:
    "Pennzoil Chairman", "Nigeria's information minister") stays a mention of its own. An honorific
    before a name ("Chief Abiola", "General Sani Abacha") is no title, nor a word inside the name of an
    organisation the model found ("Premier League").
    """
    tokens = sentence.tokens
    found: list[tuple[int, int, str]] = []
    for matcher in (lex.title_matcher, lex.acronym_matcher):
        for match_id, start, end in matcher(sentence.doc):
            key = sentence.doc.vocab.strings[match_id]
            if key.startswith("title:"):
                found.append((start, end, lex.title_role[key.split(":", 1)[1]]))
    # the longest first, then from the right: a title's head takes the words of its office before it
    found.sort(key=lambda f: (-(f[1] - f[0]), -f[0]))
    for start, end, role in found:
        if not sentence.free(start, end) or tokens[end - 1].pos_ not in ("NOUN", "PROPN"):
            continue  # "an official blog": an adjective, no title
        if end - start == 1 and _is_honorific(tokens[start], lex) and end < len(tokens) and tokens[end].pos_ == "PROPN":
            continue
        if any(e.start <= start and end < e.end and e.label_ not in _PERSON_OR_PLACE for e in sentence.entities):
            continue  # "Coastal Premier League": a word of an organisation's name, no title
        # "Chief Operating Officer (COO)": the abbreviation in brackets belongs to the title
        if (
            end + 2 < len(tokens)
            and tokens[end].text == "("
            and tokens[end + 2].text == ")"
            and (lex.title_role.get(tokens[end + 1].lower_) == role)
        ):
            end += 3
        first = start
        while first > 0 and not sentence.claimed[first - 1] and _is_office_word(tokens[first - 1], lex):
            first -= 1
        while first < start and tokens[first].pos_ == "CCONJ":
            first += 1
        if first < start and role != _HEAD_ROLE:
            role = " ".join([*(t.lower_ for t in tokens[first:start]), role])
        begin = _left_modifiers(sentence, first, allow_comma=False) if first > 0 else first
        modifiers = tokens[begin:first]
        codes = _countries_in(lex, modifiers)
        seat = next((lex.seat(t.text, None) for t in modifiers if t.pos_ == "PROPN" and lex.seat(t.text, None)), None)
        country = codes[0] if codes else (seat.country or None if seat is not None else None)
        cut = begin + _owner_words(lex, modifiers, names=True)
        mention = sentence.mention(cut, end, "role", 1.0, pending="role", role=role, kind="PERSON")
        mention.country_hint = country
        sentence.add(mention)


def _owner_words(lex: Lexicon, words: list[Token], names: bool) -> int:
    """How many of the words before a description's head name its owner, which stays a mention of its own:
    up to the last possessive or country ("Nigeria's information minister", "US carmaker"), and with
    `names` the last name the model found of an organisation or person ("Pennzoil Chairman")."""
    owned = 0
    for k, token in enumerate(words):
        named = (
            names and token.pos_ == "PROPN" and (token.ent_type_ in _NAME_LABELS or _ends_organisation_name(token, lex))
        )
        if token.text in _POSSESSIVE_MARKS or named or (token.pos_ == "PROPN" and _country_at(lex, [token])):
            owned = k + 1
    return owned


def _is_office_word(token: Token, lex: Lexicon) -> bool:
    """A word of an office's name before its title ("finance" minister, "Competition" Commissioner): a noun
    or a capitalised word that names no actor, country or rank, nor ends an organisation's name ("Kestrel
    FC head coach"); "and" between two of them."""
    if token.pos_ == "CCONJ":
        return token.lower_ == "and"
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.dep_ in ("compound", "nmod", "conj")
        and not token.ent_type_
        and not _is_honorific(token, lex)
        and _country_at(lex, [token]) is None
        and token.text[:1].isalpha()
        and not _ends_organisation_name(token, lex)
    )


def _ends_organisation_name(token: Token, lex: Lexicon) -> bool:
    """A capitalised word that ends an organisation's name (name_cues.csv heads: "FC", "Lab", "Party")."""
    cue = lex.name_cues.get(("head", token.lower_))
    return token.pos_ == "PROPN" and cue is not None and cue[0] in ("ORG", "GOV")


def _is_honorific(token: Token, lex: Lexicon) -> bool:
    """ "Mr", "Dr.", "Gen." or "Maj" (the tokenizer splits some abbreviations from their full stop)."""
    return token.text in lex.honorifics or f"{token.text}." in lex.honorifics


def _longest_first(sentence: _Sentence, matcher: PhraseMatcher) -> list[tuple[int, int, str]]:
    """A phrase matcher's matches in the sentence as (start, end, key after its "kind:" prefix), the longest
    first, then from the left."""
    found = [
        (start, end, sentence.doc.vocab.strings[key].split(":", 1)[1]) for key, start, end in matcher(sentence.doc)
    ]
    return sorted(found, key=lambda f: (-(f[1] - f[0]), f[0]))


def _seat_matches(sentence: _Sentence, lex: Lexicon, date: str | None) -> None:
    """Capitals and seats of government (dictionaries.seats): one acting ("Ottawa says", "the Kremlin
    denied", "a claim Kyiv denies", "Seoul Accepts Terms"), owning an act ("Moscow's demand"), receiving
    an envoy ("its ambassador to Tehran") or expelling ("the expulsion of two envoys from Paris") is the
    government it stands for (on the article's date: Moscow was the Soviet Union's until 1991); one named
    as a place stays a place of that country. A capital inside a longer name ("Moscow State University")
    is that name's."""
    tokens = sentence.tokens
    found = _longest_first(sentence, lex.seat_matcher)
    for start, end, term in found:
        seat = lex.seat(term, date)
        if seat is None or not sentence.free(start, end) or tokens[end - 1].pos_ != "PROPN":
            continue
        if _in_person_name(tokens, start, end) or _inside_longer_name(sentence, start, end):
            continue
        if seat.country:
            sentence.country_codes.append(seat.country)
        first = (
            start - 1 if start > 0 and tokens[start - 1].lower_ == "the" and not sentence.claimed[start - 1] else start
        )
        stands_for = seat.actor in lex.actor_index if seat.actor else bool(seat.country)
        acting = (
            _acts(tokens, start, end)
            or _owns_act(tokens, start, end, lex)
            or _receives_envoy(tokens, start, lex)
            or _expels(tokens, start, end, lex)
        )
        if acting and stands_for:
            if seat.actor:
                index = lex.actor_index[seat.actor]
                actor = lex.actors[index]
                values: dict[str, Any] = {
                    "canonical_name": actor.canonical_name,
                    "kind": actor.kind,
                    "country": actor.country,
                    "actor_index": index,
                }
            else:
                values = {"canonical_name": lex.government_of(seat.country), "kind": "GOV", "country": seat.country}
            sentence.add(sentence.mention(first, end, "government", 0.9, is_known=True, **values))
            continue
        sentence.add(
            sentence.mention(
                start,
                end,
                "country",
                1.0,
                canonical_name=seat.name,
                kind="PLACE",
                country=seat.country or None,
                is_known=True,
            )
        )


def _in_person_name(tokens: list[Token], start: int, end: int) -> bool:
    """The words are part of a person's name the model found with more words ("Sydney Carter"); a capital
    the model alone takes for a person ("a claim Kyiv denies") is still the capital."""
    if tokens[start].ent_type_ != "PERSON":
        return False
    return tokens[start].ent_iob_ == "I" or (end < len(tokens) and tokens[end].ent_iob_ == "I")


def _inside_longer_name(sentence: _Sentence, start: int, end: int) -> bool:
    """The words are part of a longer name the model found: more capitalised nouns beside them in its span."""
    tokens = sentence.tokens
    for ent in sentence.entities:
        if ent.start <= start and end <= ent.end and (ent.start, ent.end) != (start, end):
            beside = [t for t in tokens[ent.start : start] + tokens[end : ent.end] if t.pos_ == "PROPN"]
            return bool(beside)
    return False


def _receives_envoy(tokens: list[Token], start: int, lex: Lexicon) -> bool:
    """ "its ambassador to Tehran", "ties with Moscow": the object of a relation noun's preposition."""
    preposition = tokens[start].head
    if tokens[start].dep_ != "pobj" or preposition.lower_ not in ("to", "with", "on"):
        return False
    attached = preposition.head  # the noun, or the verb the parser hung the phrase on ("recalled its envoy to X")
    objects = [attached, *(c for c in attached.children if c.dep_ == "dobj")]
    return any(t.lower_ in lex.relation_nouns for t in objects)


def _government_matches(sentence: _Sentence, lex: Lexicon, settings: Settings) -> None:
    """`the Pakistani government`, `Pakistan's government`, `that country's government`, `Government of India`,
    `Pakistani officials`, `govt` (headline): Government of <country>."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if token.lower_ not in lex.government_heads or token.pos_ not in ("NOUN", "PROPN") or sentence.claimed[i]:
            continue
        end = i + 1
        explicit: str | None = None
        if end + 1 < len(tokens) and tokens[end].lower_ == "of":
            for width in range(min(4, len(tokens) - end - 1), 0, -1):
                code = _country_at(lex, tokens[end + 1 : end + 1 + width])
                if code and sentence.free(end + 1, end + 1 + width):
                    explicit, end = code, end + 1 + width
                    break
        if explicit is None and not _is_head(sentence, i):
            continue
        named_after = end + 1 < len(tokens) and tokens[end].lower_ == "of" and tokens[end + 1].text[:1].isupper()
        if explicit is None and token.lower_ == "state" and named_after:
            continue  # "the Indian state of Kerala": a division, named after it
        start = _left_modifiers(sentence, i, allow_comma=False)
        words = tokens[start:i]
        first = words[0].lower_ if words else ""
        if first in _INDEFINITE:
            continue
        codes = _countries_in(lex, words)
        explicit = explicit or (codes[0] if codes else None)
        places = [w for w in words if w.pos_ == "PROPN" and _country_at(lex, [w]) is None]
        anaphoric_country = any(w.lower_ in ("country", "nation") for w in words) or first in _POSSESSIVE_PRONOUNS
        place = " ".join(w.text for w in places)
        if (
            places
            and lex.subdivision_country.get(place) is None
            and not any(w.ent_type_ in ("GPE", "LOC") for w in places)
        ):
            # "the Garcia government", "the Reagan Administration", "General Abacha's authorities": the
            # government of the country the person leads, the person a mention of their own
            places, anaphoric_country = [], True
            start += _owner_words(lex, words, names=True)
        marked = (
            explicit is not None
            or first in _DEFINITE
            or anaphoric_country
            or sentence.is_headline
            or (token.text[:1].isupper() and token.pos_ == "PROPN" and i > 0)
        )
        if not marked:
            continue
        if places and explicit is None and not anaphoric_country:
            # "the Ontario government": a government below the national level, named after its place
            sentence.add(
                sentence.mention(
                    start,
                    end,
                    "government",
                    settings.descriptor_mention_score,
                    canonical_name=f"Government of {place}",
                    kind="GOV",
                    country=lex.subdivision_country.get(place),
                    name_key=normalise_name(f"Government of {place}"),
                )
            )
            continue
        sentence.add(
            sentence.mention(
                start,
                end,
                "government",
                1.0 if explicit else settings.focus_government_score,
                pending="government",
                kind="GOV",
                country_hint=explicit,
            )
        )


def _institution_matches(sentence: _Sentence, lex: Lexicon) -> None:
    """A state's institution named by its kind (`the Supreme Court`, `Parliament`, `the country's central
    bank`, `the Foreign Ministry of Peru`): `<Name> of <country>` of the country its phrase names, else of
    the country the document is about. One that a place narrows ("the Texas Senate") is a name of its own."""
    tokens = sentence.tokens
    found = _longest_first(sentence, lex.institution_matcher)
    for start, end, term in found:
        last = end - 1
        if not sentence.free(start, end) or tokens[last].pos_ not in ("NOUN", "PROPN") or not _is_head(sentence, last):
            continue
        kind, name, form = lex.institutions[term]
        first = _left_modifiers(sentence, start, allow_comma=False)
        words = tokens[first:start]
        if any(t.pos_ == "PROPN" and _country_at(lex, [t]) is None for t in words):
            continue
        explicit: str | None = None
        if end + 1 < len(tokens) and tokens[end].lower_ == "of":
            for width in range(min(4, len(tokens) - end - 1), 0, -1):
                code = _country_at(lex, [t for t in tokens[end + 1 : end + 1 + width] if t.pos_ != "DET"])
                if code and sentence.free(end + 1, end + 1 + width):
                    explicit, end = code, end + 1 + width
                    break
        capitalised = tokens[start].text[:1].isupper() and start > 0
        if form == "marked" and not words and explicit is None and not capitalised:
            continue
        codes = _countries_in(lex, words)
        mention = sentence.mention(
            first + _owner_words(lex, words, names=False),
            end,
            "descriptor",
            1.0,
            pending="institution",
            kind=kind,
            canonical_name=name,
            country_hint=explicit or (codes[0] if codes else None),
        )
        sentence.add(mention)


def _group_matches(sentence: _Sentence, lex: Lexicon) -> None:
    """Generic group actors (`law enforcement agencies`, `police`, `striking nurses`, `its shareholders`):
    actors in their own right, resolved by `_resolve_group`.

    The phrase gives what it can: a country (a demonym or country among its modifiers, not one that backs
    it: "Russia-backed rebels"; or "in <country or capital>" after it: "taxi drivers in Rome"), an
    organisation (a name or possessive right before it: "Disney's board", "FARC guerrillas", "its users"),
    the nouns that narrow it ("oil workers", "opposition protesters"), and whether it is definite.
    """
    tokens = sentence.tokens
    found = _longest_first(sentence, lex.group_matcher)
    by_end = {m.end: m for m in sentence.mentions}
    for start, end, term in found:
        if (
            not sentence.free(start, end)
            or tokens[end - 1].pos_ not in ("NOUN", "PROPN")
            or not _is_head(sentence, end - 1)
        ):
            continue
        kind, canonical, form, scope = lex.groups[term]
        first = _left_modifiers(sentence, start, allow_comma=False)
        words = tokens[first:start]
        opening = words[0].lower_ if words else ""
        if opening in _GENERIC_DETERMINERS or (form == "bare" and words):
            continue
        organisation = by_end.get(first) or (
            by_end.get(first - 1) if first > 0 and tokens[first - 1].text in _POSSESSIVE_MARKS else None
        )
        if organisation is not None and (
            organisation.kind not in ("ORG", "GOV")
            or (organisation.start > 0 and tokens[organisation.start - 1].text == "-")
        ):
            organisation = None  # not an organisation, or one the group is for or against ("pro-Taleban militants")
        if form == "marked" and not words and organisation is None:
            continue
        backers = {i for i in range(len(words)) if _backs(words, i)}
        codes = _countries_in(lex, [t for i, t in enumerate(words) if i not in backers])
        place = _place_after(sentence, lex, end)
        cut = first + _owner_words(lex, words, names=True)
        while cut < end - 1 and (tokens[cut].text == "-" or tokens[cut].lower_ in _BACKING):
            cut += 1
        narrow = [
            t.lower_
            for t in words
            if t.pos_ == "NOUN" and t.dep_ in ("compound", "nmod") and t.lower_ not in lex.government_heads
        ]
        if scope == "named":
            narrow = []  # "suicide attackers", "rebel units": one armed group, however its members are called
        mention = sentence.mention(
            cut,
            end,
            "descriptor",
            1.0,
            pending="group",
            kind=kind,
            canonical_name=canonical,
            country_hint=codes[0] if codes else place,
            group_scope=scope,
        )
        mention.organisation = organisation
        mention.group_class = canonical
        mention.group_words = " ".join(narrow) or None
        mention.is_definite = opening in _DEFINITE or opening in _POSSESSIVE_PRONOUNS or organisation is not None
        mention.is_pronoun_owned = opening in _POSSESSIVE_PRONOUNS
        mention.acts = _acts(tokens, start, end)
        mention.is_specific = mention.is_definite or _is_specific(tokens, start, end)
        sentence.add(mention)


def _is_specific(tokens: list[Token], start: int, end: int) -> bool:
    """A group phrase names this story's group, not the class in general: it is counted ("200 protesters",
    "dozens of police", "a line of police") or the subject of a verb that is no condition ("Authorities said",
    "police are unable"; not "if authorities had a court order"); the class is what a statement in general
    is about ("assist law enforcement agencies")."""
    root = _span_root(tokens, start, end)
    if any(child.dep_ == "nummod" for child in root.children):
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        amount = root.head.head
        if amount.tag_ in ("CD", "NNS") or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in amount.children):
            return True
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return not any(child.dep_ == "mark" and child.lower_ in ("if", "unless") for child in root.head.children)


def _backs(words: list[Token], i: int) -> bool:
    """The word names who backs what follows: "Russia" in "Russia-backed" (not "Tunisia backed the party")."""
    return i + 2 < len(words) and words[i + 1].text == "-" and words[i + 2].lower_ in _BACKING


def _place_after(sentence: _Sentence, lex: Lexicon, end: int) -> str | None:
    """ "police in Kyrgyzstan", "taxi drivers in Rome": the country of an "in" phrase right after a group (the
    place stays a mention of its own)."""
    tokens = sentence.tokens
    if end + 1 >= len(tokens) or tokens[end].lower_ != "in":
        return None
    place = next((m for m in sentence.mentions if m.start == end + 1 and m.kind in ("PLACE", "COUNTRY")), None)
    if place is not None:
        return place.country
    for width in range(min(4, len(tokens) - end - 1), 0, -1):
        words = tokens[end + 1 : end + 1 + width]
        code = _country_at(lex, words)
        if code is None:
            seat = lex.seat(" ".join(t.text for t in words), None)
            code = seat.country if seat is not None and seat.country else None
        if code is not None:
            return code
    return None


def _anaphor_matches(sentence: _Sentence, lex: Lexicon, settings: Settings) -> None:
    """Descriptive references: `the Canadian firm`, `the Ontario-based company`, `this nation`, `the court`
    (definite: resolved to the most salient compatible actor already named), and descriptions set beside a
    name (`US carmaker Ford`, `the German firm, Secusmart`, `Turkey Blocks, a watchdog group,`: that name).
    Their demonym or `X-based` place constrains the actor's country; a country or organisation before them
    ("Turkey's state broadcaster") stays a mention of its own."""
    tokens = sentence.tokens
    # from the right: a head takes the words before it ("the nation's largest cable company") before a
    # head among them ("nation") does
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        kind = lex.anaphor_heads.get(token.lower_)
        if kind is None or token.pos_ not in ("NOUN", "PROPN") or sentence.claimed[i]:
            continue
        name_after = i + 1 < len(tokens) and tokens[i + 1].pos_ == "PROPN"
        if not _is_head(sentence, i) and not name_after:
            continue
        if token.text[:1].isupper() and i > 0 and _continues_name(tokens, i + 1):
            continue  # "the Movement for Rural Justice": the head of a name, not a description
        start = _left_modifiers(sentence, i, allow_comma=True)
        words = tokens[start:i]
        opening = tokens[start].lower_
        after = i + 1 + (1 if i + 1 < len(tokens) and tokens[i + 1].text == "," else 0)
        owner = i + 1 < len(tokens) and tokens[i + 1].text in _POSSESSIVE_MARKS  # "X, the company's chief"
        appositive = (
            not owner
            and after < len(tokens)
            and tokens[after].pos_ == "PROPN"
            and (tokens[after].ent_type_ in ("ORG", "PERSON") or sentence.claimed[after])
        )
        apposed = (
            not owner and start > 1 and tokens[start - 1].text == "," and tokens[start - 2].pos_ in ("PROPN", "PUNCT")
        )
        if (
            opening not in _DEFINITE
            and not (appositive or apposed)
            and not (opening in _POSSESSIVE_PRONOUNS and kind == "PERSON")
        ):
            continue
        if token.ent_type_ in _NAME_LABELS | _PLACE_LABELS and any(
            t.pos_ == "PROPN" and t.ent_type_ == token.ent_type_ for t in words
        ):
            continue  # "the Fars news agency", "The Soviet Union": the model's name of its own, for the name matchers
        named = _name_before(lex, words) if lex.anaphor_words.get(token.lower_) else []
        if named:
            # "the moderate Islamist Ennahda party": a name and the kind of body it names (a head with name
            # words: party, union, court, ...; not "the Smartphone maker")
            name = " ".join(t.text for t in named)
            mention = sentence.mention(
                start, i + 1, "model", settings.model_mention_score, canonical_name=name, kind=kind
            )
            mention.name_key = _name_key(name, lex)
            sentence.add(mention)
            continue
        codes = _countries_in(lex, words)
        cut = start + _owner_words(lex, words, names=False)
        mention = sentence.add(
            sentence.mention(
                cut,
                i + 1,
                "descriptor",
                settings.descriptor_mention_score,
                pending="anaphor",
                head_kind=kind,
                country_hint=codes[0] if codes else _based_country(lex, words),
            )
        )
        mention.head_words = lex.anaphor_words.get(token.lower_, ())
        mention.head_name = token.text if token.text[:1].isupper() and i > cut else None
        mention.is_definite = opening in _DEFINITE or opening in _POSSESSIVE_PRONOUNS
        mention.is_appositive = appositive
        mention.is_apposed = apposed and not appositive
        mention.beside = after if appositive else start - 1  # where the described name starts, or ends
        mention.acts = _acts(tokens, cut, i + 1)


def _name_before(lex: Lexicon, words: list[Token]) -> list[Token]:
    """The proper nouns ending a description's modifiers that are a name, not a country, demonym or
    capital ("Ennahda" in "the Islamist Ennahda party"); none when they are not right before the head."""
    named: list[Token] = []
    for token in reversed(words):
        if (
            token.pos_ != "PROPN"
            or _country_at(lex, [token])
            or lex.seat(token.text, None)
            or token.ent_type_ in _PLACE_LABELS
        ):
            break
        named.insert(0, token)
    return named


def _continues_name(tokens: list[Token], i: int) -> bool:
    """A name goes on at token i: "of", "for" or "on" and a capitalised word ("... for Rural Justice")."""
    if i + 1 >= len(tokens) or tokens[i].lower_ not in ("of", "for", "on", "against"):
        return False
    after = i + 2 if tokens[i + 1].lower_ == "the" else i + 1
    return after < len(tokens) and tokens[after].text[:1].isupper()


def _descriptor_of_name(sentence: _Sentence, lex: Lexicon, start: int, end: int) -> tuple[str | None, str | None]:
    """Kind and country an unknown name takes from a descriptor next to it: `German ... firm Secusmart`,
    `Secusmart, a German firm,`; none from a capitalised head, which is a name's ("... Party, Nelson
    Chamisa"), nor after an office ("X, head of the agency" is a person)."""
    tokens = sentence.tokens

    def describes(token: Token) -> bool:  # a head naming a kind of actor, not a country ("the nation's") nor a name's
        return token.is_lower and lex.anaphor_heads.get(token.lower_) in _DESCRIBED_KINDS

    head: int | None = None
    if start > 0 and describes(tokens[start - 1]):
        head = start - 1
    elif start > 1 and tokens[start - 1].text == "," and describes(tokens[start - 2]):
        head = start - 2  # "Turkey's state broadcaster, TRT Arabi"
    elif end + 1 < len(tokens) and tokens[end].text == ",":
        for j in range(end + 1, min(len(tokens), end + 10)):
            if tokens[j].text in (",", ".", ";") or tokens[j].pos_ == "VERB":
                break
            if tokens[j].lower_ in lex.title_role:
                head = None  # "X, head of the agency", "X, commission chairwoman": a person holding an office
                break
            if describes(tokens[j]):
                head = j  # the last one: the phrase's head ("the nation's largest copper producer")
    if head is None:
        return None, None
    first = head
    while (
        first > 0
        and tokens[first - 1].pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ", "PUNCT", "DET")
        and (tokens[first - 1].text not in (",", ".", ";", "(", ")"))
    ):
        first -= 1
        if tokens[first].pos_ == "DET":
            break
    words = tokens[first:head]
    codes = _countries_in(lex, words)
    return lex.anaphor_heads[tokens[head].lower_], (codes[0] if codes else _based_country(lex, words))


def _unclaimed_entities(sentence: _Sentence) -> Iterable[tuple[str, int, int]]:
    """The model's entity spans (label, start, end); where a span glues a known name to an unknown one across a
    function word ("Krypteon to Northwind Systems"), the unknown part on its own; where it takes in a title
    before a name ("Superintendent Russell Gibson"), the name."""
    tokens = sentence.tokens

    def named_at(k: int) -> bool:  # a token of another name, not of a title
        return sentence.claimed[k] and any(m.start <= k < m.end and m.pending != "role" for m in sentence.mentions)

    for ent in sentence.entities:
        if sentence.free(ent.start, ent.end):
            yield ent.label_, ent.start, ent.end
            continue
        i = ent.start
        while i < ent.end:
            if sentence.claimed[i] or tokens[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < ent.end and not sentence.claimed[j] and tokens[j].pos_ == "PROPN":
                j += 1
            if not ((i > ent.start and named_at(i - 1)) or (j < ent.end and named_at(j))):
                yield ent.label_, i, j
            i = j


def _name_matches(sentence: _Sentence, lex: Lexicon, settings: Settings) -> None:
    """Names the dictionary does not know, from spaCy's NER: kind from a descriptor beside the name, else
    from the name's shape or context (`_cued_kind`: "Rocket Lab", "Polk County", "the Electron rocket",
    "Apple's iPhone"), else the model's label; country from a demonym inside or beside it. A bare surname
    (`Beard`, `Mr. Beard`) waits for the person it names. What is no name is left out: a span's words
    outside the name (`_name_bounds`), a common noun the model tagged, a span of another script or of
    garbled letters; a place in capitals opening the story ("CHENNAI – ...") is that place."""
    tokens = sentence.tokens
    for label, ent_start, ent_end in _unclaimed_entities(sentence):
        if ent_start > 0 and tokens[ent_start - 1].text.rstrip(".") in _PERSONAL_HONORIFICS:
            label = "PERSON"  # "Mr Kokori": a person, whatever the model made of the name
        kind = _NER_KINDS.get(label)
        if kind is None:
            continue
        start, end = _name_bounds(tokens, ent_start, ent_end)
        if not sentence.free(start, end) or not _is_name_text(tokens[start:end]):
            continue
        name_tokens = tokens[start:end]
        if any(_country_at(lex, tokens[start : end + k]) for k in range(3) if end + k <= len(tokens)):
            continue  # a country or demonym, or the start of one ("United" of "United States"): the country matcher's
        if _dateline_place(sentence, lex, start, end):
            continue
        country_tokens = {t.i for t in name_tokens for code in [_country_at(lex, [t])] if code}
        # A sentence-initial gerund the tagger took for a proper noun ("Exiting Pakistan would've...") is no name.
        name_words = [
            t
            for t in name_tokens
            if t.i not in country_tokens
            and (t.pos_ == "PROPN" or t.text[:1].isupper())
            and not (t.i == 0 and t.lower_.endswith("ing"))
        ]
        if not name_words or not any(t.pos_ in ("PROPN", "NOUN") for t in name_words):
            continue
        descriptor_kind, descriptor_country = _descriptor_of_name(sentence, lex, start, end)
        cued = _cued_kind(sentence, lex, start, end, label) if descriptor_kind is None else None
        if label == "PERSON" and len(name_tokens) == 1 and descriptor_kind is None and cued is None:
            if start > 0 and tokens[start - 1].text in lex.honorifics and not sentence.claimed[start - 1]:
                start -= 1
            sentence.add(
                sentence.mention(
                    start,
                    end,
                    "role",
                    settings.role_mention_score,
                    pending="surname",
                    kind="PERSON",
                    surname=name_tokens[-1].text,
                )
            )
            continue
        basis: str | None = None
        if descriptor_kind is not None and kind in ("ORG", "PERSON", "PRODUCT"):
            kind, basis = descriptor_kind, "descriptor"
        elif cued is not None:
            kind, basis = cued, "cue"
        elif label == "PERSON" and start > 0 and _is_honorific(tokens[start - 1], lex):
            basis = "title"
        inner = _countries_in(lex, name_tokens) or (_places_in(lex, name_tokens) if kind in ("ORG", "GOV") else [])
        country = descriptor_country or (inner[0] if inner else None)
        name = sentence.span_text(start, end)
        # a province the model or a noun of its kind ("the regions of Umbria, Lazio") says is a place; not "Gulf"
        # (a region the model labels LOC, and a province of Papua New Guinea)
        named_as_place = basis == "cue" and _kind_noun_before_of(tokens, start, end) is not None
        if kind == "PLACE" and country is None and (label == "GPE" or named_as_place):
            country = lex.subdivision_country.get(name)
            if country is not None:
                sentence.country_codes.append(country)
        mention = sentence.mention(
            start,
            end,
            "model",
            settings.model_mention_score,
            canonical_name=name,
            kind=kind,
            country=country,
            name_key=_name_key(name, lex),
        )
        mention.kind_basis = basis
        sentence.add(mention)


def _name_bounds(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    """The name inside a span the model found: without a leading determiner, adverb, verb, bullet, dash,
    quotation mark or possessive ("• Life", "- Eric J. Lyman", "’s Alawite", "Successfully Launches
    Falcon"), without a trailing possessive or punctuation, and ending before a verb the model took in
    ("Reserve Bank of Australia Goes to Increase Rates") or an unclosed bracket ("Confederation of ...
    (CAAAREM")."""
    while start < end and (
        tokens[start].pos_ in ("DET", "ADV", "VERB", "AUX")
        or not tokens[start].text[:1].isalnum()
        or tokens[start].text in _POSSESSIVE_MARKS
    ):
        start += 1
    for k in range(start + 1, end):
        if (tokens[k].tag_ in _NAME_ENDING_VERB_TAGS and tokens[k].pos_ in ("VERB", "AUX")) or tokens[k].text == "(":
            end = k
            break
    while end > start and (
        tokens[end - 1].text in _POSSESSIVE_MARKS or tokens[end - 1].is_punct or tokens[end - 1].lower_ in _NAME_LINKS
    ):
        end -= 1
    return start, end


def _is_name_text(tokens: list[Token]) -> bool:
    """Whether the tokens may be a name: they open with a capital or a digit, or in camel case ("iPhone"),
    and are mostly in Latin letters (not another script, nor the garbled letters of a page decoded with
    the wrong encoding)."""
    text = "".join(t.text_with_ws for t in tokens).strip()
    if not text or not (text[0].isupper() or text[0].isdigit() or (text[0].islower() and text[1:2].isupper())):
        return False
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) * 2 > len(letters)


def _dateline_place(sentence: _Sentence, lex: Lexicon, start: int, end: int) -> bool:
    """ "CHENNAI – A former minister ...", "MARGAO: ...": a name in capitals opening the sentence, before a
    dash, colon, comma or bracket, is the place the story is filed from: a mention of that place (its
    country where the country, a capital or a province says which), claimed; True when it is one. A name
    no table knows as a place that the model takes for a person's is a byline ("JOHN SMITH, Staff Writer")."""
    tokens = sentence.tokens
    text = sentence.span_text(start, end)
    letters = [c for c in text if c.isalpha()]
    if (
        any(not t.is_punct for t in tokens[:start])
        or end >= len(tokens)
        or tokens[end].text not in _DATELINE_MARKS
        or len(letters) < _DATELINE_MIN_LETTERS
        or not all(c.isupper() for c in letters)
    ):
        return False
    name = " ".join(word.capitalize() for word in text.split())
    found = lex.country_term.get(name)
    values: dict[str, str]
    if found is not None:
        code: str | None = found[0]
        values = {"canonical_name": lex.country_name.get(found[0], name), "kind": "COUNTRY"}
    else:
        seat = lex.seat(name, None)
        code = seat.country if seat is not None and seat.country else lex.subdivision_country.get(name)
        values = {"canonical_name": name, "kind": "PLACE"}
        if code is None and tokens[start].ent_type_ == "PERSON":
            return False  # "JOHN SMITH, Staff Writer": a byline, no place the tables know
    if code is not None:
        sentence.country_codes.append(code)
    mention = sentence.mention(start, end, "country", 1.0, country=code, is_known=found is not None, **values)
    mention.name_key, mention.kind_basis = normalise_name(name), "cue"
    sentence.add(mention)
    return True


def _cued_kind(sentence: _Sentence, lex: Lexicon, start: int, end: int, label: str) -> str | None:
    """The kind a name's shape or context says (name_cues.csv), or None: its head word ("Rocket Lab",
    "Reserve Bank of Australia", "Polk County", "Flood Warning"), its first word ("FC Goa", "Hurricane
    Florence"), the noun after it ("the Electron rocket", "the Nipah virus", "Zabul province") or that the
    sentence says it is ("Electron is a rocket"), a model number after it ("Falcon 9"), a verb it is the
    object of ("launched Electron") or an organisation owning it ("Apple's iPhone"). Against the model's
    PERSON label a cue counts where its row says so (`overrides_person`: no surname is that word, nobody is
    launched), the noun after a name also after a determiner ("the Vireo rocket"), the noun it is said to be
    always ("Vireo is a rocket"), a model number or an owner never ("Apple's Tim Cook")."""
    tokens = sentence.tokens
    words = [t.lower_ for t in tokens[start:end]]
    person = label == "PERSON"
    link = next((k for k in range(1, len(words)) if words[k] in ("of", "for")), None)
    heads = [("head", words[-1])] + ([("head", words[link - 1])] if link else []) + [("first", words[0])]
    for key in heads:
        cue = lex.name_cues.get(key)
        if cue is not None and (cue[1] or not person) and (key[0] == "head" or len(words) > 1 or not person):
            return cue[0]
    kind_noun = _kind_noun_before_of(tokens, start, end)
    cue = lex.name_cues.get(("of", kind_noun.lemma_.lower())) if kind_noun is not None else None
    if cue is not None and (cue[1] or not person):
        return cue[0]
    if not person and label not in _THING_LABELS:
        return None
    determined = start > 0 and (tokens[start - 1].pos_ == "DET" or tokens[start - 1].text in _POSSESSIVE_MARKS)
    after = tokens[end] if end < len(tokens) else None
    if after is not None and after.is_lower and after.pos_ in ("NOUN", "ADJ"):  # "the COVID-19 pandemic" (ADJ)
        cue = lex.name_cues.get(("next", after.lower_))
        if cue is not None and (cue[1] or determined or not person):
            return cue[0]
    root = _span_root(tokens, start, end)
    cue = lex.name_cues.get(("object", root.head.lemma_.lower())) if root.dep_ == "dobj" else None
    if cue is not None and (cue[1] or not person):
        return cue[0]
    # what the sentence says it is, whatever the model's label: "the Quillpad was a popular device"
    said = next((c for c in root.head.children if c.dep_ == "attr"), None) if root.dep_ == "nsubj" else None
    cue = lex.name_cues.get(("next", said.lower_)) if said is not None and root.head.lemma_ == "be" else None
    if cue is not None and said is not None and said.is_lower:
        return cue[0]
    if person:
        return None
    if after is not None and _VERSION.match(after.text) and (end + 1 == len(tokens) or tokens[end + 1].text != "-"):
        return "PRODUCT"
    if end - start == 1 and start > 1 and tokens[start - 1].text in _POSSESSIVE_MARKS:
        owner = next((m for m in sentence.mentions if m.end == start - 1), None)
        if owner is not None and (owner.kind == "ORG" or (owner.pending == "anaphor" and owner.head_kind == "ORG")):
            return "PRODUCT"
    return None


def _kind_noun_before_of(tokens: list[Token], start: int, end: int) -> Token | None:
    """The lower-case noun a name follows with "of", itself or as the first of a list ("the town of Marjah",
    "the regions of Umbria, Lazio and Marche"), or None."""
    root = _span_root(tokens, start, end)
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    link = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if link is None and start > 1 and tokens[start - 1].lower_ == "of":
        link = tokens[start - 1]
    if link is None or link.i == 0:
        return None
    noun = link.head if link.head.i < link.i else tokens[link.i - 1]
    return noun if noun.is_lower and noun.pos_ == "NOUN" else None


def _document_name_starts(sentences: list[_Sentence], lex: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    """The organisations a document names in more than one word, by their first word, when that is no
    common word of a description, group or title ("Ennahda" of "Ennahda Islamist Party"): each as its
    words, the longest first."""
    generic = set(lex.anaphor_heads) | set(lex.groups) | set(lex.title_role) | set(lex.government_heads)
    names = {
        tuple(words)
        for s in sentences
        for m in s.mentions
        if m.kind == "ORG" and not m.is_known and m.pending is None and m.canonical_name
        for words in [m.canonical_name.split()]
        if len(words) > 1 and words[0][:1].isupper() and words[0].lower() not in generic and words[0] != "The"
    }
    starts: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(names, key=lambda w: (-len(w), w)):
        starts.setdefault(words[0], []).append(words)
    return starts


def _name_start_matches(sentence: _Sentence, starts: dict[str, list[tuple[str, ...]]]) -> None:
    """ "Ennahda, which has been part of successive coalitions": a word the model left untagged that starts an
    organisation's name the document gives in full is that organisation (`_join_short_names`); with the
    rest of that name after it ("Rocket Lab" where the model found no name), the whole name."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if sentence.claimed[i] or token.pos_ != "PROPN" or token.text not in starts or token.ent_type_:
            continue
        width = next(
            (
                len(words)
                for words in starts[token.text]
                if sentence.free(i, i + len(words)) and tuple(t.text for t in tokens[i : i + len(words)]) == words
            ),
            1,
        )
        name = sentence.span_text(i, i + width)
        mention = sentence.mention(i, i + width, "model", 0.6, canonical_name=name, kind="ORG")
        mention.name_key = normalise_name(name)
        sentence.add(mention)


def _cued_name_matches(sentence: _Sentence, lex: Lexicon, settings: Settings) -> None:
    """ "Kestrel FC head coach ...", "Mumbai City FC faced ...": a run of capitalised proper nouns the model
    took for no name (or for a place, in part) that ends in an organisation's head word (name_cues.csv)
    is that organisation."""
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j].pos_ == "PROPN" and tokens[j].text[:1].isupper():
            j += 1
        if j - i > 1 and sentence.free(i, j) and _ends_organisation_name(tokens[j - 1], lex):
            name = sentence.span_text(i, j)
            kind = lex.name_cues[("head", tokens[j - 1].lower_)][0]
            mention = sentence.mention(
                i,
                j,
                "model",
                settings.model_mention_score,
                canonical_name=name,
                kind=kind,
                name_key=_name_key(name, lex),
            )
            mention.kind_basis = "cue"
            sentence.add(mention)
        i = max(j, i + 1)


def _document_surnames(sentences: list[_Sentence], lex: Lexicon) -> set[str]:
    """Surnames of the people a document names in full, and of the dictionary's people."""
    names = {
        m.canonical_name.split()[-1]
        for s in sentences
        for m in s.mentions
        if m.kind == "PERSON" and m.pending is None and m.canonical_name and len(m.canonical_name.split()) > 1
    }
    return names | {lex.actors[i].canonical_name.split()[-1] for ids in lex.persons_by_surname.values() for i in ids}


def _person_countries(sentence: _Sentence, lex: Lexicon) -> None:
    """The country a person's name is set in: "Denmark's Vestager", "Robert Mugabe of Zimbabwe", "US General
    Tom Hale"."""
    tokens = sentence.tokens
    for mention in sentence.mentions:
        if mention.kind != "PERSON" or mention.pending == "role":
            continue
        start, end = mention.start, mention.end
        before = start > 1 and tokens[start - 1].text in _POSSESSIVE_MARKS
        owner = [t for t in tokens[max(0, start - 4) : start - 1] if t.pos_ == "PROPN"] if before else []
        code = _country_at(lex, owner) if owner else None
        if code is None and end + 1 < len(tokens) and tokens[end].lower_ == "of":
            code = _country_at(lex, [t for t in tokens[end + 1 : end + 4] if t.pos_ == "PROPN"])
        mention.country_hint = mention.country_hint or code or _ranked_country(tokens, start, lex)


def _ranked_country(tokens: list[Token], start: int, lex: Lexicon) -> str | None:
    """The country or demonym right before the honorifics a person's name comes after: "US General Tom Hale",
    "British Col. Tom Hale" (a rank's country is its holder's)."""
    first = start
    while first > 0 and (
        _is_honorific(tokens[first - 1], lex)
        or (tokens[first - 1].text == "." and first > 1 and _is_honorific(tokens[first - 2], lex))  # "Col" "."
    ):
        first -= 1
    if first == start and not _is_honorific(tokens[start], lex):
        return None
    return next(
        (
            code
            for width in (3, 2, 1)
            if first >= width
            for code in [_country_at(lex, tokens[first - width : first])]
            if code
        ),
        None,
    )


def _surname_matches(sentence: _Sentence, lex: Lexicon, surnames: set[str], settings: Settings) -> None:
    """A surname the model did not tag (`Doe thanked ...`), when the document or the dictionary names its person,
    or when a personal honorific comes before it (`Mr Gates`, whose full name the document may not give)."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if sentence.claimed[i] or token.pos_ != "PROPN":
            continue
        titled = i > 0 and tokens[i - 1].text.rstrip(".") in _PERSONAL_HONORIFICS and not sentence.claimed[i - 1]
        if not titled and (token.text not in surnames or token.ent_type_ not in ("", "PERSON")):
            continue
        start = i - 1 if i > 0 and _is_honorific(tokens[i - 1], lex) and not sentence.claimed[i - 1] else i
        sentence.add(
            sentence.mention(
                start, i + 1, "role", settings.role_mention_score, pending="surname", kind="PERSON", surname=token.text
            )
        )


def _name_key(name: str, lex: Lexicon) -> str:
    """Normalised name without a legal-form suffix: what unknown names are clustered on across documents."""
    words = name.split()
    while len(words) > 1 and words[-1] in lex.suffixes:
        words.pop()
    return normalise_name(" ".join(words))


def _country_matches(sentence: _Sentence, lex: Lexicon) -> None:
    """Country names and demonyms. A country named as the one acting (subject of an action verb, or listed in
    such a subject: "several countries including India") is its government; named as a place it stays a country."""
    tokens = sentence.tokens
    found = _longest_first(sentence, lex.country_matcher)
    counted: set[int] = set()
    for start, end, code in found:
        if not counted.intersection(range(start, end)) and not _backs(tokens, end - 1):
            sentence.country_codes.append(code)
            counted.update(range(start, end))
        if not sentence.free(start, end) or tokens[start].ent_type_ == "PERSON":
            continue
        term = sentence.span_text(start, end)
        is_demonym = lex.country_term[term][1]
        modifies = is_demonym and (tokens[end - 1].pos_ == "ADJ" or tokens[end - 1].dep_ in ("amod", "compound"))
        if modifies and not _owns_act(tokens, start, end, lex):
            continue  # "the Pakistani market": a nationality, read by the phrase it modifies, not a mention
        name = lex.country_name.get(code, term)
        if modifies or (not is_demonym and (_acts(tokens, start, end) or _owns_act(tokens, start, end, lex))):
            sentence.add(
                sentence.mention(
                    start,
                    end,
                    "government",
                    0.9,
                    canonical_name=lex.government_of(code),
                    kind="GOV",
                    country=code,
                    is_known=True,
                )
            )
            continue
        sentence.add(
            sentence.mention(
                start,
                end,
                "demonym" if is_demonym else "country",
                1.0,
                canonical_name=name,
                kind="COUNTRY",
                country=code,
                is_known=True,
            )
        )


def _owns_act(tokens: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    """The country is the agent of an act noun: `Pakistan's demand`, `Russia's Feb. 24 invasion`, `a Russian
    invasion`, `the aggression of the Russian Federation`."""
    root = _span_root(tokens, start, end)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif root.dep_ not in ("poss", "amod", "compound", "nmod"):
        return False
    return head.i != root.i and head.lower_ in lex.act_nouns


def _expels(tokens: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    """The capital is where an expulsion sends people from, so its government expels: "the expulsion of
    two envoys from Paris" (the parser may hang "from" on the people expelled)."""
    root = _span_root(tokens, start, end)
    if root.dep_ != "pobj" or root.head.lower_ != "from":
        return False
    attached = root.head.head
    if attached.dep_ == "pobj" and attached.head.lower_ == "of":
        attached = attached.head.head
    return attached.lower_ in lex.expulsion_nouns


def _span_root(tokens: list[Token], start: int, end: int) -> Token:
    """The token of a span whose head lies outside it (the last one when none does)."""
    return next((t for t in tokens[start:end] if not (start <= t.head.i < end) or t.head.i == t.i), tokens[end - 1])


def _acts(tokens: list[Token], start: int, end: int) -> bool:
    """The span is the subject (or part of the subject) of an action verb."""
    root = _span_root(tokens, start, end)
    seen = 0
    while root.dep_ == "conj" and root.head.i != root.i and seen < 10:
        root, seen = root.head, seen + 1
    if root.dep_ == "pobj" and root.head.lower_ in ("including", "like", "as"):
        root = root.head.head
    return root.dep_ == "nsubj" and root.head.pos_ == "VERB" and root.head.lemma_ != "be"


def _role_statements(sentence: _Sentence, lex: Lexicon) -> list[_Statement]:
    """Person-title-organisation statements: `Marty Beard, chief operating officer of BlackBerry`,
    `Blackberry's CEO, Marty Beard`, `chief executive John Chen`, `Army spokesman Maj. Gen. Waheed Arshad`;
    each title mention is linked to its holder. A title with no holder, organisation, nationality or
    determiner ("seek justice") names nobody: it is dropped."""
    tokens = sentence.tokens
    by_end = {m.end: m for m in sentence.mentions}
    by_start = {m.start: m for m in sentence.mentions}
    statements: list[_Statement] = []
    for title in [m for m in sentence.mentions if m.pending == "role"]:
        organisation: _Mention | None = None
        first, last = title.start, title.end
        before = by_end.get(title.start) or (
            by_end.get(title.start - 1)
            if title.start > 0 and tokens[title.start - 1].text in _POSSESSIVE_MARKS
            else None
        )
        if before is not None and (before.kind in ("ORG", "GOV") or before.pending == "anaphor"):
            organisation, first = before, before.start
        elif title.end + 1 < len(tokens) and tokens[title.end].lower_ in _ROLE_LINKS:
            after = by_start.get(title.end + 1) or by_start.get(title.end + 2)
            if after is not None and (after.kind in ("ORG", "GOV") or after.pending == "anaphor"):
                organisation, last = after, after.end
        holder = _person_at(by_end, tokens, first, backwards=True, lex=lex)
        holder = holder or _person_at(by_start, tokens, last, backwards=False, lex=lex)
        title.organisation = organisation
        if holder is None:
            determined = (
                tokens[title.start].pos_ == "DET"
                or tokens[title.start].dep_ == "poss"
                or (title.start > 0 and tokens[title.start - 1].text in _POSSESSIVE_MARKS)
            )
            if organisation is None and title.country_hint is None and not determined:
                sentence.mentions.remove(title)
            continue
        title.holder = holder
        span = [holder.char_start, holder.char_end, title.char_start, title.char_end]
        if organisation is not None:
            span += [organisation.char_start, organisation.char_end]
        statements.append(
            _Statement(
                sentence.sentence_id, holder, title.role or "", organisation, min(span), max(span), title.country_hint
            )
        )
    return statements


def _person_at(
    index: dict[int, _Mention], tokens: list[Token], edge: int, backwards: bool, lex: Lexicon
) -> _Mention | None:
    """A person mention next to a title: directly, across one comma (and an "as": "X, as the company's
    representative"), or after honorifics ("Army spokesman Maj. Gen. Waheed Arshad")."""
    if backwards:
        position = edge
        while position > 0 and tokens[position - 1].pos_ == "DET":
            position -= 1  # "Catherine Ashton, the European Union foreign affairs chief"
        if position > 0 and tokens[position - 1].lower_ == "as":
            position -= 1
        candidates = [position] + ([position - 1] if position > 0 and tokens[position - 1].text == "," else [])
    else:
        position = edge
        while position < len(tokens) and (_is_honorific(tokens[position], lex) or tokens[position].text == "."):
            position += 1
        candidates = [edge, position] + (
            [position + 1] if position < len(tokens) and tokens[position].text == "," else []
        )
    for place in candidates:
        candidate = index.get(place)
        if candidate is None or candidate.pending == "role":
            continue
        if candidate.kind == "PERSON":
            if candidate.method == "model":
                candidate.kind_basis = "title"
            return candidate
        if _looks_like_a_person(candidate):
            candidate.kind = "PERSON"  # "Catherine Ashworth, the EU's foreign affairs chief": the model said ORG
            candidate.kind_basis = "title"
            return candidate
    return None


def _looks_like_a_person(mention: _Mention) -> bool:
    """A name the model found but the dictionary does not know, of two to four words, whose shape says no
    other kind ("Kasba Upazila" is a place): beside a title, a person's whatever label the model gave it."""
    words = (mention.canonical_name or "").split()
    return mention.method == "model" and not mention.is_known and mention.kind_basis != "cue" and 2 <= len(words) <= 4


# ----------------------------------------------------------------------------- resolution inside a document


def _compatible(mention: _Mention, kind: str, country: str | None, words: tuple[str, ...] = ()) -> bool:
    """A named actor of that kind (and country) that a description can refer to, not a group of people; when
    the description names its kind of body (`words`: "the court"), an organisation or government body whose
    name holds one of those words."""
    if (
        mention.canonical_name is None
        or mention.pending == "group"
        or (country is not None and mention.country != country)
    ):
        return False
    if mention.method == "government" or mention.canonical_name.startswith("Government of "):
        return False  # "the body", "the agency": a body of a state, not its government
    if words:
        name = set(normalise_name(mention.canonical_name).split())
        return mention.kind in ("ORG", "GOV") and bool(name.intersection(words))
    return mention.kind == kind


def _resolve_document(
    mentions: list[_Mention],
    statements: list[_Statement],
    document_focus: str | None,
    lex: Lexicon,
    settings: Settings,
) -> None:
    """Resolve descriptive, government, group, surname and role references in reading order, then settle the
    country of every actor the document names (`_settle_countries`)."""
    explicit = Counter(m.country for m in mentions if m.kind in ("COUNTRY", "GOV") and m.country and m.is_known)
    explicit.update(m.country_hint for m in mentions if m.pending == "government" and m.country_hint)
    default_focus = explicit.most_common(1)[0][0] if explicit else None
    focus: str | None = None
    seen: list[_Mention] = []
    groups: list[_Mention] = []
    # the armed groups the document names with a group word ("FARC guerrillas"), by the word's class
    armed_groups: dict[str, dict[str, _Mention]] = {}
    for mention in mentions:
        organisation = mention.organisation
        if mention.pending == "group" and mention.group_scope == "named" and organisation is not None:
            armed = armed_groups.setdefault(mention.group_class or "", {})
            armed.setdefault(organisation.canonical_name or "", organisation)
    for position, mention in enumerate(mentions):
        if mention.pending == "government":
            code = mention.country_hint or focus or default_focus or document_focus
            if code is not None:
                mention.canonical_name = lex.government_of(code)
                mention.country, mention.is_known = code, True
        elif mention.pending == "group":
            _resolve_group(mention, seen, groups, armed_groups, document_focus, lex)
        elif mention.pending == "institution":
            code = mention.country_hint or document_focus
            if code is not None:
                mention.canonical_name = lex.body_of(mention.canonical_name or "", code)
                mention.country, mention.country_basis = code, "text" if mention.country_hint else "context"
                mention.is_known = True
            else:
                mention.canonical_name = None
        elif mention.pending == "anaphor":
            _resolve_anaphor(mention, position, mentions, seen, document_focus, lex, settings)
        elif mention.pending == "surname":
            _resolve_surname(mention, mentions, lex)
        if mention.canonical_name is not None and mention.pending != "role":
            seen.append(mention)
            if mention.kind in ("COUNTRY", "GOV") and mention.country and mention.is_known:
                focus = mention.country
    named: dict[str, _Mention] = {}
    for mention in mentions:
        if mention.pending == "role":
            _resolve_role(mention, statements, named, document_focus, lex)
    _settle_countries(mentions, statements, document_focus, lex)


def _bracketed_names(sentence: _Sentence, lex: Lexicon) -> None:
    """A name and its acronym in brackets, either way round ("Movement for Rural Justice (MRJ)", "MLC
    (Movement for the Liberation of Congo)"): the words that spell the acronym are a name even where the
    model found none (the acronym joins it, `_join_short_names`); a country's name is no organisation's."""
    tokens = sentence.tokens
    for i in range(1, len(tokens) - 2):
        if tokens[i].text != "(":
            continue
        close = next((j for j in range(i + 1, min(len(tokens), i + 12)) if tokens[j].text == ")"), None)
        if close is None:
            continue
        if close == i + 2 and is_acronym(tokens[i + 1].text):  # Words (ACR): the words before, as far as they spell it
            acronym, start, end = tokens[i + 1].text, i, i
            while start > 0 and (tokens[start - 1].text[:1].isupper() or tokens[start - 1].lower_ in _NAME_LINKS):
                start -= 1
                if _initials(sentence.span_text(start, end)) == sorted(acronym) and tokens[start].text[:1].isupper():
                    break
        elif is_acronym(tokens[i - 1].text):  # ACR (Words)
            acronym, start, end = tokens[i - 1].text, i + 1, close
        else:
            continue
        name = sentence.span_text(start, end) if start < end else ""
        if name.lower() in lex.title_role:
            continue  # "Chief Operating Officer (COO)": a title and its abbreviation, for the title matcher
        if name in lex.country_term:
            continue  # "Democratic Republic of Congo (DRC)": a country, for the country matcher
        if len(acronym) > 1 and sentence.free(start, end) and _initials(name) == sorted(acronym):
            mention = sentence.mention(start, end, "model", 0.6, canonical_name=name, kind="ORG")
            mention.name_key = _name_key(name, lex)
            sentence.add(mention)


def _initials(name: str) -> list[str]:
    """The capitals that start a name's words, sorted: what an acronym of it spells in any order ("RCD" of
    "Congolese Rally for Democracy")."""
    return sorted(word[0] for word in name.split() if word[:1].isupper())


def _without_capitalised_words(sentences: list[_Sentence]) -> list[_Mention]:
    """The document's mentions in reading order, without the one-word names the model found in a word that
    opens its sentence, is tagged as a common noun or verb, and that the document writes in lower case
    elsewhere ("Time was running out ..." where "time" recurs): a capital of the sentence, not of a name."""
    lower = {t.text for s in sentences for t in s.tokens if t.is_lower}
    return [
        m
        for s in sentences
        for m in s.mentions
        if not (
            m.method == "model"
            and m.start == 0
            and m.end == 1
            and s.tokens[0].pos_ in ("NOUN", "VERB")
            and s.tokens[0].lower_ in lower
        )
    ]


def _settle_kinds(mentions: list[_Mention]) -> None:
    """One kind per name the model found in a document: where the text states the kind of any of its
    mentions (`kind_basis`), every mention of that name takes the kind most often stated ("the Electron
    rocket" ... "Electron's nosecone"), a one-word name the model took for a surname too ("Northwind
    unveiled the Quillpad ... the Quillpad's price"); a title beside a name outweighs the other bases ("X,
    head of the agency" is a person). Where nothing states it, a name the model calls a place anywhere in
    the document is that place wherever it took it for a person or an organisation ("Marjah")."""
    stated: dict[str, Counter[tuple[int, str]]] = {}
    for mention in mentions:
        if mention.method != "model" or not mention.name_key or not mention.kind:
            continue
        rank = {"title": 2, None: 0}.get(mention.kind_basis, 1)
        if rank or mention.kind == "PLACE":
            stated.setdefault(mention.name_key, Counter())[(rank, mention.kind)] += 1
    for mention in mentions:
        if mention.method == "model":
            votes = stated.get(mention.name_key or "")
        elif mention.pending == "surname" and mention.surname:
            votes = stated.get(normalise_name(mention.surname))
        else:
            continue
        if not votes:
            continue
        rank, kind = max(votes, key=lambda vote: (vote[0], votes[vote], vote[1]))
        if mention.pending == "surname" and kind != "PERSON":
            mention.pending, mention.method, mention.canonical_name = None, "model", mention.surname
            mention.name_key = normalise_name(mention.surname or "")
        mention.kind = kind
        if rank:
            mention.kind_basis = mention.kind_basis or ("title" if rank == 2 else "cue")


def _join_short_names(mentions: list[_Mention], lex: Lexicon, settings: Settings) -> None:
    """Shorter forms of a name the document gives in full are that actor, whatever label the model gave
    them: the end of a person's name ("Mr Kokori", "De Moraes", "Wamba dia Wamba", misspelt or not:
    rapidfuzz ratio >= fuzzy_name_cutoff), the start of an organisation's ("Ennahda" for "Ennahda
    Islamist Party", "Getty" for "Getty Oil") and the last word of one organisation's ("Lions" for "Coffs
    United Lions"). Honorifics are no part of a name."""
    named = [m for m in mentions if not m.is_known and m.pending is None and m.canonical_name is not None]
    people = {_name_words(m.canonical_name or "", lex): m for m in named if m.kind == "PERSON"}
    organisations = {_name_words(m.canonical_name or "", lex): m for m in named if m.kind == "ORG"}
    people = {words: m for words, m in people.items() if len(words) > 1}
    for mention in mentions:
        if mention.is_known or mention.pending not in (None, "surname") or mention.kind not in _SHORT_NAME_KINDS:
            continue
        words = _name_words(mention.canonical_name or mention.surname or "", lex)
        if not words:
            continue
        text = " ".join(words)
        full = next(
            (
                person
                for person_words, person in people.items()
                if (len(person_words) > len(words) or (person_words == words and mention.kind != "PERSON"))
                and (
                    person_words[-len(words) :] == words
                    or (
                        len(words) > 1
                        and fuzz.ratio(" ".join(person_words[-len(words) :]), text) >= settings.fuzzy_name_cutoff
                    )
                )
            ),
            None,
        )
        if full is None:
            full = next(
                (
                    o
                    for o_words, o in organisations.items()
                    if len(o_words) > len(words) and o_words[: len(words)] == words
                ),
                None,
            )
        if full is None and len(words) == 1 and ("head", words[0]) not in lex.name_cues:
            # the last word of one organisation's name ("Lions" of "Coffs United Lions", "Goa" of "FC Goa"), not a
            # word that ends the names of many ("Party", "Union")
            ending = [o for o_words, o in organisations.items() if len(o_words) > 1 and o_words[-1] == words[0]]
            full = ending[0] if len(ending) == 1 else None
        if full is None and is_acronym(mention.canonical_name or "") and len(mention.canonical_name or "") > 1:
            # an acronym of a name the document gives ("NLC", "RCD" of "Congolese Rally for Democracy")
            spelt = sorted(mention.canonical_name or "")
            full = next((o for o in organisations.values() if _initials(o.canonical_name or "") == spelt), None)
        if full is not None and full is not mention:
            mention.canonical_name, mention.kind, mention.name_key = full.canonical_name, full.kind, full.name_key
            mention.country, mention.pending = full.country, None


def _name_words(name: str, lex: Lexicon) -> tuple[str, ...]:
    """A name's words, lower case, without honorifics ("Mr. De Moraes" -> de, moraes)."""
    words = [w for w in name.split() if w not in lex.honorifics and f"{w}." not in lex.honorifics]
    return tuple(normalise_name(" ".join(words)).split())


def _name_in_force(mentions: list[_Mention], published: str | None, lex: Lexicon) -> None:
    """Each dictionary mention takes the name its actor bore on the document's date (Facebook in 2016, Meta
    Platforms in 2022): a later name is never put on an earlier event, nor an earlier one on a later
    event. An undated document is at least as late as the latest renaming whose new name it uses."""
    date = published
    if date is None:
        renamed = [
            lex.actors[m.actor_index].valid_from
            for m in mentions
            if m.actor_index is not None and lex.actors[m.actor_index].predecessor is not None
        ]
        date = max(renamed) if renamed else None
    for mention in mentions:
        if mention.actor_index is None:
            continue
        actor = lex.actors[lex.in_force(mention.actor_index, date)]
        mention.canonical_name, mention.kind, mention.country = actor.canonical_name, actor.kind, actor.country


def _focus(sentences: list[_Sentence], mentions: list[_Mention], gazetteer: Gazetteer | None) -> str | None:
    """The country the document is about: the one its words name most often (country names, demonyms, also
    inside other names; capitals and provinces), counting the first one named once more (a story opens
    where it happens), the first named of equals. A document that names no country, capital or province
    (a local story: "FBI agents searched a house in Dayton") is about the country of the known government
    bodies it names most (not of companies or news agencies, named in stories from anywhere), else of the
    cities it names (`_city_country`)."""
    codes = (
        [code for sentence in sentences for code in sentence.country_codes]
        or [m.country for m in mentions if m.is_known and m.kind == "GOV" and m.country]
        or [code for m in mentions if m.kind == "PLACE" for code in [_city_country(m, gazetteer)] if code]
    )
    counts = Counter(codes)
    if not counts:
        return None
    counts[codes[0]] += 1
    return counts.most_common(1)[0][0]


def _city_country(mention: _Mention, gazetteer: Gazetteer | None) -> str | None:
    """The country of the city a place name names when one country holds it, or one city of that name
    outnumbers all others of other countries _CITY_POPULATION_RATIO times ("Brisbane", "San Francisco";
    not "Richmond")."""
    if gazetteer is None or mention.canonical_name is None:
        return None
    cities = sorted(
        (p for p in gazetteer.lookup(place_key(mention.canonical_name)) if p.feature_class == "city" and p.country),
        key=lambda p: -p.population,
    )
    if not cities:
        return None
    others = [p.population for p in cities if p.country != cities[0].country]
    return cities[0].country if not others or cities[0].population >= _CITY_POPULATION_RATIO * others[0] else None


def _settle_countries(
    mentions: list[_Mention], statements: list[_Statement], document_focus: str | None, lex: Lexicon
) -> None:
    """One country per actor of the document, the same on each of its mentions, with its basis.

    A known actor keeps the dictionary's country (`known`). An actor the dictionary does not know takes the
    country the text states on any of its mentions (`text`): a demonym or `X-based` place in a description
    of it, a demonym in its name, the country of a title it holds ("Zambian President") or of the
    organisation it holds a role at. Without one, an organisation, person or government body takes the
    country the document is about (`context`, COUNTRY_BASES), unless it is an organisation a word before its
    last makes an international body ("African Union", "World Bank"; not "Marriott International":
    name_cues.csv) or holds a role at a known actor of no country or such a body (an international body's
    spokesman or envoy belongs to no country).
    """
    members: dict[tuple[str, str | None], list[_Mention]] = {}
    for mention in mentions:
        if mention.canonical_name is not None:
            members.setdefault((mention.canonical_name, mention.kind), []).append(mention)
    stated: dict[tuple[str, str | None], Counter[str]] = {}
    international: set[tuple[str, str | None]] = set()
    for key, group in members.items():
        if key[1] == "ORG" and lex.international_words.intersection(normalise_name(key[0]).split()[:-1]):
            international.add(key)
        stated[key] = Counter(m.country for m in group if m.country and not m.is_known)
        stated[key].update(m.country_hint for m in group if m.kind == "PERSON" and m.country_hint)
    for statement in statements:
        person = statement.person
        if person.canonical_name is None:
            continue
        key = (person.canonical_name, person.kind)
        organisation = statement.organisation
        cue = statement.country
        if cue is None and organisation is not None and organisation.canonical_name is not None:
            cue = organisation.country
            if cue is None and (
                organisation.is_known or (organisation.canonical_name, organisation.kind) in international
            ):
                international.add(key)
        if cue is not None:
            stated.setdefault(key, Counter())[cue] += 1
    for key, group in members.items():
        known = next((m for m in group if m.is_known), None)
        if known is not None:
            country, basis = known.country, known.country_basis or ("known" if known.country else None)
        elif stated.get(key):
            country, basis = stated[key].most_common(1)[0][0], "text"
        elif key[1] in _CONTEXT_KINDS and document_focus is not None and key not in international:
            country, basis = document_focus, "context"
        else:
            country, basis = None, None
        for mention in group:
            mention.country, mention.country_basis = country, basis
    # a group of an organisation ("the Bank's board") and an office at one whose holder the document does not
    # name take the organisation's country, which is settled only now
    for mention in mentions:
        organisation = mention.organisation
        if organisation is None or organisation.country is None or mention.country is not None:
            continue
        if (mention.pending == "group" and mention.canonical_name != organisation.canonical_name) or (
            mention.pending == "role" and mention.canonical_name is None
        ):
            mention.country, mention.country_basis = organisation.country, organisation.country_basis


def _resolve_group(
    mention: _Mention,
    seen: list[_Mention],
    groups: list[_Mention],
    armed_groups: dict[str, dict[str, _Mention]],
    document_focus: str | None,
    lex: Lexicon,
) -> None:
    """A group's actor, by its scope (descriptors.csv country_scope; dictionaries.DESCRIPTOR_SCOPES).

    An armed group word resolves to the one armed group the document names with such a word ("FARC
    guerrillas" ... "the rebels"). A group of an organisation ("its shareholders", "the Disney board", "the
    board") is "<organisation> <group>". Any other is "<Demonym> <group>" of the country its phrase names,
    else (by scope) of the country the document is about, else the group in general. A group word with
    no narrowing noun joins the latest group of its class and country in the document ("opposition
    protesters" ... "the protesters" ... "activists"). A group of this story (`is_specific`) with no country
    is an actor of this document only (`is_local`); any other group of no country is the class in general."""
    scope, group_class = mention.group_scope, mention.group_class or mention.canonical_name or ""
    organisation = mention.organisation
    named = armed_groups.get(group_class, {})
    if scope == "named" and (organisation is not None or len(named) == 1):
        actor = organisation if organisation is not None else next(iter(named.values()))
        if actor.canonical_name is not None:
            _take_actor(mention, actor)
            return
    if scope in ("organisation", "member") and organisation is None and mention.is_pronoun_owned:
        organisation = next((m for m in reversed(seen) if _is_organisation(m)), None)
    if scope == "organisation" and organisation is None:
        organisation = next((m for m in reversed(seen) if _is_organisation(m)), None)
    if scope in ("organisation", "member") and organisation is not None and organisation.canonical_name is not None:
        mention.canonical_name = f"{organisation.canonical_name} {_group_name(mention)}"
        mention.organisation = organisation  # whose country it takes once settled (_settle_countries)
        mention.country, mention.country_basis = organisation.country, "text" if organisation.country else None
        mention.is_known = True
        groups.append(mention)
        return
    code = mention.country_hint
    if code is None and (
        scope in ("focus", "named", "member") or (scope in ("specific", "explicit") and mention.is_specific)
    ):
        code = document_focus
    mention.is_known = True
    if mention.group_words is None:
        earlier = next((g for g in reversed(groups) if g.group_class == group_class and g.country == code), None)
        if earlier is not None:
            mention.canonical_name, mention.country, mention.country_basis = (
                earlier.canonical_name,
                earlier.country,
                earlier.country_basis,
            )
            mention.is_local = earlier.is_local
            groups.append(mention)
            return
    if code is not None:
        demonym = lex.demonym_of.get(code, lex.country_name.get(code, code))
        mention.canonical_name = f"{demonym} {_group_name(mention)}"
        mention.country, mention.country_basis = code, "text" if mention.country_hint else "context"
    else:
        # "Police fired tear gas", "the protesters": this story's group, known only in this document; "assist law
        # enforcement agencies", "if authorities had a court order": the class in general, one actor everywhere
        mention.canonical_name = _group_name(mention)
        mention.is_local = mention.is_specific
    groups.append(mention)


def _group_name(mention: _Mention) -> str:
    """ "oil workers", "opposition protesters": the group's class after the nouns that narrow it."""
    group_class = mention.group_class or ""
    return f"{mention.group_words} {group_class}" if mention.group_words else group_class


def _is_organisation(mention: _Mention) -> bool:
    """An organisation a group can belong to: a named company or body, not a group of people itself."""
    return mention.kind == "ORG" and mention.pending != "group" and mention.canonical_name is not None


def _take_actor(mention: _Mention, actor: _Mention) -> None:
    """The mention names the same actor as `actor` (a named actor: no longer a group of its own)."""
    mention.group_class = None
    mention.canonical_name, mention.kind, mention.is_known = actor.canonical_name, actor.kind, actor.is_known
    mention.country, mention.country_basis, mention.name_key = actor.country, actor.country_basis, actor.name_key
    mention.actor_index = actor.actor_index


def _resolve_anaphor(
    mention: _Mention,
    position: int,
    mentions: list[_Mention],
    seen: list[_Mention],
    document_focus: str | None,
    lex: Lexicon,
    settings: Settings,
) -> None:
    """A description's actor: the name set beside it; else the most salient compatible actor named before it
    (`_most_salient`)
    (for an organisation, the first after it when none was: "The Canadian firm ... BlackBerry"). A country
    word takes the country last named (its government when it acts); "the capital" the capital of the
    country the document is about. Compatible: same kind (an organisation or government body when the
    description names its kind of body, "the court", whose name must say so), the stated country, never
    a group of people. With none, the description stays unresolved."""
    kind, hint = mention.head_kind or "ORG", mention.country_hint
    if kind == "PLACE":
        capital = lex.capital_of.get(document_focus or "")
        if capital is not None:
            mention.canonical_name, mention.kind, mention.country = capital, "PLACE", document_focus
            mention.is_known = True
        return
    if kind == "COUNTRY":
        _resolve_country_reference(mention, seen, document_focus, lex)
        return
    target: _Mention | None = None
    same_sentence = [m for m in mentions if m.sentence_id == mention.sentence_id and m is not mention]
    if mention.is_appositive:
        target = next((m for m in same_sentence if m.start == mention.beside), None)
    elif mention.is_apposed:
        target = next((m for m in same_sentence if m.end == mention.beside), None)
    if target is None and (mention.is_appositive or mention.is_apposed) and not mention.is_definite:
        return  # "a watchdog group" beside no name found: an indefinite description refers to no one named before
    if target is None and mention.head_name is not None:
        # "the Commission" where the EU is named: the dictionary's body of that name under a named parent
        body = lex.body_named(mention.head_name, {m.canonical_name for m in mentions if m.canonical_name})
        if body is not None:
            actor = lex.actors[body]
            mention.canonical_name, mention.kind, mention.country = actor.canonical_name, actor.kind, actor.country
            mention.is_known, mention.actor_index = True, body
            return
    if target is None:
        words = mention.head_words
        window = settings.salience_sentences
        target = _most_salient(mention, [m for m in seen if _compatible(m, kind, hint, words)], window)
        if target is None and hint is not None:
            unstated = [m for m in seen if _compatible(m, kind, None, words) and m.country is None]
            target = _most_salient(mention, unstated, window)
        if target is None and kind in ("ORG", "GOV"):  # "The Canadian firm ... BlackBerry": the first after it
            target = next((m for m in mentions[position + 1 :] if _compatible(m, kind, hint, words)), None)
    if target is None or target.canonical_name is None:
        return
    mention.canonical_name, mention.kind, mention.is_known = target.canonical_name, target.kind, target.is_known
    mention.country = target.country or hint
    mention.name_key, mention.actor_index = target.name_key, target.actor_index


def _most_salient(mention: _Mention, candidates: list[_Mention], window: int) -> _Mention | None:
    """Of the compatible actors named before a description (in reading order), the most salient: of those
    named in its sentence or the `window` sentences before it, the one the document has named most often
    so far (the latest of equals); else the latest named."""
    if not candidates:
        return None
    recent = [m for m in candidates if mention.seq - m.seq <= window]
    if not recent:
        return candidates[-1]
    counts = Counter(m.canonical_name for m in candidates)
    best = max(range(len(recent)), key=lambda k: (counts[recent[k].canonical_name], k))
    return recent[best]


def _resolve_country_reference(
    mention: _Mention, seen: list[_Mention], document_focus: str | None, lex: Lexicon
) -> None:
    """ "the country", "this nation", "the Himalayan kingdom": the country last named (a country, or a
    government of one), else the document's country; as a country, or as its government when it acts."""
    named = [
        m.country
        for m in reversed(seen)
        if m.country
        and (m.kind == "COUNTRY" or (m.kind == "GOV" and (m.canonical_name or "").startswith("Government of ")))
    ]
    # not the country of a demonym in the words: "the small ex-Soviet republic" is no longer Soviet
    code = named[0] if named else document_focus
    if code is None:
        return
    if mention.acts:
        mention.canonical_name, mention.kind, mention.method = lex.government_of(code), "GOV", "government"
    else:
        mention.canonical_name, mention.kind = lex.country_name.get(code, code), "COUNTRY"
    mention.country, mention.is_known = code, True


def _resolve_surname(mention: _Mention, mentions: list[_Mention], lex: Lexicon) -> None:
    surname = (mention.surname or "").lower()
    person = next(
        (
            m
            for m in mentions
            if m.kind == "PERSON"
            and m.canonical_name
            and m.pending is None
            and len(m.canonical_name.split()) > 1
            and m.canonical_name.split()[-1].lower() == surname
        ),
        None,
    )
    if person is not None:
        mention.canonical_name, mention.country = person.canonical_name, person.country
        mention.is_known, mention.name_key = person.is_known, person.name_key
    elif len(lex.persons_by_surname.get(surname, [])) == 1:
        actor = lex.actors[lex.persons_by_surname[surname][0]]
        mention.canonical_name, mention.country, mention.is_known = actor.canonical_name, actor.country, True
    else:
        mention.canonical_name, mention.name_key = mention.surname, surname


def _resolve_role(
    mention: _Mention,
    statements: list[_Statement],
    named: dict[str, _Mention],
    focus: str | None,
    lex: Lexicon,
) -> None:
    """A title's holder: the person it is attached to; else the person the document says holds that role (at
    that organisation; a generic head, "the UN chief", any role there), the latest before it, else the
    first after it. Else the office itself when it has no organisation, named after its country ("British
    ambassador") or, with none, its role ("minister"): an actor of this document only (`is_local`: another
    article's minister is another person), the same for every later mention of that role (`named`); with an
    organisation the cross-document step looks for the holder (pipeline/entities.py)."""
    holder = mention.holder
    organisation = mention.organisation.canonical_name if mention.organisation else None
    if holder is None:
        if mention.role == _HEAD_ROLE and organisation is not None:
            same = [s for s in statements if _organisation_name(s) == organisation]
        else:
            same = [s for s in statements if s.role == mention.role]
        matching = [s for s in same if organisation is None or _organisation_name(s) in (None, organisation)]
        before = [s for s in matching if s.char_start <= mention.char_start]
        chosen = (before or matching)[-1] if (before or matching) else None
        holder = chosen.person if chosen else None
    if holder is not None and holder.canonical_name is not None:
        mention.canonical_name, mention.country = holder.canonical_name, holder.country
        mention.is_known, mention.name_key = holder.is_known, holder.name_key
        mention.method = "role"
        return
    if organisation is not None or mention.role is None:
        return
    earlier = named.get(mention.role)
    code = mention.country_hint or (earlier.country if earlier is not None else focus)
    if earlier is not None and (mention.country_hint is None or mention.country_hint == earlier.country):
        mention.canonical_name, mention.country = earlier.canonical_name, earlier.country
    elif code is not None:
        mention.canonical_name = f"{lex.demonym_of.get(code, lex.country_name.get(code, code))} {mention.role}"
        mention.country = code
    else:
        mention.canonical_name = mention.role
    mention.name_key, mention.is_local = normalise_name(mention.canonical_name or ""), True
    named.setdefault(mention.role, mention)


def _organisation_name(statement: _Statement) -> str | None:
    return statement.organisation.canonical_name if statement.organisation else None


# ----------------------------------------------------------------------------- the stage


def document_mentions(
    sentences: pd.DataFrame,
    parses: list[SentenceDoc],
    documents: pd.DataFrame,
    actors: pd.DataFrame,
    demonyms: pd.DataFrame,
    descriptors: pd.DataFrame,
    titles: pd.DataFrame,
    seats: pd.DataFrame,
    name_cues: pd.DataFrame,
    nlp: Language,
    settings: Settings,
    gazetteer: Gazetteer | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor mentions of each document, resolved inside the document, and the role statements it makes.

    Grain: `document_mentions` one row per mention (clean_text[char_start:char_end] == surface), with the
    resolved canonical_name, kind, country and country_basis (schemas.entities.COUNTRY_BASES), whether it
    is a group of people (`is_group`: only plural pronouns stand for it) (null canonical_name: a role
    reference whose holder this document does not name; `role`/`role_organisation` let the
    cross-document step find it); `document_roles` one row per person-role-organisation statement.
    Inputs: the sentences stage (sentences, tokens), documents (publication_date: which of an actor's
    names is in force), the dictionaries' loaders (actors, demonyms, descriptors, titles, seats,
    name_cues) and the gazetteer (the country of a story that names only its cities; none: not looked up)
    """
    lex = lexicon_for(nlp, actors, demonyms, descriptors, titles, seats, name_cues)
    published = {
        str(doc_id): date if isinstance(date, str) else None
        for doc_id, date in zip(documents["doc_id"], documents["publication_date"], strict=True)
    }
    headline = dict(zip(sentences["sentence_id"], sentences["is_headline"], strict=True))
    seq_of = dict(zip(sentences["sentence_id"], sentences["seq"], strict=True))
    mention_rows: list[dict[str, Any]] = []
    role_rows: list[dict[str, Any]] = []
    by_document: dict[str, list[_Sentence]] = {}
    for parsed in parses:
        sentence = _Sentence(
            parsed.sentence_id,
            int(seq_of.get(parsed.sentence_id, 0)),
            parsed.char_start,
            parsed.doc,
            bool(headline.get(parsed.sentence_id, False)),
            parsed.text,
        )
        by_document.setdefault(parsed.doc_id, []).append(sentence)
    for doc_id, doc_sentences in by_document.items():
        statements: list[_Statement] = []
        ordered = sorted(doc_sentences, key=lambda s: s.seq)
        for sentence in ordered:
            _actor_matches(sentence, lex, settings)
            _ticker_matches(sentence, lex, settings)
            _bracketed_names(sentence, lex)
            _title_matches(sentence, lex)
            _seat_matches(sentence, lex, published.get(doc_id))
            _government_matches(sentence, lex, settings)
            _institution_matches(sentence, lex)
            _group_matches(sentence, lex)
            _anaphor_matches(sentence, lex, settings)
            _name_matches(sentence, lex, settings)
            _country_matches(sentence, lex)
        surnames = _document_surnames(ordered, lex)
        name_starts = _document_name_starts(ordered, lex)
        for sentence in ordered:
            _surname_matches(sentence, lex, surnames, settings)
            _name_start_matches(sentence, name_starts)
            _cued_name_matches(sentence, lex, settings)
            _person_countries(sentence, lex)
            sentence.mentions.sort(key=lambda m: m.start)
            statements.extend(_role_statements(sentence, lex))
        mentions = _without_capitalised_words(ordered)
        _settle_kinds(mentions)
        _name_in_force(mentions, published.get(doc_id), lex)
        _join_short_names(mentions, lex, settings)
        _resolve_document(mentions, statements, _focus(ordered, mentions, gazetteer), lex, settings)
        text_of = {s.sentence_id: (s.offset, s.text) for s in doc_sentences}
        for m in mentions:
            if m.canonical_name is None and m.pending != "role":
                continue  # a government reference with no country anywhere in the document: nobody to name
            offset, text = text_of[m.sentence_id]
            mention_rows.append(
                {
                    "doc_id": doc_id,
                    "sentence_id": m.sentence_id,
                    "char_start": m.char_start,
                    "char_end": m.char_end,
                    "surface": text[m.char_start - offset : m.char_end - offset],
                    "method": m.method,
                    "score": m.score,
                    "canonical_name": m.canonical_name,
                    "kind": m.kind,
                    "country": m.country,
                    "country_basis": m.country_basis,
                    "is_known": m.is_known,
                    "is_group": m.pending == "group" and m.group_class is not None,
                    "is_kind_stated": m.kind_basis is not None or m.is_known,
                    "is_local": m.is_local,
                    "name_key": m.name_key or (normalise_name(m.canonical_name) if m.canonical_name else None),
                    "role": m.role if m.canonical_name is None else None,
                    "role_organisation": (
                        m.organisation.canonical_name if m.canonical_name is None and m.organisation else None
                    ),
                }
            )
        for statement in statements:
            offset, text = text_of[statement.sentence_id]
            organisation = statement.organisation
            role_rows.append(
                {
                    "doc_id": doc_id,
                    "sentence_id": statement.sentence_id,
                    "person_name": statement.person.canonical_name,
                    "role": statement.role,
                    "organisation_name": organisation.canonical_name if organisation else None,
                    "organisation_kind": organisation.kind if organisation else None,
                    "surface": text[statement.char_start - offset : statement.char_end - offset],
                }
            )
    return (
        pd.DataFrame(mention_rows, columns=DOCUMENT_MENTION_COLUMNS),
        pd.DataFrame(role_rows, columns=DOCUMENT_ROLE_COLUMNS),
    )


def mention_id(doc_id: str, char_start: int, char_end: int) -> str:
    """Deterministic: the document and the mention's offsets in its clean text."""
    digest = hashlib.sha256(f"{doc_id}:{char_start}:{char_end}".encode()).hexdigest()[:8]
    return f"{doc_id}-{char_start:06d}-{digest}"
