"""review.xlsx: a workbook for analysts to check events, and reading their verdicts back.

`review_workbook` writes the sheets timeline, events (with the evidence sentence beside each event
and empty review columns), entities, conflicts and documents. `read_reviews` reads a filled workbook
into a `reviews` table (schemas.reviews.ReviewSchema), reporting every bad cell by sheet and row at
once; `apply_reviews` applies the verdicts to the events table.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pipeline.exports.event_flags import event_flags
from pipeline.exports.spreadsheet import FORMULA_STARTS
from pipeline.frames import records
from pipeline.plover import PLOVER_MODES, PLOVER_TYPES
from schemas.checks import is_calendar_date
from schemas.reviews import VERDICTS

EVENTS_SHEET = "events"
ENTITIES_SHEET = "entities"
# The columns a reviewer fills, in order.
REVIEW_COLUMNS = ["verdict", "corrected_type", "corrected_source", "corrected_target", "corrected_date", "comment"]
CORRECTION_COLUMNS = REVIEW_COLUMNS[1:5]
# What a reviewer types in corrected_target to remove the target.
NO_TARGET = "none"
# Event columns shown before the review columns (what a reviewer reads), then the rest.
_EVENT_LEAD = [
    "event_id", "event_date", "date_precision", "event_type", "mode", "factuality", "source_actor",
    "target_actor", "has_conflict", "disputed", "evidence_sentence", "evidence_document",
]  # fmt: skip
# Characters of clean_text shown in the documents sheet (the whole text is in documents.csv).
DOCUMENT_TEXT_CHARS = 300
# Column widths, in characters: at least the header, at most this; long-text columns wrap at it.
MAX_COLUMN_WIDTH = 60
WIDE_COLUMNS = {"evidence_sentence", "summary", "comment", "clean_text_start", "sentence_a", "sentence_b", "aliases"}
# Zip entries and the document properties get this timestamp (the zip format's earliest), so the same
# tables give the same bytes: a pure function reads no clock.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_REVIEW_FILL = PatternFill("solid", start_color="FFF2CC")


class ReviewInvalid(ValueError):
    """Cells of a review workbook that cannot be read; `problems` has one row per bad cell."""

    def __init__(self, problems: pd.DataFrame):
        lines = [
            f"{row.workbook} sheet '{row.sheet}' row {row.row}: {row.column}"
            + (f" {row.value!r} " if isinstance(row.value, str) else " ")
            + row.message
            for row in records(problems)
        ]
        super().__init__("\n".join(lines))
        self.problems = problems


def review_workbook(tables: dict[str, pd.DataFrame]) -> bytes:
    """The review workbook for a run's tables (events, event_mentions, sentences, documents, entities,
    conflicts, timeline).

    Every sheet has a bold, frozen header row, an autofilter and widths that fit its columns. Text
    cells are written as text, never as formulas.
    """
    events = tables["events"]
    documents = tables["documents"]
    flags = event_flags(events, tables["event_mentions"], tables["conflicts"])
    title_of = {row.doc_id: row.title if isinstance(row.title, str) else row.source_name for row in records(documents)}
    first_document = _first_documents(events, tables["event_mentions"], tables["sentences"])
    event_sheet = events.merge(flags, on="event_id", how="left", validate="one_to_one").assign(
        evidence_sentence=events["summary"].to_numpy(),
        evidence_document=events["event_id"].map(lambda e: title_of.get(first_document.get(e, ""), "")).to_numpy(),
        **dict.fromkeys(REVIEW_COLUMNS, None),
    )
    rest = [c for c in events.columns if c not in _EVENT_LEAD and c != "summary"]
    event_sheet = event_sheet[[*_EVENT_LEAD, *REVIEW_COLUMNS, *rest]]

    workbook = Workbook()
    workbook.remove(workbook.active)
    _write_sheet(workbook.create_sheet("timeline"), tables["timeline"])
    events_ws = workbook.create_sheet(EVENTS_SHEET)
    _write_sheet(events_ws, event_sheet)
    entities_ws = workbook.create_sheet(ENTITIES_SHEET)
    _write_sheet(entities_ws, tables["entities"])
    _write_sheet(workbook.create_sheet("conflicts"), _conflict_sheet(tables["conflicts"], tables["sentences"]))
    _write_sheet(workbook.create_sheet("documents"), _document_sheet(documents))
    _add_review_inputs(events_ws, list(event_sheet.columns), len(event_sheet), entities_ws, tables["entities"])
    workbook.active = workbook.sheetnames.index(EVENTS_SHEET)
    return _workbook_bytes(workbook)


def read_reviews(source: str | Path | IO[bytes], name: str = "review.xlsx") -> pd.DataFrame:
    """The reviews of a filled review workbook: one row per events-sheet row with a verdict.

    Raises ReviewInvalid naming every bad cell (sheet, row, column, value, what is allowed).
    `name` is how messages call the workbook.
    """
    workbook = load_workbook(source, read_only=True, data_only=True)
    if EVENTS_SHEET not in workbook.sheetnames:
        raise ReviewInvalid(
            _problems([(name, EVENTS_SHEET, 0, "sheet", None, "is missing (want the workbook as written)")])
        )
    rows = workbook[EVENTS_SHEET].iter_rows(values_only=True)
    header = [str(cell) if cell is not None else "" for cell in next(rows, ())]
    missing = [column for column in ["event_id", *REVIEW_COLUMNS] if column not in header]
    if missing:
        raise ReviewInvalid(
            _problems(
                [(name, EVENTS_SHEET, 1, column, None, "column is missing from the header row") for column in missing]
            )
        )
    position = {column: header.index(column) for column in ["event_id", *REVIEW_COLUMNS]}
    reviews: list[dict[str, Any]] = []
    problems: list[tuple[str, str, int, str, Any, str]] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        values = {
            column: _cell_text(cells[index]) if index < len(cells) else None for column, index in position.items()
        }
        if not any(values[column] for column in REVIEW_COLUMNS):
            continue
        review, row_problems = _read_review(values, number)
        problems += [(name, EVENTS_SHEET, number, *problem) for problem in row_problems]
        event_id = review["event_id"]
        if event_id and event_id in seen:
            problems.append(
                (
                    name,
                    EVENTS_SHEET,
                    number,
                    "event_id",
                    event_id,
                    f"is reviewed twice (also row {seen[event_id]}): keep one row",
                )
            )
        elif event_id:
            seen[event_id] = number
        reviews.append(review)
    if problems:
        raise ReviewInvalid(_problems(problems))
    return pd.DataFrame(reviews, columns=["event_id", "sheet_row", *REVIEW_COLUMNS]).astype(
        {"event_id": "str", "sheet_row": "int64", "verdict": "str"}
    )


def apply_reviews(
    events: pd.DataFrame, reviews: pd.DataFrame, entities: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Events with the reviews applied: (events, dropped, review_problems).

    - `wrong`: the event leaves `events` and is a row of `dropped` (its columns, verdict and comment);
    - `fix`: corrected_type sets event_type (the mode is kept only if the new type has it, the CAMEO
      code is cleared); corrected_source/target set the actor id, name and country from `entities`
      (by canonical_name, case-insensitive, or entity_id; 'none' removes the target); corrected_date
      sets event_date and date_precision;
    - `correct`: nothing changes.
    A review whose event_id is not in `events` (a rerun changed it), or whose actor is not in
    `entities`, is a row of `review_problems` (schemas.reviews.ReviewProblemSchema) and is not applied.
    The timeline is not updated: recompute it from the returned events (pipeline.conflicts.timeline).
    """
    known = set(events["event_id"])
    problems: list[dict[str, Any]] = []
    actor_of = _actor_lookup(entities)
    changes: dict[str, dict[str, Any]] = {}
    for review in records(reviews):
        if review.event_id not in known:
            problems.append(_problem(review, "unknown_event", review.event_id))
            continue
        if review.verdict != "fix":
            continue
        change: dict[str, Any] = {}
        if isinstance(review.corrected_type, str):
            change["event_type"] = review.corrected_type
            change["cameo_code"] = None
        for role in ("source", "target"):
            wanted = getattr(review, f"corrected_{role}")
            if not isinstance(wanted, str):
                continue
            if role == "target" and wanted.lower() == NO_TARGET:
                change.update({"target_actor_id": None, "target_actor": None, "target_country": None})
            elif wanted.lower() in actor_of:
                entity_id, name, country = actor_of[wanted.lower()]
                change.update({f"{role}_actor_id": entity_id, f"{role}_actor": name, f"{role}_country": country})
            else:
                problems.append(_problem(review, "unknown_actor", wanted))
        if isinstance(review.corrected_date, str):
            change["event_date"] = review.corrected_date
            change["date_precision"] = {4: "year", 7: "month", 10: "day"}[len(review.corrected_date)]
        changes[review.event_id] = change
    wrong = reviews[(reviews["verdict"] == "wrong") & reviews["event_id"].isin(known)]
    is_dropped = events["event_id"].isin(wrong["event_id"])
    dropped = events[is_dropped].merge(wrong[["event_id", "verdict", "comment"]], on="event_id", how="left")
    kept = events[~is_dropped].reset_index(drop=True)
    fixed = pd.DataFrame(
        [
            _fixed({str(k): v for k, v in row.items()}, changes.get(str(row["event_id"]), {}))
            for row in kept.to_dict("records")
        ]
    )
    fixed = fixed.reindex(columns=events.columns).astype(events.dtypes.to_dict()) if len(fixed) else kept
    problem_table = pd.DataFrame(problems, columns=["event_id", "sheet_row", "problem", "value"])
    return fixed, dropped.reset_index(drop=True), problem_table


def _fixed(event: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    result = {**event, **change}
    if "event_type" in change and result.get("mode") not in PLOVER_MODES.get(change["event_type"], ()):
        result["mode"] = None
    return result


def _problem(review: Any, problem: str, value: str) -> dict[str, Any]:
    return {"event_id": review.event_id, "sheet_row": review.sheet_row, "problem": problem, "value": value}


def _actor_lookup(entities: pd.DataFrame) -> dict[str, tuple[str, str, str | None]]:
    lookup: dict[str, tuple[str, str, str | None]] = {}
    for row in records(entities):
        country = row.country if isinstance(row.country, str) else None
        actor = (row.entity_id, row.canonical_name, country)
        lookup.setdefault(str(row.canonical_name).lower(), actor)
        lookup[str(row.entity_id).lower()] = actor
    return lookup


def _read_review(values: dict[str, str | None], number: int) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    """One row's review, normalised, and its problems as (column, value, message)."""
    problems: list[tuple[str, Any, str]] = []
    verdict = (values["verdict"] or "").lower() or None
    corrected_type = (values["corrected_type"] or "").upper() or None
    if not values["event_id"]:
        problems.append(("event_id", None, "is empty (keep the event_id column as the workbook wrote it)"))
    if verdict is None:
        problems.append(("verdict", None, f"is empty but the row has review cells (want {_choices(VERDICTS)})"))
    elif verdict not in VERDICTS:
        problems.append(("verdict", values["verdict"], f"is not allowed (want {_choices(VERDICTS)})"))
    if corrected_type is not None and corrected_type not in PLOVER_TYPES:
        problems.append(("corrected_type", values["corrected_type"], "is not a PLOVER type (want one of the list)"))
    if values["corrected_date"] is not None and not is_calendar_date(values["corrected_date"]):
        problems.append(
            ("corrected_date", values["corrected_date"], "is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)")
        )
    corrections = [column for column in CORRECTION_COLUMNS if values[column]]
    if verdict == "fix" and not corrections:
        problems.append(("verdict", values["verdict"], f"needs a correction in {', '.join(CORRECTION_COLUMNS)}"))
    if verdict in {"correct", "wrong"} and corrections:
        problems.append(
            (corrections[0], values[corrections[0]], f"is a correction but the verdict is '{verdict}' (want 'fix')")
        )
    review = {
        "event_id": values["event_id"],
        "sheet_row": number,
        "verdict": verdict,
        "corrected_type": corrected_type,
        "corrected_source": values["corrected_source"],
        "corrected_target": values["corrected_target"],
        "corrected_date": values["corrected_date"],
        "comment": values["comment"],
    }
    return review, problems


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


def _choices(values: list[str]) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]


def _problems(rows: list[tuple[str, str, int, str, Any, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["workbook", "sheet", "row", "column", "value", "message"])


def _first_documents(events: pd.DataFrame, event_mentions: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, str]:
    """The document of each event's summary sentence (its first report)."""
    text_of = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    summary_of = dict(zip(events["event_id"], events["summary"], strict=True))
    first: dict[str, str] = {}
    matching: dict[str, str] = {}
    for row in records(event_mentions):
        first.setdefault(row.event_id, row.doc_id)
        if text_of.get(row.sentence_id) == summary_of.get(row.event_id):
            matching.setdefault(row.event_id, row.doc_id)
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


def _write_sheet(ws: Worksheet, frame: pd.DataFrame) -> None:
    """Header and rows; lists joined with ' | '; text never read as a formula; frozen header,
    autofilter, widths to fit."""
    ws.append([str(column) for column in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([_cell_value(value) for value in row])
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text that looks like a formula stays text (OWASP CSV injection)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(frame.columns)))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        lengths = [len(str(column))] + [len(str(_cell_value(v) or "")) for v in frame[column].head(200)]
        ws.column_dimensions[letter].width = min(MAX_COLUMN_WIDTH, max(lengths) + 2)
        if column in WIDE_COLUMNS:
            ws.column_dimensions[letter].width = MAX_COLUMN_WIDTH
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _add_review_inputs(
    ws: Worksheet, header: list[str], rows: int, entities_ws: Worksheet, entities: pd.DataFrame
) -> None:
    """Drop-down lists and input hints on the review columns of the events sheet."""
    last_row = max(2, rows + 1)

    def column_range(column: str) -> str:
        letter = get_column_letter(header.index(column) + 1)
        return f"{letter}2:{letter}{last_row}"

    name_letter = get_column_letter(list(entities.columns).index("canonical_name") + 1)
    names = f"{quote_sheetname(entities_ws.title)}!${name_letter}$2:${name_letter}${max(2, len(entities) + 1)}"
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
        ws.add_data_validation(validation)
        validation.add(column_range(column))
    date_hint = DataValidation(type="textLength", operator="between", formula1="4", formula2="10", allow_blank=True)
    date_hint.prompt = "YYYY-MM-DD, YYYY-MM or YYYY"
    date_hint.showInputMessage = True
    ws.add_data_validation(date_hint)
    date_hint.add(column_range("corrected_date"))
    for column in REVIEW_COLUMNS:
        index = header.index(column) + 1
        ws.cell(row=1, column=index).fill = _REVIEW_FILL
        for (cell,) in ws.iter_rows(min_row=2, max_row=last_row, min_col=index, max_col=index):
            cell.number_format = "@"  # text: a typed date stays as typed
        ws.column_dimensions[get_column_letter(index)].width = max(
            ws.column_dimensions[get_column_letter(index)].width, len(column) + 4
        )


def _cell_value(value: Any) -> Any:
    if isinstance(value, list | tuple | np.ndarray):
        return " | ".join(map(str, value))
    if value is None or (isinstance(value, float) and pd.isna(value)):
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
        with open(filename, "rb") as handle:
            self.writestr(arcname or Path(filename).name, handle.read(), compress_type, compresslevel)


def _workbook_bytes(workbook: Workbook) -> bytes:
    # openpyxl's save_workbook stamps the current time; the writer it wraps does not.
    workbook.properties.created = workbook.properties.modified = datetime(*_ZIP_TIME)
    buffer = io.BytesIO()
    ExcelWriter(workbook, _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()
