"""The whole run: tables written and typed, manifest, determinism, validation failures, CLI."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import registry
from pipeline.cli import EXIT_FAILURE, EXIT_INVALID, EXIT_OK, EXIT_REJECTS, main
from pipeline.registry import SCHEMAS
from pipeline.run import RunResult, run_pipeline
from pipeline.settings import Settings
from tests.conftest import GOLD, SEEDS


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, RunResult]:
    out = tmp_path_factory.mktemp("outputs")
    return out, run_pipeline(SEEDS, out, settings)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def test_every_table_is_written_as_parquet_and_csv(seed_run: tuple[Path, RunResult]) -> None:
    out, result = seed_run
    for name in SCHEMAS:
        parquet = pd.read_parquet(out / f"{name}.parquet")
        csv = pd.read_csv(out / f"{name}.csv", encoding="utf-8")
        assert list(csv.columns) == list(parquet.columns) == list(result.tables[name].columns)
        assert len(csv) == len(parquet) == len(result.tables[name])
    assert not list(out.glob(".staging-*"))


def test_parquet_columns_have_proper_types(seed_run: tuple[Path, RunResult]) -> None:
    out, _ = seed_run
    sentences = pq.read_schema(out / "sentences.parquet")
    assert str(sentences.field("seq").type) == "int64"
    assert str(sentences.field("is_headline").type) == "bool"
    assert "string" in str(sentences.field("text").type)
    documents = pq.read_schema(out / "documents.parquet")
    assert "string" in str(documents.field("publication_date").type)


def test_manifest_describes_the_run(seed_run: tuple[Path, RunResult]) -> None:
    out, result = seed_run
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["validation"] == "passed"
    assert manifest["rows"] == {name: len(result.tables[name]) for name in SCHEMAS}
    assert sorted(i["file"] for i in manifest["inputs"]) == sorted(p.name for p in SEEDS.iterdir())
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["sha256"]) for i in manifest["inputs"])
    assert {"pipeline", "pandas", "pyarrow", "pandera", "spacy", "model"} <= set(manifest["versions"])
    assert manifest["started_at"] <= manifest["finished_at"]


def test_ids_are_deterministic(seed_run: tuple[Path, RunResult], tmp_path: Path, settings: Settings) -> None:
    _, first = seed_run
    second = run_pipeline(SEEDS, tmp_path, settings)
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name])


def test_seed_documents_follow_the_gold(seed_run: tuple[Path, RunResult]) -> None:
    if not GOLD.exists():
        pytest.skip("shared/eval gold is not beside this checkout")
    _, result = seed_run
    gold = pd.read_csv(GOLD / "documents.csv", dtype=str, keep_default_na=False).set_index("file")
    docs = result.tables["documents"].set_index("source_name")
    counts = result.tables["sentences"].groupby("doc_id").size()
    for name, row in gold.iterrows():
        assert abs(counts[docs.loc[name, "doc_id"]] - int(row["sentences"])) <= max(
            1, round(0.1 * int(row["sentences"]))
        )
        if row["publication_date_basis"] == "dateline":
            assert docs.loc[name, "publication_date"] == row["publication_date"]


# The seed story's steps, each as (event_type, start of its summary), in the order they happened.
SEED_STORY = [
    ("THREATEN", "The issues began in July when the Pakistan Telecommunications Authority threatened"),
    ("REQUEST", "Initially ordered to exit the country by November 30"),
    ("SANCTION", "BlackBerry Ltd (NASDAQ:BBRY) has confirmed that it will no longer host"),
    ("SANCTION", "BlackBerry has on Monday announced that it would cease operations"),
    ("CONCEDE", "The original directive had asked carriers to stop BES services by November 30"),
    ("CONCEDE", "On Dec. 31, BlackBerry\u2019s COO announced that the company would not leave"),  # had dropped
    ("AGREE", "According to a recent report, BlackBerry will not discontinue operations"),
]


def test_seed_timeline_reads_as_the_story(seed_run: tuple[Path, RunResult]) -> None:
    """The July threat, the order to stop by 30 November, the exit announcements, the extension, the
    government dropping its request, BlackBerry staying."""
    _, result = seed_run
    table = result.tables["timeline"]
    rows = [
        table.index[(table["event_type"] == kind) & table["summary"].str.startswith(start)].tolist()
        for kind, start in SEED_STORY
    ]
    assert all(len(found) == 1 for found in rows), rows
    positions = [found[0] for found in rows]
    assert positions == sorted(positions), [table.loc[p, "summary"][:40] for p in positions]


def test_no_real_reporting_is_removed(seed_run: tuple[Path, RunResult]) -> None:
    if not GOLD.exists():
        pytest.skip("shared/eval gold is not beside this checkout")
    _, result = seed_run
    docs = result.tables["documents"].set_index("source_name")
    for table in ("events", "timexes"):
        gold = pd.read_csv(GOLD / f"{table}.csv", dtype=str, keep_default_na=False)
        for row in gold.itertuples():
            assert _norm(row.evidence) in _norm(docs.loc[row.file, "clean_text"]), (row.file, row.evidence)


def test_seed_furniture_is_in_removed(seed_run: tuple[Path, RunResult]) -> None:
    _, result = seed_run
    removed = result.tables["removed"].merge(result.tables["documents"][["doc_id", "source_name"]], on="doc_id")
    reasons = removed.groupby("source_name")["reason"].apply(list).to_dict()
    assert "teaser_block" in reasons["002_431f3f97a2ca0eb7.txt"]
    assert "comment_form" in reasons["001_0c70c3a7057b8a51.txt"]
    assert "repeated_span" in reasons["001_0c70c3a7057b8a51.txt"]
    assert reasons["003_62c0df5b56817ee4.txt"].count("repeated_paragraph") == 2
    teaser = removed[removed["reason"] == "teaser_block"].iloc[0]["text"]
    assert "Governor General Welcomes" in teaser and "Victoria Police Chief" in teaser


def test_a_failure_across_documents_writes_nothing(
    seed_run: tuple[Path, RunResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_run[0], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    stage = registry.STAGES[0]

    def same_name(**inputs: Any) -> Any:  # every document named alike: a key repeated across documents
        docs, removed, rejects = stage.function(**inputs)
        return docs.assign(source_name="same.txt"), removed, rejects

    broken = (replace(stage, function=same_name), *registry.STAGES[1:])
    monkeypatch.setattr("pipeline.engines.STAGES", broken)  # per-document stages run there
    # --full: with the same inputs and code files the run would keep the copied outputs as they are
    assert main(["run", "--full", "--input", str(SEEDS), "--out", str(out)]) == EXIT_INVALID
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_validate_command(seed_run: tuple[Path, RunResult], tmp_path: Path) -> None:
    assert main(["validate", str(seed_run[0])]) == EXIT_OK
    out = tmp_path / "out"
    shutil.copytree(seed_run[0], out)
    data = (out / "sentences.parquet").read_bytes()
    (out / "sentences.parquet").write_bytes(data[: len(data) // 2])
    assert main(["validate", str(out)]) == EXIT_INVALID


def test_strict_exits_non_zero_when_inputs_are_rejected(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_ab65705036ed39a9.txt", corpus)
    (corpus / "empty.txt").write_bytes(b"")
    assert main(["run", "-q", "--input", str(corpus), "--out", str(tmp_path / "a")]) == EXIT_OK
    assert main(["run", "-q", "--strict", "--input", str(corpus), "--out", str(tmp_path / "b")]) == EXIT_REJECTS
    rejects = pd.read_parquet(tmp_path / "b" / "rejects.parquet")
    assert rejects[["source_name", "reason"]].values.tolist() == [["empty.txt", "empty"]]
    assert len(pd.read_parquet(tmp_path / "b" / "documents.parquet")) == 1


def test_missing_input_folder_is_a_failure(tmp_path: Path) -> None:
    assert main(["run", "--input", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == EXIT_FAILURE


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["validate", "--help"]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--no-such-option"])
    assert exit_info.value.code == 2


def test_validation_reports_every_failure_at_once(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.validation import ValidationFailed, report

    stage = registry.STAGES[0]

    def broken_documents(**inputs: Any) -> Any:  # bad values, and a key repeated across documents
        docs, removed, rejects = stage.function(**inputs)
        return docs.assign(publication_date="2015-13-45", word_count=-1, source_name="same.txt"), removed, rejects

    monkeypatch.setattr("pipeline.engines.STAGES", (replace(stage, function=broken_documents), *registry.STAGES[1:]))
    with pytest.raises(ValidationFailed) as failed:
        run_pipeline(SEEDS, tmp_path, settings)
    failures = failed.value.failures
    assert failures.groupby("check").size().to_dict() == {
        "calendar_date": 5,
        "greater_than_or_equal_to(0)": 5,
        "date_matches_basis": 4,
        "field_uniqueness": 5,
    }
    assert "table 'documents'" in report(failures)


def test_log_json_writes_one_object_per_record(
    seed_run: tuple[Path, RunResult], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--log-json", str(seed_run[0])]) == EXIT_OK
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert records
    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)
    assert {record["level"] for record in records} == {"INFO"}
