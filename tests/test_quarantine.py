"""Per-document quarantine: a document whose rows fail a check is withheld from every table and
named in rejects; the others are written; the next run tries it again. Checks no single document
explains still stop the run."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline import registry
from pipeline.cli import EXIT_INVALID, EXIT_OK, EXIT_REJECTS, main
from pipeline.quarantine import quarantined, with_documents
from pipeline.registry import SCHEMAS
from pipeline.validation import ValidationFailed
from tests.conftest import SEEDS

# The seed whose rows the broken stages spoil, and its doc_id (the first 16 hex digits of its SHA-256).
SPOILED = "002_431f3f97a2ca0eb7.txt"
SPOILED_ID = "e835c731d48ae681"


def _spoiling(stage_name: str, table: str) -> tuple[registry.Stage, ...]:
    """The registered stages, with `stage_name` making char_start -5 in the SPOILED document's first row of `table`."""
    [stage] = [stage for stage in registry.STAGES if stage.name == stage_name]

    def spoiled(**inputs: Any) -> Any:
        made = stage.function(**inputs)
        frames = list(made) if isinstance(made, tuple) else [made]
        position = stage.outputs.index(table)
        frame = frames[position]
        first = frame.index[frame["doc_id"] == SPOILED_ID][:1]
        frames[position] = frame.assign(char_start=frame["char_start"].where(~frame.index.isin(first), -5))
        return tuple(frames) if isinstance(made, tuple) else frames[0]

    return tuple(replace(other, function=spoiled) if other.name == stage_name else other for other in registry.STAGES)


def _documents_named(out: Path) -> dict[str, set[str]]:
    """The documents each written table but rejects has rows of (by doc_id, sentence_id or either side of a
    conflict)."""
    found = {}
    for name in [name for name in SCHEMAS if name != "rejects"]:
        frame = pd.read_parquet(out / f"{name}.parquet")
        columns = [column for column in ("doc_id", "doc_id_a", "doc_id_b") if column in frame.columns]
        ids = {value for column in columns for value in frame[column].dropna()}
        if "sentence_id" in frame.columns:
            ids |= {value.split("-")[0] for value in frame["sentence_id"]}
        found[name] = ids
    return found


def _manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


def _copy_of_seeds(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


@pytest.mark.parametrize(
    ("stage", "table", "patched"),
    [
        ("document_timexes", "document_timexes", "pipeline.engines.STAGES"),  # per-document: found in its batch
        ("timexes", "timexes", "pipeline.run.STAGES"),  # cross-document: the stages run again without it
    ],
)
def test_a_document_with_an_invalid_row_is_quarantined_and_comes_back_once_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, table: str, patched: str
) -> None:
    corpus, out = _copy_of_seeds(tmp_path), tmp_path / "out"
    monkeypatch.setattr(patched, _spoiling(stage, table))
    assert main(["run", "-q", "--input", str(corpus), "--out", str(out)]) == EXIT_OK

    named = _documents_named(out)
    assert SPOILED_ID not in set().union(*named.values())
    assert len(named["documents"]) == 4 and named["events"] == set()  # events name no document
    rejects = pd.read_parquet(out / "rejects.parquet")
    reject = rejects.drop(columns=["detail"]).to_dict("records")
    assert reject == [
        {
            "source_name": SPOILED,
            "reason": "quarantined",
            "doc_id": SPOILED_ID,
            "stage": stage,
            "table": table,
            "column": "char_start",
            "check": "greater_than_or_equal_to(0)",
            "value": "-5",
        }
    ]
    assert rejects.loc[0, "detail"] == (
        f"stage '{stage}' made {table}.char_start '-5', which fails check greater_than_or_equal_to(0): the "
        "document's rows are withheld from every table; the next run tries it again"
    )
    manifest = _manifest(out)
    assert (manifest["quarantined_documents"], manifest["rejected_inputs"]) == (1, [SPOILED])
    assert main(["validate", "-q", str(out)]) == EXIT_OK

    # --strict: the same run, exit 4
    assert main(["run", "-q", "--strict", "--input", str(corpus), "--out", str(out)]) == EXIT_REJECTS

    monkeypatch.undo()  # the stage fixed: the next run tries the document again, the others from the cache
    assert main(["run", "-q", "--input", str(corpus), "--out", str(out)]) == EXIT_OK
    manifest = _manifest(out)
    assert (manifest["reprocessed_documents"], manifest["reused_documents"]) == (1, 4)
    assert manifest["quarantined_documents"] == 0
    assert pd.read_parquet(out / "rejects.parquet").empty
    assert main(["run", "-q", "--full", "--input", str(corpus), "--out", str(tmp_path / "full")]) == EXIT_OK
    for name in SCHEMAS:
        assert (out / f"{name}.parquet").read_bytes() == (tmp_path / "full" / f"{name}.parquet").read_bytes(), name


def test_a_run_in_which_every_document_fails_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When every document's rows fail, the fault is the run's: exit 3, the previous outputs kept."""
    corpus, out = _copy_of_seeds(tmp_path), tmp_path / "out"
    assert main(["run", "-q", "--input", str(corpus), "--out", str(out)]) == EXIT_OK
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    [stage] = [stage for stage in registry.STAGES if stage.name == "document_timexes"]

    def spoiled(**inputs: Any) -> pd.DataFrame:
        return stage.function(**inputs).assign(char_start=-5)

    stages = tuple(replace(other, function=spoiled) if other is stage else other for other in registry.STAGES)
    monkeypatch.setattr("pipeline.engines.STAGES", stages)
    assert main(["run", "-q", "--full", "--input", str(corpus), "--out", str(out)]) == EXIT_INVALID
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


# ---------------------------------------------------------------- which document a failure is the fault of

_SENTENCES = pd.DataFrame(
    {
        "doc_id": ["aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"],
        "sentence_id": ["aaaaaaaaaaaaaaaa-0001", "aaaaaaaaaaaaaaaa-0002", "bbbbbbbbbbbbbbbb-0001"],
        "seq": [1, 1, 1],
        "text": ["One.", "Two.", "Three."],
    }
)
_TOKENS = pd.DataFrame({"sentence_id": ["aaaaaaaaaaaaaaaa-0002", "bbbbbbbbbbbbbbbb-0001"], "token_index": [0, 0]})
_EVENTS = pd.DataFrame({"event_id": ["e1", "e2"], "event_date": ["bad", "bad"]})
_EVENT_MENTIONS = pd.DataFrame(
    {"event_id": ["e1", "e2", "e2"], "doc_id": ["aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]}
)
_TABLES = {"sentences": _SENTENCES, "tokens": _TOKENS, "events": _EVENTS, "event_mentions": _EVENT_MENTIONS}


def _failure(table: str, column: str | None, check: str, index: int | None, case: object = None) -> dict[str, Any]:
    return {"table": table, "column": column, "check": check, "failure_case": case, "index": index}


@pytest.mark.parametrize(
    ("failure", "document", "case"),
    [
        (_failure("sentences", "text", "str_length", 2, "Three."), "bbbbbbbbbbbbbbbb", "Three."),  # its doc_id
        (_failure("tokens", "token_index", "ge", 0, -1), "aaaaaaaaaaaaaaaa", -1),  # its sentence's document
        (_failure("events", "event_date", "str_matches", 0, "bad"), "aaaaaaaaaaaaaaaa", "bad"),  # one reporter
        (_failure("events", "event_date", "str_matches", 1, "bad"), None, "bad"),  # reported by two documents
        # a key repeated within one document is its fault; one repeated across two documents is no one's
        (_failure("sentences", None, "multiple_fields_uniqueness", 0), "aaaaaaaaaaaaaaaa", None),
        (_failure("sentences", "seq", "field_uniqueness", 2, 1), None, 1),
        (_failure("sentences", "text", "dtype('str')", None, "int64"), None, "int64"),  # no row: no document
        (_failure("removed", "char_start", "ge", 0, -1), None, -1),  # a table not at hand
    ],
)
def test_the_document_of_a_failing_row(failure: dict[str, Any], document: str | None, case: object) -> None:
    [found] = with_documents(pd.DataFrame([failure]), _TABLES).to_dict("records")
    expected_case = (
        "doc_id='aaaaaaaaaaaaaaaa', sentence_id='aaaaaaaaaaaaaaaa-0001', seq=1, text='One.'"
        if failure["check"] == "multiple_fields_uniqueness"
        else case
    )
    assert (found["doc_id"], found["failure_case"]) == (document, expected_case)


_DOCUMENTS = pd.DataFrame({"doc_id": ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], "source_name": ["a.txt", "b.txt"]})


def _failures(*rows: tuple[str | None, str, int | None]) -> pd.DataFrame:
    """Failures of (doc_id, table, index) in column x, check c, value v, made by stage s."""
    return pd.DataFrame(
        [
            {"table": table, "column": "x", "check": "c", "failure_case": "v", "index": index, "doc_id": doc}
            | {"stage": "s"}
            for doc, table, index in rows
        ]
    )


@pytest.mark.parametrize(
    ("failures", "withheld"),
    [
        (_failures(("aaaaaaaaaaaaaaaa", "t", 0), ("aaaaaaaaaaaaaaaa", "t", 1)), [("a.txt", "aaaaaaaaaaaaaaaa", 1)]),
        (
            _failures(("bbbbbbbbbbbbbbbb", "t", 3), ("aaaaaaaaaaaaaaaa", "t", 0)),
            [("b.txt", "bbbbbbbbbbbbbbbb", 0), ("a.txt", "aaaaaaaaaaaaaaaa", 0)],
        ),
        # a check that could not run in the table of a document's bad row: checked again without it
        (_failures(("aaaaaaaaaaaaaaaa", "t", 0), (None, "t", None)), [("a.txt", "aaaaaaaaaaaaaaaa", 0)]),
        (_failures(("aaaaaaaaaaaaaaaa", "t", 0), (None, "u", None)), None),  # in another table: no one's fault
        (_failures(("aaaaaaaaaaaaaaaa", "t", 0), (None, "t", 4)), None),  # a row no document explains
        (_failures(("cccccccccccccccc", "t", 0)), None),  # not a document of the run
        (_failures((None, "t", None)), None),
    ],
)
def test_which_documents_are_quarantined(failures: pd.DataFrame, withheld: list[tuple[str, str, int]] | None) -> None:
    if withheld is None:
        with pytest.raises(ValidationFailed) as failed:
            quarantined(failures, _DOCUMENTS)
        pd.testing.assert_frame_equal(failed.value.failures, failures)
        return
    rejects = quarantined(failures, _DOCUMENTS)
    assert rejects[["source_name", "doc_id", "stage", "table", "column", "check", "value"]].values.tolist() == [
        [name, doc, "s", "t", "x", "c", "v"] for name, doc, _ in withheld
    ]
    assert rejects["detail"].tolist() == [
        f"stage 's' made t.x 'v', which fails check c{f' (and {count} more row(s))' if count else ''}: the "
        "document's rows are withheld from every table; the next run tries it again"
        for _, _, count in withheld
    ]
    assert set(rejects["reason"]) == {"quarantined"}
