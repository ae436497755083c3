"""Exports of a run: data package, PLOVER JSONL, review workbook and its loop, report page, data
dictionary, CSV safety; and the Parquet tables joined in DuckDB."""

from __future__ import annotations

import codecs
import gc
import json
import shutil
import subprocess
import weakref
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import tables as table_writer
from pipeline.exports import EXPORT_FILES, export_files, plover_events, report_html
from pipeline.exports import chunks as export_chunks
from pipeline.exports.columns import LIST_SEPARATOR
from pipeline.exports.datapackage import FOREIGN_KEYS
from pipeline.exports.event_flags import event_flags
from pipeline.exports.review_workbook import REVIEW_STATUS_COLUMNS, review_workbook
from pipeline.exports.spreadsheet import spreadsheet_safe
from pipeline.frames import records, records_by_batch
from pipeline.plover import PLOVER_TYPES
from pipeline.registry import SCHEMAS
from pipeline.run import RunResult, run_pipeline
from pipeline.settings import Settings
from schemas.reviews import REVIEW_COLUMNS
from tests.conftest import SEEDS

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, RunResult]:
    """A run on the seeds, which writes the exports beside its tables."""
    out = tmp_path_factory.mktemp("outputs")
    return out, run_pipeline(SEEDS, out, settings)


@pytest.fixture(scope="module")
def tables(seed_run: tuple[Path, RunResult]) -> dict[str, pd.DataFrame]:
    return dict(seed_run[1].tables)


def _joined(files: Mapping[str, Iterator[bytes]]) -> dict[str, bytes]:
    return {name: b"".join(chunks) for name, chunks in files.items()}


def test_export_files_are_named_and_repeatable(tables: dict[str, pd.DataFrame]) -> None:
    first, second = export_files(tables, SCHEMAS), export_files(tables, SCHEMAS)
    assert list(first) == list(EXPORT_FILES)
    assert _joined(first) == _joined(second)


def test_export_files_are_the_files_a_run_writes(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]
) -> None:
    out, _ = seed_run
    written = {name: (out / name).read_bytes() for name in EXPORT_FILES}
    assert all(written.values())
    assert _joined(export_files(tables, SCHEMAS)) == written


class _Reads(Mapping[str, pd.DataFrame]):
    """Tables as a run may pass them: a fresh copy each time one is asked for (as if read from disk),
    each read recorded, with a weak reference to the copy (to see when the export lets go of it)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        self._tables = tables
        self.names: list[str] = []
        self.copies: dict[str, weakref.ref[pd.DataFrame]] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        copy = self._tables[name].copy()
        self.names.append(name)
        self.copies[name] = weakref.ref(copy)
        return copy

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def held(self) -> list[str]:
        """The tables read whose copy something still holds."""
        gc.collect()
        return sorted(name for name, copy in self.copies.items() if copy() is not None)


REPORT_TABLES = ["conflicts", "documents", "event_mentions", "events", "sentences", "timeline"]
PLOVER_TABLES = ["documents", "entities", "event_mentions", "events", "sentences"]
# The tables each export reads.
EXPORT_TABLES = {
    "datapackage.json": sorted(SCHEMAS),
    "events.plover.jsonl": PLOVER_TABLES,
    "review.xlsx": [
        "conflicts",
        "documents",
        "dropped_events",
        "entities",
        "event_mentions",
        "events",
        "reviews",
        "sentences",
        "timeline",
    ],
    "report.html": REPORT_TABLES,
    "README.md": sorted(SCHEMAS),
}


def test_export_files_read_each_table_once_and_only_when_their_file_is_taken(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]
) -> None:
    reads = _Reads(tables)
    files = export_files(reads, SCHEMAS)
    assert list(files) == list(EXPORT_FILES) == list(EXPORT_TABLES)
    assert reads.names == []  # nothing made yet
    for name, chunks in files.items():
        content = b"".join(chunks)  # this file only: the next ones read nothing yet
        assert sorted(reads.names) == EXPORT_TABLES[name], name  # each table it needs, once
        assert reads.held() == [], name  # and none kept once the file is made
        assert content == (seed_run[0] / name).read_bytes(), name
        reads.names.clear()


def test_report_and_plover_records_let_go_of_tables_they_no_longer_need(
    tables: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_chunks, "CHUNK_BYTES", 1)  # a chunk per line: the files are far from made
    reads = _Reads(tables)
    report = report_html(reads)
    assert next(report).startswith(b"<!DOCTYPE html>") and reads.names == []  # the page's head
    assert next(report) == b"<h1>News events report</h1>"
    assert sorted(reads.names) == REPORT_TABLES
    while b'<section id="events">' not in next(report):
        pass
    assert reads.held() == []  # the events' and sentences' lines are still to come
    assert len(list(report)) > len(tables["events"])
    reads = _Reads(tables)
    plover = plover_events(
        *(reads[name] for name in ["events", "event_mentions", "sentences", "documents", "entities"])
    )
    next(plover)  # the first event's line
    assert reads.held() == ["events"]  # its rows are still being turned into records
    assert len(list(plover)) == len(tables["events"]) - 1
    assert reads.held() == []


def test_report_and_plover_chunks_join_into_the_files_a_run_writes(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = seed_run
    monkeypatch.setattr(export_chunks, "CHUNK_BYTES", 4096)  # the seeds' files in many chunks
    made = {
        "report.html": list(report_html(tables)),
        "events.plover.jsonl": list(
            plover_events(
                tables["events"], tables["event_mentions"], tables["sentences"], tables["documents"], tables["entities"]
            )
        ),
    }
    for name, chunks in made.items():
        assert len(chunks) > 3, name
        assert all(len(chunk) >= 4096 for chunk in chunks[:-1]) and len(chunks[-1]) > 0, name
        assert b"".join(chunks) == (out / name).read_bytes(), name
    # a chunk is made of whole lines (JSON records here)
    assert all(chunk.endswith(b"\n") for chunk in made["events.plover.jsonl"])


def test_records_by_batch_are_the_records(tables: dict[str, pd.DataFrame]) -> None:
    events = tables["events"]
    assert len(events) > 5
    # compared as text: NaN (an event without coordinates or intensity) equals nothing, not even itself
    assert repr(list(records_by_batch(events, rows=2))) == repr(records(events))
    assert list(records_by_batch(events.iloc[:0], rows=2)) == []


def test_chunks_gather_whole_pieces_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_chunks, "CHUNK_BYTES", 4)
    pieces = ["ab", "é", "c", "defgh", "", "i", "j"]  # é is two bytes
    assert list(export_chunks.encoded_chunks(pieces)) == [b"ab\xc3\xa9", b"cdefgh", b"ij"]
    assert list(export_chunks.encoded_chunks([])) == [] and list(export_chunks.encoded_chunks(["ab"])) == [b"ab"]


# --- a. datapackage.json -----------------------------------------------------------------------


def test_datapackage_validates_the_csv_files_of_a_run(seed_run: tuple[Path, RunResult]) -> None:
    out, _ = seed_run
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == len(SCHEMAS)


def test_datapackage_describes_every_column_with_keys(seed_run: tuple[Path, RunResult]) -> None:
    out, _ = seed_run
    package = json.loads((out / "datapackage.json").read_text())
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert list(resources) == list(SCHEMAS)
    for name, resource in resources.items():
        assert resource["path"] == f"{name}.csv"
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == list(pd.read_csv(out / f"{name}.csv", nrows=0).columns)
        assert all(field["description"] for field in fields), name
    keys = {name: resource["schema"].get("primaryKey") for name, resource in resources.items()}
    assert keys["events"] == "event_id"
    assert keys["event_mentions"] == ["event_id", "fact_id"]
    assert keys["tokens"] == ["sentence_id", "token_index"]
    declared = {
        (name, tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
        for name, resource in resources.items()
        for fk in resource["schema"].get("foreignKeys", [])
    }
    wanted = {
        ("event_mentions", ("event_id",), "events", ("event_id",)),
        ("event_mentions", ("sentence_id",), "sentences", ("sentence_id",)),
        ("sentences", ("doc_id",), "documents", ("doc_id",)),
        ("mentions", ("entity_id",), "entities", ("entity_id",)),
        ("mentions", ("sentence_id",), "sentences", ("sentence_id",)),
        ("timexes", ("sentence_id",), "sentences", ("sentence_id",)),
        ("facts", ("sentence_id",), "sentences", ("sentence_id",)),
        ("removed", ("doc_id",), "documents", ("doc_id",)),
        ("tokens", ("sentence_id",), "sentences", ("sentence_id",)),
    }
    assert wanted <= declared == set(FOREIGN_KEYS)


@pytest.mark.parametrize(
    ("table", "column", "frictionless_type"),
    [
        ("sentences", "seq", "integer"),
        ("sentences", "is_headline", "boolean"),
        ("mentions", "score", "number"),
        ("entities", "aliases", "string"),
        ("events", "event_date", "string"),
        ("events", "date_start", "date"),
        ("events", "first_reported", "date"),
        ("timeline", "not_after", "date"),
        ("timexes", "date_end", "date"),
        ("documents", "date_start", "date"),
        ("facts", "subject_start", "number"),
    ],
)
def test_datapackage_types_follow_the_schemas(
    seed_run: tuple[Path, RunResult], table: str, column: str, frictionless_type: str
) -> None:
    package = json.loads((seed_run[0] / "datapackage.json").read_text())
    resource = next(r for r in package["resources"] if r["name"] == table)
    assert next(f for f in resource["schema"]["fields"] if f["name"] == column)["type"] == frictionless_type


@pytest.mark.parametrize(
    ("table", "break_it"),
    [
        ("sentences", lambda frame: frame.iloc[1:]),  # event_mentions, tokens, ... now point at a missing sentence
        ("events", lambda frame: frame.assign(event_date="31/12/2015")),  # not a TIMEX3 date
    ],
)
def test_datapackage_rejects_broken_tables(
    seed_run: tuple[Path, RunResult], tmp_path: Path, table: str, break_it: Any
) -> None:
    out, _ = seed_run
    for file in [*out.glob("*.csv"), out / "datapackage.json"]:
        shutil.copy(file, tmp_path / file.name)
    break_it(pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)).to_csv(
        tmp_path / f"{table}.csv", index=False
    )
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_list_separator_is_the_one_csv_files_use() -> None:
    assert LIST_SEPARATOR == table_writer.LIST_SEPARATOR


# --- b. events.plover.jsonl ----------------------------------------------------------------------


def test_plover_records_trace_each_event_to_its_sentence(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]
) -> None:
    lines = (seed_run[0] / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    events = tables["events"].set_index("event_id")
    clean_text = dict(zip(tables["documents"]["doc_id"], tables["documents"]["clean_text"], strict=True))
    sentences = tables["sentences"].set_index("sentence_id")
    assert [record["id"] for record in records] == list(tables["events"]["event_id"])
    for record in records:
        event = events.loc[record["id"]]
        assert {"id", "date", "source", "recipient", "event", "mode", "context", "text_info", "cite_info"} <= set(
            record
        )
        assert record["event"] == [event["event_type"]] and record["event"][0] in PLOVER_TYPES
        assert record["source"][0]["identifier_id"] == event["source_actor_id"]
        assert len(record["recipient"]) == (0 if pd.isna(event["target_actor_id"]) else 1)
        assert record["date"] == (None if pd.isna(event["event_date"]) else event["event_date"])
        info, cite = record["text_info"], record["cite_info"]
        sentence = sentences.loc[info["sentence_id"]]
        assert info["sequence"] == sentence["seq"]
        assert clean_text[cite["citation"]][info["start"] : info["end"]] == sentence["text"] == record["text"]
        assert info["start"] <= info["predicate_start"] < info["predicate_end"] <= info["end"]
        assert len(record["evidence"]) == int(event["num_mentions"])


@pytest.mark.parametrize(
    ("factuality", "context"),
    [("asserted", []), ("negated", ["negation"]), ("intended", ["future"]), ("hypothetical", ["hypothetical"])],
)
def test_plover_context_carries_factuality(
    seed_run: tuple[Path, RunResult], factuality: str, context: list[str]
) -> None:
    records = [json.loads(line) for line in (seed_run[0] / "events.plover.jsonl").read_text().splitlines()]
    assert all(record["context"] == context for record in records if record["factuality"] == factuality)


# --- c. review.xlsx (the review loop: tests/test_reviews.py) -------------------------------------


def test_review_workbook_layout(seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]) -> None:
    workbook = load_workbook(seed_run[0] / "review.xlsx")
    assert workbook.sheetnames == ["timeline", "events", "dropped_events", "entities", "conflicts", "documents"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c.column_letter].width >= 4 for c in sheet[1])
    events = workbook["events"]
    header = [cell.value for cell in events[1]]
    review_at = header.index("verdict")
    assert header[review_at : review_at + 8] == [*REVIEW_COLUMNS, *REVIEW_STATUS_COLUMNS]
    assert header.index("evidence_sentence") < review_at
    dropped_header = [cell.value for cell in workbook["dropped_events"][1]]
    dropped_at = dropped_header.index("verdict")
    assert dropped_header[dropped_at - 1 : dropped_at + 8] == [
        "evidence_sentence",
        *REVIEW_COLUMNS,
        *REVIEW_STATUS_COLUMNS,
    ]
    assert all(
        value is None for row in workbook["dropped_events"].iter_rows(min_row=2, values_only=True) for value in row
    )
    rows = list(events.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(tables["events"])
    summary = dict(zip(tables["events"]["event_id"], tables["events"]["summary"], strict=True))
    assert all(row[header.index("evidence_sentence")] == summary[row[0]] for row in rows)
    assert all(
        row[header.index(column)] is None for row in rows for column in [*REVIEW_COLUMNS, *REVIEW_STATUS_COLUMNS]
    )
    lists = {
        header[_column_index(str(v.sqref).split(":")[0])]: v.formula1 for v in events.data_validations.dataValidation
    }
    assert lists["verdict"] == '"correct,wrong,fix"'
    assert lists["corrected_type"] == '"' + ",".join(PLOVER_TYPES) + '"'
    assert lists["corrected_source"].startswith("'entities'!")
    documents_header = [cell.value for cell in workbook["documents"][1]]
    assert "clean_text" not in documents_header and "clean_text_start" in documents_header


def test_review_workbook_keeps_formula_like_text_as_text(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    attack = '=HYPERLINK("http://example.invalid","click")'
    events = tables["events"].assign(summary=[attack, *tables["events"]["summary"].iloc[1:]])
    path = tmp_path / "review.xlsx"
    path.write_bytes(review_workbook({**tables, "events": events}))
    sheet = load_workbook(path)["events"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("evidence_sentence") + 1)
    assert (cell.value, cell.data_type) == (attack, "s")


def _column_index(reference: str) -> int:
    letters = "".join(ch for ch in reference if ch.isalpha())
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


# --- d. report.html ------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_report_is_self_contained_and_linked(seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]) -> None:
    page = _Page()
    page.feed((seed_run[0] / "report.html").read_text(encoding="utf-8"))
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "data"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, name, value)
        assert tag not in {"script", "link", "iframe", "img"}, tag
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    anchors = [attrs["href"] for tag, attrs in page.tags if tag == "a" and (attrs.get("href") or "").startswith("#")]
    assert anchors and all(href[1:] in ids for href in anchors)
    events = tables["events"]
    assert {f"event-{event_id}" for event_id in events["event_id"]} <= ids
    assert {f"sentence-{sentence_id}" for sentence_id in tables["event_mentions"]["sentence_id"]} <= ids
    markers = [attrs for _, attrs in page.tags if "event-marker" in (attrs.get("class") or "").split()]
    assert len(markers) == events["event_date"].notna().sum()
    flags = event_flags(events, tables["event_mentions"], tables["conflicts"])
    flagged = sum("has-conflict" in (m.get("class") or "") for m in markers)
    assert flagged == flags.loc[events["event_date"].notna().to_numpy(), "has_conflict"].sum() > 0


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium to render the page (apt-get install chromium)"
)
def test_report_renders_in_a_headless_browser(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]
) -> None:
    report = seed_run[0] / "report.html"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    dom = subprocess.run(
        [*command, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    page = _Page()
    page.feed(dom)
    classes = [(attrs.get("class") or "").split() for _, attrs in page.tags]
    assert sum("timeline-chart" in c for c in classes) == 1
    assert sum("event-marker" in c for c in classes) == tables["events"]["event_date"].notna().sum()
    assert sum("actor-bar" in c for c in classes) > 0


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--virtual-time-budget=3000",
    "--run-all-compositor-stages-before-draw", "--window-size=1000,900",
]  # fmt: skip


def _screenshot(page: Path, picture: Path, profile: Path) -> bytes:
    """The PNG headless Chromium makes of a page's first 1000 x 900 pixels (a fresh profile each time)."""
    command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={picture}"]
    subprocess.run([*command, page.as_uri()], capture_output=True, timeout=120, check=True)
    return picture.read_bytes()


def test_report_map_places_each_located_event_inside_the_map(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]
) -> None:
    page = _Page()
    page.feed((seed_run[0] / "report.html").read_text(encoding="utf-8"))
    [canvas] = [attrs for tag, attrs in page.tags if tag == "svg" and attrs.get("class") == "event-map"]
    width, height = (float(value) for value in str(canvas["viewbox"]).split()[2:])
    points = [attrs for tag, attrs in page.tags if tag == "circle" and "map-point" in (attrs.get("class") or "")]
    events = tables["events"]
    located = events[events["latitude"].notna()]
    assert len(points) == len(located) > 0
    assert all(0 <= float(str(p["cx"])) <= width and 0 <= float(str(p["cy"])) <= height for p in points)
    links = [str(attrs["href"]) for tag, attrs in page.tags if tag == "a" and attrs.get("data-event-id")]
    assert {f"#event-{event_id}" for event_id in located["event_id"]} <= set(links)


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium to render the page (apt-get install chromium)"
)
def test_report_map_points_are_drawn_in_a_headless_browser(
    seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    """A screenshot of the page's top shows the map's points: the same page with the points hidden
    looks different. (The screenshots stay in the test's folder to look at.)"""
    report = seed_run[0] / "report.html"
    hidden = tmp_path / "report-without-points.html"
    html = report.read_text(encoding="utf-8")
    hidden.write_text(html.replace("</style>", ".map-point { visibility: hidden; }</style>", 1), encoding="utf-8")
    shown = _screenshot(report, tmp_path / "report.png", tmp_path / "profile-shown")
    without = _screenshot(hidden, tmp_path / "report-without-points.png", tmp_path / "profile-hidden")
    assert shown.startswith(b"\x89PNG") and without.startswith(b"\x89PNG")
    assert (int.from_bytes(shown[16:20], "big"), int.from_bytes(shown[20:24], "big")) == (1000, 900)
    assert shown != without


# --- e. README.md data dictionary ----------------------------------------------------------------


def test_data_dictionary_lists_every_column_of_every_table(seed_run: tuple[Path, RunResult]) -> None:
    text = (seed_run[0] / "README.md").read_text(encoding="utf-8")
    found: dict[str, dict[str, list[str]]] = {}
    table = None
    for line in text.splitlines():
        if line.startswith("## "):
            table = line[3:].strip()
            found[table] = {}
        elif table and line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            found[table][cells[0].strip("`")] = cells[1:]
    assert list(found) == list(SCHEMAS)
    for name, model in SCHEMAS.items():
        columns = model.to_schema().columns
        assert set(found[name]) == set(columns)
        for column, (kind, nullable, description) in found[name].items():
            assert nullable == ("yes" if columns[column].nullable else "no")
            assert description == columns[column].description.replace("|", "\\|")
            assert kind
    assert found["sentences"]["seq"][0] == "integer" and found["entities"]["aliases"][0] == "list of string"


# --- f. CSV safety -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946", "'+44 20 7946"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("BlackBerry", "BlackBerry"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_text(value: str, expected: str) -> None:
    assert spreadsheet_safe(pd.DataFrame({"text": [value]}))["text"].tolist() == [expected]


def test_spreadsheet_safe_leaves_numbers_and_nulls() -> None:
    frame = pd.DataFrame(
        {
            "count": [-3, 4, 5],
            "score": [-0.5, np.nan, 1.0],
            "is_quote": [True, False, True],
            "text": ["-3", None, "ok"],
            "aliases": [["=x", "y"], [], ["-z"]],
        }
    )
    safe = spreadsheet_safe(frame)
    pd.testing.assert_frame_equal(safe[["count", "score", "is_quote"]], frame[["count", "score", "is_quote"]])
    assert safe["text"].tolist()[0] == "'-3" and pd.isna(safe["text"].tolist()[1])
    assert safe["aliases"].tolist() == [["'=x", "y"], [], ["'-z"]]
    assert frame["text"].tolist()[0] == "-3"  # the input is not changed


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([["a", "=b"], None, []], [["a", "'=b"], None, []]),
        ([["a"], ("-c",)], [["a"], ("'-c",)]),
        ([["a"], "+b"], [["a"], "'+b"]),  # lists and text in one column
        ([1, "@x", None], [1, "'@x", None]),
        ([["a", "b"], None, ["c"]], [["a", "b"], None, ["c"]]),
        ([[1, 2], [3]], [[1, 2], [3]]),
    ],
)
def test_spreadsheet_safe_object_cells(cells: list[Any], expected: list[Any]) -> None:
    assert spreadsheet_safe(pd.DataFrame({"cells": pd.Series(cells, dtype=object)}))["cells"].tolist() == expected


def test_excel_csv_adds_a_byte_order_mark_and_nothing_else(
    seed_run: tuple[Path, RunResult], tmp_path: Path, settings: Settings
) -> None:
    out, _ = seed_run
    excel = tmp_path / "excel"
    run_pipeline(SEEDS, excel, settings, excel_csv=True)
    for name in SCHEMAS:
        plain = (out / f"{name}.csv").read_bytes()
        assert not plain.startswith(codecs.BOM_UTF8)
        assert (excel / f"{name}.csv").read_bytes() == codecs.BOM_UTF8 + plain
        assert (excel / f"{name}.parquet").read_bytes() == (out / f"{name}.parquet").read_bytes()
    assert frictionless.validate(str(excel / "datapackage.json")).valid
    assert list(pd.read_csv(excel / "events.csv", nrows=0).columns) == list(pd.read_parquet(out / "events.parquet"))
    manifests = [json.loads((folder / "manifest.json").read_text()) for folder in (out, excel)]
    assert [manifest["excel_csv"] for manifest in manifests] == [False, True]


# --- DuckDB over the Parquet tables --------------------------------------------------------------


def test_parquet_tables_join_in_duckdb(seed_run: tuple[Path, RunResult], tables: dict[str, pd.DataFrame]) -> None:
    out, _ = seed_run
    connection = duckdb.connect()
    for name in SCHEMAS:
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{out / name}.parquet')")
    joined = connection.execute(
        """
        SELECT e.event_id, m.sentence_id, s.text, s.char_start, s.char_end, d.clean_text, e.summary
        FROM events e
        JOIN event_mentions m USING (event_id)
        JOIN sentences s USING (sentence_id)
        JOIN documents d ON d.doc_id = s.doc_id
        """
    ).fetchall()
    assert len(joined) == len(tables["event_mentions"])
    for _, _, text, start, end, clean_text, _ in joined:
        assert clean_text[start:end] == text
    summaries = {(event_id, text) for event_id, _, text, *_ in joined}
    assert all(
        (event_id, summary) in summaries for event_id, summary in tables["events"][["event_id", "summary"]].values
    )
    types = {
        (table, column): kind
        for table, column, kind in connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
        ).fetchall()
    }
    assert types[("sentences", "seq")] == "BIGINT"
    assert types[("events", "num_sources")] == "BIGINT"
    assert types[("sentences", "is_headline")] == "BOOLEAN"
    assert types[("entities", "aliases")] == "VARCHAR[]"
    assert types[("events", "event_id")] == "VARCHAR"
    aliases = connection.execute("SELECT max(len(aliases)) FROM entities").fetchone()
    assert aliases is not None and aliases[0] >= 1


def test_only_incompatible_dates_or_factualities_mark_an_event_disputed() -> None:
    events = pd.DataFrame({"event_id": ["agree", "dates", "factuality", "alone"]})
    mentions = pd.DataFrame(
        {
            "event_id": ["agree", "agree", "dates", "dates", "factuality", "factuality", "alone"],
            "sentence_id": ["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
            "event_date": ["2015", "2015-12-31", "2015-12-30", "2015-12-31", "2015-12", None, None],
            "factuality": ["asserted", "asserted", "asserted", "asserted", "asserted", "intended", "asserted"],
        }
    )
    no_conflicts = pd.DataFrame(columns=["sentence_id_a", "sentence_id_b"])
    flags = event_flags(events, mentions, no_conflicts)
    assert flags[["event_id", "is_disputed", "disputed"]].values.tolist() == [
        ["agree", False, ""],
        ["dates", True, "event_date"],
        ["factuality", True, "factuality"],
        ["alone", False, ""],
    ]
