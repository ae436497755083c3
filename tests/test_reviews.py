"""The review round-trip: verdicts typed into review.xlsx are recorded, applied on every rerun, and reported."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest
from openpyxl import load_workbook

from pipeline import review_store
from pipeline.cli import EXIT_FAILURE, EXIT_OK, main
from pipeline.exports.review_workbook import REVIEW_STATUS_COLUMNS, read_reviews
from pipeline.review_store import ReviewUnreadable
from pipeline.reviews import apply_reviews, empty_record, merge_verdicts, record_frame
from pipeline.run import run_pipeline
from pipeline.settings import Settings
from pipeline.workspace import state_dir
from schemas import EventSchema
from schemas.reviews import REVIEW_COLUMNS, DroppedEventSchema, ReviewSchema

ARTICLES = {
    "a.txt": "Pakistan Threatens BlackBerry\n\n"
    "The Pakistani government threatened to ban BlackBerry. India rejected the request.\n",
    "b.txt": "BlackBerry Responds\n\n"
    "But BlackBerry will not comply with that sort of directive. "
    "BlackBerry announced that it would cease operations in Pakistan.\n",
}
PUBLISHED = {"a.txt": "2015-12-31", "b.txt": "2015-12-30"}
# The corpus's events by what they are: (event_type, source_actor).
THREAT = ("THREATEN", "Government of Pakistan")
INDIA = ("REJECT", "Government of India")
COMPLY = ("REJECT", "BlackBerry")
CEASE = ("SANCTION", "BlackBerry")
ORPHANED = "no event has this event_id any more (its reports changed or are gone)"
# Event columns a fix can change.
FIXABLE = [
    "event_type", "mode", "cameo_code", "source_actor_id", "source_actor", "source_country", "target_actor_id",
    "target_actor", "target_country", "event_date", "date_precision", "date_start", "date_end",
]  # fmt: skip


def _corpus(folder: Path, names: tuple[str, ...] = tuple(ARTICLES)) -> Path:
    """The articles `names` and their metadata.csv in `folder` (replacing what was there)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    rows = "".join(f"{name},{PUBLISHED[name]}\n" for name in names)
    (folder / "metadata.csv").write_text("file,publication_date\n" + rows, encoding="utf-8")
    return folder


def _ids(events: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The event_id of each event by (event_type, source_actor); the corpus gives the four events above."""
    ids = {(str(row.event_type), str(row.source_actor)): str(row.event_id) for row in events.itertuples()}
    assert sorted(ids) == sorted([THREAT, INDIA, COMPLY, CEASE])
    return ids


def _fill(path: Path, cells: dict[str, dict[str, Any]], sheet: str = "events") -> tuple[str, dict[str, int]]:
    """Type review cells {event_id: {column: value}} into the rows of those events and save, as a reviewer
    would; (the workbook's last-saved time as the reviews table shows it, the sheet row of each event)."""
    workbook = load_workbook(path)
    ws = workbook[sheet]
    header = [cell.value for cell in ws[1]]
    row_of = {ws.cell(row=row, column=1).value: row for row in range(2, ws.max_row + 1)}
    for event_id, values in cells.items():
        for column, value in values.items():
            ws.cell(row=row_of[event_id], column=header.index(column) + 1).value = value
    workbook.save(path)
    saved = load_workbook(path).properties.modified
    return saved.strftime("%Y-%m-%dT%H:%M:%SZ"), {event_id: row_of[event_id] for event_id in cells}


def _shown(path: Path) -> dict[str, tuple[Any, ...]]:
    """What review.xlsx shows of each reviewed event: (sheet, review cells..., review_status, review_problem)."""
    workbook = load_workbook(path, read_only=True)
    shown: dict[str, tuple[Any, ...]] = {}
    for sheet in ("events", "dropped_events"):
        rows = workbook[sheet].iter_rows(values_only=True)
        header = list(next(rows))
        for row in rows:
            cells = tuple(row[header.index(column)] for column in [*REVIEW_COLUMNS, *REVIEW_STATUS_COLUMNS])
            if row[0] is not None and any(cells):
                shown[row[0]] = (sheet, *cells)
    return shown


def _values(frame: pd.DataFrame) -> list[list[Any]]:
    """The frame's rows as lists, missing values as None."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _table(schema: type[pa.DataFrameModel], rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = list(schema.to_schema().columns)
    return schema.validate(pd.DataFrame(rows, columns=columns))


def _review(
    event_id: str,
    status: str,
    workbook: Path,
    row: int,
    saved_at: str | None,
    sheet: str = "events",
    problem: str | None = None,
    **cells: Any,
) -> dict[str, Any]:
    """A row of the reviews table: review cells not given are empty."""
    return {
        "event_id": event_id,
        **dict.fromkeys(REVIEW_COLUMNS),
        **cells,
        "status": status,
        "problem": problem,
        "workbook": str(workbook),
        "sheet": sheet,
        "sheet_row": row,
        "reviewed_at": saved_at,
    }


REVIEWED = ("events", "event_mentions", "timeline", "reviews", "dropped_events")


@pytest.fixture
def cli_logging() -> Iterator[None]:
    """main() sends log records to this test's captured stderr: the logging set-up as it was, afterwards."""
    root, package = logging.getLogger(), logging.getLogger("pipeline")
    handlers, level = root.handlers[:], package.level
    yield
    root.handlers[:] = handlers
    package.setLevel(level)


def test_verdicts_are_applied_on_the_next_run_and_on_every_rerun(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    first = run_pipeline(corpus, out, settings).tables
    events, entities = first["events"], first["entities"]
    ids = _ids(events)
    threat, india, comply, cease = ids[THREAT], ids[INDIA], ids[COMPLY], ids[CEASE]
    saved_at, rows = _fill(
        out / "review.xlsx",
        {
            india: {"verdict": "Wrong", "comment": "India rejected nothing here"},
            threat: {"verdict": "fix", "corrected_type": "request", "corrected_target": "government of india",
                     "corrected_date": "2015-12-29"},
            comply: {"verdict": "correct"},
        },
    )  # fmt: skip
    second = run_pipeline(corpus, out, settings).tables

    india_entity = entities.set_index("canonical_name").loc["Government of India"]
    expected = events[events["event_id"] != india].set_index("event_id")
    expected.loc[threat, FIXABLE] = [
        "REQUEST", None, None, *expected.loc[threat, ["source_actor_id", "source_actor", "source_country"]],
        india_entity["entity_id"], "Government of India", india_entity["country"], "2015-12-29", "day",
        date(2015, 12, 29), date(2015, 12, 29),
    ]  # fmt: skip
    # the new type's quad class; the intensity went with the cleared CAMEO code
    expected.loc[threat, ["quad_class", "intensity", "intensity_basis"]] = ["verbal conflict", None, "uncoded"]
    pd.testing.assert_frame_equal(second["events"], EventSchema.validate(expected.reset_index()))
    mentions = first["event_mentions"]
    pd.testing.assert_frame_equal(
        second["event_mentions"], mentions[mentions["event_id"] != india].reset_index(drop=True)
    )
    timeline = second["timeline"][["event_id", "event_type", "event_date", "target_actor"]]  # in story order
    assert sorted(_values(timeline), key=str) == sorted(
        [
            [cease, "SANCTION", "2015", "Government of Pakistan"],
            [threat, "REQUEST", "2015-12-29", "Government of India"],
            [comply, "REJECT", "2015-12-30", None],
        ],
        key=str,
    )
    workbook = out / "review.xlsx"
    reviews = _table(
        ReviewSchema,
        sorted(
            [
                _review(india, "dropped", workbook, rows[india], saved_at, verdict="wrong",
                        comment="India rejected nothing here"),
                _review(threat, "applied", workbook, rows[threat], saved_at, verdict="fix", corrected_type="REQUEST",
                        corrected_target="government of india", corrected_date="2015-12-29"),
                _review(comply, "applied", workbook, rows[comply], saved_at, verdict="correct"),
            ],
            key=lambda row: row["event_id"],
        ),
    )  # fmt: skip
    pd.testing.assert_frame_equal(second["reviews"], reviews)
    dropped = events[events["event_id"] == india].assign(comment="India rejected nothing here")
    pd.testing.assert_frame_equal(second["dropped_events"], DroppedEventSchema.validate(dropped.reset_index(drop=True)))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "dropped_events.parquet"), second["dropped_events"])
    shown = {
        india: ("dropped_events", "wrong", None, None, None, None, "India rejected nothing here", "dropped", None),
        threat: ("events", "fix", "REQUEST", None, "government of india", "2015-12-29", None, "applied", None),
        comply: ("events", "correct", None, None, None, None, None, "applied", None),
    }
    assert _shown(workbook) == shown

    third = run_pipeline(corpus, out, settings).tables  # the workbook as the last run wrote it
    workbook.unlink()
    fourth = run_pipeline(corpus, out, settings).tables  # no workbook at all
    for name in REVIEWED:
        pd.testing.assert_frame_equal(third[name], second[name])
        pd.testing.assert_frame_equal(fourth[name], second[name])
    assert _shown(workbook) == shown


def test_a_verdict_whose_event_is_gone_is_reported_and_kept(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    ids = _ids(run_pipeline(corpus, out, settings).tables["events"])
    comply = ids[COMPLY]
    saved_at, rows = _fill(out / "review.xlsx", {comply: {"verdict": "correct", "comment": "as reported"}})
    _corpus(corpus, ("a.txt",))  # the article reporting it is gone
    with caplog.at_level(logging.WARNING):
        tables = run_pipeline(corpus, out, settings).tables
    orphaned = _review(comply, "orphaned", out / "review.xlsx", rows[comply], saved_at, verdict="correct",
                       comment="as reported", problem=ORPHANED)  # fmt: skip
    pd.testing.assert_frame_equal(tables["reviews"], _table(ReviewSchema, [orphaned]))
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == [
        "1 recorded verdict(s) name events that no longer exist, kept in the record (status 'orphaned' in "
        f"reviews.csv): {comply}"
    ]
    assert review_store.load(state_dir(out))["event_id"].tolist() == [comply]

    _corpus(corpus)  # the article is back, and so is the verdict
    tables = run_pipeline(corpus, out, settings).tables
    assert tables["reviews"][["event_id", "status", "comment"]].values.tolist() == [[comply, "applied", "as reported"]]


def test_a_dropped_event_comes_back_with_another_verdict(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    first = run_pipeline(corpus, out, settings).tables
    india = _ids(first["events"])[INDIA]
    _fill(out / "review.xlsx", {india: {"verdict": "wrong"}})
    assert india not in set(run_pipeline(corpus, out, settings).tables["events"]["event_id"])
    saved_at, rows = _fill(out / "review.xlsx", {india: {"verdict": "correct"}}, sheet="dropped_events")
    tables = run_pipeline(corpus, out, settings).tables
    for name in ("events", "event_mentions", "timeline"):
        pd.testing.assert_frame_equal(tables[name], first[name])
    assert tables["dropped_events"].empty
    applied = _review(india, "applied", out / "review.xlsx", rows[india], saved_at, verdict="correct",
                      sheet="dropped_events")  # fmt: skip
    pd.testing.assert_frame_equal(tables["reviews"], _table(ReviewSchema, [applied]))


def test_bad_cells_are_reported_and_the_good_verdicts_kept(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    first = run_pipeline(corpus, out, settings).tables
    ids = _ids(first["events"])
    threat, india, comply, cease = ids[THREAT], ids[INDIA], ids[COMPLY], ids[CEASE]
    workbook = out / "review.xlsx"
    _, rows = _fill(
        workbook,
        {
            india: {"verdict": "wrong"},
            comply: {"verdict": "maybe", "comment": "ask the desk"},
            cease: {"verdict": "fix", "corrected_type": "INVADE", "corrected_date": "2015-13-01"},
            threat: {"verdict": "fix", "corrected_source": "Nobody We Know"},
        },
    )
    with caplog.at_level(logging.WARNING):
        tables = run_pipeline(corpus, out, settings).tables
    problems: dict[str, str] = {
        comply: "verdict 'maybe' is not allowed (want correct, wrong or fix)",
        cease: "corrected_type 'INVADE' is not a PLOVER type (want one of the list); corrected_date '2015-13-01' "
        "is not a date (want YYYY-MM-DD, YYYY-MM, YYYY or another TIMEX3 date: 2015-W52, 2015-Q4)",
        threat: "corrected_source 'Nobody We Know' is not an actor of the entities table (want its canonical_name "
        "or entity_id)",
    }
    expected = [
        [india, "wrong", "dropped", None],
        [comply, "maybe", "invalid", problems[comply]],
        [cease, "fix", "invalid", problems[cease]],
        [threat, "fix", "invalid", problems[threat]],
    ]
    reviews = tables["reviews"][["event_id", "verdict", "status", "problem"]]
    assert _values(reviews) == sorted(expected, key=str)
    events = first["events"]
    pd.testing.assert_frame_equal(tables["events"], events[events["event_id"] != india].reset_index(drop=True))
    warnings = sorted(record.getMessage() for record in caplog.records if record.levelno == logging.WARNING)
    assert warnings == sorted(
        f"{workbook} sheet 'events' row {rows[event_id]} (event {event_id}): {problem}; verdict not applied, fix the "
        "row and save"
        for event_id, problem in problems.items()
    )
    shown = _shown(workbook)  # what was typed is still there for the reviewer to correct
    assert shown[comply] == ("events", "maybe", None, None, None, None, "ask the desk", "invalid", problems[comply])
    assert shown[cease] == ("events", "fix", "INVADE", None, None, "2015-13-01", None, "invalid", problems[cease])

    _fill(workbook, {comply: {"verdict": "correct"}})
    tables = run_pipeline(corpus, out, settings).tables
    assert tables["reviews"].set_index("event_id").loc[comply, ["status", "comment"]].tolist() == [
        "applied",
        "ask the desk",
    ]


@pytest.mark.usefixtures("cli_logging")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({3: {"event_id": None}}, "sheet 'events' row 3: event_id is empty: keep the event_id the run wrote"),
        ({3: {"event_id": "FIRST"}}, "sheet 'events' row 3: event_id 'FIRST' is reviewed twice (also sheet 'events' "
                                     "row 2): keep one"),
        ({1: {"verdict": "my verdict"}}, "sheet 'events' row 1: verdict column is missing from the header row"),
    ],
)  # fmt: skip
def test_a_workbook_that_cannot_be_read_stops_the_run(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str], change: dict[int, Any], message: str
) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    workbook = out / "review.xlsx"
    book = load_workbook(workbook)
    ws = book["events"]
    header = [cell.value for cell in ws[1]]
    verdict = header.index("verdict") + 1
    ws.cell(row=2, column=verdict).value = ws.cell(row=3, column=verdict).value = "correct"
    for row, values in change.items():
        for column, value in values.items():
            value = ws.cell(row=2, column=1).value if value == "FIRST" else value
            ws.cell(row=row, column=header.index(column) + 1).value = value
    book.save(workbook)
    manifest = (out / "manifest.json").read_bytes()
    with pytest.raises(ReviewUnreadable) as raised:
        run_pipeline(corpus, out, settings)
    first_id = str(ws.cell(row=2, column=1).value)
    assert str(raised.value) == (
        "cannot read the verdicts of a review workbook (nothing recorded):\n"
        f"{workbook} {message.replace('FIRST', first_id)}"
    )
    assert main(["run", "--input", str(corpus), "--out", str(out)]) == EXIT_FAILURE
    assert f"ERROR: {raised.value}\n" in capsys.readouterr().err
    assert (out / "manifest.json").read_bytes() == manifest  # nothing written
    assert review_store.load(state_dir(out)).empty  # nothing recorded


@pytest.mark.usefixtures("cli_logging")
def test_review_apply_records_a_workbook_and_reruns(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    assert main(["run", "-q", "--excel-csv", "--input", str(corpus), "--out", str(out)]) == EXIT_OK
    cease = _ids(pd.read_parquet(out / "events.parquet"))[CEASE]
    mine = tmp_path / "mine.xlsx"
    shutil.copy(out / "review.xlsx", mine)
    saved_at, rows = _fill(mine, {cease: {"verdict": "wrong", "comment": "only announced"}})

    assert main(["review", "apply", str(mine), "--out", str(out)]) == EXIT_OK
    dropped = _review(cease, "dropped", mine, rows[cease], saved_at, verdict="wrong", comment="only announced")
    pd.testing.assert_frame_equal(pd.read_parquet(out / "reviews.parquet"), _table(ReviewSchema, [dropped]))
    assert cease not in set(pd.read_parquet(out / "events.parquet")["event_id"])
    assert pd.read_parquet(out / "dropped_events.parquet")["event_id"].tolist() == [cease]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["reused_documents"], manifest["excel_csv"], manifest["input_dir"]) == (2, True, str(corpus))
    assert (out / "reviews.csv").read_bytes().startswith(b"\xef\xbb\xbfevent_id,")  # the last run's CSV encoding

    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("not a workbook", encoding="utf-8")
    capsys.readouterr()
    assert main(["review", "apply", str(not_a_workbook), "--out", str(out)]) == EXIT_FAILURE
    error = capsys.readouterr().err
    assert error == (
        "ERROR: cannot read the verdicts of a review workbook (nothing recorded):\n"
        f"{not_a_workbook}: is not a readable .xlsx workbook (File is not a zip file)\n"
    )
    assert review_store.load(state_dir(out))["event_id"].tolist() == [cease]

    assert main(["review", "apply", str(mine), "--out", str(tmp_path / "never_run")]) == EXIT_FAILURE
    assert "never_run has no readable manifest.json" in capsys.readouterr().err


def test_review_apply_reruns_on_the_engine_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    manifest = {"input_dir": "articles", "settings": {"model_name": "a_model", "max_input_bytes": 1000}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    reruns: list[Any] = []

    def rerun(args: Any) -> int:
        reruns.append(args)
        return EXIT_OK

    monkeypatch.setattr("pipeline.cli._run", rerun)
    options = ["--workers", "2", "--engine", "dask", "--scheduler", "tcp://host:8786"]
    assert main(["review", "apply", str(tmp_path / "review.xlsx"), "--out", str(out), *options]) == EXIT_OK
    [args] = reruns
    assert (args.input, args.model, args.max_bytes) == (Path("articles"), "a_model", 1000)
    assert (args.workers, args.engine, args.scheduler) == (2, "dask", "tcp://host:8786")
    assert args.review == [tmp_path / "review.xlsx"]


# --- the pure functions -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> dict[str, pd.DataFrame]:
    """The tables of a run on the corpus."""
    folder = tmp_path_factory.mktemp("reviews")
    return dict(run_pipeline(_corpus(folder / "corpus"), folder / "out", settings).tables)


def _recorded(**cells_by_event: dict[str, Any]) -> pd.DataFrame:
    return record_frame(
        [
            {"event_id": event_id, **dict.fromkeys(REVIEW_COLUMNS), **cells, "workbook": "r.xlsx", "sheet": "events",
             "sheet_row": row, "reviewed_at": None}
            for row, (event_id, cells) in enumerate(cells_by_event.items(), start=2)
        ]
    )  # fmt: skip


def test_a_fix_sets_the_actor_by_id_clears_a_mode_the_new_type_lacks_and_removes_a_target(
    tables: dict[str, pd.DataFrame],
) -> None:
    events, entities = tables["events"], tables["entities"]
    ids = _ids(events)
    pakistan = entities.set_index("canonical_name").loc["Pakistan"]
    recorded = _recorded(
        **{
            ids[THREAT]: {
                "verdict": "fix",
                "corrected_type": "COERCE",
                "corrected_target": "NONE",
                "corrected_date": "2015-W52",
            },
            ids[CEASE]: {"verdict": "fix", "corrected_type": "AGREE", "corrected_date": "2015-11"},
            ids[INDIA]: {"verdict": "fix", "corrected_source": pakistan["entity_id"].upper(), "corrected_date": "2014"},
        }
    )
    fixed, mentions, reviews, dropped = apply_reviews(events, tables["event_mentions"], entities, recorded)
    assert reviews["status"].tolist() == ["applied"] * 3
    assert dropped.empty and mentions.equals(tables["event_mentions"])
    changed = fixed.set_index("event_id").loc[[ids[THREAT], ids[CEASE], ids[INDIA]], FIXABLE]
    original = events.set_index("event_id")
    assert _values(changed) == [
        ["COERCE", "ban", None, *original.loc[ids[THREAT], FIXABLE[3:6]], None, None, None,
         "2015-W52", "week", date(2015, 12, 21), date(2015, 12, 27)],
        ["AGREE", None, None, *original.loc[ids[CEASE], FIXABLE[3:9]], "2015-11", "month", date(2015, 11, 1),
         date(2015, 11, 30)],
        ["REJECT", None, original.loc[ids[INDIA], "cameo_code"], pakistan["entity_id"], "Pakistan", "PAK",
         None, None, None, "2014", "year", date(2014, 1, 1), date(2014, 12, 31)],
    ]  # fmt: skip
    pd.testing.assert_frame_equal(fixed.set_index("event_id").loc[[ids[COMPLY]]], original.loc[[ids[COMPLY]]])


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"verdict": None, "comment": "looks odd"}, "verdict is empty but the row has review cells (want correct, "
                                                    "wrong or fix)"),
        ({"verdict": "fix"}, "verdict 'fix' needs a correction in corrected_type, corrected_source, corrected_target, "
                             "corrected_date"),
        ({"verdict": "correct", "corrected_type": "AGREE"}, "corrected_type 'AGREE' is a correction but the verdict "
                                                            "is 'correct' (want 'fix')"),
        ({"verdict": "fix", "corrected_target": "Nobody"}, "corrected_target 'Nobody' is not an actor of the entities "
                                                           "table (want its canonical_name or entity_id, or 'none')"),
        ({"verdict": "fix", "corrected_date": "30/12/2015"}, "corrected_date '30/12/2015' is not a date (want "
                                                             "YYYY-MM-DD, YYYY-MM, YYYY or another TIMEX3 date: "
                                                             "2015-W52, 2015-Q4)"),
        ({"verdict": "fix", "corrected_date": "XXXX-12-30"}, "corrected_date 'XXXX-12-30' is not a date (want "
                                                             "YYYY-MM-DD, YYYY-MM, YYYY or another TIMEX3 date: "
                                                             "2015-W52, 2015-Q4)"),
    ],
)  # fmt: skip
def test_a_verdict_that_cannot_be_used_changes_nothing(
    tables: dict[str, pd.DataFrame], cells: dict[str, Any], problem: str
) -> None:
    events = tables["events"]
    threat = _ids(events)[THREAT]
    fixed, mentions, reviews, dropped = apply_reviews(
        events, tables["event_mentions"], tables["entities"], _recorded(**{threat: cells})
    )
    assert reviews[["event_id", "status", "problem"]].values.tolist() == [[threat, "invalid", problem]]
    pd.testing.assert_frame_equal(fixed, events)
    assert dropped.empty and mentions.equals(tables["event_mentions"])


def test_merging_keeps_an_unchanged_verdict_and_replaces_a_changed_one() -> None:
    record = _recorded(a={"verdict": "correct"}, b={"verdict": "wrong", "comment": "no"}).assign(reviewed_at="T1")
    read = _recorded(a={"verdict": "correct"}, b={"verdict": "fix", "corrected_date": "2015"}, c={"verdict": "wrong"})
    read = read.assign(workbook="later.xlsx", reviewed_at="T2")
    merged, changed = merge_verdicts(record, read)
    assert changed == ["b", "c"]
    assert _values(merged[["event_id", "verdict", "corrected_date", "comment", "workbook", "reviewed_at"]]) == [
        ["a", "correct", None, None, "r.xlsx", "T1"],
        ["b", "fix", "2015", None, "later.xlsx", "T2"],
        ["c", "wrong", None, None, "later.xlsx", "T2"],
    ]
    again, changed = merge_verdicts(merged, empty_record())
    pd.testing.assert_frame_equal(again, merged)
    assert changed == []


def test_cells_are_read_as_typed(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    from pipeline.exports.review_workbook import review_workbook

    events = tables["events"]
    ids = _ids(events)
    workbook = tmp_path / "review.xlsx"
    workbook.write_bytes(review_workbook(tables))
    assert read_reviews(workbook).empty
    saved_at, rows = _fill(
        workbook,
        {
            ids[THREAT]: {"verdict": " FIX ", "corrected_type": "threaten", "corrected_date": datetime(2015, 12, 30)},
            ids[CEASE]: {"verdict": "fix", "corrected_date": 2015},
        },
    )
    read = read_reviews(workbook)
    assert _values(read) == sorted(
        [
            [ids[THREAT], "fix", "THREATEN", None, None, "2015-12-30", None, str(workbook), "events",
             rows[ids[THREAT]], saved_at],
            [ids[CEASE], "fix", None, None, None, "2015", None, str(workbook), "events", rows[ids[CEASE]], saved_at],
        ]
    )  # fmt: skip
