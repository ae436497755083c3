"""Loaders for the data files in pipeline/dictionaries/: one named loader per file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

DICTIONARY_DIR = Path(__file__).parent / "dictionaries"
BOILERPLATE_SCOPES = {"line", "to_end", "before_title"}


class DictionaryError(Exception):
    """A dictionary file is malformed: the message names the file, the row and the problem."""


def boilerplate_patterns(path: Path = DICTIONARY_DIR / "boilerplate.csv") -> pd.DataFrame:
    """Site-furniture patterns: regex (searched in one cleaned line), scope, reason."""
    import re

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"pattern", "scope", "reason"} - set(table.columns)
    if missing:
        raise DictionaryError(f"{path}: missing columns {', '.join(sorted(missing))}")
    for line_no, row in enumerate(table.itertuples(index=False), start=2):
        if row.scope not in BOILERPLATE_SCOPES:
            raise DictionaryError(
                f"{path} row {line_no}: scope '{row.scope}' is not one of {', '.join(sorted(BOILERPLATE_SCOPES))}"
            )
        try:
            re.compile(str(row.pattern))
        except re.error as err:
            raise DictionaryError(f"{path} row {line_no}: pattern {row.pattern!r} is not a regex ({err})") from err
    return table[["pattern", "scope", "reason"]]


def fingerprint() -> str:
    """SHA-256 over every dictionary file: a change of any of them changes it."""
    digest = hashlib.sha256()
    for path in sorted(DICTIONARY_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def counts(path: Path = DICTIONARY_DIR / "counts.csv") -> pd.DataFrame:
    """Count vocabulary: `measure` words (what a number counts) and `qualifier` phrases ("more than")."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for line_no, row in enumerate(table.itertuples(index=False), start=2):
        if row.kind not in ("measure", "qualifier"):
            raise DictionaryError(f"{path} row {line_no}: kind '{row.kind}' is not measure or qualifier")
        if row.kind == "qualifier" and row.value not in ("above", "at_least", "below", "at_most", "about"):
            raise DictionaryError(
                f"{path} row {line_no}: qualifier value '{row.value}' is not one of "
                "above, at_least, below, at_most, about"
            )
    return table[["word", "kind", "value"]]


TIMEX_CUE_ROLES = {
    "shift",
    "modifier",
    "day_shift",
    "before_anchor",
    "unit",
    "number",
    "ordinal",
    "set",
    "fiscal",
    "not_a_date",
    "included_preposition",
    "future_modal",
    "conditional_modal",
    "future_verb",
}


def timex_cues(path: Path = DICTIONARY_DIR / "timex_cues.csv") -> pd.DataFrame:
    """Words of time expressions: phrase (lower case), role (shift, modifier, unit, not_a_date, ...), value."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"phrase", "role", "value"} - set(table.columns)
    if missing:
        raise DictionaryError(f"{path}: missing columns {', '.join(sorted(missing))}")
    for line_no, row in enumerate(table.itertuples(index=False), start=2):
        if row.role not in TIMEX_CUE_ROLES:
            raise DictionaryError(
                f"{path} row {line_no}: role '{row.role}' is not one of {', '.join(sorted(TIMEX_CUE_ROLES))}"
            )
        if row.role in ("shift", "day_shift") and not str(row.value).lstrip("+-").isdigit():
            raise DictionaryError(f"{path} row {line_no}: {row.role} value '{row.value}' is not a whole number")
    return table[["phrase", "role", "value"]]


ACTOR_KINDS = ("ORG", "PERSON", "GOV", "COUNTRY", "PLACE", "PRODUCT")
DEMONYM_KINDS = ("demonym", "name", "alias")
DESCRIPTOR_CATEGORIES = ("anaphor", "government", "group", "suffix", "act")
DESCRIPTOR_FORMS = ("any", "definite", "marked", "bare")
DESCRIPTOR_SCOPES = ("explicit", "focus")
TITLE_CATEGORIES = ("office", "honorific")
_ALPHA3 = r"^[A-Z]{3}$"
_TICKER = r"^[A-Za-z]+:[A-Za-z0-9.\-]+$"


def _read_checked(path: Path, columns: list[str]) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(columns) - set(table.columns)
    if missing:
        raise DictionaryError(f"{path}: missing columns {', '.join(sorted(missing))}")
    return table


def _records(table: pd.DataFrame) -> list[dict[str, str]]:
    return [{str(key): str(value) for key, value in record.items()} for record in table.to_dict("records")]


def _check_value(path: Path, line_no: int, column: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise DictionaryError(f"{path} row {line_no}: {column} '{value}' is not one of {', '.join(allowed)}")


def actors(path: Path = DICTIONARY_DIR / "actors.csv") -> pd.DataFrame:
    """Known actors: canonical_name, kind, country (alpha-3 or ""), aliases and tickers as lists of strings."""
    import re

    table = _read_checked(path, ["canonical_name", "kind", "country", "aliases", "tickers"])
    for line_no, row in enumerate(_records(table), start=2):
        _check_value(path, line_no, "kind", row["kind"], ACTOR_KINDS)
        if row["country"] and not re.match(_ALPHA3, row["country"]):
            raise DictionaryError(
                f"{path} row {line_no}: country '{row['country']}' is not an ISO alpha-3 code (e.g. CAN)"
            )
        for ticker in filter(None, row["tickers"].split("|")):
            if not re.match(_TICKER, ticker):
                raise DictionaryError(f"{path} row {line_no}: ticker '{ticker}' is not EXCHANGE:SYMBOL (e.g. TSX:BB)")
    duplicated = table["canonical_name"].duplicated()
    if duplicated.any():
        raise DictionaryError(f"{path}: canonical_name repeated: {', '.join(table.loc[duplicated, 'canonical_name'])}")
    return table.assign(
        aliases=table["aliases"].map(lambda value: [a.strip() for a in value.split("|") if a.strip()]),
        tickers=table["tickers"].map(lambda value: [t.strip().upper() for t in value.split("|") if t.strip()]),
    )[["canonical_name", "kind", "country", "aliases", "tickers"]]


def demonyms(path: Path = DICTIONARY_DIR / "demonyms.csv") -> pd.DataFrame:
    """Country words pycountry lacks: term, alpha3, kind (demonym; name = the preferred short name; alias)."""
    import re

    table = _read_checked(path, ["term", "alpha3", "kind"])
    for line_no, row in enumerate(_records(table), start=2):
        _check_value(path, line_no, "kind", row["kind"], DEMONYM_KINDS)
        if not re.match(_ALPHA3, row["alpha3"]):
            raise DictionaryError(
                f"{path} row {line_no}: alpha3 '{row['alpha3']}' is not an ISO alpha-3 code (e.g. PAK)"
            )
    return table[["term", "alpha3", "kind"]]


def descriptors(path: Path = DICTIONARY_DIR / "descriptors.csv") -> pd.DataFrame:
    """Descriptive references: term, kind, category (anaphor, government, group, suffix, act), canonical_name
    (groups), form (which determiners it needs), country_scope (explicit, or the country in focus)."""
    table = _read_checked(path, ["term", "kind", "category", "canonical_name", "form", "country_scope"])
    for line_no, row in enumerate(_records(table), start=2):
        _check_value(path, line_no, "kind", row["kind"], ACTOR_KINDS)
        _check_value(path, line_no, "category", row["category"], DESCRIPTOR_CATEGORIES)
        _check_value(path, line_no, "form", row["form"], DESCRIPTOR_FORMS)
        _check_value(path, line_no, "country_scope", row["country_scope"], DESCRIPTOR_SCOPES)
        if row["category"] == "group" and not row["canonical_name"]:
            raise DictionaryError(f"{path} row {line_no}: group '{row['term']}' needs a canonical_name")
    return table[["term", "kind", "category", "canonical_name", "form", "country_scope"]]


def titles(path: Path = DICTIONARY_DIR / "titles.csv") -> pd.DataFrame:
    """Job titles and honorifics: title, role (the normalised office; empty for honorifics), category."""
    table = _read_checked(path, ["title", "role", "category"])
    for line_no, row in enumerate(_records(table), start=2):
        _check_value(path, line_no, "category", row["category"], TITLE_CATEGORIES)
        if row["category"] == "office" and not row["role"]:
            raise DictionaryError(f"{path} row {line_no}: office '{row['title']}' needs a role")
    return table[["title", "role", "category"]]


# Event-coding dictionaries: PLOVER verb patterns, attribution cues and modality cues. Each loader
# reports every malformed row at once (DictionaryRowsError.problems), not just the first.

VERB_PATTERN_COLUMNS = ("lemma", "pos", "object", "event_type", "mode", "cameo", "source_role", "note")
VERB_PATTERN_OPTIONAL_COLUMNS = ("negated_type",)  # the type a negated predicate takes, if a row says so
VERB_PATTERN_POS = ("VERB", "NOUN", "ADJ")  # ADJ: adjectival predicates ("are grateful to")
VERB_PATTERN_SOURCE_ROLES = ("subject", "object")
ATTRIBUTION_COLUMNS = ("lemma", "kind", "note")
ATTRIBUTION_KINDS = ("speech", "source")
MODALITY_COLUMNS = ("cue", "pos", "factuality", "note")
MODALITY_POS = ("AUX", "VERB", "ADJ", "ADV", "SCONJ", "NOUN", "PART", "DET", "CCONJ", "ADP", "PRON")
_CAMEO_CODE = r"\d{2,4}"

# (line number in the file, the header being line 1; column; offending value; what is wanted)
RowProblem = tuple[int, str, str, str]


class DictionaryRowsError(DictionaryError):
    """Rows of a dictionary file are malformed; ``problems`` lists every one as (row, column, value, want)."""

    def __init__(self, path: Path, problems: list[RowProblem]) -> None:
        self.path = path
        self.problems = problems
        lines = [
            f"{path.name} row {row}: {column} '{value}' is not valid (want {want})"
            for row, column, value, want in problems
        ]
        super().__init__("\n".join([*lines, f"fix these rows of {path} and rerun"]))


def _read_rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """The file as strings (empty cells as ""), with exactly ``columns`` plus any of ``optional``."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise DictionaryError(f"{path}: not a readable UTF-8 CSV file ({err})") from err
    header = [str(column) for column in table.columns]
    problems: list[RowProblem] = [
        (1, "header", column, f"column {column}") for column in columns if column not in header
    ]
    problems += [
        (1, "header", column, f"only the columns {', '.join(columns + optional)}")
        for column in header
        if column not in columns + optional
    ]
    if problems:
        raise DictionaryRowsError(path, problems)
    return table


def _check_text(problems: list[RowProblem], line: int, column: str, value: str, required: bool = True) -> None:
    """A lower-case entry with single spaces and no surrounding blanks ("back off"); empty only if not required."""
    if not value:
        if required:
            problems.append((line, column, value, "a non-empty lower-case word or phrase"))
    elif value != " ".join(value.lower().split()):
        problems.append((line, column, value, "lower case, single spaces, no surrounding blanks"))


def _check_choice(problems: list[RowProblem], line: int, column: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        problems.append((line, column, value, f"one of {', '.join(allowed)}"))


def _check_unique(problems: list[RowProblem], table: pd.DataFrame, key: list[str]) -> None:
    """Each key occurs once: every repeat is reported with the row of its first occurrence."""
    first: dict[tuple[str, ...], int] = {}
    for line, values in enumerate(table[key].itertuples(index=False, name=None), start=2):
        if values in first:
            problems.append(
                (line, "+".join(key), " | ".join(values), f"a unique ({', '.join(key)}): first at row {first[values]}")
            )
        else:
            first[values] = line


def verb_patterns(path: Path = DICTIONARY_DIR / "verb_patterns.csv") -> pd.DataFrame:
    """Predicate → PLOVER event: one row per (lemma, pos, object).

    lemma (lower case, particle included: "back off"), pos (VERB, NOUN or ADJ), object (lemma of the
    object or complement that must be present, "" for any), event_type (a PLOVER type), mode (a PLOVER
    mode of that type or ""), cameo (closest CAMEO code, 2-4 digits), source_role (subject; object for
    verbs whose object is the actor, "X hosted Y"), note. Look rows up with ``pipeline.plover.code_predicate``.
    """
    import re

    from pipeline.plover import PLOVER_MODES, PLOVER_TYPES

    table = _read_rows(path, VERB_PATTERN_COLUMNS, VERB_PATTERN_OPTIONAL_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "lemma", row["lemma"])
        _check_choice(problems, line, "pos", row["pos"], VERB_PATTERN_POS)
        _check_text(problems, line, "object", row["object"], required=False)
        _check_choice(problems, line, "event_type", row["event_type"], PLOVER_TYPES)
        modes = PLOVER_MODES.get(row["event_type"])
        if modes is not None and row["mode"] and row["mode"] not in modes:
            want = (
                f"empty or one of {', '.join(modes)}"
                if modes
                else f"empty: PLOVER defines no mode for {row['event_type']}"
            )
            problems.append((line, "mode", row["mode"], want))
        if not re.fullmatch(_CAMEO_CODE, row["cameo"]):
            problems.append((line, "cameo", row["cameo"], "a CAMEO code of 2 to 4 digits, e.g. 020, 112, 1041"))
        _check_choice(problems, line, "source_role", row["source_role"], VERB_PATTERN_SOURCE_ROLES)
        if row.get("negated_type"):
            _check_choice(problems, line, "negated_type", row["negated_type"], PLOVER_TYPES)
    _check_unique(problems, table, ["lemma", "pos", "object"])
    if problems:
        raise DictionaryRowsError(path, problems)
    return table[[c for c in VERB_PATTERN_COLUMNS + VERB_PATTERN_OPTIONAL_COLUMNS if c in table.columns]]


def attribution_cues(path: Path = DICTIONARY_DIR / "attribution_cues.csv") -> pd.DataFrame:
    """Attribution cues, not events themselves: lemma, kind (speech: "say", "announce"; source:
    "according to", "cite"), note. One row per lemma."""
    table = _read_rows(path, ATTRIBUTION_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "lemma", row["lemma"])
        _check_choice(problems, line, "kind", row["kind"], ATTRIBUTION_KINDS)
    _check_unique(problems, table, ["lemma"])
    if problems:
        raise DictionaryRowsError(path, problems)
    return table[list(ATTRIBUTION_COLUMNS)]


def modality_cues(path: Path = DICTIONARY_DIR / "modality_cues.csv") -> pd.DataFrame:
    """Words that change how an event stands: cue (lower-case word, lemma or phrase), pos (spaCy coarse tag),
    factuality (intended, hypothetical, negated; asserted for hedges that do not change it), note.
    One row per (cue, pos)."""
    from pipeline.plover import FACTUALITY

    table = _read_rows(path, MODALITY_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "cue", row["cue"])
        _check_choice(problems, line, "pos", row["pos"], MODALITY_POS)
        _check_choice(problems, line, "factuality", row["factuality"], FACTUALITY)
    _check_unique(problems, table, ["cue", "pos"])
    if problems:
        raise DictionaryRowsError(path, problems)
    return table[list(MODALITY_COLUMNS)]


def light_verbs(path: Path = DICTIONARY_DIR / "light_verbs.csv") -> pd.DataFrame:
    """Verbs whose object noun carries the event ("made a demand" is a demand): column `lemma`."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "lemma" not in table.columns:
        raise DictionaryError(f"{path}: missing column lemma")
    empty = [line_no for line_no, lemma in enumerate(table["lemma"], start=2) if not lemma.strip()]
    if empty:
        raise DictionaryError(f"{path} row {empty[0]}: empty lemma")
    return table[["lemma"]]
