"""review.xlsx: a workbook for analysts to check events, and reading their verdicts back.

`review_workbook` writes the sheets timeline, events (with the evidence sentence beside each event
and the review columns, showing the verdicts already recorded), dropped_events (the events a verdict
dropped, so that the verdict can be changed), entities, conflicts and documents. `read_reviews`
reads the filled review cells of a saved workbook back; pipeline.reviews records and applies them.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Collection, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import fromstring

from pipeline.exports.event_flags import event_flags
from pipeline.exports.spreadsheet import FORMULA_STARTS
from pipeline.frames import records
from pipeline.plover import PLOVER_TYPES
from pipeline.reviews import record_frame
from schemas.reviews import NO_TARGET, REVIEW_COLUMNS, REVIEW_SHEETS, VERDICTS

EVENTS_SHEET, DROPPED_SHEET = REVIEW_SHEETS
ENTITIES_SHEET = "entities"
# Beside the review columns: what became of the recorded verdict (the reviews table's status and problem).
REVIEW_STATUS_COLUMNS = ["review_status", "review_problem"]
# Event columns shown before the review columns (what a reviewer reads), then the rest.
_EVENT_LEAD = [
    "event_id", "event_date", "date_precision", "date_start", "date_end", "event_type", "mode", "factuality",
    "source_actor", "target_actor", "has_conflict", "disputed", "evidence_sentence", "evidence_document",
]  # fmt: skip
_DROPPED_LEAD = [column for column in _EVENT_LEAD if column not in {"has_conflict", "disputed", "evidence_document"}]
# Characters of clean_text shown in the documents sheet (the whole text is in documents.csv).
DOCUMENT_TEXT_CHARS = 300
# Column widths, in characters: at least the header, at most this; long-text columns wrap at it.
MAX_COLUMN_WIDTH = 60
WIDE_COLUMNS = {
    "evidence_sentence", "summary", "comment", "review_problem", "clean_text_start", "sentence_a", "sentence_b",
    "aliases",
}  # fmt: skip
# Zip entries and the document properties get this timestamp (the zip format's earliest), so the same
# tables give the same bytes: a pure function reads no clock.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# The last-saved time of the workbook's properties: as written here (so no reviewer saved it), and where.
_WRITTEN_AT = "1980-01-01T00:00:00Z"
_CORE_PROPERTIES = "docProps/core.xml"
_MODIFIED = "{http://purl.org/dc/terms/}modified"
_REVIEW_FILL = PatternFill("solid", start_color="FFF2CC")
# Rows of a frame turned into Python values at a time while its sheet is written.
_ROWS_AT_A_TIME = 5000


class ReviewInvalid(ValueError):
    """A review workbook whose verdicts cannot be read; `problems` has one row per problem (workbook,
    sheet, row, column, value, message; sheet, row and column are null for the file as a whole)."""

    def __init__(self, problems: pd.DataFrame):
        super().__init__("\n".join(_problem_line(row) for row in records(problems)))
        self.problems = problems


def review_workbook(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """The review workbook for a run's tables (events, event_mentions, sentences, documents, entities,
    conflicts, timeline, reviews, dropped_events).

    The events and dropped_events sheets show each event's recorded verdict in the review columns
    (as the reviews table has it, with its status and problem beside), so a reviewer never loses
    work when a run replaces the workbook. Every sheet has a bold, frozen header row, an autofilter
    and widths that fit its columns. Text cells are written as text, never as formulas.
    """
    # each table read once from `tables` (which may read it from disk each time it is asked)
    events, dropped, reviews = tables["events"], tables["dropped_events"], tables["reviews"]
    documents, mentions, conflicts = tables["documents"], tables["event_mentions"], tables["conflicts"]
    flags = event_flags(events, mentions, conflicts)
    title_of = {
        doc_id: title if isinstance(title, str) else source
        for doc_id, title, source in zip(*_column_lists(documents, ["doc_id", "title", "source_name"]), strict=True)
    }
    sentences = tables["sentences"]
    first_document = _first_documents(events, mentions, sentences)
    conflict_sheet = _conflict_sheet(conflicts, sentences)
    del mentions, conflicts, sentences
    event_sheet = events.merge(flags, on="event_id", how="left", validate="one_to_one").assign(
        evidence_sentence=events["summary"].to_numpy(),
        evidence_document=events["event_id"].map(lambda e: title_of.get(first_document.get(e, ""), "")).to_numpy(),
    )
    dropped_sheet = dropped.drop(columns=["comment"]).assign(evidence_sentence=dropped["summary"].to_numpy())
    rest = [c for c in events.columns if c not in _EVENT_LEAD and c != "summary"]

    # Write-only: each row goes to the sheet's file as it is appended, so no sheet is held as cell objects;
    # widths, frozen panes, filters and validations are set on a sheet before its first row.
    workbook = Workbook(write_only=True)
    _write_sheet(workbook.create_sheet("timeline"), tables["timeline"])
    review_sheets = {
        EVENTS_SHEET: _with_reviews(event_sheet, reviews)[
            [*_EVENT_LEAD, *REVIEW_COLUMNS, *REVIEW_STATUS_COLUMNS, *rest]
        ],
        DROPPED_SHEET: _with_reviews(dropped_sheet, reviews)[
            [*_DROPPED_LEAD, *REVIEW_COLUMNS, *REVIEW_STATUS_COLUMNS, *rest]
        ],
    }
    entities = tables["entities"]
    for name, frame in review_sheets.items():
        ws = workbook.create_sheet(name)
        _add_review_inputs(ws, [str(column) for column in frame.columns], len(frame), entities)
        _write_sheet(ws, frame, review_columns=REVIEW_COLUMNS)
    _write_sheet(workbook.create_sheet(ENTITIES_SHEET), entities)
    _write_sheet(workbook.create_sheet("conflicts"), conflict_sheet)
    _write_sheet(workbook.create_sheet("documents"), _document_sheet(documents))
    workbook.active = workbook.sheetnames.index(EVENTS_SHEET)
    return _workbook_bytes(workbook)


def read_reviews(path: Path) -> pd.DataFrame:
    """The verdicts of a saved review workbook: one row per row of its events and dropped_events
    sheets with a filled review cell (pipeline.reviews.RECORD_COLUMNS).

    Cells are read as typed (trimmed; verdict lower-cased, corrected_type upper-cased; a date a
    spreadsheet turned into a date value as YYYY-MM-DD), with the workbook's path, sheet, row and
    last-saved time. Whether a verdict can be applied is for pipeline.reviews.apply_reviews to say;
    only what leaves rows unusable raises ReviewInvalid, naming every such problem: a file that is
    not an .xlsx workbook, a missing events sheet or review column, a filled row without event_id,
    an event reviewed on two rows.
    """
    name = str(path)
    try:
        saved_at = _saved_at(path)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as err:
        raise ReviewInvalid(
            _problems([(name, None, None, None, None, f"is not a readable .xlsx workbook ({err})")])
        ) from None
    try:
        sheets = {
            sheet: list(workbook[sheet].iter_rows(values_only=True))
            for sheet in REVIEW_SHEETS
            if sheet in workbook.sheetnames
        }
    finally:
        workbook.close()  # a read-only workbook keeps its file open until closed
    if EVENTS_SHEET not in sheets:
        raise ReviewInvalid(_problems([(name, EVENTS_SHEET, None, None, None, "sheet is missing")]))
    reviews: list[dict[str, Any]] = []
    problems: list[tuple[str, str | None, int | None, str | None, Any, str]] = []
    seen: dict[str, str] = {}
    wanted = ["event_id", *REVIEW_COLUMNS]
    for sheet, rows in sheets.items():
        header = [str(cell) if cell is not None else "" for cell in (rows or [()])[0]]
        missing = [column for column in wanted if column not in header]
        problems += [(name, sheet, 1, column, None, "column is missing from the header row") for column in missing]
        if missing:
            continue
        for number, cells in enumerate(rows[1:], start=2):
            values = {column: _cell_text(_cell(cells, header.index(column))) for column in wanted}
            if not any(values[column] for column in REVIEW_COLUMNS):
                continue
            event_id = values["event_id"]
            if event_id is None:
                problems.append((name, sheet, number, "event_id", None, "is empty: keep the event_id the run wrote"))
            elif event_id in seen:
                problems.append(
                    (name, sheet, number, "event_id", event_id, f"is reviewed twice (also {seen[event_id]}): keep one")
                )
            else:
                seen[event_id] = f"sheet '{sheet}' row {number}"
            verdict, corrected_type = values["verdict"], values["corrected_type"]
            reviews.append(
                {
                    **values,
                    "verdict": verdict.lower() if verdict else None,
                    "corrected_type": corrected_type.upper() if corrected_type else None,
                    "workbook": name,
                    "sheet": sheet,
                    "sheet_row": number,
                    "reviewed_at": saved_at,
                }
            )
    if problems:
        raise ReviewInvalid(_problems(problems))
    return record_frame(reviews)


def _with_reviews(sheet: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The sheet's rows with the review columns of their recorded verdicts (empty where none)."""
    recorded = reviews[["event_id", *REVIEW_COLUMNS, "status", "problem"]].rename(
        columns=dict(zip(["status", "problem"], REVIEW_STATUS_COLUMNS, strict=True))
    )
    return sheet.merge(recorded, on="event_id", how="left", validate="one_to_one")


def _saved_at(path: Path) -> str | None:
    """When the workbook was last saved, as its document properties say; None when they do not, or when
    a run wrote it and nobody saved it since."""
    with zipfile.ZipFile(path) as archive:
        if _CORE_PROPERTIES not in archive.namelist():
            return None
        element = fromstring(archive.read(_CORE_PROPERTIES)).find(_MODIFIED)
    text = (element.text or "").strip() if element is not None else ""
    return text if text and text != _WRITTEN_AT else None


def _cell(cells: tuple[Any, ...], index: int) -> Any:
    """A row's cell; a row read from a file may stop at its last filled cell."""
    return cells[index] if index < len(cells) else None


def _cell_text(value: Any) -> str | None:
    """A cell as trimmed text: None when empty; a date typed into a cell (which spreadsheets turn
    into a date value) as YYYY-MM-DD; a whole number (a year typed as 2015) without decimals."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _problems(rows: list[tuple[str, str | None, int | None, str | None, Any, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["workbook", "sheet", "row", "column", "value", "message"])


def _problem_line(problem: Any) -> str:
    where = problem.workbook
    if isinstance(problem.sheet, str):
        where += f" sheet '{problem.sheet}'"
    if not pd.isna(problem.row):
        where += f" row {int(problem.row)}"
    what = [problem.column] if isinstance(problem.column, str) else []
    if isinstance(problem.value, str):
        what.append(repr(problem.value))
    return f"{where}: {' '.join([*what, problem.message])}"


def _first_documents(events: pd.DataFrame, event_mentions: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, str]:
    """The document of each event's summary sentence (its first report)."""
    text_of = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    summary_of = dict(zip(events["event_id"], events["summary"], strict=True))
    first: dict[str, str] = {}
    matching: dict[str, str] = {}
    columns = _column_lists(event_mentions, ["event_id", "doc_id", "sentence_id"])
    for event_id, doc_id, sentence_id in zip(*columns, strict=True):
        first.setdefault(event_id, doc_id)
        if text_of.get(sentence_id) == summary_of.get(event_id):
            matching.setdefault(event_id, doc_id)
    return {**first, **matching}


def _conflict_sheet(conflicts: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    text_of = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    return conflicts.assign(
        sentence_a=conflicts["sentence_id_a"].map(lambda s: text_of.get(s, "")),
        sentence_b=conflicts["sentence_id_b"].map(lambda s: text_of.get(s, "")),
    )


def _document_sheet(documents: pd.DataFrame) -> pd.DataFrame:
    opening = documents["clean_text"].map(
        lambda text: text if len(text) <= DOCUMENT_TEXT_CHARS else text[:DOCUMENT_TEXT_CHARS].rstrip() + "…"
    )
    return documents.drop(columns=["clean_text"]).assign(clean_text_start=opening)


def _write_sheet(ws: WriteOnlyWorksheet, frame: pd.DataFrame, review_columns: Collection[str] = ()) -> None:
    """Header and rows; lists joined with ' | '; text never read as a formula; frozen header,
    autofilter, widths to fit; review columns (if any) with a filled header and text cells.

    `ws` is a write-only sheet with no rows yet: its layout is set first, then the rows are appended.
    """
    header = [str(column) for column in frame.columns]
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        lengths = [len(str(column))] + [len(str(_cell_value(v) or "")) for v in frame[column].head(200)]
        width = MAX_COLUMN_WIDTH if column in WIDE_COLUMNS else min(MAX_COLUMN_WIDTH, max(lengths) + 2)
        if column in review_columns:
            width = max(width, len(column) + 4)
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(header)))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    # With no rows, the review columns still have empty text cells in row 2 (where a reviewer types).
    empty_row = len(frame) == 0 and any(column in review_columns for column in frame.columns)
    dimension = f"A1:{last}{len(frame) + 1 + empty_row}" if header else "A1:A1"
    # A write-only sheet leaves out its used range (which readers in read-only mode size rows by) unless
    # it can tell it.
    ws.calculate_dimension = lambda: dimension

    bold = Font(bold=True)
    header_cells = []
    for column in header:
        cell = WriteOnlyCell(ws, column)
        cell.font = bold
        if column in review_columns:
            cell.fill = _REVIEW_FILL
        header_cells.append(cell)
    ws.append(header_cells)

    wrapped = Alignment(wrap_text=True, vertical="top")
    styles = [
        _style(ws, wrapped if column in WIDE_COLUMNS else None, "@" if column in review_columns else None)
        for column in frame.columns
    ]
    for start in range(0, len(frame), _ROWS_AT_A_TIME):
        columns = _column_lists(frame.iloc[start : start + _ROWS_AT_A_TIME], list(frame.columns))
        for row in zip(*columns, strict=True):
            ws.append([_sheet_cell(ws, _cell_value(value), style) for value, style in zip(row, styles, strict=True)])
    if empty_row:
        text = _style(ws, None, "@")
        ws.append([_sheet_cell(ws, None, text) if column in review_columns else None for column in frame.columns])


def _style(ws: WriteOnlyWorksheet, alignment: Alignment | None, number_format: str | None) -> StyleArray | None:
    """The style of a cell with this alignment and number format (None for neither), made once for a
    column and shared by its cells: setting each cell's style would look it up in the workbook again."""
    if alignment is None and number_format is None:
        return None
    cell = WriteOnlyCell(ws)
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format  # text: a typed date stays as typed
    return cell._style


def _sheet_cell(ws: WriteOnlyWorksheet, value: Any, style: StyleArray | None) -> Any:
    """What to append for a value: the value itself, or a cell where the column has a style or the
    value looks like a formula (kept as text)."""
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if style is None and not formula_like:
        return value
    cell = WriteOnlyCell(ws, value)
    if formula_like:
        cell.data_type = "s"  # text that looks like a formula stays text (OWASP)
    if style is not None and cell.has_style:  # a date's number format: the column's style wins where it is set
        cell._style = StyleArray([mine or own for mine, own in zip(style, cell._style, strict=True)])
    elif style is not None:
        cell._style = style
    return cell


def _column_lists(frame: pd.DataFrame, columns: list[Any]) -> list[list[Any]]:
    """The columns' values as Python lists (the values pipeline.frames.records gives, without a tuple
    per row)."""
    return [frame[column].tolist() for column in columns]


def _add_review_inputs(ws: WriteOnlyWorksheet, header: list[str], rows: int, entities: pd.DataFrame) -> None:
    """Drop-down lists and input hints on the review columns of the events sheet (the names of the
    entities sheet, which is written later, by its title for the corrected source and target)."""
    last_row = max(2, rows + 1)

    def column_range(column: str) -> str:
        letter = get_column_letter(header.index(column) + 1)
        return f"{letter}2:{letter}{last_row}"

    name_letter = get_column_letter(list(entities.columns).index("canonical_name") + 1)
    names = f"{quote_sheetname(ENTITIES_SHEET)}!${name_letter}$2:${name_letter}${max(2, len(entities) + 1)}"
    lists = {
        "verdict": ('"' + ",".join(VERDICTS) + '"', True),
        "corrected_type": ('"' + ",".join(PLOVER_TYPES) + '"', True),
        "corrected_source": (names, False),
        "corrected_target": (names, False),
    }
    for column, (formula, strict) in lists.items():
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict)
        validation.promptTitle = column
        validation.prompt = (
            "correct, wrong (drop the event) or fix (fill the corrections)"
            if column == "verdict"
            else "Pick from the list" + ("" if strict else f" (entities sheet); '{NO_TARGET}' removes the target")
        )
        validation.showInputMessage = True
        ws.data_validations.append(validation)  # what Worksheet.add_data_validation does (write-only has none)
        validation.add(column_range(column))
    # a TIMEX3 date (schemas.timex3): from a century (2 characters) to a time of day (YYYY-MM-DDTHH:MM:SS)
    date_hint = DataValidation(type="textLength", operator="between", formula1="2", formula2="19", allow_blank=True)
    date_hint.prompt = "YYYY-MM-DD, YYYY-MM or YYYY (or a week 2015-W52, a quarter 2015-Q4)"
    date_hint.showInputMessage = True
    ws.data_validations.append(date_hint)
    date_hint.add(column_range("corrected_date"))


def _cell_value(value: Any) -> Any:
    """A frame's cell as a sheet cell's value: lists joined, nulls (None, NaN, NA) empty, numpy scalars as
    Python's, dates (datetime.date) as they are: openpyxl writes them as Excel dates."""
    if isinstance(value, list | tuple | np.ndarray):
        return " | ".join(map(str, value))
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp, so equal contents give equal bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        """A file (openpyxl writes each sheet to a temporary file) copied in without reading it whole:
        the same entry as writestr makes of its bytes."""
        zinfo = zipfile.ZipInfo(arcname or Path(filename).name, date_time=_ZIP_TIME)
        zinfo.compress_type = self.compression if compress_type is None else compress_type
        if compresslevel is not None:
            zinfo._compresslevel = compresslevel  # type: ignore[attr-defined]  # as writestr sets it
        zinfo.file_size = Path(filename).stat().st_size
        with open(filename, "rb") as source, self.open(zinfo, mode="w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _workbook_bytes(workbook: Workbook) -> bytes:
    # openpyxl's save_workbook stamps the current time; the writer it wraps does not.
    workbook.properties.created = workbook.properties.modified = datetime(*_ZIP_TIME)
    buffer = io.BytesIO()
    ExcelWriter(workbook, _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()
