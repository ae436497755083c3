"""The actor lexicon: every dictionary the mentions stage matches against, indexed once per process.

Built from the data files (actors, demonyms, descriptors, titles, seats, name cues), pycountry's countries and
subdivisions, and spaCy PhraseMatchers over the model's tokenizer: exact aliases (acronyms case-
sensitively), tickers, the names fuzzy matching compares against, country names and demonyms,
capitals and seats of government, descriptor heads, group actors, institutions and job titles; and the
dictionary's renamings (which name of an actor is in force on a date) and parents.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd
import pycountry
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher

_NON_WORD = re.compile(r"[^\w]+")
# Country names that take "the": those holding a common noun, and plurals ("the Netherlands").
_ARTICLE_WORDS = {"United", "Union", "Republic", "Kingdom", "Emirates", "States", "Islands", "Federation", "Territory"}
_PLURAL_NAMES = {"Netherlands", "Philippines", "Bahamas", "Maldives", "Comoros", "Seychelles", "Gambia"}


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Lower case, straight quotes, no punctuation, single spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Actor:
    canonical_name: str
    kind: str
    country: str | None
    valid_from: str = ""  # when the canonical name is in force ("" open): dictionaries.actors
    valid_until: str = ""
    successor: int | None = None  # index of the actor's next name, in force after valid_until
    predecessor: int | None = None  # index of the actor's previous name
    parent: int | None = None  # index of the organisation that owns it


@dataclass(frozen=True)
class Seat:
    """A capital or seat of government: the government (or actor) its name stands for, and when."""

    name: str  # the term as the table writes it (its place's name)
    country: str
    actor: str  # canonical name it stands for when not `country`'s government ("" for the government)
    valid_from: str
    valid_until: str


@dataclass
class Lexicon:
    """Every dictionary, indexed for matching: built once per call from the data files."""

    actors: list[Actor]
    actor_index: dict[str, int]  # canonical name -> its row
    ticker_actor: dict[str, int]
    fuzzy_names: list[str]
    fuzzy_actor: list[int]
    country_term: dict[str, tuple[str, bool]]  # exact term -> (alpha3, is_demonym)
    country_name: dict[str, str]
    demonym_of: dict[str, str]
    subdivision_country: dict[str, str]
    anaphor_heads: dict[str, str]  # lower-case head noun -> kind
    anaphor_words: dict[str, tuple[str, ...]]  # lower-case head noun -> words its antecedent's name must hold
    capital_of: dict[str, str]  # alpha-3 -> the name of its capital today
    government_heads: set[str]
    groups: dict[str, tuple[str, str, str, str]]  # lower-case term -> (kind, canonical, form, scope)
    institutions: dict[str, tuple[str, str, str]]  # lower-case term -> (kind, name, form)
    suffixes: set[str]
    act_nouns: set[str]  # a country owning one of these acts ("Pakistan's demand") is its government acting
    relation_nouns: set[str]  # a capital after one of these ("ambassador to Tehran") is its government
    expulsion_nouns: set[str]  # a capital after their "from" ("the expulsion of X from London") expels
    title_role: dict[str, str]  # lower-case title -> normalised role
    honorifics: set[str]
    persons_by_surname: dict[str, list[int]]
    seats: dict[str, list[Seat]]  # lower-case term -> its rows in the table's order (kept by hand first)
    name_cues: dict[tuple[str, str], tuple[str, bool]]  # (position, lower-case term) -> (kind, overrides PERSON)
    international_words: set[str]  # words making an organisation's name an international body's (name_cues.csv)
    actor_matcher: PhraseMatcher
    acronym_matcher: PhraseMatcher
    title_matcher: PhraseMatcher
    group_matcher: PhraseMatcher
    institution_matcher: PhraseMatcher
    country_matcher: PhraseMatcher
    seat_matcher: PhraseMatcher
    # closest_actor(name, cutoff), remembered per name: the same names recur from article to article
    closest_actor: Callable[[str, float], tuple[int, float] | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.closest_actor = functools.lru_cache(maxsize=65536)(self._closest_actor)

    def government_of(self, code: str) -> str:
        """ "Government of India", "Government of the United States": a country's government by its name."""
        return self.body_of("Government", code)

    def body_of(self, body: str, code: str) -> str:
        """ "Supreme Court of Nepal", "Parliament of the United Kingdom": a state's body by the country's name,
        with the article English gives names of a common noun or a plural."""
        name = self.country_name.get(code, code)
        article = "the " if set(name.split()) & _ARTICLE_WORDS or name in _PLURAL_NAMES else ""
        return f"{body} of {article}{name}"

    def body_named(self, head: str, present: set[str]) -> int | None:
        """The one dictionary actor whose name ends with `head` ("Commission") and whose parent is among the
        `present` canonical names ("European Union"): what "the Commission" names where the EU is named."""
        found = [
            index
            for index, actor in enumerate(self.actors)
            if actor.parent is not None
            and actor.canonical_name.split()[-1].lower() == head.lower()
            and self.actors[actor.parent].canonical_name in present
        ]
        return found[0] if len(found) == 1 else None

    def in_force(self, index: int, date: str | None) -> int:
        """The actor's row whose name is in force on `date` (ISO, possibly only a year or a month): later
        names after a renaming, earlier ones before it; with no date, the row itself."""
        if date is None:
            return index
        actor = self.actors[index]
        seen = {index}
        while actor.valid_until and date[: len(actor.valid_until)] > actor.valid_until and actor.successor is not None:
            index = actor.successor
            actor = self.actors[index]
            if index in seen:
                break
            seen.add(index)
        while actor.valid_from and date < actor.valid_from[: len(date)] and actor.predecessor is not None:
            index = actor.predecessor
            actor = self.actors[index]
            if index in seen:
                break
            seen.add(index)
        return index

    def seat(self, term: str, date: str | None) -> Seat | None:
        """What a capital or seat stands for on `date`: the first of its rows (those kept by hand come first)
        in force then; with no date, the first with no end."""
        for row in self.seats.get(term.lower(), []):
            if date is None:
                if not row.valid_until:
                    return row
            elif (not row.valid_from or row.valid_from[: len(date)] <= date) and (
                not row.valid_until or date[: len(row.valid_until)] <= row.valid_until
            ):
                return row
        return None

    def _closest_actor(self, name: str, cutoff: float) -> tuple[int, float] | None:
        """The actor with the fuzzy name most like `name` (rapidfuzz token_sort_ratio, the first of equals),
        and that score (0-100), when it reaches `cutoff`."""
        found = process.extractOne(name, self.fuzzy_names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
        return None if found is None else (self.fuzzy_actor[found[2]], found[1])


# The lexicon of the last call, with the very objects it was built from: a process handling batch
# after batch with the same model and dictionaries builds it once (it is only read).
_built: list[tuple[tuple[object, ...], Lexicon]] = []


def lexicon_for(
    nlp: Language,
    actors: pd.DataFrame,
    demonyms: pd.DataFrame,
    descriptors: pd.DataFrame,
    titles: pd.DataFrame,
    seats: pd.DataFrame,
    name_cues: pd.DataFrame,
) -> Lexicon:
    """The lexicon of this model and these dictionaries (the last one built, when given the same objects)."""
    tables = _Tables(actors, demonyms, descriptors, titles, seats, name_cues)
    sources = (nlp, *tables)
    if not _built or any(built is not given for built, given in zip(_built[0][0], sources, strict=True)):
        _built[:] = [(sources, _lexicon(nlp, tables))]
    return _built[0][1]


class _Tables(NamedTuple):
    """The dictionaries a lexicon is built from (pipeline.dictionaries' loaders)."""

    actors: pd.DataFrame
    demonyms: pd.DataFrame
    descriptors: pd.DataFrame
    titles: pd.DataFrame
    seats: pd.DataFrame
    name_cues: pd.DataFrame


def forget_lexicon() -> None:
    """Forget the lexicon of the last call: its matchers hold the model it was built with."""
    _built.clear()


def ascii_folded(text: str) -> str:
    """The text without its accents: "Bogotá" -> "Bogota"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _lexicon(nlp: Language, tables: _Tables) -> Lexicon:
    actors, demonyms, descriptors, titles, seats, cues = tables
    vocab = nlp.vocab
    actor_matcher = PhraseMatcher(vocab, attr="LOWER")
    acronym_matcher = PhraseMatcher(vocab, attr="ORTH")
    actor_list: list[Actor] = []
    ticker_actor: dict[str, int] = {}
    fuzzy_names: list[str] = []
    fuzzy_actor: list[int] = []
    persons_by_surname: dict[str, list[int]] = {}
    records = actors.to_dict("records")
    index_of = {str(actor["canonical_name"]): index for index, actor in enumerate(records)}
    predecessor_of = {
        index_of[str(actor["successor"])]: index for index, actor in enumerate(records) if actor.get("successor")
    }
    for index, actor in enumerate(records):
        canonical_name, kind = str(actor["canonical_name"]), str(actor["kind"])
        actor_list.append(
            Actor(
                canonical_name,
                kind,
                str(actor["country"]) or None,
                str(actor.get("valid_from", "") or ""),
                str(actor.get("valid_until", "") or ""),
                index_of.get(str(actor.get("successor", "") or "")),
                predecessor_of.get(index),
                index_of.get(str(actor.get("parent", "") or "")),
            )
        )
        for name in [canonical_name, *actor["aliases"]]:
            matcher = acronym_matcher if is_acronym(name) else actor_matcher
            matcher.add(f"actor:{index}", [nlp.make_doc(name)])
            if not is_acronym(name):
                fuzzy_names.append(normalise_name(name))
                fuzzy_actor.append(index)
        for ticker in actor["tickers"]:
            ticker_actor[str(ticker).upper()] = index
        if kind == "PERSON":
            persons_by_surname.setdefault(canonical_name.split()[-1].lower(), []).append(index)

    country_term: dict[str, tuple[str, bool]] = {}
    country_name: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_3)
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in filter(None, names):
            country_term.setdefault(str(name), (code, False))
        country_name[code] = str(getattr(country, "common_name", None) or country.name)
    for entry in demonyms.to_dict("records"):
        code, term, term_kind = str(entry["alpha3"]), str(entry["term"]), str(entry["kind"])
        country_term[term] = (code, term_kind == "demonym")
        if term_kind == "name":
            country_name[code] = term
        elif term_kind == "demonym":
            demonym_of.setdefault(code, term)
    country_matcher = PhraseMatcher(vocab, attr="ORTH")
    for term, (code, _) in country_term.items():
        country_matcher.add(f"country:{code}", [nlp.make_doc(term)])

    subdivision_codes: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        alpha2 = str(subdivision.country_code)
        for name in {str(subdivision.name), ascii_folded(str(subdivision.name))}:  # "Morazán", "Morazan"
            subdivision_codes.setdefault(name, set()).add(alpha2)
    subdivision_country: dict[str, str] = {}
    for name, codes in subdivision_codes.items():
        found = pycountry.countries.get(alpha_2=next(iter(codes))) if len(codes) == 1 else None
        if found is not None:
            subdivision_country[name] = str(found.alpha_3)

    anaphor_heads: dict[str, str] = {}
    anaphor_words: dict[str, tuple[str, ...]] = {}
    government_heads: set[str] = set()
    groups: dict[str, tuple[str, str, str, str]] = {}
    suffixes: set[str] = set()
    act_nouns: set[str] = set()
    relation_nouns: set[str] = set()
    expulsion_nouns: set[str] = set()
    group_matcher = PhraseMatcher(vocab, attr="LOWER")
    institutions: dict[str, tuple[str, str, str]] = {}
    institution_matcher = PhraseMatcher(vocab, attr="LOWER")
    for row in descriptors.itertuples(index=False):
        term = str(row.term)
        if row.category == "anaphor":
            anaphor_heads[term.lower()] = str(row.kind)
            anaphor_words[term.lower()] = tuple(word for word in str(row.name_words).lower().split("|") if word)
        elif row.category == "government":
            government_heads.add(term.lower())
        elif row.category == "group":
            groups[term.lower()] = (str(row.kind), str(row.canonical_name), str(row.form), str(row.country_scope))
            group_matcher.add(f"group:{term.lower()}", [nlp.make_doc(term)])
        elif row.category == "act":
            act_nouns.add(term.lower())
        elif row.category == "relation":
            relation_nouns.add(term.lower())
        elif row.category == "expulsion":
            expulsion_nouns.add(term.lower())
        elif row.category == "institution":
            institutions[term.lower()] = (str(row.kind), str(row.canonical_name), str(row.form))
            institution_matcher.add(f"institution:{term.lower()}", [nlp.make_doc(term)])
        else:
            suffixes.add(term)

    seat_rows: dict[str, list[Seat]] = {}
    seat_matcher = PhraseMatcher(vocab, attr="LOWER")
    for entry in seats.to_dict("records"):
        term = str(entry["term"])
        name = seat_rows[term.lower()][0].name if term.lower() in seat_rows else term
        seat = Seat(
            name, str(entry["alpha3"]), str(entry["actor"]), str(entry["valid_from"]), str(entry["valid_until"])
        )
        if term.lower() not in seat_rows:
            seat_matcher.add(f"seat:{term.lower()}", [nlp.make_doc(term)])
        seat_rows.setdefault(term.lower(), []).append(seat)  # in the table's order: those kept by hand first
    # today's capital of each country: the generated rows (after those kept by hand) win, in plain letters
    capital_of: dict[str, str] = {}
    for entry in seats.to_dict("records"):
        code, name = str(entry["alpha3"]), seat_rows[str(entry["term"]).lower()][0].name
        current = capital_of.get(code)
        plain = current is None or ascii_folded(current) != current or ascii_folded(name) == name
        if entry["kind"] == "capital" and not entry["valid_until"] and code and plain:
            capital_of[code] = name

    title_matcher = PhraseMatcher(vocab, attr="LOWER")
    title_role: dict[str, str] = {}
    honorifics: set[str] = set()
    for row in titles.itertuples(index=False):
        title = str(row.title)
        if row.category == "honorific":
            honorifics.add(title)
            continue
        title_role[title.lower()] = str(row.role)
        matcher = acronym_matcher if is_acronym(title) else title_matcher
        matcher.add(f"title:{title.lower()}", [nlp.make_doc(title)])
    return Lexicon(
        actors=actor_list,
        actor_index=index_of,
        ticker_actor=ticker_actor,
        fuzzy_names=fuzzy_names,
        fuzzy_actor=fuzzy_actor,
        country_term=country_term,
        country_name=country_name,
        demonym_of=demonym_of,
        subdivision_country=subdivision_country,
        anaphor_heads=anaphor_heads,
        anaphor_words=anaphor_words,
        capital_of=capital_of,
        government_heads=government_heads,
        groups=groups,
        institutions=institutions,
        suffixes=suffixes,
        act_nouns=act_nouns,
        relation_nouns=relation_nouns,
        expulsion_nouns=expulsion_nouns,
        title_role=title_role,
        honorifics=honorifics,
        persons_by_surname=persons_by_surname,
        seats=seat_rows,
        name_cues={
            (str(row.position), str(row.term)): (str(row.kind), str(row.overrides_person) == "yes")
            for row in cues.itertuples(index=False)
        },
        international_words=set(cues.loc[cues["position"] == "international", "term"].astype(str)),
        actor_matcher=actor_matcher,
        acronym_matcher=acronym_matcher,
        title_matcher=title_matcher,
        group_matcher=group_matcher,
        institution_matcher=institution_matcher,
        country_matcher=country_matcher,
        seat_matcher=seat_matcher,
    )
