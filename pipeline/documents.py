"""Stage: raw_documents -> documents, removed.

Cleans each scraped article: HTML fragments to plain text, hard-wrapped lines and paragraphs broken
mid-sentence joined, letters split by a stray space inside a word rejoined, and the page's layout
recognised by what it is: site furniture by the patterns in `dictionaries/boilerplate.csv` (menus,
breadcrumbs, bylines, credits, adverts, share buttons, copyright, sign-up and comment prompts), short
labels, photo captions by their form, repeated paragraphs, and teasers for other stories by topic
coherence. The headline is the article's own and the date lines are kept; the publication date is
read by pipeline/publication_dates.py from metadata, the URL, the page, a dateline or the text. Every
stretch of raw text that is dropped or repaired becomes a `removed` row with its offsets in the raw
text and the reason, so a reviewer can audit the cleaning.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import pandas as pd

from pipeline.publication_dates import dateline_date, publication_date
from pipeline.settings import Settings
from pipeline.sources import REJECT_COLUMNS
from schemas import timex3

TERMINAL_PUNCTUATION = (".", "!", "?", ":", '"', "\u201d", "'", "\u2019", ")", ";")
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL | re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
_PUNCTUATION = "\"'\u201c\u201d\u2018\u2019.,;:!?()[]"
_WORD = re.compile(r"\w[\w'’.-]*")
_LETTERS = re.compile(r"[A-Za-z]+")
_LOWER_CASE_WORD = re.compile(r"[a-z]+(?:['\u2019][a-z]+)?(?![\w'\u2019-])")
# A word of bare letters, not part of "it's", "Ohio-based" or "G7": what a stray space may split.
_BARE_WORD = re.compile(r"(?<![\w'\u2019-])[A-Za-z]+(?![\w'\u2019-])")
# A sentence's end inside or at the end of a line: a full stop, question or exclamation mark (and a
# closing quotation mark) before a space or the line's end.
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)]*(?: |$)")
# Marks that open a list's item.
_LIST_MARKERS = ("\u2022", "\u00b7", "\u25aa", "\u25ba", "\u25a0", "- ", "* ", "\u2013 ", "\u2014 ")
# Quotation marks and brackets that may close a sentence after its full stop.
_CLOSERS = "\"'\u201d\u2019)]"
# A quotation mark anywhere: someone's words, never a photo caption.
_QUOTE_MARK = re.compile('["\u201c\u201d]')
# boilerplate.csv reasons of the lines that sign an article under its headline.
_BYLINE_REASONS = ("byline", "wire_credit")
# Scopes of the patterns whose line opens a block that runs to the end of the page.
TAIL_SCOPES = ("to_end", "reference_block")
REMOVED_COLUMNS = ["doc_id", "char_start", "char_end", "text", "reason", "replacement"]


@dataclass
class _Unit:
    """One paragraph of the raw text: its span in the raw text, its cleaned text and, once judged,
    why it is removed (None while it is kept) and whether it is a line holding the article's date."""

    start: int
    end: int
    text: str
    reason: str | None = None
    is_date_line: bool = False
    # in a block that runs to the end of the page (removed as one stretch)
    in_tail: bool = False
    # `removed` rows of the words rejoined in `text` (written only if the unit is kept)
    repairs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Section:
    """A run of headline-like lines (a headline, its deck) and the paragraphs under them."""

    heads: list[_Unit] = field(default_factory=list)
    body: list[_Unit] = field(default_factory=list)

    @property
    def units(self) -> list[_Unit]:
        return self.heads + self.body


@dataclass(frozen=True)
class _Layout:
    """The compiled patterns of boilerplate.csv, by scope."""

    furniture: list[tuple[re.Pattern[str], str, str]]  # (regex, scope, reason) of the furniture scopes
    date_line: re.Pattern[str] | None
    caption_form: re.Pattern[str] | None

    def is_date_line(self, text: str, settings: Settings) -> bool:
        """A short line holding a date, not a sentence or a caption (no closing full stop or bracket)."""
        return (
            self.date_line is not None
            and _at_most_words(text, settings.dateline_max_words)
            and not text.endswith((".", ")"))
            and self.date_line.search(text) is not None
        )

    def furniture_match(self, text: str) -> tuple[str, str] | None:
        """(scope, reason) of the first furniture pattern the line matches."""
        return next(((scope, reason) for regex, scope, reason in self.furniture if regex.search(text)), None)


@dataclass(frozen=True)
class _Vocabulary:
    """The words that split words are repaired against, and the everyday ones among them (no topic)."""

    words: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()


# The word sets of the last call, with the very table and the count they were made from: a process that
# cleans batch after batch with the same dictionary makes them once (some 50,000 words; only read).
_made: list[tuple[pd.DataFrame, int, _Vocabulary]] = []


def _vocabulary_of(vocabulary: pd.DataFrame, common_count: int) -> _Vocabulary:
    """The vocabulary's words, and those counted at least `common_count` times (the last ones made, when
    given the same table and count)."""
    if not _made or _made[0][0] is not vocabulary or _made[0][1] != common_count:
        common = vocabulary.loc[vocabulary["count"] >= common_count, "word"]
        # through lists: a text column's values one by one cost ten times more
        words = _Vocabulary(frozenset(vocabulary["word"].tolist()), frozenset(common.tolist()))
        _made[:] = [(vocabulary, common_count, words)]
    return _made[0][2]


@dataclass
class _Cleaned:
    paragraphs: list[str] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    dateline: str | None = None


def documents(
    raw_documents: pd.DataFrame,
    boilerplate_patterns: pd.DataFrame,
    settings: Settings,
    vocabulary: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One cleaned, dated row per article; the removed stretches; the articles left with no text.

    `vocabulary` (columns `word`, `count`, from `dictionaries.vocabulary`) is what split words are
    repaired against and what tells everyday words from a story's own; without it no word is repaired
    and only stop words are left out of the topic words.
    Grain: one `documents` row per readable input file, one `removed` row per dropped or repaired stretch.
    """
    layout = _compile_layout(boilerplate_patterns)
    words = _Vocabulary() if vocabulary is None else _vocabulary_of(vocabulary, settings.topic_common_count)
    doc_rows: list[dict[str, Any]] = []
    removed_rows: list[dict[str, Any]] = []
    reject_rows: list[dict[str, str]] = []
    for raw in raw_documents.itertuples(index=False):
        cleaned = _clean(str(raw.raw_text), layout, words, settings)
        if not cleaned.paragraphs:
            reject_rows.append(
                {
                    "source_name": str(raw.source_name),
                    "reason": "no_text",
                    "detail": f"nothing is left after removing site furniture "
                    f"({len(cleaned.removed)} stretches removed)",
                }
            )
            continue
        clean_text = "\n\n".join(cleaned.paragraphs)
        dated = publication_date(
            _none_if_missing(raw.metadata_date),
            _none_if_missing(raw.url),
            _none_if_missing(raw.html_date),
            _opening(str(raw.raw_text), cleaned, layout, settings),
            clean_text,
            settings,
        )
        doc_rows.append(
            {
                "doc_id": raw.doc_id,
                "source_name": raw.source_name,
                "content_sha256": raw.content_sha256,
                "media_type": raw.media_type,
                "encoding": raw.encoding,
                "url": _none_if_missing(raw.url),
                "publisher": _none_if_missing(raw.publisher),
                "title": cleaned.title if cleaned.title is not None else _none_if_missing(raw.html_title),
                "dateline": cleaned.dateline,
                "clean_text": clean_text,
                "publication_date": dated.value,
                "publication_date_basis": dated.basis,
                "publication_date_evidence": dated.evidence,
                "raw_char_count": len(str(raw.raw_text)),
                "char_count": len(clean_text),
                "word_count": len(_WORD.findall(clean_text)),
                "paragraph_count": len(cleaned.paragraphs),
                "removed_count": len(cleaned.removed),
            }
        )
        removed_rows.extend({"doc_id": raw.doc_id, "replacement": None, **row} for row in cleaned.removed)
    docs = pd.DataFrame(doc_rows, columns=DOCUMENT_COLUMNS)
    docs = docs.assign(**timex3.date_columns(docs["publication_date"]))
    removed = pd.DataFrame(removed_rows, columns=REMOVED_COLUMNS)
    removed = removed.sort_values(["doc_id", "char_start"], kind="stable").reset_index(drop=True)
    return docs, removed, pd.DataFrame(reject_rows, columns=REJECT_COLUMNS)


DOCUMENT_COLUMNS = [
    "doc_id",
    "source_name",
    "content_sha256",
    "media_type",
    "encoding",
    "url",
    "publisher",
    "title",
    "dateline",
    "clean_text",
    "publication_date",
    "publication_date_basis",
    "publication_date_evidence",
    "date_start",
    "date_end",
    "raw_char_count",
    "char_count",
    "word_count",
    "paragraph_count",
    "removed_count",
]


def _opening(raw: str, cleaned: _Cleaned, layout: _Layout, settings: Settings) -> list[str]:
    """The first lines of the raw text as plain text, where a dateline may stand: headline, labels and
    bylines included, but not what a boilerplate pattern removed as site furniture (a page's
    current-date widget looks like a dateline)."""
    furniture = {reason for _, _, reason in layout.furniture}
    removed = [(row["char_start"], row["char_end"]) for row in cleaned.removed if row["reason"] in furniture]
    lines = _units(raw, settings)[: settings.dateline_search_lines]
    return [line.text for line in lines if not any(start <= line.start < end for start, end in removed)]


def _none_if_missing(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    return str(value)


def _compile_layout(table: pd.DataFrame) -> _Layout:
    furniture: list[tuple[re.Pattern[str], str, str]] = []
    forms: dict[str, list[str]] = {"date_line": [], "caption_form": []}
    for row in table.itertuples(index=False):
        scope = str(row.scope)
        if scope in forms:
            forms[scope].append(f"(?:{row.pattern})")
        else:
            furniture.append((re.compile(str(row.pattern)), scope, str(row.reason)))
    date_line, caption_form = (re.compile("|".join(forms[s])) if forms[s] else None for s in forms)
    return _Layout(furniture, date_line, caption_form)


def _plain(line: str) -> str:
    """A raw line as plain text: HTML tags and entities resolved, invisible characters dropped."""
    if "<" in line or "&" in line:
        line = html.unescape(_TAG.sub(" ", line))
    if not line.isprintable():  # format and control characters are never printable
        line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cf", "Cc") or ch == "\t")
    return _SPACE.sub(" ", line).strip()


def _units(raw: str, settings: Settings) -> list[_Unit]:
    """Non-empty lines as paragraphs. A line runs on into the next one when the text is hard-wrapped
    (the line reaches its block's wrap margin, or it ends on a comma or a function word: "in effect
    for") or when the next line continues its sentence (it has no end punctuation and the next line
    opens with a lower-case word, even across a blank line: a paragraph broken in two by the page)."""
    units: list[_Unit] = []
    offset = 0
    previous_blank = True
    lines = raw.split("\n")
    wraps = _wrapped_lines(lines, settings)
    for number, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        text = _plain(line)
        if not text:
            previous_blank = True
            continue
        lead = len(line) - len(line.lstrip())
        span_start, span_end = start + lead, start + len(line.rstrip())
        continues = bool(units) and (
            (not previous_blank and (number - 1 in wraps or _ends_open(units[-1].text)))
            or (not units[-1].text.endswith(TERMINAL_PUNCTUATION) and _opens_lower_case(text))
        )
        if continues:
            units[-1] = _Unit(units[-1].start, span_end, f"{units[-1].text} {text}")
        else:
            units.append(_Unit(span_start, span_end, text))
        previous_blank = False
    return units


def _ends_open(text: str) -> bool:
    """Whether a line stops where its sentence cannot: on a comma or a function word in lower case."""
    last = text.rsplit(" ", 1)[-1]
    return text.endswith(",") or (last.isalpha() and last.islower() and last in _stop_words())


def _opens_lower_case(text: str) -> bool:
    """Whether the text opens with a word in lower case ("names included ...", "it's"; not "eBay" or "iPhone")."""
    return _LOWER_CASE_WORD.match(text) is not None


def _wrapped_lines(lines: list[str], settings: Settings) -> set[int]:
    """Numbers of the lines of hard-wrapped blocks (lines between blank lines) that run on into the
    next line. A block is hard-wrapped when it has three lines or more (two lines may be a caption and
    its credit), its longest line is as wide as a wrap margin, every line but its last reaches that
    margin, and it holds a sentence's end (a list of headlines has none)."""
    wrapped: set[int] = set()
    block: list[int] = []
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            block.append(number)
            continue
        texts = [lines[n].strip() for n in block]
        width = max((len(text) for text in texts), default=0)
        if (
            len(block) > 2
            and settings.hard_wrap_min_width <= width <= settings.hard_wrap_max_width
            and all(len(text) >= settings.hard_wrap_fill * width for text in texts[:-1])
            and any(_SENTENCE_END.search(text) for text in texts)
        ):
            wrapped.update(block[:-1])
        block = []
    return wrapped


def _repair_split_words(raw: str, unit: _Unit, vocabulary: frozenset[str]) -> _Unit:
    """The unit with letters split by a stray space rejoined ("Tues day" -> "Tuesday"), holding one
    `removed` row per repair (the raw stretch, reason `repair`, its `replacement`).

    Two neighbouring words are one when the joined word is in the vocabulary and a part is not; both
    parts are bare letters (not "it's" + "not"), the second in lower case (a word's continuation). A
    repair is made only where the raw text shows the two parts with nothing but white space between
    them, so that its offsets are exact.
    """
    if not vocabulary:
        return unit
    pieces: list[str] = []
    rows: list[dict[str, Any]] = []
    kept_to = 0  # unit.text is copied up to here
    cursor = unit.start  # the raw text is searched from here
    words = list(_BARE_WORD.finditer(unit.text))
    known = [word.group().lower() in vocabulary for word in words]
    for index in range(len(words) - 1):
        left, right = words[index], words[index + 1]
        if (known[index] and known[index + 1]) or left.start() < kept_to:
            continue  # two words (the common case), or the left part is already joined
        if right.start() != left.end() + 1 or unit.text[left.end()] != " " or not right.group().islower():
            continue
        joined = left.group() + right.group()
        if joined.lower() not in vocabulary:
            continue
        found = re.compile(rf"\b{left.group()}\s+{right.group()}\b").search(raw, cursor, unit.end)
        if found is None:
            continue
        rows.append(
            {
                "char_start": found.start(),
                "char_end": found.end(),
                "text": found.group(),
                "reason": "repair",
                "replacement": joined,
            }
        )
        pieces += [unit.text[kept_to : left.start()], joined]
        kept_to, cursor = right.end(), found.end()
    if not rows:
        return unit
    return _Unit(unit.start, unit.end, "".join([*pieces, unit.text[kept_to:]]), repairs=rows)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _at_most_words(text: str, limit: int) -> bool:
    """`_word_count(text) <= limit`, reading no further than the word after the limit (a paragraph is
    asked whether it is as short as a label or a headline many times)."""
    return sum(1 for _ in islice(_WORD.finditer(text), limit + 1)) <= limit


def _is_label(text: str, settings: Settings) -> bool:
    """A short line that is not a sentence: a section name, a caption, a widget title."""
    return _at_most_words(text, settings.label_max_words) and not text.endswith(TERMINAL_PUNCTUATION[:3])


def _is_headline_like(text: str, settings: Settings) -> bool:
    """A line that heads text rather than being text: short and without a closing full stop (a
    headline, a deck, a crosshead, a teaser's headline, a caption without a full stop). A list's item
    or a line that opens a list or runs on (a closing colon, comma or function word) is text."""
    return (
        _at_most_words(text, settings.headline_max_words)
        and not text.rstrip(_CLOSERS).endswith((".", "\u2026", ":", ",", ";"))
        and not text.startswith(_LIST_MARKERS)
        and not _ends_open(text)
    )


def _clean(raw: str, layout: _Layout, vocabulary: _Vocabulary, settings: Settings) -> _Cleaned:
    out = _Cleaned()
    units = [_repair_split_words(raw, unit, vocabulary.words) for unit in _units(raw, settings)]
    tail_scope = _mark_layout(units, layout, settings)
    _mark_labels(units, settings)
    _mark_repeats(units, settings)
    title = _mark_other_stories(units, vocabulary.common, settings)
    _mark_captions(units, title, settings)
    _choose_dateline(units, title, layout, settings, out, tail_scope == "reference_block")

    previous: _Unit | None = None
    for unit in units:
        if unit.reason is not None:
            if unit.in_tail and previous is not None and previous.in_tail and previous.reason == unit.reason:
                row = out.removed[-1]  # the block running to the end of the page is one stretch
                row.update(char_end=unit.end, text=raw[row["char_start"] : unit.end])
            else:
                span = {"char_start": unit.start, "char_end": unit.end, "text": raw[unit.start : unit.end]}
                out.removed.append({**span, "reason": unit.reason})
            previous = unit
            continue
        previous = unit
        out.removed.extend(unit.repairs)
        text, repeats = _drop_repeated_spans(unit.text, settings.repeated_span_min_words)
        for repeat in repeats:
            found = raw.rfind(repeat, unit.start, unit.end)
            start = found if found >= 0 else unit.start
            out.removed.append(
                {
                    "char_start": start,
                    "char_end": start + len(repeat),
                    "text": raw[start : start + len(repeat)],
                    "reason": "repeated_span",
                }
            )
        out.paragraphs.append(text)
        if unit is title:
            out.title = text
    return out


def _kept(units: list[_Unit], date_lines: bool = False) -> list[_Unit]:
    """The units still kept: the text units, and with `date_lines` the date lines too."""
    return [unit for unit in units if unit.reason is None and (date_lines or not unit.is_date_line)]


def _mark_layout(units: list[_Unit], layout: _Layout, settings: Settings) -> str | None:
    """Date lines, and site furniture by its patterns; returns the scope of the block that runs from
    its header to the end of the page (`to_end`: comment form, related articles; `reference_block`:
    an archive's permanent link and citation), if there is one.

    A short line holding a date is a date line, never furniture. A block to the end counts only once
    the article's text has begun; `before_title` patterns only before it. A photo credit makes the
    description next to it a caption when that has a caption's form.
    """
    text_started = False
    for position, unit in enumerate(units):
        unit.is_date_line = layout.is_date_line(unit.text, settings)
        if unit.is_date_line:
            continue
        found = layout.furniture_match(unit.text)
        if found is not None:
            scope, reason = found
            if scope in TAIL_SCOPES and text_started:
                for following in units[position:]:
                    following.reason, following.in_tail = reason, True
                    following.is_date_line = layout.is_date_line(following.text, settings)
                return scope
            if scope != "before_title" or not text_started:
                unit.reason = reason
                continue
        if not _is_headline_like(unit.text, settings):
            text_started = True
    for position, unit in enumerate(units):
        if unit.reason == "image_credit":
            for neighbour in units[max(0, position - 1) : position + 2]:
                if neighbour.reason is None and _has_caption_form(neighbour.text, layout, settings):
                    neighbour.reason, neighbour.is_date_line = "caption", False
    return None


def _has_caption_form(text: str, layout: _Layout, settings: Settings) -> bool:
    """A description that ends with the picture's date, in nobody's words (no quotation marks)."""
    return (
        layout.caption_form is not None
        and _at_most_words(text, settings.caption_max_words)
        and not _QUOTE_MARK.search(text)
        and layout.caption_form.search(text) is not None
    )


def _mark_labels(units: list[_Unit], settings: Settings) -> None:
    """Short lines that are not sentences (section names, widget titles) are labels; the first one is
    the headline itself when body text, not another headline, follows it."""
    kept = _kept(units)
    for position, unit in enumerate(kept):
        if not _is_label(unit.text, settings):
            continue
        following = kept[position + 1] if position + 1 < len(kept) else None
        heads_text = following is not None and not _is_headline_like(following.text, settings)
        # a headline never ends in a colon ("Conakry:" is the dateline's place)
        if not (position == 0 and heads_text and not unit.text.endswith(":")):
            unit.reason = "label"


def _mark_repeats(units: list[_Unit], settings: Settings) -> None:
    """A paragraph met before, or the opening words of one met before (a shortened copy), is a repeat."""
    seen: set[str] = set()
    earlier: list[list[str]] = []
    for unit in _kept(units, date_lines=True):
        key = unit.text.casefold()
        words = [word.strip(_PUNCTUATION) for word in key.split()]
        is_prefix = len(words) >= settings.repeated_prefix_min_words and any(
            len(other) > len(words) and other[: len(words)] == words for other in earlier
        )
        if key in seen or is_prefix:
            unit.reason = "repeated_paragraph"
            continue
        seen.add(key)
        earlier.append(words)


def _sections(units: list[_Unit], settings: Settings) -> list[_Section]:
    """The kept text in sections: each opens with its headline-like lines (none for the page's first
    text when it has no headline). The last line is text: a page cut short ends mid-paragraph."""
    kept = _kept(units)
    sections: list[_Section] = []
    for position, unit in enumerate(kept):
        heads = position + 1 < len(kept) and _is_headline_like(unit.text, settings)
        if heads and (not sections or sections[-1].body):
            sections.append(_Section(heads=[unit]))
        elif heads:
            sections[-1].heads.append(unit)
        else:
            if not sections:
                sections.append(_Section())
            sections[-1].body.append(unit)
    return sections


def _mark_other_stories(units: list[_Unit], common: frozenset[str], settings: Settings) -> _Unit | None:
    """Teasers for other stories, by topic coherence; returns the article's headline (None if it has none).

    A section is about the page's story when enough of its topic words (`_topic_words`) occur in the
    rest of the page's text. The article's main section is the one with the most words of text (not of
    headlines); the article begins at the earliest section before it that is about the story and is a
    section of the article, not a teaser (`opens_article`). A section above the article's start is
    not the article: another story's (`off_topic`), a related story's teaser (`teaser`) or too short to
    tell (`above_headline`: a notice, a stray line). Below the start, a section under a headline (not a
    crosshead) about another story is `off_topic`; a related one stays. Only a teaser's size is removed
    (a headline and at most one paragraph): a section of several paragraphs is a story of its own.
    """
    sections = _sections(units, settings)
    if not sections:
        return None
    topics = [_topic_words(section.units, common, settings) for section in sections]

    def about_the_story(position: int) -> bool | None:
        """True or False when the section tells, None when it has too few topic words to tell."""
        words = topics[position]
        if len(words) < settings.topic_min_words:
            return None
        rest = set().union(*(topic for other, topic in enumerate(topics) if other != position))
        return len(words & rest) >= settings.topic_min_overlap * len(words)

    def opens_article(position: int) -> bool:
        """Whether the section is the article's own beginning rather than a teaser above it: about the
        story, and with paragraphs of its own, or no headline, or followed by a section whose headline
        is not the article's (no byline or date line under it: a caption or a crosshead)."""
        section = sections[position]
        return bool(about_the_story(position)) and (
            len(section.body) > 1 or not section.heads or not _signed(sections[position + 1], units)
        )

    main = max(range(len(sections)), key=lambda s: (sum(_word_count(u.text) for u in sections[s].body), -s))
    start = main
    while start > 0 and opens_article(start - 1):
        start -= 1
    for position, section in enumerate(sections):
        about = about_the_story(position)
        if len(section.body) > 1:
            continue  # a story of its own on a page of several (a digest, a live page), not a teaser
        if position < start:
            reason = {False: "off_topic", True: "teaser", None: "above_headline"}[about]
        elif position > main and about is False and _headline_sized(section, settings):
            reason = "off_topic"
        else:
            continue
        for unit in section.units:
            unit.reason = reason
    heads = sections[start].heads
    return heads[0] if heads else None


def _headline_sized(section: _Section, settings: Settings) -> bool:
    """Whether the section opens with a line longer than a crosshead ("A long night ahead")."""
    return any(not _at_most_words(head.text, settings.crosshead_max_words) for head in section.heads)


def _signed(section: _Section, units: list[_Unit]) -> bool:
    """Whether a byline, a wire credit or a date line stands between the section's headline and its text."""
    if not section.heads or not section.body:
        return False
    between = units[units.index(section.heads[-1]) + 1 : units.index(section.body[0])]
    return any(unit.is_date_line or unit.reason in _BYLINE_REASONS for unit in between)


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _topic_words(units: list[_Unit], common: frozenset[str], settings: Settings) -> set[str]:
    """The units' topic words: no stop words, everyday words or numbers; compared by their opening
    letters, so that "Tunisian" meets "Tunisia"."""
    stop = _stop_words()
    return {
        word[: settings.topic_word_prefix]
        for unit in units
        for word in _LETTERS.findall(unit.text.lower())
        if len(word) > 2 and word not in stop and word not in common
    }


def _mark_captions(units: list[_Unit], title: _Unit | None, settings: Settings) -> None:
    """A line without a full stop inside the article, after its first paragraph, longer than a
    crosshead, is a photo caption ("Armed guards patrol the streets"); the page's last line is text,
    and so is a line of a list or of a sentence that goes on (`_may_be_caption`)."""
    kept = _kept(units)
    body_started = False
    for unit in kept[:-1]:
        if not _is_headline_like(unit.text, settings):
            body_started = True
        elif (
            body_started
            and unit is not title
            and not _at_most_words(unit.text, settings.crosshead_max_words)
            and _may_be_caption(unit.text)
        ):
            unit.reason = "caption"


def _may_be_caption(text: str) -> bool:
    """Whether a line without a full stop may be a caption: it opens with a capital (not a list's
    bullet or dash) and ends on a word that may end a description, not on a comma, a colon or a
    function word ("... could develop as early as": a sentence that goes on)."""
    words = _LETTERS.findall(text)
    return (
        text[:1].isupper()
        and not text.rstrip().endswith((",", ":", ";", "-", "\u2013", "\u2014", "/"))
        and bool(words)
        and words[-1].lower() not in _stop_words()
    )


def _choose_dateline(
    units: list[_Unit], title: _Unit | None, layout: _Layout, settings: Settings, out: _Cleaned, reference: bool
) -> None:
    """The dateline (the line kept whole as one sentence; the publication date is read apart, by
    pipeline/publication_dates.py): the first of the paragraphs right after the headline that reads as one, else the
    nearest date line above the headline, else (with `reference`, an archive's reference block below
    the article) the first date line of that block that reads as one (the citation: paper, date, page),
    kept. A current-date widget above the headline (`before_title`) is furniture when the article has a
    dateline below or when more menu lines stand between it and the headline; directly above the
    headline it is the article's date line."""
    kept = _kept(units, date_lines=True)
    at = kept.index(title) if title is not None else 0
    below = kept[at + 1 if title is not None else 0 :][: settings.dateline_search_paragraphs]
    for unit in below:
        if dateline_date(unit.text, settings) is not None:
            out.dateline = unit.text
            break
    headline_position = units.index(kept[at]) if kept else len(units)
    above = [unit for unit in units[:headline_position] if unit.is_date_line and unit.reason is None]
    for unit in reversed(above):
        found = layout.furniture_match(unit.text)
        position = units.index(unit)
        if (
            found is not None
            and found[0] == "before_title"
            and (out.dateline is not None or position + 1 < headline_position)
        ):
            unit.reason = found[1]
            continue
        if out.dateline is None and dateline_date(unit.text, settings) is not None:
            out.dateline = unit.text
    if out.dateline is None and reference:
        for unit in units:
            if unit.in_tail and unit.is_date_line and dateline_date(unit.text, settings) is not None:
                unit.reason = None
                out.dateline = unit.text
                break


def _drop_repeated_spans(text: str, min_words: int) -> tuple[str, list[str]]:
    """Remove an immediately repeated run of words ("X Y Z ... X Y Z ..."), keeping the first copy.

    Words compare without surrounding punctuation, so the copy that closes a quote ("...information,")
    still matches; that closing punctuation is kept.
    """
    repeats: list[str] = []
    while len(repeats) < 10:
        words = list(_NON_SPACE.finditer(text))
        if len(words) > 2000:
            break
        cores = [w.group().strip(_PUNCTUATION) for w in words]
        positions: dict[str, list[int]] = {}
        for index, core in enumerate(cores):
            positions.setdefault(core, []).append(index)
        found = None
        for i, core in enumerate(cores):
            # A copy of the run from word i starts where that word comes again: the furthest first (longest run).
            for j in reversed(positions[core]):
                length = j - i
                if length < min_words:
                    break
                if 2 * length <= len(words) - i and cores[i:j] == cores[j : j + length]:
                    last = words[i + 2 * length - 1]
                    core_end = last.start() + len(last.group().rstrip(_PUNCTUATION))
                    found = (words[i + length - 1].end(), core_end)
                    break
            if found:
                break
        if not found:
            break
        start, end = found
        repeats.append(text[start:end].strip())
        text = text[:start] + text[end:]
    return text, repeats
