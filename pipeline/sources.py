"""Reading the input folder: the one place that touches article files.

Turns a folder of scraped articles into the `raw_documents` table (one row per readable
article, decoded to text) and the `rejects` table (one row per file that could not be read,
with the reason). Nothing here interprets the text; cleaning is the documents stage.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import charset_normalizer
import pandas as pd

from pipeline.settings import Settings
from schemas.checks import is_calendar_date

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    "": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
}
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("file", "url", "publisher", "publication_date")

# File signatures of formats that are not text: named in the reject message.
_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
}
# Text whose share of control characters is above this is binary, whatever it decoded as.
_MAX_CONTROL_SHARE = 0.01
# Control characters (Unicode category Cc) other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# The date forms of news URLs (own rule, issue 19), most specific first, each read in the URL's path and
# query (never its host): year, month and day as groups. /2018/04/15/ (also /2018/4/15/); /2021/0726/;
# YYYY-MM-DD or YYYY_MM_DD inside a slug (ct-xpm-1992-03-14-9201230456-story.html, /news/2012-02-09/);
# YYYYMMDD alone or at the end of an id (/20100401/, idUSKBN1QL0XY20190304, CHP19850919.2.80), never
# inside a longer run of digits; and /YYYY/MM/ alone, a month.
_URL_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_URL_DATES = (
    re.compile(rf"/{_URL_YEAR}/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?=[/._-]|$)"),
    re.compile(rf"/{_URL_YEAR}/(?P<month>[01]\d)(?P<day>[0-3]\d)(?=[/._-]|$)"),
    re.compile(rf"(?<![\dA-Za-z]){_URL_YEAR}([-_])(?P<month>[01]\d)\2(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"(?<!\d){_URL_YEAR}(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"/{_URL_YEAR}/(?P<month>[01]?\d)(?=/)"),
)
# Dates htmldate may accept from a page's metadata: explicit bounds, because its default latest date is
# the day of the run (no date may depend on the clock: issue 19).
_HTML_DATE_BOUNDS = ("1800-01-01", "2099-12-31")

REJECT_COLUMNS = ["source_name", "reason", "detail"]
# Reasons read_articles gives when a file changed or vanished after it was listed: not the file's
# fault, so the next run reads it again (its reject is never reused from the cache).
TRANSIENT_REASONS = frozenset({"changed", "unreadable"})


@dataclass(frozen=True)
class Corpus:
    raw_documents: pd.DataFrame
    rejects: pd.DataFrame


@dataclass(frozen=True)
class Listing:
    """The article files of an input folder, not yet read: one `files` row per file to read (FILE_COLUMNS,
    name order), and the rejects found without decoding (sub-folders, empty, too large, duplicates, ...)."""

    input_dir: Path
    files: pd.DataFrame
    rejects: pd.DataFrame


class InputError(Exception):
    """The input folder itself cannot be used (missing, not a folder): the run cannot start."""


class _Rejected(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


FILE_COLUMNS = ["doc_id", "source_name", "content_sha256", "url", "publisher", "metadata_date"]
RAW_COLUMNS = [
    "doc_id",
    "source_name",
    "content_sha256",
    "media_type",
    "encoding",
    "raw_text",
    "html_title",
    "html_date",
    "url",
    "publisher",
    "metadata_date",
]


def read_corpus(input_dir: Path, settings: Settings) -> Corpus:
    """Every article file directly inside `input_dir` read at once (list_corpus, then read_articles)."""
    listing = list_corpus(input_dir, settings)
    read = read_articles(listing.input_dir, listing.files)
    return Corpus(read.raw_documents, pd.concat([listing.rejects, read.rejects], ignore_index=True))


def list_corpus(input_dir: Path, settings: Settings) -> Listing:
    """The article files directly inside `input_dir`, in name order, each hashed but not kept in memory.

    Sub-folders, unreadable, empty, oversized and duplicate files are rejected with a reason (what
    their bytes decode to is read_articles' part); `metadata.csv`, when present, adds
    url/publisher/publication_date.
    """
    if not input_dir.exists():
        raise InputError(f"input folder {input_dir} does not exist")
    if not input_dir.is_dir():
        raise InputError(f"input {input_dir} is not a folder (want a folder of article files)")
    rejects: list[dict[str, str]] = []
    metadata = _read_metadata(input_dir, rejects)
    rows: list[dict[str, object]] = []
    first_of_hash: dict[str, str] = {}
    names = sorted(path.name for path in input_dir.iterdir())
    for name in names:
        if name == METADATA_FILE:
            continue
        try:
            sha = _file_sha256(input_dir / name, settings)
        except _Rejected as rejected:
            rejects.append({"source_name": name, "reason": rejected.reason, "detail": rejected.detail})
            continue
        if sha in first_of_hash:
            rejects.append(
                {
                    "source_name": name,
                    "reason": "duplicate",
                    "detail": f"same bytes as {first_of_hash[sha]}, which is kept",
                }
            )
            continue
        first_of_hash[sha] = name
        rows.append(
            {
                "doc_id": sha[:16],
                "source_name": name,
                "content_sha256": sha,
                **{"url": None, "publisher": None, "metadata_date": None},
                **metadata.get(name, {}),
            }
        )
    for unknown in sorted(set(metadata) - set(names)):
        rejects.append(
            {
                "source_name": METADATA_FILE,
                "reason": "metadata_unknown_file",
                "detail": f"names file '{unknown}', which is not an article in {input_dir}",
            }
        )
    for reject in rejects:
        log.warning("%s: %s: %s", reject["source_name"], reject["reason"], reject["detail"])
    files = pd.DataFrame(rows, columns=FILE_COLUMNS)
    return Listing(input_dir, files, pd.DataFrame(rejects, columns=REJECT_COLUMNS).astype(str))


def read_articles(input_dir: Path, files: pd.DataFrame) -> Corpus:
    """The `files` rows of a listing read and decoded: one raw_documents row per article with text.

    Binary, undecodable and text-less files are rejected with a reason, and so is a file whose bytes
    changed since it was listed.
    """
    rows: list[dict[str, object]] = []
    rejects: list[dict[str, str]] = []
    for listed in files.to_dict("records"):
        name = str(listed["source_name"])
        try:
            row = _read_article(input_dir / name, str(listed["content_sha256"]))
        except _Rejected as rejected:
            rejects.append({"source_name": name, "reason": rejected.reason, "detail": rejected.detail})
            log.warning("%s: %s: %s", name, rejected.reason, rejected.detail)
            continue
        rows.append({str(column): value for column, value in listed.items()} | row)
    return Corpus(pd.DataFrame(rows, columns=RAW_COLUMNS), pd.DataFrame(rejects, columns=REJECT_COLUMNS).astype(str))


def _file_sha256(path: Path, settings: Settings) -> str:
    """SHA-256 of an article file's bytes, read in blocks; raises _Rejected for what cannot be an article."""
    try:
        info = path.stat()
    except OSError as err:  # a symlink loop or a dangling link
        raise _Rejected("unreadable", f"cannot follow the path: {err.strerror}") from err
    if stat.S_ISDIR(info.st_mode):
        raise _Rejected("not_a_file", "is a folder; sub-folders are not read (put articles directly in --input)")
    if not stat.S_ISREG(info.st_mode):
        raise _Rejected("not_a_file", "is not a regular file")
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        allowed = ", ".join(sorted(s for s in ARTICLE_SUFFIXES if s))
        raise _Rejected("unsupported_type", f"file type '{suffix}' is not read (want {allowed} or no suffix)")
    if info.st_size == 0:
        raise _Rejected("empty", "file is empty")
    if info.st_size > settings.max_input_bytes:
        raise _Rejected(
            "too_large",
            f"{info.st_size:,} bytes is over the limit of {settings.max_input_bytes:,} "
            "(raise it with --max-bytes if this really is one article)",
        )
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as err:
        raise _Rejected("unreadable", f"cannot read the file: {err.strerror}") from err
    return digest.hexdigest()


def _read_article(path: Path, sha256: str) -> dict[str, object]:
    """The decoded text of a listed file (its bytes must still hash to `sha256`) and how it was read."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _Rejected("unreadable", f"cannot read the file: {err.strerror}") from err
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _Rejected("changed", "the file changed while the run was reading the folder; run again to read it")
    text, encoding = decode(data)
    media_type = ARTICLE_SUFFIXES[path.suffix.lower()]
    row: dict[str, object] = {"media_type": media_type, "encoding": encoding, "html_title": None, "html_date": None}
    if media_type == "text/html":
        row.update(_extract_html(text))
    else:
        row["raw_text"] = text
    if not str(row["raw_text"]).strip():
        raise _Rejected(
            "no_text", "no text in the file" if media_type == "text/plain" else "no article text found in the page"
        )
    return row


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: BOMs first, then strict UTF-8, then a detected legacy encoding.

    Line endings become \\n and the text is NFC-normalised. Raises _Rejected for binary or
    undecodable data.
    """
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise _Rejected("binary", f"is a {kind}, not text")
    text: str | None = None
    encoding = ""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), codec
            except UnicodeDecodeError as err:
                raise _Rejected(
                    "undecodable", f"starts with a {codec} byte-order mark but is not valid {codec} (byte {err.start})"
                ) from err
            break
    if text is None:
        if b"\x00" in data:
            raise _Rejected("binary", "contains NUL bytes and no UTF-16 byte-order mark: not a text file")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data).best()
            if best is None:
                raise _Rejected("undecodable", "is neither UTF-8 nor any encoding that could be detected") from None
            text, encoding = str(best), best.encoding
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise _Rejected("binary", f"{controls} control characters in {len(text)}: not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), encoding


def _extract_html(html: str) -> dict[str, object]:
    """A saved web page: main text by trafilatura, date by htmldate (page metadata only)."""
    import trafilatura
    from htmldate import find_date

    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, with_metadata=True)
    if extracted is None:
        return {"raw_text": ""}
    text = getattr(extracted, "text", None) or ""
    title = getattr(extracted, "title", None)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return {
        "raw_text": unicodedata.normalize("NFC", text),
        "html_title": title,
        "html_date": find_date(
            html,
            extensive_search=False,
            original_date=True,
            min_date=_HTML_DATE_BOUNDS[0],
            max_date=_HTML_DATE_BOUNDS[1],
        ),
    }


def url_date(url: str | None) -> str | None:
    """The publication date a URL carries, as YYYY-MM-DD (YYYY-MM for /YYYY/MM/ alone): the first of the
    forms of `_URL_DATES` that its path and query hold as a date of the calendar."""
    if not url:
        return None
    parts = urlsplit(url)
    where = f"{parts.path}?{parts.query}" if parts.query else parts.path
    for pattern in _URL_DATES:
        for match in pattern.finditer(where):
            year, month = int(match["year"]), int(match["month"])
            day = int(match["day"]) if "day" in match.groupdict() else None
            if day is None:
                if 1 <= month <= 12:
                    return f"{year:04d}-{month:02d}"
                continue
            if is_calendar_date(f"{year:04d}-{month:02d}-{day:02d}"):
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _read_metadata(input_dir: Path, rejects: list[dict[str, str]]) -> dict[str, dict[str, object]]:
    """metadata.csv: file, and any of url, publisher, publication_date. Bad rows are rejected one by one."""
    path = input_dir / METADATA_FILE
    if not path.exists():
        return {}

    def reject(reason: str, detail: str) -> None:
        rejects.append({"source_name": METADATA_FILE, "reason": reason, "detail": detail})

    try:
        text, _ = decode(path.read_bytes())
    except (OSError, _Rejected) as err:
        reject("metadata_unreadable", f"cannot read {METADATA_FILE}: {err}")
        return {}
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    if "file" not in columns:
        reject(
            "metadata_missing_column",
            f"has no 'file' column (columns: {', '.join(columns) or 'none'}; "
            f"want file and any of url, publisher, publication_date); ignored",
        )
        return {}
    unknown = [c for c in columns if c not in METADATA_COLUMNS]
    if unknown:
        reject(
            "metadata_unknown_column",
            f"columns {', '.join(unknown)} are not read (known: {', '.join(METADATA_COLUMNS)})",
        )
    found: dict[str, dict[str, object]] = {}
    for line_no, record in enumerate(reader, start=2):
        record = {(k or "").strip(): (v or "").strip() for k, v in record.items()}
        name = record.get("file", "")
        if not name:
            reject("metadata_bad_row", f"row {line_no}: empty 'file' value; row ignored")
            continue
        date = record.get("publication_date") or None
        if date and not is_calendar_date(date):
            reject(
                "metadata_bad_date",
                f"row {line_no}: publication_date '{date}' is not a date "
                "(want YYYY-MM-DD, YYYY-MM or YYYY); date ignored",
            )
            date = None
        found[name] = {
            "url": record.get("url") or None,
            "publisher": record.get("publisher") or None,
            "metadata_date": date,
        }
    return found
