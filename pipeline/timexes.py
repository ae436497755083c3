"""Stage: sentences, tokens, documents -> timexes; and the cross-document step anchored_timexes.

A time expression ("timex", after TimeML's TIMEX3: https://www.timeml.org/publications/timeMLdocs/timeml_1.2.1.html)
is any stretch of text a reader would turn into a calendar date ("Dec. 30", "last month", "on Monday",
"In July 2014") or a duration ("30 days"). Each one is read twice:

1. *without an anchor*: what the words alone say. Either an absolute value ("July 2014" -> 2014-07),
   a partial one that lacks the year ("Dec. 30" -> XXXX-12-30, "Monday" -> XXXX-WXX-1), or a shift
   of the anchor ("last month" -> REF-1M, "yesterday" -> REF-1D). This anchor-free reading is kept
   in the `relative` column, so that a later step can resolve it again against a better anchor.
2. *against an anchor*: the document's publication date, else the document's own latest explicit
   date (for the missing year only), else nothing (the value stays partial, never a guessed year).

Candidate spans are spaCy's DATE and TIME entities (read from the tokens table) plus token patterns
for what NER misses (weekdays, month names, "earlier this month", "yesterday", "this morning", clock
times, holidays of pipeline/dictionaries/holidays.csv, dates in figures). Printed calendar dates are
read by the printed-date grammar of pipeline/publication_dates.py, else by dateparser against a fixed
base year (never the clock); the rest (durations, shifts, weekdays, weekends, seasons, quarters, clock
times, holidays, choosing the year, tense) are this module's own rules, marked "own rule" below.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
from spacy.lang.lex_attrs import word_shape
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipeline.frames import records
from pipeline.parse import SentenceDoc
from pipeline.publication_dates import printed_dates
from pipeline.settings import Settings
from schemas import timex3
from schemas.checks import is_calendar_date

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

TIMEX_COLUMNS = [
    "timex_id",
    "doc_id",
    "sentence_id",
    "char_start",
    "char_end",
    "surface",
    "kind",
    "value",
    "date_start",
    "date_end",
    "precision",
    "duration",
    "tense",
    "anchor",
    "is_relative",
    "relative",
    "direction",
    "modifier",
]
NO_ANCHOR = "none"

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number + 1 for number, name in enumerate(calendar.day_name)}  # ISO: Monday = 1
_YEAR = re.compile(r"^(1[5-9]|20)\d{2}$")  # own rule: a four-digit number 1500-2099 is a year
_NUMERIC_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$|^\d{1,2}/\d{1,2}/\d{2,4}$")
# The anchor-free readings of the `relative` column (schemas/timexes.py RELATIVE), each with an optional
# clock time THH:MM: a shift of the anchor's unit (REF-1M), a date in a shifted year (REF-1Y-06-12: "12
# June last year"), a date without its year (XXXX-12-30, XXXX-11, XXXX-Q4, XXXX-SU, a holiday's rule
# XXXX-11-4#4 or XXXX-E-2, "-WE" for its weekend), a weekday or weekend (XXXX-WXX-1, XXXX-WXX-WE), a
# day counted from the day the text last named (PREV+1D), or a clock time alone (XXXX-XX-XXT16:00).
_RELATIVE = re.compile(r"^REF([+-]\d+)([DWMQY])$")
_SHIFTED_YEAR = re.compile(r"^REF([+-]\d+)Y-(\d{2})(?:-(\d{2}))?$")
_PARTIAL = re.compile(r"^XXXX-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|WXX-([1-7]))$")
_SEASON = re.compile(r"^XXXX-(SP|SU|FA|WI)$")
_RULE_DAY = re.compile(r"^XXXX-(?:(\d{2})-(\d{2})|(\d{2})-([1-7])#(-?[1-5])|E([+-]\d+))$")
_FROM_PREVIOUS = re.compile(r"^(?:PREV([+-]\d+)D|XXXX-XX-XX)$")
# A partial value TIMEX3 can write (kept as the value when nothing resolves it).
_TIMEX3_PARTIAL = re.compile(r"^XXXX-(\d{2}(-\d{2})?|Q[1-4]|WXX-([1-7]|WE)|SP|SU|FA|WI)(T\d{2}:\d{2})?$")
# The year a calendar date is parsed against when the text gives none: any leap year, so "Feb. 29" parses.
_NEUTRAL_YEAR = 2000
_VERBS = ("VERB", "AUX")
# How many infinitives or participles to climb through to find a finite verb ("ordered to exit by ...").
_MAX_CLIMB = 5


# ---------------------------------------------------------------- the cue dictionary


@dataclass(frozen=True)
class _Cues:
    """pipeline/dictionaries/timex_cues.csv as look-ups: phrase (a tuple of lower-case words) -> value."""

    roles: dict[str, dict[tuple[str, ...], str]]

    @classmethod
    def of(cls, table: pd.DataFrame) -> _Cues:
        roles: dict[str, dict[tuple[str, ...], str]] = {}
        for row in records(table):
            value = row.value if isinstance(row.value, str) else ""
            roles.setdefault(str(row.role), {})[tuple(str(row.phrase).lower().split())] = value
        return cls(roles)

    def get(self, role: str) -> dict[tuple[str, ...], str]:
        return self.roles.get(role, {})

    def words(self, role: str) -> set[str]:
        return {phrase[0] for phrase in self.get(role) if len(phrase) == 1}

    def prefix(self, role: str, words: list[str]) -> tuple[int, str] | None:
        """The longest phrase of `role` that starts `words`: (its length, its value)."""
        best: tuple[int, str] | None = None
        for phrase, value in self.get(role).items():
            if tuple(words[: len(phrase)]) == phrase and (best is None or len(phrase) > best[0]):
                best = (len(phrase), value)
        return best


# ---------------------------------------------------------------- readings


@dataclass(frozen=True)
class _Reading:
    """What an expression says before any anchor is applied."""

    kind: str  # date, duration, set
    value: str | None = None  # absolute TIMEX3 value, when the words fix it
    precision: str | None = None
    duration: str | None = None
    relative: str | None = None  # XXXX-12-30, XXXX-WXX-1, XXXX-Q4, REF-1M: needs an anchor
    modifier: str | None = None  # TIMEX3 mod: START, MID, END
    direction: str | None = None  # forced by the words ("last Monday"), else from the tense


@dataclass(frozen=True)
class _Anchor:
    day: date  # first day of the anchor's period
    precision: str  # day, month or year
    label: str
    is_publication: bool  # the document's own date: tense gives the direction to look in


@dataclass
class _Candidate:
    doc_id: str
    sentence_id: str
    char_start: int
    char_end: int
    surface: str
    reading: _Reading
    tense: str | None
    direction: str


# ---------------------------------------------------------------- public stages


def timexes(
    sentences: pd.DataFrame,
    parses: list[SentenceDoc],
    documents: pd.DataFrame,
    nlp: Language,
    timex_cues: pd.DataFrame,
    holidays: pd.DataFrame,
) -> pd.DataFrame:
    """One row per time expression of each document, resolved against that document alone.

    Grain: one row per expression per sentence (offsets into `clean_text`; `surface` is
    `clean_text[char_start:char_end]`). Inputs: the sentences and tokens tables (the spaCy parse
    is rebuilt from `tokens`, never re-run), documents (publication_date), and the cue dictionary
    (`dictionaries.timex_cues()`) and holidays (`dictionaries.holidays()`). `nlp` only lends its
    vocabulary and tokenizer.

    Anchor, per document: its publication_date (which may be inferred from its own text: see
    pipeline/publication_dates.py); without one, the latest explicit date with a year and a month that
    the document itself prints ("July 2015"), used only to supply the missing year of partial dates
    ("in November"); relative expressions then stay unresolved (value null) and partial dates keep
    XXXX, for `anchored_timexes` to finish. Expressions that refer to the day the text last named
    ("the next day", "later in the day", a bare clock time "at 4 p.m.") take that day (TimeML's
    reference time), else the anchor's; a date without its year that repeats an earlier one of the
    document ("the Feb. 1 move" after "Feb. 1 last year") is that date.
    """
    cues = _Cues.of(timex_cues)
    patterns = _patterns(nlp, cues, holidays)
    known = set(sentences["sentence_id"].astype(str))
    kept = sorted((parsed for parsed in parses if parsed.sentence_id in known), key=lambda p: (p.doc_id, p.sentence_id))
    by_doc: dict[str, list[_Candidate]] = {}
    for sentence in kept:
        by_doc.setdefault(sentence.doc_id, []).extend(
            _candidates(sentence.doc, sentence.doc_id, sentence.sentence_id, sentence.char_start, patterns, cues)
        )
    publication = {
        str(doc_id): date
        for doc_id, date in zip(documents["doc_id"].tolist(), documents["publication_date"].tolist(), strict=True)
    }
    rows: list[dict[str, Any]] = []
    for doc_id, candidates in by_doc.items():
        anchor = _publication_anchor(publication.get(doc_id))
        explicit = None if anchor else _explicit_anchor(candidates)
        rows.extend(_in_discourse([_row(candidate, anchor or explicit) for candidate in candidates], anchor))
    return _table(rows)


def anchored_timexes(
    timexes: pd.DataFrame, documents: pd.DataFrame, mentions: pd.DataFrame, settings: Settings
) -> pd.DataFrame:
    """The timexes table with the expressions of undated documents resolved against their story.

    Grain: as `timexes`, one row per time expression; only rows of documents without a
    publication_date change. Inputs: timexes, documents (publication_date) and mentions
    (doc_id, entity_id: which actors each document names).

    Rule (own, issue 19): an undated document anchors only on a dated document of provably the same
    story: they share at least `settings.story_min_shared_actors` actors (one shared country is no
    story), they are linked by a shared event (a chain of documents, each pair of which shares that many
    actors and names the same day of the year: "Dec. 30" here, "December 30" there), and the undated
    document's own dates with a year lie within `settings.story_max_date_gap_days` of the anchor's
    date (an article about another year is another story, whatever company it names). Of those, the
    dated document sharing the most distinct actors is its anchor (ties: the dated
    document nearest the undated one's own explicit dates, then the smaller doc_id). Its publication
    date then resolves every expression that needs an anchor (the `relative` column): a missing year
    becomes the one that puts the date nearest the anchor, in either direction, because tense says
    where a date lies relative to *this* document's date, not another's; shifts ("last month") are
    counted from the anchor as if it were the document's own date, but weekdays ("on Monday") stay
    partial: counted from another article's date they would be a guess to the week. The
    story anchor takes precedence over the document's own explicit dates, which only bound its date
    from below. An undated document of no such story keeps its rows (relative values stay partial).
    `anchor` records what was used, e.g. "story: doc 7f4e9355b6619558 published 2015-12-31".
    """
    dated = {
        str(row.doc_id): str(row.publication_date)
        for row in documents.itertuples(index=False)
        if isinstance(row.publication_date, str) and row.publication_date
    }
    actors: dict[str, set[str]] = {}
    # A mention not resolved to an entity names no actor to compare.
    resolved = mentions[mentions["entity_id"].notna()]
    for mention in resolved[["doc_id", "entity_id"]].itertuples(index=False):
        actors.setdefault(str(mention.doc_id), set()).add(str(mention.entity_id))
    own_values: dict[str, list[str]] = defaultdict(list)  # each document's values that need no anchor
    for doc_id, value, relative in zip(timexes["doc_id"], timexes["value"], timexes["is_relative"], strict=True):
        if isinstance(value, str) and not relative:
            own_values[str(doc_id)].append(value)
    dated_naming: dict[str, list[str]] = defaultdict(list)  # actor -> the dated documents that name it
    for doc_id in sorted(dated):
        for actor in actors.get(doc_id, set()):
            dated_naming[actor].append(doc_id)
    story = _event_stories(timexes, actors, settings.story_min_shared_actors)
    story_anchor: dict[str, _Anchor] = {}
    for doc_id in sorted(set(timexes["doc_id"].astype(str)) - set(dated)):
        shared = Counter(
            other
            for actor in actors.get(doc_id, set())
            for other in dated_naming[actor]
            if story.get(other, other) == story.get(doc_id, doc_id)
        )
        anchor = _story_anchor(shared, dated, own_values[doc_id], settings)
        if anchor is not None:
            story_anchor[doc_id] = anchor
    records: list[dict[str, Any]] = [
        {str(key): cell for key, cell in record.items()} for record in timexes.to_dict("records")
    ]
    rows = [_reanchored(record, story_anchor.get(str(record["doc_id"]))) for record in records]
    return _table(rows)


def _event_stories(timexes: pd.DataFrame, actors: dict[str, set[str]], min_shared: int) -> dict[str, str]:
    """doc_id -> its story (the smallest doc_id of it), for documents linked by shared events: two
    documents are linked when they share at least `min_shared` actors and name the same day of the
    year (month and day, with or without the year); a story is a chain of such links."""
    naming_day: dict[str, set[str]] = defaultdict(set)  # MM-DD -> the documents that name that day
    for doc_id, value in zip(timexes["doc_id"], timexes["value"], strict=True):
        if isinstance(value, str) and re.match(r"^(\d{4}|XXXX)-\d{2}-\d{2}", value):
            naming_day[value[5:10]].add(str(doc_id))
    parent: dict[str, str] = {}

    def root(doc_id: str) -> str:
        while parent.get(doc_id, doc_id) != doc_id:
            doc_id = parent[doc_id]
        return doc_id

    for _, docs in sorted(naming_day.items()):
        ordered = sorted(docs)
        for position, first in enumerate(ordered):
            for second in ordered[position + 1 :]:
                if len(actors.get(first, set()) & actors.get(second, set())) >= min_shared:
                    low, high = sorted((root(first), root(second)))
                    parent[high] = low
    return {doc_id: root(doc_id) for doc_id in parent}


def _reanchored(record: dict[str, Any], anchor: _Anchor | None) -> dict[str, Any]:
    """One timexes row resolved again against a story anchor (unchanged without one)."""
    relative = record["relative"]
    if anchor is None or not isinstance(relative, str):
        return record
    if "WXX" in relative:
        # A weekday counted from another article's date is a guess to the week: leave it partial.
        return record
    direction = "nearest" if _is_partial_year(relative) else str(record["direction"])
    resolved = _resolve(relative, direction, anchor)
    if resolved is None:
        return record
    return {**record, "value": resolved[0], "precision": resolved[1], "anchor": anchor.label}


# ---------------------------------------------------------------- finding expressions


@dataclass(frozen=True)
class _Gate:
    """A matcher of some of the patterns, and the words (LOWER ids) or token shapes one of which each
    of its patterns needs: a sentence with none of them matches none, so the matcher skips it."""

    matcher: Matcher
    words: frozenset[int]
    shapes: frozenset[int] = frozenset()


@dataclass(frozen=True)
class _Patterns:
    """Token patterns for time expressions NER tends to miss, in gated groups (calendar words, fixed
    phrases, holidays: a sentence runs only the matchers whose words it has), and the holidays by their
    names' words (see `_holiday_words`)."""

    gates: tuple[_Gate, ...]
    holidays: dict[tuple[str, ...], str]

    def spans(self, doc: Doc) -> list[Span]:
        words = set(doc.to_array("LOWER").tolist())
        shapes = set(doc.to_array("SHAPE").tolist())
        return [
            doc[start:end]
            for gate in self.gates
            if not (gate.words.isdisjoint(words) and gate.shapes.isdisjoint(shapes))
            for _, start, end in gate.matcher(doc)
        ]


# Clock times: "7:00 am", "4 P.M.", "11.30am", "2:00am", "23:02" (own rule; TIMEX3 writes THH:MM).
_MERIDIEMS = ("am", "pm", "a.m.", "p.m.", "a.m", "p.m")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
_CLOCK_GLUED = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.?|p\.m\.?)$")
_CLOCK_24 = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _patterns(nlp: Language, cues: _Cues, holidays: pd.DataFrame) -> _Patterns:
    """Token patterns for time expressions NER tends to miss (own rule; NER finds most of them)."""
    months = sorted(_MONTHS)
    abbreviations = sorted(
        month for month in _MONTHS if len(month) <= 4
    )  # "Dec." (a full stop that is not the sentence's)
    weekdays = sorted(_WEEKDAYS)
    units = sorted(cues.words("unit"))
    shifts = sorted(cues.words("shift") - {"the"})
    shift_phrase_words = sorted(w for p in cues.get("shift") for w in p if len(p) > 1)  # "earlier this month"
    seasons = sorted(cues.words("season"))
    parts_of_day = sorted(cues.words("part_of_day"))
    holiday_words = _holiday_words(nlp, holidays)
    phrases = [
        *cues.get("day_shift"),
        *cues.get("day_reference"),
        *cues.get("period_end"),
        *cues.get("weekend"),
    ]
    calendar: list[list[dict[str, Any]]] = [
        [{"LOWER": {"IN": weekdays}, "IS_TITLE": True}, {"LOWER": {"IN": parts_of_day}, "OP": "?"}],
        [{"LOWER": {"IN": shifts}}, {"LOWER": {"IN": weekdays}}],
        [{"LOWER": {"IN": abbreviations}, "POS": "PROPN"}, {"TEXT": "."}, {"LIKE_NUM": True, "OP": "?"}],
        [{"LOWER": {"IN": months}, "POS": "PROPN"}, {"LIKE_NUM": True, "OP": "?"}],
        [{"LOWER": {"IN": months}, "POS": "PROPN"}, {"LIKE_NUM": True}, {"TEXT": ","}, {"SHAPE": "dddd"}],
        [{"LOWER": {"IN": months}, "POS": "PROPN"}, {"SHAPE": "dddd"}],
        [
            {"LIKE_NUM": True},
            {"LOWER": {"IN": months}, "POS": "PROPN"},
            {"TEXT": ",", "OP": "?"},
            {"SHAPE": "dddd"},
        ],
        # "June last year", "12 June last year", "Feb. 1 last year"
        [
            {"LIKE_NUM": True, "OP": "?"},
            {"LOWER": {"IN": months}, "POS": "PROPN"},
            {"TEXT": ".", "OP": "?"},
            {"LIKE_NUM": True, "OP": "?"},
            {"LOWER": {"IN": shifts}},
            {"LOWER": "year"},
        ],
        [{"LOWER": {"IN": shifts}}, {"LOWER": {"IN": months}, "POS": "PROPN"}],  # "last November"
        [{"LOWER": {"IN": shifts}}, {"LOWER": {"IN": units}}],
        [{"LOWER": {"IN": shift_phrase_words}}, {"LOWER": "this"}, {"LOWER": {"IN": units}}],
        [{"LOWER": {"IN": shifts}}, {"LOWER": {"IN": seasons}}],  # "last summer"
        [{"LOWER": {"IN": seasons}}, {"SHAPE": "dddd"}],  # "summer 2019"
        [{"LIKE_NUM": True}, {"LOWER": {"IN": _MERIDIEMS}}],
        [{"LOWER": {"REGEX": _CLOCK_GLUED.pattern}}],
        [{"TEXT": {"REGEX": _CLOCK_24.pattern}}],
        [{"SHAPE": {"IN": list(_FIGURE_SHAPES)}, "TEXT": {"REGEX": _NUMERIC_DAY.pattern}}],
    ]
    calendar_words = [*months, *weekdays, *shifts, *shift_phrase_words, *seasons, *_MERIDIEMS]
    holiday_patterns = [
        [{"LOWER": words[0], "IS_TITLE": True}, *_phrase_pattern(words[1:]), *_HOLIDAY_TAIL] for words in holiday_words
    ]
    strings = nlp.vocab.strings
    gates = [
        _Gate(
            _matcher(nlp, calendar),
            frozenset(strings[word] for word in calendar_words),
            frozenset(strings.add(shape) for shape in (*_FIGURE_SHAPES, *_GLUED_CLOCK_SHAPES)),
        ),
        _Gate(
            _matcher(nlp, [_phrase_pattern(phrase) for phrase in phrases]),
            frozenset(strings[phrase[0]] for phrase in phrases),
        ),
        _Gate(_matcher(nlp, holiday_patterns), frozenset(strings[words[0]] for words in holiday_words)),
    ]
    return _Patterns(tuple(gate for gate in gates if gate.words), holiday_words)


def _matcher(nlp: Language, patterns: list[list[dict[str, Any]]]) -> Matcher:
    matcher = Matcher(nlp.vocab)
    if patterns:
        matcher.add("timex", patterns)
    return matcher


# spaCy's shapes of dates and clock times in figures: 20.01.2021, 1.3.2019, 2021-01-20, 23:02, 7:00.
_FIGURE_SHAPES = ("dd.dd.dddd", "d.dd.dddd", "dd.d.dddd", "d.d.dddd", "dddd-dd-dd", "dd:dd", "d:dd")


# spaCy's shapes of clock times glued to their meridiem (11.30am, 2:00am, 10PM; "2pm" is two tokens).
_GLUED_CLOCK_SHAPES = tuple(
    sorted(
        {
            word_shape(hour + minutes + meridiem)
            for hour in ("1", "10")
            for minutes in ("", ":30", ".30")
            for meridiem in (*_MERIDIEMS, *(m.upper() for m in _MERIDIEMS))
        }
    )
)


# After a holiday's name: its year, or "weekend" ("the Labor Day weekend").
_HOLIDAY_TAIL: list[dict[str, Any]] = [{"LOWER": "weekend", "OP": "?"}, {"SHAPE": "dddd", "OP": "?"}]


def _phrase_pattern(words: Iterable[str]) -> list[dict[str, Any]]:
    """A token pattern for a phrase of lower-case words, any punctuation allowed between them ("year-end")."""
    pattern: list[dict[str, Any]] = []
    for word in words:
        if pattern:
            pattern.append({"IS_PUNCT": True, "OP": "?"})
        pattern.append({"LOWER": word})
    return pattern


def _holiday_words(nlp: Language, holidays: pd.DataFrame) -> dict[tuple[str, ...], str]:
    """Each holiday's name as `_words` reads it ("New Year's Day" -> new, year, day) -> its rule in the
    anchor-free notation of the `relative` column: XXXX-12-25 (fixed), XXXX-11-4#4 (fourth Thursday of
    November; #-1 the last), XXXX-E-2 (two days before Easter Sunday)."""
    rules: dict[tuple[str, ...], str] = {}
    for name, month, day, weekday, nth, easter_offset in holidays[
        ["name", "month", "day", "weekday", "nth", "easter_offset"]
    ].itertuples(index=False, name=None):
        if month and day:
            rule = f"XXXX-{int(month):02d}-{int(day):02d}"
        elif month:
            rule = f"XXXX-{int(month):02d}-{int(weekday)}#{int(nth)}"
        else:
            rule = f"XXXX-E{int(easter_offset):+d}"
        rules[tuple(_words(list(nlp.make_doc(str(name)))))] = rule
    return rules


def _words(tokens: list[Token]) -> list[str]:
    """The words of an expression as its readings compare them: lower case, without punctuation but the
    full stop of an abbreviation, without a possessive ending ("Tuesday's" -> tuesday)."""
    return [t.lower_ for t in _content(tokens)]


def _content(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if (not t.is_punct or t.text == ".") and t.lower_ not in ("'s", "’s")]


def _candidates(
    doc: Doc, doc_id: str, sentence_id: str, offset: int, patterns: _Patterns, cues: _Cues
) -> Iterator[_Candidate]:
    read = [(span, _read(span, cues, patterns.holidays)) for span in [*_ner_spans(doc, cues), *patterns.spans(doc)]]
    # A span that reads as nothing ("two years last July") leaves its place to shorter ones ("last July").
    readings = {(span.start, span.end): reading for span, reading in read if reading is not None}
    readings.update(_range_ends(doc, readings))
    spans = _longest_first(doc[start:end] for start, end in readings)
    for span in spans:
        # A clock time after a day ("Friday 22 July 1994 23:02") is an expression of its own, dated by
        # the day before it (`_in_discourse`): a reader may quote the day with or without it.
        reading = readings[(span.start, span.end)]
        start = span.start
        # Own rule: "on"/"in" directly before the expression is part of what a reader quotes ("On Dec. 31").
        if start > 0 and doc[start - 1].lower_ in cues.words("included_preposition"):
            start -= 1
        tense, direction = _tense(span, cues)
        yield _Candidate(
            doc_id=doc_id,
            sentence_id=sentence_id,
            char_start=offset + doc[start].idx,
            char_end=offset + span.end_char,
            surface=doc[start : span.end].text,
            reading=reading,
            tense=tense,
            direction=reading.direction or _framed_direction(span, cues) or direction,
        )


# Words that join the two ends of a range of years ("from the 2006 to 2012 model years").
_RANGE_JOINERS = ("to", "through", "until", "and", "-", "–")


def _range_ends(doc: Doc, readings: dict[tuple[int, int], _Reading]) -> dict[tuple[int, int], _Reading]:
    """Own rule: a year that ends a range begun by a year expression is one too, though NER, seeing a
    number, leaves it out ("2006 to 2012")."""
    ends: dict[tuple[int, int], _Reading] = {}
    for (_, end), reading in readings.items():
        if reading.precision == "year" and end + 1 < len(doc) and doc[end].lower_ in _RANGE_JOINERS:
            year = doc[end + 1]
            if _YEAR.match(year.text) and not any(s <= year.i < e for s, e in readings):
                ends[(year.i, year.i + 1)] = _Reading("date", value=year.text, precision="year")
    return ends


# A date or a clock time printed in figures that NER may label a number: 20.01.2021, 2021-01-20, 23:02.
_NUMERIC_DAY = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$|^\d{4}-\d{2}-\d{2}$|^\d{1,2}:\d{2}$")


def _ner_spans(doc: Doc, cues: _Cues) -> Iterator[Span]:
    """spaCy DATE and TIME entities (dates in figures, which NER labels anything, are found by
    `_patterns`), split where a preposition or conjunction joins two expressions ("a month to December 30" -> "a month",
    "December 30"); "of" binds ("the end of next month")."""
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start = ent.start
        for token in ent:
            if token.pos_ in ("ADP", "CCONJ") and token.lower_ != "of":
                if token.i > start:
                    yield doc[start : token.i]
                start = token.i + 1
        if start < ent.end:
            yield doc[start : ent.end]


def _framed_direction(span: Span, cues: _Cues) -> str | None:
    """Own rule: where the words around an expression place it, whatever the tense. "since April":
    before the anchor; "until Monday", "the April 14 deadline", "extended the deadline to April 14":
    on either side (the nearest)."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.lower_,) in cues.get("range_word"):
        return cues.get("range_word")[(before.lower_,)]
    root = span.root
    if root.head.i != root.i and root.head.lemma_.lower() in cues.words("deadline_noun"):
        return "nearest"
    if (
        before is not None
        and before.lower_ == "to"
        and before.head.lemma_.lower() in cues.words("deferral_verb") | cues.words("deadline_noun")
    ):
        return "nearest"
    return None


def _longest_first(spans: Iterable[Span]) -> list[Span]:
    """Overlapping candidates: the longest wins (then the earliest); result in text order."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


# ---------------------------------------------------------------- reading one expression


def _read(span: Span, cues: _Cues, holidays: dict[tuple[str, ...], str]) -> _Reading | None:
    """The anchor-free reading of a span, or None when it names no calendar time."""
    tokens = _content(span)
    clock = _clock(tokens)
    if clock is not None:
        tokens = tokens[: clock[0]]
        if not tokens:  # "at 4 p.m.": on the day the text last named
            return _Reading("date", precision="time", relative=f"XXXX-XX-XXT{clock[1]}")
        dated = _read_words(span, tokens, cues, holidays)
        return _at_time(dated, clock[1]) if dated is not None else None
    return _read_words(span, tokens, cues, holidays)


def _read_words(span: Span, tokens: list[Token], cues: _Cues, holidays: dict[tuple[str, ...], str]) -> _Reading | None:
    words = [t.lower_ for t in tokens]
    if not words or tuple(words) in cues.get("not_a_date") or (words[0],) in cues.get("not_a_date"):
        return None
    if (words[0],) in cues.get("set"):
        unit = cues.get("set")[(words[0],)]
        return _Reading("set", precision=_PRECISION.get(unit))
    modifier = None
    found = cues.prefix("modifier", words)
    if found is not None and len(words) > found[0]:
        modifier = found[1]
        tokens, words = tokens[found[0] :], words[found[0] :]
        if words and words[0] == "-":
            tokens, words = tokens[1:], words[1:]
    reading = (
        _read_day(words, cues)
        or _read_holiday(tokens, words, holidays)
        or _read_season(tokens, words, cues)
        or _read_month_shift(words, cues)
        or _read_quarter(span, tokens, words, cues)
        or _read_shift(words, cues, after_modifier=modifier is not None)
        or _read_duration(tokens, words, cues)
        or _read_weekday(words, cues)
        or _read_calendar_in_shifted_year(tokens, words, cues)
        or _read_calendar(tokens)
        or _read_year_in(tokens)
    )
    return replace(reading, modifier=modifier or reading.modifier) if reading is not None else None


def _clock(tokens: list[Token]) -> tuple[int, str] | None:
    """(where it starts, HH:MM) of a clock time that ends the tokens: "7:00 am", "4 P.M.", "11.30am",
    "23:02"; none for a bare number ("at 4")."""
    if not tokens:
        return None
    last = tokens[-1].lower_
    glued = _CLOCK_GLUED.match(last)
    if glued:
        return len(tokens) - 1, _hhmm(glued[1], glued[2], glued[3])
    if last in _MERIDIEMS and len(tokens) >= 2:
        number = _CLOCK.match(tokens[-2].lower_)
        if number:
            return len(tokens) - 2, _hhmm(number[1], number[2], last)
    day_time = _CLOCK_24.match(last)
    if day_time:
        return len(tokens) - 1, f"{int(day_time[1]):02d}:{day_time[2]}"
    return None


def _hhmm(hours: str, minutes: str | None, meridiem: str) -> str:
    hour = int(hours) % 12 + (12 if meridiem.startswith("p") else 0)
    return f"{hour:02d}:{minutes or '00'}"


def _at_time(reading: _Reading, hhmm: str) -> _Reading:
    """A day's reading at a clock time ("Sunday 11.30am", "22 July 1994 23:02"); a coarser one keeps its own."""
    if reading.precision != "day":
        return reading
    return replace(
        reading,
        precision="time",
        value=f"{reading.value}T{hhmm}" if reading.value else None,
        relative=f"{reading.relative}T{hhmm}" if reading.relative else None,
    )


def _without_part_of_day(words: list[str], cues: _Cues) -> list[str]:
    """A part of the day after a day ("yesterday morning") is dropped: TIMEX3 writes the day, as the gold does."""
    return words[:-1] if len(words) > 1 and (words[-1],) in cues.get("part_of_day") else words


def _read_day(words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule: a day named from the anchor ("yesterday", "this morning", "last night", "yesterday
    morning") or from the day the text last named ("the next day", "later in the day"); and the end
    of a period ("year-end")."""
    phrase = tuple(words) if tuple(words) in cues.get("day_shift") else tuple(_without_part_of_day(words, cues))
    if phrase in cues.get("day_shift"):
        return _Reading("date", precision="day", relative=_shift(int(cues.get("day_shift")[phrase]), "D"))
    if phrase in cues.get("day_reference"):
        return _Reading("date", precision="day", relative=f"PREV{int(cues.get('day_reference')[phrase]):+d}D")
    if phrase[-2:] in cues.get("period_end") and all(word == "the" for word in phrase[:-2]):
        unit = cues.get("period_end")[phrase[-2:]]
        return _Reading("date", precision=_PRECISION[unit], relative=_shift(0, unit), modifier="END")
    return None


def _read_holiday(tokens: list[Token], words: list[str], holidays: dict[tuple[str, ...], str]) -> _Reading | None:
    """Own rule: a holiday by its name (pipeline/dictionaries/holidays.csv), in a year or not, or the
    weekend beside it ("the Labor Day weekend": TIMEX3 YYYY-Www-WE)."""
    rest = words[1:] if words and words[0] == "the" else words
    year = rest[-1] if rest and _YEAR.match(rest[-1]) else None
    rest = rest[:-1] if year else rest
    weekend = bool(rest) and rest[-1] == "weekend"
    rule = holidays.get(tuple(rest[:-1] if weekend else rest))
    if rule is None:
        return None
    day = rule_day(rule, int(year)) if year else None
    if day is not None:
        return (
            _Reading("date", value=_weekend_of(day), precision="week")
            if weekend
            else _Reading("date", value=day.isoformat(), precision="day")
        )
    return _Reading("date", precision="week" if weekend else "day", relative=f"{rule}-WE" if weekend else rule)


def _read_season(tokens: list[Token], words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule: "summer", "last summer", "summer 2019", "the summer of 2019" (TIMEX3 2019-SU)."""
    rest = [w for w in words if w not in ("the", "of")]
    seasons = cues.get("season")
    if not rest or not any((w,) in seasons for w in rest):
        return None
    if len(rest) == 2 and (rest[0],) in seasons and _YEAR.match(rest[1]):
        return _Reading("date", value=f"{rest[1]}-{seasons[(rest[0],)]}", precision="season")
    if len(rest) == 1:
        return _Reading("date", precision="season", relative=f"XXXX-{seasons[(rest[0],)]}")
    shift = cues.get("shift").get((rest[0],))
    if len(rest) == 2 and shift is not None and (rest[1],) in seasons:
        direction = {"-1": "before", "1": "after"}.get(shift, "nearest")
        return _Reading("date", precision="season", relative=f"XXXX-{seasons[(rest[1],)]}", direction=direction)
    return None


def _read_month_shift(words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule: "last November" (the latest November before the anchor), "next March", "this July"."""
    if len(words) != 2 or words[1].rstrip(".") not in _MONTHS or words[0] == "the":
        return None
    shift = cues.get("shift").get((words[0],))
    if shift is None:
        return None
    month = _MONTHS[words[1].rstrip(".")]
    if shift == "0":
        return _Reading("date", precision="month", relative=f"REF+0Y-{month:02d}")
    direction = "before" if int(shift) < 0 else "after"
    return _Reading("date", precision="month", relative=f"XXXX-{month:02d}", direction=direction)


def _read_calendar_in_shifted_year(tokens: list[Token], words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule: "June last year", "12 June last year", "Feb. 1 last year", "March next year"."""
    if len(words) < 3 or words[-1] != "year" or (words[-2],) not in cues.get("shift"):
        return None
    reading = _read_calendar(tokens[:-2])
    if reading is None or reading.relative is None or not reading.relative.startswith("XXXX-"):
        return None
    years = int(cues.get("shift")[(words[-2],)])
    return replace(reading, relative=f"REF{years:+d}Y{reading.relative[4:]}")


def _read_year_in(tokens: list[Token]) -> _Reading | None:
    """Own rule: the one year a date entity holds when it reads as nothing else ("2012 model years")."""
    years = [t.text for t in tokens if _YEAR.match(t.text)]
    return _Reading("date", value=years[0], precision="year") if len(years) == 1 else None


_PRECISION = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _shift(amount: int, unit: str) -> str:
    return f"REF{amount:+d}{unit}"


def _read_shift(words: list[str], cues: _Cues, after_modifier: bool) -> _Reading | None:
    """Own rule: "last month", "earlier this month", "next year" (cue + unit), "two weeks ago"."""
    units = cues.get("unit")
    found = cues.prefix("shift", words)
    if found is not None and len(words) == found[0] + 1 and (words[-1],) in units:
        if words[0] == "the" and not after_modifier:
            return None
        unit = units[(words[-1],)]
        return _Reading("date", precision=_PRECISION[unit], relative=_shift(int(found[1]), unit))
    if len(words) == 3 and (words[2],) in cues.get("before_anchor") and (words[1],) in units:
        count = _count(words[0], cues)
        if count is not None and count != "X":
            unit = units[(words[1],)]
            return _Reading("date", precision=_PRECISION[unit], relative=_shift(-int(count), unit))
    return None


def _count(word: str, cues: _Cues) -> str | None:
    if word.replace(",", "").isdigit():
        return word.replace(",", "")
    return cues.get("number").get((word,))


def _read_duration(tokens: list[Token], words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule (no library reads durations): a count and a unit, ISO 8601: "30 days" -> P30D,
    "another month" -> P1M, "several years" -> PXY. Any other word but "the", "past", "last" or a
    count word makes it something else ("two weeks ago" is a date)."""
    units = cues.get("unit")
    if len(words) < 2 or (words[-1],) not in units:
        return None
    count = cues.prefix("number", words[-3:-1]) if len(words) >= 3 else None
    if count is not None and count[0] == 2:
        head = words[:-3]
        amount = count[1]
    else:
        head = words[:-2]
        amount = _count(words[-2], cues) or ""
    if not amount or any(word not in ("the", "past", "last", "first", "next") for word in head):
        return None
    unit = units[(words[-1],)]
    return _Reading("duration", duration=f"P{amount}{unit}" if unit != "Q" else f"P{_times(amount, 3)}M")


def _times(amount: str, factor: int) -> str:
    return amount if amount == "X" else str(int(amount) * factor)


def _read_weekday(words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule: a weekday name, optionally after "last"/"next"/"this" (which then fixes the direction)
    and before a part of the day ("Wednesday afternoon"); "the weekend", "last weekend" likewise."""
    rest = [w for w in _without_part_of_day(words, cues) if w not in ("on", "the", "over")]
    if rest and (rest[-1],) in cues.get("weekend"):
        rest = [*rest[:-1], "weekend"]
    if not rest or (rest[-1] not in _WEEKDAYS and rest[-1] != "weekend"):
        return None
    direction = None
    if len(rest) == 2:
        shift = cues.get("shift").get((rest[0],))
        if shift is None:
            return None
        direction = {"-1": "before", "1": "after"}.get(shift, "nearest")
    elif len(rest) > 2:
        return None
    if rest[-1] == "weekend":
        return _Reading("date", precision="week", relative="XXXX-WXX-WE", direction=direction)
    return _Reading("date", precision="day", relative=f"XXXX-WXX-{_WEEKDAYS[rest[-1]]}", direction=direction)


def _read_quarter(span: Span, tokens: list[Token], words: list[str], cues: _Cues) -> _Reading | None:
    """Own rule: "the fourth quarter (of 2015)", "Q4 2015". A quarter that belongs to someone ("the
    company's fourth quarter") or is fiscal follows that company's calendar: not resolvable, value null."""
    quarter = None
    for index, word in enumerate(words):
        if re.fullmatch(r"q[1-4]", word):
            quarter = int(word[1])
        elif (word,) in cues.get("unit") and cues.get("unit")[(word,)] == "Q" and index > 0:
            ordinal = cues.get("ordinal").get((words[index - 1],))
            quarter = int(ordinal) if ordinal else None
    if quarter is None:
        return None
    years = [t.text for t in tokens if _YEAR.match(t.text)]
    fiscal = any((w,) in cues.get("fiscal") for w in words) or any(
        child.dep_ == "poss" for token in span for child in token.children
    )
    if years:
        return _Reading("date", value=f"{years[-1]}-Q{quarter}", precision="quarter")
    if fiscal:
        return _Reading("date", precision="quarter")
    return _Reading("date", precision="quarter", relative=f"XXXX-Q{quarter}")


def _read_calendar(tokens: list[Token]) -> _Reading | None:
    """A calendar date, parsed by dateparser: "Dec. 30", "31 Dec, 2015", "July 2014", "2010".

    Own guard: the span must hold a month name, a year or a numeric date, so that stray numbers
    ("the 30") are not read as a day of the current month. The year is taken only from the text.
    """
    texts = [t.text for t in tokens]
    if not tokens:
        return None
    # Own printed-date grammar first (day-first 20.01.2021, which dateparser reads month-first).
    # the text from the first token to the last, as the sentence prints it (a span's text: the Doc's
    # whole text is made anew on each access)
    printed_text = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text
    printed = printed_dates(printed_text)
    if len(printed) == 1 and printed[0].end - printed[0].start == len(printed_text):
        return _Reading("date", value=printed[0].value, precision="day" if len(printed[0].value) == 10 else "month")
    has_month = any(t.lower().rstrip(".") in _MONTHS for t in texts)
    years = [t for t in texts if _YEAR.match(t)]
    if not (has_month or years or any(_NUMERIC_DATE.match(t) for t in texts)):
        return None
    found = _calendar_date(" ".join(texts).replace(" .", "."))
    if found is None:
        return None
    parsed, period = found
    if period == "year":
        return _Reading("date", value=f"{parsed.year:04d}", precision="year") if years else None
    month_day = f"{parsed.month:02d}" if period == "month" else f"{parsed.month:02d}-{parsed.day:02d}"
    if period not in ("month", "day") or (not has_month and not years):
        return None
    if years:
        return _Reading("date", value=f"{parsed.year:04d}-{month_day}", precision=period)
    return _Reading("date", precision=period, relative=f"XXXX-{month_day}")


@functools.lru_cache(maxsize=4096)
def _calendar_date(text: str) -> tuple[date, str] | None:
    """dateparser's date and period ("time" read as "day") of a phrase, in the neutral year when it gives
    none. Remembered per phrase: it depends on the words alone (any anchor is applied afterwards)."""
    data = _calendar_parser().get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), "day" if data.period == "time" else str(data.period)


@functools.cache
def _calendar_parser() -> DateDataParser:
    """Built once per process: building one reads dateparser's settings and languages again."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(_NEUTRAL_YEAR, 1, 1), "PREFER_DAY_OF_MONTH": "first"},
    )


# ---------------------------------------------------------------- tense of the governing verb


def _tense(span: Span, cues: _Cues) -> tuple[str | None, str]:
    """Tense of the verb that governs the expression, and the direction it points from the anchor.

    Own rule: climb the dependency tree to the first verb outside the span. will/shall -> future,
    look after the anchor; would/could ("said it would exit by December 30") -> future seen from a past
    moment, no direction; simple past and perfect -> past, look before; present -> nearest. An
    infinitive or participle takes the tense of the verb it hangs on; "expected to" makes it future, and
    so does a noun of intention it completes ("a threat to strike on Monday").
    """
    verb = _governing_verb(span)
    if verb is None:
        return None, "nearest"
    return _verb_tense(verb, cues, depth=0)


_DIRECTION = {"past": "before", "future": "after", "present": "nearest"}


def _governing_verb(span: Span) -> Token | None:
    return _verb_above(span.root, span)


def _verb_above(token: Token, span: Span | None = None) -> Token | None:
    """The nearest verb among the token's ancestors (outside the span, if one is given)."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in _VERBS and (span is None or not span.start <= ancestor.i < span.end):
            return ancestor
    return None


def _verb_tense(verb: Token, cues: _Cues, depth: int) -> tuple[str | None, str]:
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    lowers = {child.lower_ for child in auxiliaries}
    if lowers & cues.words("future_modal"):
        return "future", "after"
    if lowers & cues.words("conditional_modal"):
        return "future", "nearest"
    if verb.tag_ == "VBD" or any(child.tag_ == "VBD" for child in auxiliaries):
        return "past", "before"
    if verb.tag_ == "VBN" and any(child.lemma_ == "have" for child in auxiliaries):
        return "past", "before"
    if "to" in lowers and verb.dep_ == "acl" and verb.head.lemma_.lower() in cues.words("intention_noun"):
        return "future", "after"  # "their threat to call a strike on Monday": what is threatened lies ahead
    finite = [child for child in auxiliaries if child.tag_ in ("VBZ", "VBP")]
    nonfinite = "to" in lowers or (verb.tag_ in ("VB", "VBG", "VBN") and not finite)
    governor = _verb_above(verb) if nonfinite else None
    if governor is not None and depth < _MAX_CLIMB:
        if governor.lemma_.lower() in cues.words("future_verb") and "to" in lowers:
            return "future", "after"
        return _verb_tense(governor, cues, depth + 1)
    if verb.lemma_.lower() in cues.words("future_verb") and any(c.dep_ == "xcomp" for c in verb.children):
        return "future", "after"
    if verb.tag_ in ("VBZ", "VBP") or finite:
        return "present", "nearest"
    return None, "nearest"


# ---------------------------------------------------------------- anchors and resolution


def _publication_anchor(publication_date: object) -> _Anchor | None:
    if not isinstance(publication_date, str) or not publication_date:
        return None
    return _anchor_of(publication_date, f"publication_date {publication_date}", is_publication=True)


def _anchor_of(value: str, label: str, is_publication: bool) -> _Anchor | None:
    parts = value.split("-")
    if not all(part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts] + [1, 1]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    return _Anchor(date(numbers[0], numbers[1], numbers[2]), precision, label, is_publication)


def _explicit_anchor(candidates: list[_Candidate]) -> _Anchor | None:
    """Own rule: the latest date with a year and at least a month that the document prints. A bare
    year ("the 2008 attack") is usually background, so it does not anchor."""
    values = [
        c.reading.value
        for c in candidates
        if c.reading.kind == "date" and c.reading.value and c.reading.precision in ("day", "month")
    ]
    if not values:
        return None
    latest = max(values)
    return _anchor_of(latest, f"document explicit date {latest}", is_publication=False)


def _row(candidate: _Candidate, anchor: _Anchor | None) -> dict[str, Any]:
    reading = candidate.reading
    value, precision, label = reading.value, reading.precision, NO_ANCHOR
    relative = reading.relative
    resolved = None
    if relative is not None and anchor is not None:
        # The document's own explicit date only supplies a missing year (nearest); shifts and
        # weekdays need the document's own date.
        usable = anchor.is_publication or _is_partial_year(relative)
        direction = candidate.direction if anchor.is_publication else "nearest"
        resolved = _resolve(relative, direction, anchor) if usable else None
    if resolved is not None:
        value, precision, label = resolved[0], resolved[1], anchor.label if anchor else NO_ANCHOR
    elif relative is not None and _TIMEX3_PARTIAL.match(relative):
        value = relative  # partial, nothing to count from: XXXX-12-30, XXXX-WXX-1 (never a guessed year)
    return {
        "doc_id": candidate.doc_id,
        "sentence_id": candidate.sentence_id,
        "char_start": candidate.char_start,
        "char_end": candidate.char_end,
        "surface": candidate.surface,
        "kind": reading.kind,
        "value": value,
        "precision": precision,
        "duration": reading.duration,
        "tense": candidate.tense,
        "anchor": label,
        "is_relative": relative is not None,
        "relative": relative,
        "direction": candidate.direction,
        "modifier": reading.modifier,
    }


_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# At most this many characters between a clock time and the day after it that it falls on (" on ").
_CLOCK_DAY_GAP = 4


def _in_discourse(rows: list[dict[str, Any]], anchor: _Anchor | None) -> list[dict[str, Any]]:
    """One document's rows (text order) with what depends on the text before them resolved.

    Own rule (TimeML's reference time): "the next day", "later in the day" and a clock time alone count
    from the day the text last named (else the anchor's day, when it is the document's own date); a
    date without its year whose month and day an earlier expression of the document gave with its year
    is that date (coreference: "Feb. 1 last year ... his Feb. 1 move").
    """
    last_day: str | None = None
    dated: dict[str, str] = {}  # MM-DD -> the YYYY-MM-DD the text gave it
    resolved: dict[int, dict[str, Any]] = {}
    for index in _discourse_order(rows):
        row = rows[index]
        relative = row["relative"]
        if isinstance(relative, str):
            row = _from_previous(row, relative, last_day, anchor) or _from_earlier(row, relative, dated) or row
        value = row["value"]
        if isinstance(value, str) and _DAY_VALUE.match(value):
            last_day = value[:10]
            if not row["is_relative"] or row["anchor"] != NO_ANCHOR:
                dated[value[5:10]] = value[:10]
        resolved[index] = row
    return [resolved[index] for index in range(len(rows))]


def _discourse_order(rows: list[dict[str, Any]]) -> list[int]:
    """The rows' positions in the order `_in_discourse` reads them: text order, except that a clock time
    right before the day it falls on ("at 4 p.m. on Monday") is read after that day."""
    order = list(range(len(rows)))
    for index in range(len(rows) - 1):
        row, following = rows[index], rows[index + 1]
        clock = isinstance(row["relative"], str) and row["relative"].startswith("XXXX-XX-XXT")
        if (
            clock
            and following["sentence_id"] == row["sentence_id"]
            and following["char_start"] - row["char_end"] <= _CLOCK_DAY_GAP
            and order[index] == index
        ):
            order[index], order[index + 1] = index + 1, index
    return order


def _from_previous(
    row: dict[str, Any], relative: str, last_day: str | None, anchor: _Anchor | None
) -> dict[str, Any] | None:
    """A row counted from the day the text last named (or the anchor's day), or None if it is not one."""
    day_part, _, hhmm = relative.partition("T")
    found = _FROM_PREVIOUS.match(day_part)
    if found is None:
        return None
    if last_day is not None:
        base, label = date.fromisoformat(last_day), f"previous expression {last_day}"
    elif anchor is not None and anchor.is_publication and anchor.precision == "day":
        base, label = anchor.day, anchor.label
    else:
        return None
    day = base + timedelta(days=int(found[1] or 0))
    value, precision = (f"{day.isoformat()}T{hhmm}", "time") if hhmm else (day.isoformat(), "day")
    return {**row, "value": value, "precision": precision, "anchor": label}


def _from_earlier(row: dict[str, Any], relative: str, dated: dict[str, str]) -> dict[str, Any] | None:
    """A date without its year that an earlier expression gave with its year, or None."""
    partial = _PARTIAL.match(relative)
    if partial is None or partial[2] is None or relative[5:] not in dated:
        return None
    earlier = dated[relative[5:]]
    return {**row, "value": earlier, "precision": "day", "anchor": f"earlier expression {earlier}"}


def _is_partial_year(relative: str) -> bool:
    """A calendar date without its year (XXXX-12-30, XXXX-11, XXXX-Q4, XXXX-SU, a holiday), not a
    weekday, a weekend, a shift or a day counted from the text."""
    return relative.startswith("XXXX-") and "WXX" not in relative and not relative.startswith("XXXX-XX")


def _within_calendar(
    resolve: Callable[[str, str, _Anchor], tuple[str, str] | None],
) -> Callable[[str, str, _Anchor], tuple[str, str] | None]:
    """A resolution that leaves the calendar resolves to nothing: counted from an anchor at its edge (a
    placeholder publication date such as 0001-01-01 or 9999-12-31) or far back ("10,000 years ago" is no
    year of the grammar), or not a value of the grammar at all (schemas.timex3)."""

    @functools.wraps(resolve)
    def resolved(relative: str, direction: str, anchor: _Anchor) -> tuple[str, str] | None:
        try:
            found = resolve(relative, direction, anchor)
        except (OverflowError, ValueError):  # a date before year 1 or after 9999
            return None
        return found if found is None or timex3.is_valid(found[0]) else None

    return resolved


@_within_calendar
def _resolve(relative: str, direction: str, anchor: _Anchor) -> tuple[str, str] | None:
    """Own rule: the anchor-free reading as a TIMEX3 value, or None when the anchor is too coarse (or
    the reading counts from the text, not the anchor: `_in_discourse`)."""
    day_part, _, hhmm = relative.partition("T")
    resolved = _resolve_day_part(day_part, direction, anchor)
    if resolved is not None and hhmm:
        return (f"{resolved[0]}T{hhmm}", "time") if resolved[1] == "day" else resolved
    return resolved


def _resolve_day_part(relative: str, direction: str, anchor: _Anchor) -> tuple[str, str] | None:
    shift = _RELATIVE.match(relative)
    if shift is not None:
        return _resolve_shift(int(shift.group(1)), shift.group(2), anchor)
    shifted = _SHIFTED_YEAR.match(relative)
    if shifted is not None:
        year = anchor.day.year + int(shifted[1])
        value = f"{year:04d}-{shifted[2]}" + (f"-{shifted[3]}" if shifted[3] else "")
        return (value, "day" if shifted[3] else "month") if is_calendar_date(value) else None
    if relative == "XXXX-WXX-WE":
        saturday = _resolve_weekday(6, direction, anchor)
        return (_weekend_of(date.fromisoformat(saturday[0])), "week") if saturday else None
    if relative.endswith("-WE"):
        holiday = _resolve_day_part(relative[:-3], direction, anchor)
        return (_weekend_of(date.fromisoformat(holiday[0])), "week") if holiday else None
    season = _SEASON.match(relative)
    if season is not None:
        seasons = [f"{year:04d}-{season[1]}" for year in _years(anchor)]  # their days: schemas.timex3
        periods = [period for value in seasons if timex3.is_valid(value) and (period := timex3.bounds(value))]
        chosen = _choose(periods, direction, anchor)
        return (f"{chosen.year:04d}-{season[1]}", "season") if chosen else None
    if _RULE_DAY.match(relative) and not _PARTIAL.match(relative):
        days = [d for d in (rule_day(relative, y) for y in _years(anchor)) if d]
        chosen = _choose([(d, d) for d in days], direction, anchor)
        return (chosen.isoformat(), "day") if chosen else None
    partial = _PARTIAL.match(relative)
    if partial is None:
        return None
    month, day, quarter, weekday = partial.groups()
    if weekday is not None:
        return _resolve_weekday(int(weekday), direction, anchor)
    if quarter is not None:
        start_month = 3 * int(quarter) - 2
        periods = [
            (date(y, start_month, 1), _add_months(date(y, start_month, 1), 3) - timedelta(days=1))
            for y in _years(anchor)
        ]
        chosen = _choose(periods, direction, anchor)
        return (f"{chosen.year:04d}-Q{quarter}", "quarter") if chosen else None
    if day is not None:
        periods = [(d, d) for d in (_date_or_none(y, int(month), int(day)) for y in _years(anchor)) if d]
        chosen = _choose(periods, direction, anchor)
        return (chosen.isoformat(), "day") if chosen else None
    periods = [
        (date(y, int(month), 1), _add_months(date(y, int(month), 1), 1) - timedelta(days=1)) for y in _years(anchor)
    ]
    chosen = _choose(periods, direction, anchor)
    return (f"{chosen.year:04d}-{chosen.month:02d}", "month") if chosen else None


def rule_day(rule: str, year: int) -> date | None:
    """The day a holiday's rule (`_holiday_words`) gives in a year: XXXX-12-25, XXXX-11-4#4 (the fourth
    Thursday of November; #-1 the last), XXXX-E-2 (two days before Easter Sunday)."""
    found = _RULE_DAY.match(rule)
    if found is None:
        return None
    fixed_month, fixed_day, month, weekday, nth, easter = found.groups()
    if easter is not None:
        return _easter(year) + timedelta(days=int(easter))
    if fixed_month is not None:
        return _date_or_none(year, int(fixed_month), int(fixed_day))
    days = [day for day in calendar.Calendar().itermonthdates(year, int(month)) if day.month == int(month)]
    matching = [day for day in days if day.isoweekday() == int(weekday)]
    index = int(nth) - 1 if int(nth) > 0 else int(nth)
    return matching[index] if -len(matching) <= index < len(matching) else None


def _easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def _weekend_of(day: date) -> str:
    """TIMEX3 YYYY-Www-WE of the weekend nearest a day (a Monday holiday's is the one before it)."""
    saturday = day + timedelta(days=(6 - day.isoweekday()) if day.isoweekday() >= 3 else -(day.isoweekday() + 1))
    year, week, _ = saturday.isocalendar()
    return f"{year:04d}-W{week:02d}-WE"


def _years(anchor: _Anchor) -> list[int]:
    """The years around the anchor's that the calendar has (an anchor in year 1 or 9999 has no year beyond)."""
    return [year for year in range(anchor.day.year - 1, anchor.day.year + 2) if date.min.year <= year <= date.max.year]


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _anchor_span(anchor: _Anchor) -> tuple[date, date]:
    if anchor.precision == "day":
        return anchor.day, anchor.day
    if anchor.precision == "month":
        return anchor.day, _add_months(anchor.day, 1) - timedelta(days=1)
    return anchor.day, date(anchor.day.year, 12, 31)


def _choose(periods: list[tuple[date, date]], direction: str, anchor: _Anchor) -> date | None:
    """Own rule: of the candidate periods (one per year around the anchor), the latest that starts
    on or before the anchor (past), the earliest that ends on or after it (future), else the nearest
    (ties go to the earlier one: news mostly reports what has happened)."""
    low, high = _anchor_span(anchor)
    if anchor.precision == "year":
        return None  # a year alone cannot place a month in the year before or after
    if direction == "before":
        before = [start for start, _ in periods if start <= high]
        return max(before) if before else None
    if direction == "after":
        after = [start for start, end in periods if end >= low]
        return min(after) if after else None

    def distance(period: tuple[date, date]) -> int:
        start, end = period
        return max((start - high).days, (low - end).days, 0)

    return min(periods, key=lambda period: (distance(period), period[0]))[0] if periods else None


def _resolve_weekday(weekday: int, direction: str, anchor: _Anchor) -> tuple[str, str] | None:
    """Own rule: past tense -> that weekday on or before the anchor (the same day counts: "Thursday"
    in an article of Thursday is that day); future -> on or after; otherwise the nearest one."""
    if anchor.precision != "day":
        return None
    gap = (anchor.day.isoweekday() - weekday) % 7  # days back to the weekday, 0..6
    if direction == "before":
        chosen = anchor.day - timedelta(days=gap)
    elif direction == "after":
        chosen = anchor.day + timedelta(days=(7 - gap) % 7)
    else:
        chosen = anchor.day - timedelta(days=gap) if gap <= 3 else anchor.day + timedelta(days=7 - gap)
    return chosen.isoformat(), "day"


def _resolve_shift(amount: int, unit: str, anchor: _Anchor) -> tuple[str, str] | None:
    """Own rule: count `amount` units from the anchor's own unit ("last month" in December -> November)."""
    needed = {"D": "day", "W": "day", "M": "month", "Q": "month", "Y": "year"}[unit]
    order = ["year", "month", "day"]
    if order.index(anchor.precision) < order.index(needed):
        return None
    if unit == "D":
        return (anchor.day + timedelta(days=amount)).isoformat(), "day"
    if unit == "W":
        year, week, _ = (anchor.day + timedelta(weeks=amount)).isocalendar()
        return f"{year:04d}-W{week:02d}", "week"
    if unit == "M":
        shifted = _add_months(anchor.day, amount)
        return f"{shifted.year:04d}-{shifted.month:02d}", "month"
    if unit == "Q":
        shifted = _add_months(date(anchor.day.year, 3 * ((anchor.day.month - 1) // 3) + 1, 1), 3 * amount)
        return f"{shifted.year:04d}-Q{(shifted.month - 1) // 3 + 1}", "quarter"
    return f"{anchor.day.year + amount:04d}", "year"


def _story_anchor(
    shared: Counter[str], dated: dict[str, str], own_values: list[str], settings: Settings
) -> _Anchor | None:
    """The anchor of an undated document: `shared` counts the actors it shares with each dated document
    of its story; a dated document whose date is far from the undated one's own dates is another story."""
    explicit = [v for v in own_values if re.match(r"^\d{4}-\d{2}", v)]
    reference = _anchor_of(max(explicit)[:10], "", False) if explicit else None

    def gap(other: str) -> int:
        anchor = _anchor_of(dated[other], "", False)
        return abs((anchor.day - reference.day).days) if anchor and reference else 0

    near = {other: count for other, count in shared.items() if gap(other) <= settings.story_max_date_gap_days}
    most = max((count for count in near.values() if count >= settings.story_min_shared_actors), default=0)
    if not most:
        return None
    best = min((other for other, count in near.items() if count == most), key=lambda other: (gap(other), other))
    return _anchor_of(dated[best], f"story: doc {best} published {dated[best]}", is_publication=False)


# ---------------------------------------------------------------- output


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    table = pd.DataFrame(rows).reindex(columns=[c for c in TIMEX_COLUMNS if c != "timex_id"])
    table = table.sort_values(["doc_id", "sentence_id", "char_start"], kind="stable").reset_index(drop=True)
    number = table.groupby("sentence_id", sort=False).cumcount() + 1
    table.insert(0, "timex_id", table["sentence_id"].astype(str) + "-t" + number.astype(str))
    # a value's precision is its own (schemas.timex3), whatever the words or the resolution suggested (a value
    # outside the grammar keeps it: the schema names the value)
    precision = [
        parsed.precision if (parsed := timex3.parse(value)) is not None else stated
        for value, stated in zip(table["value"].tolist(), table["precision"].tolist(), strict=True)
    ]
    return table.assign(precision=precision, **timex3.date_columns(table["value"])).astype({"is_relative": bool})
