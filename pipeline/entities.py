"""Stage: document_mentions, document_roles, actors -> entities, mentions, roles.

Turns the names each document resolved (pipeline/mentions.py) into one entity table for the corpus:
dictionary actors, countries, governments, institutions and group actors are one entity per canonical
name and kind; names the dictionary does not know are clustered across documents by their normalised
name and rapidfuzz token_sort_ratio; a bare surname joins the one person of the corpus with that
surname; a role reference whose holder its document does not name ("BlackBerry's COO") takes the
person the other documents give that role at that organisation. An entity's country is the one of its
mentions' strongest basis (what the dictionary says, then what the text states, then the article's
country); a known actor carries the dictionary's period, successor and parent of its name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from pipeline.mentions import mention_id
from pipeline.settings import Settings

ENTITY_COLUMNS = [
    "entity_id",
    "canonical_name",
    "kind",
    "country",
    "country_basis",
    "valid_from",
    "valid_until",
    "successor",
    "parent",
    "aliases",
    "mention_count",
    "document_count",
]
# What the actor dictionary says of a known actor's name: when it is in force, its next name, its owner.
_DICTIONARY_COLUMNS = ("valid_from", "valid_until", "successor", "parent")
# Where an entity's country comes from, strongest first: the dictionary or the country itself, a statement
# of the text, the country the document is about (schemas.entities.COUNTRY_BASES).
_BASIS_RANK = {"known": 0, "text": 1, "context": 2}
MENTION_COLUMNS = [
    "mention_id",
    "doc_id",
    "sentence_id",
    "char_start",
    "char_end",
    "surface",
    "entity_id",
    "method",
    "score",
]
ROLE_COLUMNS = ["doc_id", "sentence_id", "person_entity_id", "role", "organisation_entity_id", "surface"]
# Kinds whose unknown names may be one entity whatever label the model gave each mention (it calls a
# company a PERSON now and then); places are clustered apart.
_NAME_FAMILY = {
    "ORG": "name",
    "PERSON": "name",
    "PRODUCT": "name",
    "GOV": "name",
    "PLACE": "place",
    "WORK": "work",
    "LAW": "law",
    "EVENT": "event",
}
# Entity keys of actors known only inside one document start so (`_clusters`).
_LOCAL = "local|"
# The type pandas gives a column of str cells (and missing ones).
_TEXT = pd.Series(["text"]).dtype


def entity_id(canonical_name: str, kind: str, scope: str = "") -> str:
    """Deterministic: kind, a slug of the canonical name and a short hash of both (`org-blackberry-3f9a1c`), and of
    the document an actor known only there belongs to (`scope`: "protesters" of one article)."""
    ascii_name = unicodedata.normalize("NFKD", canonical_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48]
    digest = hashlib.sha256(f"{kind}:{canonical_name}{f':{scope}' if scope else ''}".encode()).hexdigest()[:6]
    return f"{kind.lower()}-{slug}-{digest}" if slug else f"{kind.lower()}-{digest}"


def entities(
    document_mentions: pd.DataFrame, document_roles: pd.DataFrame, actors: pd.DataFrame, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The corpus's entities, and the mentions and role statements pointing at them.

    Grain: `entities` one row per actor (entity_id from canonical name and kind), with what the actor
    dictionary (`dictionaries.actors`) says of a known actor's name (valid_from, valid_until, successor,
    parent); `mentions` one row per mention of document_mentions; `roles` one row per
    person-role-organisation statement.
    """
    resolved = _resolve_roles(document_mentions, document_roles)
    cluster = _clusters(resolved, settings)
    keyed = resolved.assign(entity_key=cluster)
    # clusters that end up with the same canonical name and kind are one actor (and one entity_id), but for
    # actors known only inside one document, which are one per document
    naming = {key: entity_id(*name, scope=_scope(key)) for key, name in _namings(keyed).items()}
    keyed = keyed.assign(entity_key=keyed["entity_key"].map(naming))
    table = _dictionary_facts(_entity_table(keyed, document_roles), actors)
    keyed = keyed.assign(entity_id=keyed["entity_key"])
    mentions = keyed.assign(
        mention_id=[
            mention_id(str(d), int(s), int(e))
            for d, s, e in zip(keyed["doc_id"], keyed["char_start"], keyed["char_end"], strict=True)
        ]
    )[MENTION_COLUMNS]
    roles = _roles(document_roles, keyed)
    return table[ENTITY_COLUMNS], mentions.reset_index(drop=True), roles


def _resolve_roles(document_mentions: pd.DataFrame, document_roles: pd.DataFrame) -> pd.DataFrame:
    """Role references with no holder in their document take the person other documents give that role at
    the organisation the reference names ("BlackBerry's COO"); one that names no organisation is the office
    of its own document (`is_local`): another article's holder of a bare role is no one it names.

    Only the mentions without a canonical name change; the other rows are left as they are, column by
    column (each column typed as pandas infers it from its values, as a table built row by row would be).
    """
    if document_mentions.empty:
        return pd.DataFrame([], columns=document_mentions.columns)
    holders: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
    for statement in document_roles.itertuples(index=False):
        if isinstance(statement.person_name, str):
            organisation = statement.organisation_name if isinstance(statement.organisation_name, str) else None
            holders[(str(statement.role), organisation)][statement.person_name] += 1
    person_rows = document_mentions[document_mentions["kind"] == "PERSON"]
    person_known = person_rows.groupby("canonical_name")["is_known"].max().to_dict()
    person_country = (
        person_rows.dropna(subset=["country"]).groupby("canonical_name")["country"].agg(lambda c: c.mode().iloc[0])
    ).to_dict()
    unnamed = np.flatnonzero(~_is_text(document_mentions["canonical_name"]))
    references = document_mentions.iloc[unnamed]
    names: list[str] = []
    known: list[bool] = []
    held: list[int] = []  # positions (in `unnamed`) of the references that found a holder
    countries: list[Any] = []
    local: list[bool] = []
    for number, (role, organisation_cell) in enumerate(
        zip(references["role"].tolist(), references["role_organisation"].tolist(), strict=True)
    ):
        organisation = organisation_cell if isinstance(organisation_cell, str) else None
        ranked = holders.get((str(role), organisation), Counter()).most_common(2) if organisation else []
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            person = ranked[0][0]
            names.append(person)
            known.append(bool(person_known.get(person, False)))
            held.append(number)
            countries.append(person_country.get(person))
        else:
            names.append(f"{role} of {organisation}" if organisation else str(role))
            known.append(False)
        local.append(organisation is None)
    changes: dict[str, tuple[np.ndarray, list[Any]]] = {
        "canonical_name": (unnamed, names),
        "is_known": (unnamed, known),
        "country": (unnamed[held], countries),
        "name_key": (unnamed, [_key(name) for name in names]),
        "is_local": (unnamed, local),
    }
    columns = {
        column: _patched(document_mentions[column].reset_index(drop=True), *changes.get(column, (unnamed[:0], [])))
        for column in document_mentions.columns
    }
    return pd.DataFrame(columns, columns=document_mentions.columns)


def _scope(key: str) -> str:
    """The document an entity key's actor belongs to, if it is known only there; else ""."""
    return key[len(_LOCAL) :].split("|", 1)[0] if key.startswith(_LOCAL) else ""


def _is_text(column: pd.Series) -> pd.Series:
    """Whether each cell is a str (a text column's cells are a str or missing)."""
    if column.dtype == _TEXT:
        return column.notna()
    return column.map(lambda cell: isinstance(cell, str)).astype(bool)


def _patched(column: pd.Series, positions: np.ndarray, values: list[Any]) -> pd.Series:
    """The column with `values` at `positions`, typed as pandas infers it from the cells' Python values.

    A column of a type that inference gives back (int64, float64, bool, text with a value) is patched
    in place; any other is rebuilt from its cells.
    """
    dtype = column.dtype
    fits = (
        (dtype == _TEXT and all(value is None or isinstance(value, str) for value in values))
        or (dtype == np.dtype(bool) and all(isinstance(value, bool) for value in values))
        or (dtype in (np.dtype(np.int64), np.dtype(np.float64)) and not values)
    )
    if fits:
        patched = column.copy()
        if values:
            patched.iloc[positions] = values
        if dtype != _TEXT or patched.notna().any():
            return patched
    cells = column.tolist()
    for position, value in zip(positions.tolist(), values, strict=True):
        cells[position] = value
    return pd.Series(cells, index=column.index, name=column.name)


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.replace("’", "'").lower()).split())


def _clusters(mentions: pd.DataFrame, settings: Settings) -> list[str]:
    """An entity key per mention: `local|doc|KIND|name` for actors known only inside their document (a group of
    no country, an office whose holder the document does not name), `known|KIND|name` for dictionary-resolved
    names, groups and governments, `name|<representative>` for clusters of unknown names (token_sort_ratio >=
    entity_cluster_cutoff within a family of kinds)."""
    unknown = mentions[~mentions["is_known"].astype(bool) & ~mentions["is_local"].astype(bool)]
    families = [_NAME_FAMILY.get(str(kind)) for kind in unknown["kind"]]
    frequency = Counter(zip(families, unknown["name_key"].astype(str), strict=True))
    representatives: dict[str, list[str]] = defaultdict(list)
    cluster_of: dict[tuple[str | None, str], str] = {}
    multi_word = [(f, k) for (f, k), _ in frequency.most_common() if len(str(k).split()) > 1]
    single_word = [(f, k) for (f, k), _ in frequency.most_common() if len(str(k).split()) <= 1]
    known_persons = _known_person_surnames(mentions)
    # the names some mention of which is a person's: only a person's name has a surname to join
    persons = set(unknown.loc[unknown["kind"] == "PERSON", "name_key"].astype(str))
    for family, key in multi_word + single_word:
        family_name = family or "other"
        if len(str(key).split()) == 1 and family_name == "name" and key in persons:
            # a bare surname joins the one person (known or clustered) with that surname, not an organisation
            # whose name ends with the word ("Union" is no "Southern African Customs Union")
            people = {r for r in representatives[family_name] if r.split()[-1] == key and r in persons}
            people |= known_persons.get(key, set())
            if len(people) == 1:
                cluster_of[(family, key)] = next(iter(people))
                continue
        match = next(
            (
                r
                for r in representatives[family_name]
                if fuzz.token_sort_ratio(str(key), r) >= settings.entity_cluster_cutoff
            ),
            None,
        )
        if match is None:
            representatives[family_name].append(str(key))
            match = str(key)
        cluster_of[(family, key)] = match
    keys: list[str] = []
    for row in mentions.itertuples(index=False):
        if bool(row.is_local):
            keys.append(f"{_LOCAL}{row.doc_id}|{row.kind}|{row.canonical_name}")
        elif bool(row.is_known):
            keys.append(f"known|{row.kind}|{row.canonical_name}")
        else:
            target = cluster_of[(_NAME_FAMILY.get(str(row.kind)), str(row.name_key))]
            keys.append(target if target.startswith("known|") else f"name|{_NAME_FAMILY.get(str(row.kind))}|{target}")
    return keys


def _known_person_surnames(mentions: pd.DataFrame) -> dict[str, set[str]]:
    persons = mentions[(mentions["kind"] == "PERSON") & mentions["is_known"].astype(bool)]["canonical_name"]
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name in set(persons):
        by_surname[_key(str(name)).split()[-1]].add(f"known|PERSON|{name}")
    return by_surname


def _namings(mentions: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """(canonical name, kind) of each cluster of mentions (by entity_key): the name `_canonical` picks, kind by
    vote, where the kinds the text states (`is_kind_stated`: a name's shape, a cue, a title) outvote the
    model's guesses."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    stated: dict[str, Counter[str]] = defaultdict(Counter)
    columns = (mentions["entity_key"], mentions["canonical_name"], mentions["kind"], mentions["is_kind_stated"])
    for key, name, kind, says in zip(*columns, strict=True):
        names[str(key)][str(name)] += 1
        kinds[str(key)][str(kind)] += 1
        stated[str(key)][str(kind)] += bool(says)
    found: dict[str, tuple[str, str]] = {}
    for key, counts in names.items():
        votes, said = kinds[key], stated[key]
        found[key] = (_canonical(counts), max(votes, key=lambda k: (said[k], votes[k], k)))
    return found


def _canonical(counts: Counter[str]) -> str:
    """A cluster's name, of its mentions' names and how often each occurs: the one holding most mentions (its
    own and those whose words it holds in a row: "Robert Mugabe" holds "Mugabe", "Reserve Bank of Australia"
    "Reserve Bank"), then the longest, then the one least written in capitals ("Coffs United Lions", not
    "COFFS United Lions")."""
    if len(counts) == 1:
        return next(iter(counts))
    words = {name: _key(name).split() for name in counts}

    def holds(name: str, other: str) -> bool:
        outer, inner = words[name], words[other]
        return any(outer[i : i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))

    held = {name: sum(count for other, count in counts.items() if holds(name, other)) for name in counts}
    return max(counts, key=lambda n: (held[n], len(n), -sum(ch.isupper() for ch in n), n))


def _entity_table(mentions: pd.DataFrame, document_roles: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    country_of = _countries(mentions)
    naming = _namings(mentions)
    for key, group in mentions.groupby("entity_key", sort=True):
        canonical, kind = naming[str(key)]
        country, basis = country_of.get(str(key), (None, None))
        rows.append(
            {
                "entity_key": key,
                "entity_id": key,
                "canonical_name": canonical,
                "kind": kind,
                "country": country,
                "country_basis": basis,
                "aliases": sorted(set(group["surface"].astype(str))),
                "mention_count": len(group),
                "document_count": group["doc_id"].nunique(),
            }
        )
    table = pd.DataFrame(rows, columns=["entity_key", *(c for c in ENTITY_COLUMNS if c not in _DICTIONARY_COLUMNS)])
    return _person_countries(table, mentions, document_roles)


def _dictionary_facts(table: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The entity table with the dictionary's period, successor and parent of each known actor's name (null
    where the dictionary does not know the actor or says nothing)."""
    facts = {
        (str(row["canonical_name"]), str(row["kind"])): row
        for row in actors.reindex(columns=["canonical_name", "kind", *_DICTIONARY_COLUMNS]).to_dict("records")
    }
    keys = list(zip(table["canonical_name"].astype(str), table["kind"].astype(str), strict=True))

    def said(key: tuple[str, str], column: str) -> str | None:
        value = facts[key][column] if key in facts else None
        return value if isinstance(value, str) and value else None

    columns = {
        column: pd.Series([said(key, column) for key in keys], index=table.index, dtype=object)
        for column in _DICTIONARY_COLUMNS
    }
    return table.assign(**columns)


def _countries(mentions: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    """The country of each cluster of mentions (by entity_key) and its basis: the most frequent country among
    the mentions of the strongest basis (`_BASIS_RANK`; the first in alphabetical order of equals)."""
    worst = len(_BASIS_RANK)
    best: dict[str, tuple[int, Counter[str], str | None]] = {}
    columns = (mentions["entity_key"], mentions["country"], mentions["country_basis"])
    for key, country, basis in zip(*columns, strict=True):
        if not isinstance(country, str):
            continue
        rank = _BASIS_RANK.get(str(basis), worst)
        found = best.get(str(key))
        if found is None or rank < found[0]:
            best[str(key)] = (rank, Counter([country]), basis if isinstance(basis, str) else None)
        elif rank == found[0]:
            found[1][country] += 1
    return {
        key: (min(counts, key=lambda code: (-counts[code], code)), basis) for key, (_, counts, basis) in best.items()
    }


def _person_countries(table: pd.DataFrame, mentions: pd.DataFrame, document_roles: pd.DataFrame) -> pd.DataFrame:
    """A person the text gives no country takes the country of the organisation they hold a role at."""
    country_of_name = {
        (str(r.canonical_name), str(r.kind)): r.country
        for r in table.itertuples(index=False)
        if isinstance(r.country, str)
    }
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in document_roles.itertuples(index=False):
        code = country_of_name.get((str(row.organisation_name), str(row.organisation_kind)))
        if isinstance(row.person_name, str) and code:
            votes[row.person_name][code] += 1
    filled: list[tuple[Any, Any]] = [
        (country, basis)
        if (isinstance(country, str) and basis != "context") or kind != "PERSON" or not votes.get(name)
        else (votes[name].most_common(1)[0][0], "text")
        for name, kind, country, basis in zip(
            table["canonical_name"], table["kind"], table["country"], table["country_basis"], strict=True
        )
    ]
    return table.assign(country=[c for c, _ in filled], country_basis=[b for _, b in filled])


def _roles(document_roles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The role statements with the entity ids their document's mentions of the person and organisation took."""
    id_of_name = {
        (str(doc), str(name), str(kind)): eid
        for doc, name, kind, eid in zip(
            mentions["doc_id"], mentions["canonical_name"], mentions["kind"], mentions["entity_id"], strict=True
        )
    }
    id_of_person = {(doc, name): eid for (doc, name, kind), eid in id_of_name.items() if kind == "PERSON"}
    rows = [
        {
            "doc_id": row.doc_id,
            "sentence_id": row.sentence_id,
            "person_entity_id": id_of_person.get((str(row.doc_id), str(row.person_name))),
            "role": row.role,
            "organisation_entity_id": id_of_name.get(
                (str(row.doc_id), str(row.organisation_name), str(row.organisation_kind))
            ),
            "surface": row.surface,
        }
        for row in document_roles.itertuples(index=False)
    ]
    table = pd.DataFrame(rows, columns=ROLE_COLUMNS)
    return table.drop_duplicates().reset_index(drop=True)
