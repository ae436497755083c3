"""Stage: raw_documents -> documents, removed.

Cleans each scraped article: HTML fragments to plain text, site furniture removed by the
patterns in `dictionaries/boilerplate.csv`, short labels (section names, captions) and repeated
paragraphs or clauses dropped, the headline found, and the publication date read from metadata,
a dateline, the page or its URL. Every stretch of raw text that is dropped becomes a `removed`
row with its offsets in the raw text and the reason, so a reviewer can audit the cleaning.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
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


@dataclass
class _Unit:
    """One paragraph of the raw text: its span in the raw text and its cleaned text."""

    start: int
    end: int
    text: str


@dataclass
class _Cleaned:
    paragraphs: list[str] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    has_headline: bool = False
    dateline: str | None = None


def documents(
    raw_documents: pd.DataFrame, boilerplate_patterns: pd.DataFrame, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One cleaned, dated row per article; the removed stretches; the articles left with no text.

    Grain: one `documents` row per readable input file, one `removed` row per dropped stretch.
    """
    patterns = _compile_patterns(boilerplate_patterns)
    doc_rows: list[dict[str, Any]] = []
    removed_rows: list[dict[str, Any]] = []
    reject_rows: list[dict[str, str]] = []
    for raw in raw_documents.itertuples(index=False):
        cleaned = _clean(str(raw.raw_text), patterns, settings)
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
            _opening(str(raw.raw_text), cleaned, {pattern.reason for pattern in patterns}, settings),
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
                "title": cleaned.paragraphs[0] if cleaned.has_headline else _none_if_missing(raw.html_title),
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
        removed_rows.extend({"doc_id": raw.doc_id, **row} for row in cleaned.removed)
    docs = pd.DataFrame(doc_rows, columns=DOCUMENT_COLUMNS)
    docs = docs.assign(**timex3.date_columns(docs["publication_date"]))
    removed = pd.DataFrame(removed_rows, columns=["doc_id", "char_start", "char_end", "text", "reason"])
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


def _opening(raw: str, cleaned: _Cleaned, furniture: set[str], settings: Settings) -> list[str]:
    """The first lines of the raw text as plain text, where a dateline may stand: headline, labels and
    bylines included, but not what a boilerplate pattern (reasons `furniture`) removed as site furniture
    (a page's current-date widget looks like a dateline)."""
    removed = [(row["char_start"], row["char_end"]) for row in cleaned.removed if row["reason"] in furniture]
    lines = _units(raw)[: settings.dateline_search_lines]
    return [line.text for line in lines if not any(start <= line.start < end for start, end in removed)]


def _none_if_missing(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    return str(value)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    scope: str
    reason: str


def _compile_patterns(table: pd.DataFrame) -> list[_Pattern]:
    rows = table.itertuples(index=False)
    return [_Pattern(re.compile(str(row.pattern)), str(row.scope), str(row.reason)) for row in rows]


def _plain(line: str) -> str:
    """A raw line as plain text: HTML tags and entities resolved, invisible characters dropped."""
    if "<" in line or "&" in line:
        line = html.unescape(_TAG.sub(" ", line))
    if not line.isprintable():  # format and control characters are never printable
        line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cf", "Cc") or ch == "\t")
    return _SPACE.sub(" ", line).strip()


def _units(raw: str) -> list[_Unit]:
    """Non-empty lines as paragraphs; a hard-wrapped line (no end punctuation, next starts lower-case) is joined."""
    units: list[_Unit] = []
    offset = 0
    previous_blank = True
    for line in raw.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        text = _plain(line)
        if not text:
            previous_blank = True
            continue
        lead = len(line) - len(line.lstrip())
        span_start, span_end = start + lead, start + len(line.rstrip())
        if units and not previous_blank and not units[-1].text.endswith(TERMINAL_PUNCTUATION) and text[0].islower():
            units[-1] = _Unit(units[-1].start, span_end, f"{units[-1].text} {text}")
        else:
            units.append(_Unit(span_start, span_end, text))
        previous_blank = False
    return units


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _is_label(text: str, settings: Settings) -> bool:
    """A short line that is not a sentence: a section name, a caption, a widget title."""
    return _word_count(text) <= settings.label_max_words and not text.endswith(TERMINAL_PUNCTUATION[:3])


def _headline_follows(units: list[_Unit], position: int, settings: Settings) -> bool:
    """Whether the line after units[position] looks like a headline: then a short line is a section
    label ("Mobile & Wireless" above the headline), otherwise it is itself a short headline."""
    if position + 1 >= len(units):
        return False
    following = units[position + 1].text
    return (
        _word_count(following) <= settings.headline_max_words
        and not following.endswith(".")
        and dateline_date(following, settings) is None
    )


def _clean(raw: str, patterns: list[_Pattern], settings: Settings) -> _Cleaned:
    out = _Cleaned()
    units = _units(raw)

    def drop(unit: _Unit, reason: str) -> None:
        out.removed.append(
            {"char_start": unit.start, "char_end": unit.end, "text": raw[unit.start : unit.end], "reason": reason}
        )

    def matching(text: str, scopes: tuple[str, ...]) -> _Pattern | None:
        return next((p for p in patterns if p.scope in scopes and p.regex.search(text)), None)

    kept: list[_Unit] = []
    seen: set[str] = set()
    for position, unit in enumerate(units):
        before_title = not kept
        pattern = matching(unit.text, ("line", "to_end", "before_title") if before_title else ("line", "to_end"))
        if pattern is not None and pattern.scope == "to_end" and not before_title:
            tail = _Unit(unit.start, units[-1].end, "")
            drop(tail, pattern.reason)
            break
        if pattern is not None:
            drop(unit, pattern.reason)
            continue
        if (
            not before_title
            and out.dateline is None
            and len(kept) <= settings.dateline_search_paragraphs
            and dateline_date(unit.text, settings) is not None
        ):
            out.dateline = unit.text
            kept.append(unit)
            continue
        if _is_label(unit.text, settings) and not (before_title and not _headline_follows(units, position, settings)):
            drop(unit, "label")
            continue
        key = unit.text.casefold()
        if key in seen:
            drop(unit, "repeated_paragraph")
            continue
        seen.add(key)
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
        kept.append(_Unit(unit.start, unit.end, text))

    out.paragraphs = [unit.text for unit in kept]
    out.has_headline = bool(kept) and _word_count(kept[0].text) <= settings.headline_max_words
    return out


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
