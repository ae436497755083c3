"""Engines: one process, a pool of worker processes and a Dask cluster write the same tables."""

from __future__ import annotations

import io
import json
import pickle
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pandera.typing import Series

from pipeline import run
from pipeline.cli import EXIT_USAGE, main
from pipeline.engines import (
    IN_FLIGHT,
    READ_AHEAD,
    Engine,
    batch_bounds,
    check_unique_keys,
    in_order,
    map_batches,
    wait_first_completed,
)
from pipeline.parts import PartStore
from pipeline.registry import DICTIONARIES, SCHEMAS, STAGES, Stage, check_chain
from pipeline.run import run_pipeline
from pipeline.settings import Settings
from pipeline.sources import RAW_COLUMNS
from pipeline.validation import ValidationFailed, check_unique, keys_repeat
from tests.conftest import SEEDS

TABLE_FILES = sorted([f"{name}.parquet" for name in SCHEMAS] + [f"{name}.csv" for name in SCHEMAS])
# Two documents per batch: the five seeds make four batches (2, 1, 1, 1: engines.batch_bounds), so every
# engine really splits the work.
BATCH = 2


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> dict[str, bytes]:
    """The table files of a run of the seeds in this process."""
    root = tmp_path_factory.mktemp("one_process")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    run_pipeline(corpus, root / "out", settings, engine=Engine(batch_size=BATCH))
    return {name: (root / "out" / name).read_bytes() for name in TABLE_FILES}


def _run(tmp_path: Path, settings: Settings, engine: Engine) -> tuple[dict[str, bytes], dict[str, object]]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    run_pipeline(corpus, tmp_path / "out", settings, engine=engine)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    return {name: (tmp_path / "out" / name).read_bytes() for name in TABLE_FILES}, manifest


def test_two_worker_processes_write_the_same_bytes_as_one_process(
    tmp_path: Path, settings: Settings, one_process: dict[str, bytes]
) -> None:
    tables, manifest = _run(tmp_path, settings, Engine(workers=2, batch_size=BATCH))
    assert manifest["engine"] == "local (2 worker process(es))"
    assert manifest["reprocessed_documents"] == 5
    assert tables == one_process


def test_dask_local_cluster_writes_the_same_bytes_as_one_process(
    tmp_path: Path, settings: Settings, one_process: dict[str, bytes]
) -> None:
    tables, manifest = _run(tmp_path, settings, Engine("dask", workers=2, batch_size=BATCH))
    assert manifest["engine"] == "dask (local cluster of 2 worker(s))"
    assert tables == one_process


def test_the_manifest_times_every_stage(tmp_path: Path, settings: Settings) -> None:
    _, manifest = _run(tmp_path, settings, Engine(batch_size=BATCH))
    seconds = manifest["stage_seconds"]
    assert isinstance(seconds, dict)
    assert sorted(seconds) == sorted([stage.name for stage in STAGES] + ["exports"])
    assert all(value >= 0 for value in seconds.values())


@pytest.mark.parametrize(
    "arguments",
    [
        ["--workers", "0"],
        ["--workers", "two"],
        ["--engine", "spark"],
        ["--scheduler", "tcp://127.0.0.1:8786"],  # a scheduler is for the dask engine only
    ],
)
def test_bad_engine_options_are_usage_errors(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["run", "--input", str(SEEDS), "--out", str(tmp_path / "out"), *arguments])
    assert stopped.value.code == EXIT_USAGE
    assert not (tmp_path / "out").exists()
    assert "usage:" in capsys.readouterr().err


def test_a_validation_failure_in_a_worker_process_reaches_the_run_whole() -> None:
    failures = pd.DataFrame({"table": ["documents"], "column": ["word_count"], "check": ["ge(0)"], "row": [3]})
    again = pickle.loads(pickle.dumps(ValidationFailed(failures)))  # how a process pool sends it back
    assert isinstance(again, ValidationFailed)
    assert again.failures.equals(failures)
    assert str(again) == "1 table(s) failed validation"


def test_a_cross_document_stage_cannot_take_a_batch_only_output() -> None:
    late = Stage("late", lambda parses: parses, ("parses",), ("late",), per_document=False)
    with pytest.raises(RuntimeError, match="cross-document stage 'late' needs parses, kept per batch only"):
        check_chain((*STAGES, late))


@pytest.mark.parametrize(
    ("documents", "size", "sizes"),
    [
        (0, 64, []),
        (5, 64, [5]),
        (5, 2, [2, 1, 1, 1]),
        (129, 64, [64, 16, 16, 16, 16, 1]),
        (1000, 64, [64] * 14 + [16] * 6 + [8]),
    ],
)
def test_the_last_batches_are_split_smaller(documents: int, size: int, sizes: list[int]) -> None:
    """Whole batches, then the last two batches' documents in batches of a quarter the size, covering
    the corpus in order."""
    bounds = batch_bounds(documents, size)
    assert [stop - start for start, stop in bounds] == sizes
    assert [start for start, _ in bounds] == [sum(sizes[:number]) for number in range(len(sizes))]


def test_batches_are_read_only_as_workers_need_them(settings: Settings) -> None:
    """A pool of 2 workers has at most READ_AHEAD batches per worker read ahead of the results taken."""
    read: list[int] = []

    def batches() -> Iterator[pd.DataFrame]:
        for number in range(20):
            read.append(number)
            yield pd.DataFrame(columns=RAW_COLUMNS)

    results = map_batches(batches(), settings, {name: load() for name, load in DICTIONARIES.items()}, Engine(workers=2))
    next(results)
    assert IN_FLIGHT * 2 <= len(read) <= READ_AHEAD * 2
    assert sum(1 for _ in results) == 19
    assert len(read) == 20


def test_workers_go_on_past_a_slow_batch() -> None:
    """While the first batch is still running, later ones are submitted until READ_AHEAD per worker
    are held; the results still come in batch order."""
    release = threading.Event()
    submitted: list[int] = []
    taken: list[int] = []

    def work(number: int) -> int:
        if number == 0:
            assert release.wait(30)
        return number

    with ThreadPoolExecutor(IN_FLIGHT) as pool:

        def submit(number: int) -> Future[int]:
            assert len(submitted) - len(taken) < READ_AHEAD  # never more held than READ_AHEAD for 1 worker
            submitted.append(number)
            return pool.submit(work, number)

        def take() -> None:
            taken.extend(in_order(range(20), submit, wait_first_completed, workers=1))

        consumer = threading.Thread(target=take)
        consumer.start()
        deadline = time.monotonic() + 30
        while len(submitted) < READ_AHEAD and time.monotonic() < deadline:
            time.sleep(0.01)
        assert submitted == list(range(READ_AHEAD))  # batch 0 still runs: the worker went on to 1..5
        assert taken == []
        release.set()
        consumer.join(30)
    assert taken == list(range(20))


def test_keys_repeated_across_parts_are_validation_failures() -> None:
    """Parts are validated whole one by one; put together, a key found in two of them is reported."""
    sentences = pd.DataFrame(
        {"sentence_id": ["a-s0", "b-s0", "a-s0"], "doc_id": ["a", "b", "a"], "seq": [0, 0, 1]}, index=[0, 1, 2]
    )
    facts = pd.DataFrame({"fact_id": ["a-s0-f1", "b-s0-f1"]})
    with pytest.raises(ValidationFailed) as failed:
        check_unique_keys({"sentences": sentences, "document_facts": facts})
    found = failed.value.failures[["table", "column", "check", "index"]].to_dict("records")
    assert found == [
        {"table": "sentences", "column": "sentence_id", "check": "field_uniqueness", "index": 0},
        {"table": "sentences", "column": "sentence_id", "check": "field_uniqueness", "index": 2},
    ]
    check_unique_keys({"sentences": sentences.iloc[:2], "document_facts": facts})  # no repeated key: passes


def test_stages_run_part_by_part_give_the_same_tables_in_any_chunks(
    tmp_path: Path, settings: Settings, one_process: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One document per chunk (four chunks of the seeds' parts, not one): the same CSV files, and
    Parquet files of the same rows (facts then has a row group per chunk)."""
    monkeypatch.setattr(run, "CHUNK_DOCUMENTS", 1)
    tables, _ = _run(tmp_path, settings, Engine(batch_size=BATCH))
    assert {name: data for name, data in tables.items() if name.endswith(".csv")} == {
        name: data for name, data in one_process.items() if name.endswith(".csv")
    }
    for name in [name for name in TABLE_FILES if name.endswith(".parquet")]:
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "out" / name), pd.read_parquet(io.BytesIO(one_process[name]))
        )
    assert pq.ParquetFile(tmp_path / "out" / "facts.parquet").num_row_groups == 4


def test_a_table_kept_part_by_part_cannot_be_taken_whole() -> None:
    late = Stage("late", lambda facts: facts, ("facts",), ("late",), per_document=False)
    with pytest.raises(RuntimeError, match="stage 'late' needs facts whole, kept part by part only"):
        check_chain((*STAGES, late))


def test_a_stage_can_name_only_columns_its_inputs_have() -> None:
    late = Stage(
        "late",
        lambda documents, events: documents,
        ("documents", "events"),
        ("late",),
        per_document=False,
        columns={"documents": ("doc_id", "headline"), "sentences": ("text",)},
    )
    with pytest.raises(
        RuntimeError, match=r"stage 'late' reads columns it cannot be given: documents\.headline, sentences\.text"
    ):
        check_chain((*STAGES, late))


def test_a_cross_document_stage_is_given_only_the_columns_it_names(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole, part by part, spooled or made by an earlier stage: the stage sees the columns it names, no others."""
    seen: dict[str, set[tuple[str, ...]]] = {}

    def looking(how: str) -> Callable[..., pd.DataFrame]:
        def look(documents: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
            for name, frame in (("documents", documents), ("sentences", sentences), ("mentions", mentions)):
                seen.setdefault(f"{how} {name}", set()).add(tuple(frame.columns))
            return pd.DataFrame({"doc_id": documents["doc_id"]})

        return look

    columns = {"documents": ("doc_id",), "sentences": ("sentence_id", "seq"), "mentions": ("entity_id", "doc_id")}
    looks = [
        Stage(
            f"look_{how}",
            looking(how),
            ("documents", "sentences", "mentions"),
            (f"looked_{how}",),
            per_document=False,
            by_part=by_part,
            columns=columns,
        )
        for how, by_part in (("whole", ()), ("by_part", ("documents", "sentences", "mentions")))
    ]
    monkeypatch.setattr(run, "STAGES", (*STAGES, *looks))
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.setattr(run, "CHUNK_DOCUMENTS", 1)  # four chunks
    run.run_pipeline(corpus, tmp_path / "out", settings, engine=Engine(batch_size=BATCH))
    assert seen == {f"{how} {name}": {names} for how in ("whole", "by_part") for name, names in columns.items()}


# The texts of the corpus: what no cross-document stage may take whole.
TEXTS = {"documents": "clean_text", "sentences": "text", "removed": "text", "tokens": "text"}


def test_no_cross_document_stage_reads_every_text_at_once() -> None:
    """A cross-document stage takes a text column only part by part, never the whole corpus's at once."""
    whole = {
        f"{stage.name}: {table}.{column}"
        for stage in STAGES
        if not stage.per_document
        for table, column in TEXTS.items()
        if table in stage.needs
        and table not in stage.by_part
        and (table not in stage.columns or column in stage.columns[table])
    }
    assert whole == set()


class _Keyed(pandera.DataFrameModel):
    key: Series[str] = pandera.Field(unique=True, nullable=True)
    doc: Series[str]
    seq: Series[int]

    class Config:
        unique = ("doc", "seq")


@pytest.mark.parametrize(
    ("rows", "repeats"),
    [
        ({"key": ["a", "b"], "doc": ["d", "d"], "seq": [1, 2]}, False),
        ({"key": ["a", "a"], "doc": ["d", "d"], "seq": [1, 2]}, True),  # one column
        ({"key": ["a", "b"], "doc": ["d", "d"], "seq": [1, 1]}, True),  # columns unique together
        ({"key": ["a", "b"], "doc": ["d", "e"], "seq": [1, 1]}, False),
        ({"key": [None, None], "doc": ["d", "d"], "seq": [1, 2]}, True),  # nulls are equal, as in check_unique
    ],
)
def test_keys_are_checked_in_arrow_as_check_unique_checks_them(rows: dict[str, list[Any]], repeats: bool) -> None:
    assert keys_repeat(pa.table(rows), _Keyed) is repeats
    if repeats:
        with pytest.raises(ValidationFailed):
            check_unique("keyed", pd.DataFrame(rows), _Keyed)
    else:
        check_unique("keyed", pd.DataFrame(rows), _Keyed)


def test_a_run_finds_a_key_repeated_in_two_parts(tmp_path: Path) -> None:
    def sentences(ids: list[str], seqs: list[int]) -> pd.DataFrame:
        return pd.DataFrame({"sentence_id": ids, "doc_id": [i[0] for i in ids], "seq": seqs, "_doc_key": "k"})

    spool = PartStore(tmp_path)
    spool.add({"sentences": sentences(["a-s0", "a-s1"], [1, 2])})
    spool.add({"sentences": sentences(["b-s0"], [1])})
    assert not run._keys_repeat(spool, "sentences")
    spool.add({"sentences": sentences(["a-s1"], [3])})  # a-s1 again
    assert run._keys_repeat(spool, "sentences")
    assert not run._keys_repeat(spool, "parses")  # no schema: nothing to check
