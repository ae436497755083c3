"""Publication dates of articles, read from the article and where it came from, never from the clock.

Used by the documents stage (pipeline/documents.py). In order of trust (issue 19):

1. the `metadata.csv` row's publication_date;
2. the URL (`pipeline.sources.url_date`: /2018/04/15/, /2021/0726/, a YYYY-MM-DD or YYYYMMDD inside a
   slug or an id);
3. the saved page's own metadata (htmldate, read when the page was read);
4. a dateline of the article itself: a short line of the opening that holds a date and otherwise only
   names, times and a few function words ("The Canadian Press, 31 Dec, 2015 12:20 PM", "Posted at
   9:05 AM, Mar 4, 2019", "Thursday, December 4, 1997; Page A01"), or the date at the head of the
   first paragraph ("ISLAMABAD, 21 August 2007 - A suicide attacker ...");
5. for an article with none of these, a reference date *inferred* from its own text: the latest full
   date (day, month and year printed) that the text reports as past, checked against the weekdays it
   names. Never a copyright year (a year alone is no full date) and never a line that is only a date
   (a page's current-date widget, the crawl date, looks the same as a dateline: only a dateline may
   give it, as the weakest kind).

Dates are read by this module's own grammar of printed dates (below), not by a library that may fill
in what the text does not say from today's date ("4 MIN READ" is no date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipeline.settings import Settings
from pipeline.sources import url_date

# Words a dateline may hold besides the date and capitalised names ("Posted on ... by Staff").
_DATELINE_FUNCTION_WORDS = frozenset(
    {
        "by",
        "on",
        "at",
        "and",
        "updated",
        "published",
        "posted",
        "last",
        "first",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "est",
        "gmt",
        "utc",
        "et",
        "pt",
        "of",
        "the",
        "is",
        "was",
        "from",
        "this",
        "article",
        "page",
        "edition",
        "issue",
    }
)
_WORD = re.compile(r"\w[\w'’.-]*")
# A name printed letter by letter ("P H I L A D E L P H I A") counts as one word.
_LETTER_SPACED = re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b")

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_NUMBERS["sept"] = 9
_MONTH = r"(?P<month>(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?)"
_WEEKDAY_NUMBERS = {name.lower(): number + 1 for number, name in enumerate(calendar.day_name)}  # ISO: Monday 1
_WEEKDAY_NUMBERS.update({name.lower(): number + 1 for number, name in enumerate(calendar.day_abbr)})
_WEEKDAY_NUMBERS.update({"tues": 2, "thur": 4, "thurs": 4})
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(_WEEKDAY_NUMBERS, key=len, reverse=True)) + r")\b\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)(?!\d)"
# The printed forms of a calendar date, most specific first. Own grammar (issue 19: no library that
# completes a partial date from the clock): month names in full or abbreviated, in either order.
_DATE_FORMS = (
    ("day", re.compile(rf"(?<![\w-]){_WEEKDAY}{_MONTH}\s*{_DAY},?\s+{_YEAR}", re.IGNORECASE)),
    ("day", re.compile(rf"(?<![\w-]){_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.IGNORECASE)),
    ("day", re.compile(r"(?<![\d.-])(?P<year>(?:1[6-9]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")),
    # day.month.year: the dotted form is day first wherever it is used
    ("day", re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:1[6-9]|20)\d\d)(?![\d.]\d)")),
    # month/day/year or day/month/year: only when one of the two cannot be a month
    ("slash", re.compile(r"(?<![\d/])(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/(?P<year>(?:1[6-9]|20)\d\d)(?![\d/])")),
    ("month", re.compile(rf"(?<![\w-]){_MONTH},?\s+{_YEAR}", re.IGNORECASE)),
)
# The year every date form prints: a text without one prints no date (most sentences), found at once.
_ANY_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")
# Dashes that end the dateline at the head of a paragraph: "BOGOTA, Colombia -- After years ...".
_LEAD_DATELINE_END = re.compile(r"\s(?:—|–|--|-)\s")
# Words of a sentence that put what follows in the future ("the talks set for July 20, 1999"): a date
# after one of them in its sentence is no past reported date.
_FUTURE_CUES = frozenset(
    {
        "will",
        "shall",
        "'ll",
        "until",
        "till",
        "scheduled",
        "due",
        "expected",
        "planned",
        "plans",
        "deadline",
        "next",
        "upcoming",
    }
)
# A caption of an old photograph ("FILE - A laborer ... April 30, 2014. (AP Photo/..., File)"): its date
# is the photograph's, not the story's.
_FILE_PHOTO = re.compile(r"\bFILE\b|\bFile\)|\bfile photo\b|\bFile Photo\b")
_WEEKDAY_NAME = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])|\n+")


@dataclass(frozen=True)
class PrintedDate:
    """A date printed in a text: where, its TIMEX3 value (YYYY-MM-DD or YYYY-MM), the weekday printed with it."""

    start: int
    end: int
    value: str
    weekday: int | None


@dataclass(frozen=True)
class PublicationDate:
    """An article's publication date (null when nothing gives one), where it comes from (`basis`, as in
    schemas.documents.DATE_BASES) and the evidence: the URL, the dateline line or the expressions it was
    inferred from."""

    value: str | None
    basis: str
    evidence: str | None


def printed_dates(text: str) -> list[PrintedDate]:
    """Every date the text prints with its year: "March 3, 2004", "21 August 2007", "2010-04-01",
    "20.01.2021", "13/04/2019" (not "04/03/2019": which is the month?) and "July 2015", in text order;
    a month name must be capitalised ("may" is a verb)."""
    if _ANY_YEAR.search(text) is None:
        return []
    found: list[PrintedDate] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            value = _value(form, match)
            if value is None:
                continue
            weekday = match.groupdict().get("weekday")
            found.append(PrintedDate(start, end, value, _WEEKDAY_NUMBERS[weekday.lower()] if weekday else None))
            taken.append((start, end))
    return sorted(found, key=lambda printed: printed.start)


def _value(form: str, match: re.Match[str]) -> str | None:
    """The TIMEX3 value of one match of a date form, or None when it is no calendar date."""
    groups = match.groupdict()
    month_text = groups.get("month") or ""
    if month_text[:1].isalpha() and not month_text[0].isupper():
        return None
    year = int(groups["year"])
    if form == "slash":
        first, second = int(groups["first"]), int(groups["second"])
        if (first <= 12) == (second <= 12):
            return None  # 04/03/2019: April 3 or 4 March; 13/14/2019: neither
        month, day = (first, second) if first <= 12 else (second, first)
    else:
        month = int(month_text) if month_text.isdigit() else _MONTH_NUMBERS[month_text.rstrip(".").lower()]
        if form == "month":
            return f"{year:04d}-{month:02d}"
        day = int(groups["day"])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def dateline_date(text: str, settings: Settings) -> str | None:
    """The date of a dateline ("The Canadian Press, 31 Dec, 2015 12:20 PM"), as YYYY-MM-DD or YYYY-MM.

    A dateline is short and, once its date and times are taken out, holds only capitalised words (the
    agency, the place), numbers and a few function words ("Posted on ... by"): a sentence that merely
    mentions a date ("In July 2014, BlackBerry acquired ...") is not one, nor is a line without a
    printed year ("4 MIN READ", "Updated 2 hours ago").
    """
    if len(_WORD.findall(_LETTER_SPACED.sub("X", text))) > settings.dateline_max_words:
        return None
    found = printed_dates(text)
    if not found:
        return None
    rest = text[: found[0].start] + " " + text[found[0].end :]
    for word in _WORD.findall(rest):
        if not (word[0].isupper() or word[0].isdigit() or word.lower() in _DATELINE_FUNCTION_WORDS):
            return None
    return found[0].value


def lead_dateline(paragraph: str, settings: Settings) -> tuple[str, str] | None:
    """(date, dateline) of the dateline that opens a paragraph, up to its dash: "ISLAMABAD, 21 August
    2007 - A suicide attacker ...", "P H I L A D E L P H I A, March 3, 2004 -- Despite ..."."""
    end = _LEAD_DATELINE_END.search(paragraph)
    if end is None or end.start() == 0:
        return None
    value = dateline_date(paragraph[: end.start()], settings)
    return (value, paragraph[: end.start()]) if value else None


def publication_date(
    metadata_date: str | None,
    url: str | None,
    html_date: str | None,
    opening: list[str],
    clean_text: str,
    settings: Settings,
) -> PublicationDate:
    """The publication date of one article, by the order of trust in the module docstring.

    `opening`: the first lines of its raw text as plain text (headline, labels and datelines included,
    whatever the cleaning keeps); `clean_text`: its cleaned text, for a date inferred from the body.
    """
    if metadata_date:
        return PublicationDate(metadata_date, "metadata", "metadata.csv")
    from_url = url_date(url)
    if from_url and url:
        return PublicationDate(from_url, "metadata", url)
    if html_date:
        return PublicationDate(html_date, "metadata", "page metadata")
    dated = _dateline(opening[: settings.dateline_search_lines], settings)
    if dated is not None:
        return PublicationDate(dated[0], "dateline", dated[1])
    inferred = inferred_date(clean_text)
    if inferred is not None:
        return PublicationDate(inferred[0], "inferred", inferred[1])
    return PublicationDate(None, "unknown", None)


def _dateline(lines: list[str], settings: Settings) -> tuple[str, str] | None:
    """(date, line) of the opening's dateline. A dateline with words beside its date (an agency, a
    place, "Posted") or at the head of a paragraph goes before a line that is only a date, which may
    be the page's current-date widget; among equals, the first."""
    bare: tuple[str, str] | None = None
    for line in lines:
        value = dateline_date(line, settings)
        if value is None:
            lead = lead_dateline(line, settings)
            if lead is not None:
                return lead
            continue
        words = [word for word in _WORD.findall(line) if not _is_date_word(word)]
        if words:
            return value, line
        bare = bare or (value, line)
    return bare


def _is_date_word(word: str) -> bool:
    """A word that a printed date, a weekday or a clock time is made of."""
    lower = word.lower().rstrip(".,")
    return lower in _MONTH_NUMBERS or lower in _WEEKDAY_NUMBERS or lower[:1].isdigit() or lower in ("am", "pm")


def inferred_date(text: str) -> tuple[str, str] | None:
    """(date, evidence) of an undated article from its own text, or None when the text does not fix one.

    Own rule (issue 19): the latest full date printed inside a sentence of the text that the sentence
    does not put in the future (no "will", "until", "scheduled", "by" ... before it) and that is not the
    date of a file photograph. A line that is only a date is left out: it may be a page widget. When
    the text names weekdays (outside the dates themselves), the date must fall on one of them, else it
    is no reference date ("on Tuesday" and "August 17, 2010" agree: that day was a Tuesday).
    """
    candidates: list[tuple[str, str]] = []
    weekdays: set[int] = set()
    for sentence in _SENTENCE_END.split(text):
        printed = [p for p in printed_dates(sentence) if len(p.value) == 10]
        outside = _strip_spans(sentence, printed)
        weekdays.update(_WEEKDAY_NUMBERS[name.lower()] for name in _WEEKDAY_NAME.findall(outside))
        if not printed or not _WORD.findall(outside) or _FILE_PHOTO.search(sentence):
            continue
        for date_found in printed:
            before = {word.lower() for word in _WORD.findall(sentence[: date_found.start])}
            if before & _FUTURE_CUES:
                continue
            candidates.append((date_found.value, sentence[date_found.start : date_found.end]))
    if not candidates:
        return None
    value, surface = max(candidates)
    if weekdays and date.fromisoformat(value).isoweekday() not in weekdays:
        return None
    return value, surface


def _strip_spans(text: str, spans: list[PrintedDate]) -> str:
    """The text without the given printed dates."""
    pieces, position = [], 0
    for span in spans:
        pieces.append(text[position : span.start])
        position = span.end
    pieces.append(text[position:])
    return " ".join(pieces)
