"""Where the per-document stages run: in this process, in a pool of worker processes, or on Dask.

A batch of raw documents goes through every per-document stage (pipeline.registry) in one place,
so its parse (`parses`) never leaves the process that made it; only the batch's tables come back.
Batches are the same whatever the engine and the number of workers, and their results are
returned in batch order, so the tables are identical for any engine and any number of workers.
Workers take batches as they finish, in any order: a slow batch does not hold the others back.

Workers load the spaCy model once per process (pipeline.nlp.load_model) and receive the settings
and dictionaries once (a pool's initializer; Dask: scattered to every worker).
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from multiprocessing import get_context
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.gazetteer import load_gazetteer
from pipeline.memory import collect_less_often, keep_long_lived
from pipeline.nlp import load_model
from pipeline.quarantine import quarantined, with_documents
from pipeline.registry import IN_MEMORY, INTERMEDIATE_SCHEMAS, SCHEMAS, STAGES, Stage
from pipeline.settings import Settings
from pipeline.validation import ValidationFailed, check_keys, check_unique, unique_keys, validate

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Engine:
    """`local` with `workers` processes (1: this process), or `dask` on the cluster at `scheduler`
    (None: a LocalCluster of `workers` processes started for the run); `batch_size` documents per task."""

    kind: str = "local"
    workers: int = 1
    scheduler: str | None = None
    batch_size: int = 64

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ValueError(f"unknown engine '{self.kind}' (want one of {', '.join(ENGINES)})")
        if self.workers < 1 or self.batch_size < 1:
            raise ValueError(f"want at least 1 worker and 1 document per batch, not {self.workers}, {self.batch_size}")
        if self.scheduler is not None and self.kind != "dask":
            raise ValueError("--scheduler needs --engine dask")

    def describe(self) -> str:
        if self.kind == "dask":
            return f"dask ({self.scheduler or f'local cluster of {self.workers} worker(s)'})"
        return f"local ({self.workers} worker process(es))" if self.workers > 1 else "local (in this process)"


# Dask settings of a local cluster's workers, which run one long CPU-bound task at a time: no
# statistical profiler sampling their stacks, and the event loop's tick and system monitor woken
# seldom (each wake-up takes the GIL from parsing); glibc not made to give memory back after every
# free (Dask's MALLOC_TRIM_THRESHOLD_ of 64 KiB), which slows spaCy's many allocations.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 128 * 1024 * 1024,
}
# The default: every stage in the calling process.
IN_PROCESS = Engine()
# The documents of a corpus' last TAIL_BATCHES batches go in batches TAIL_SPLIT times smaller, so that
# the workers finish within a small batch of each other: with whole batches, all but one worker may
# wait up to a batch's time at the end of a run (with 2 workers, 3 s of a 55 s run of 1,000 articles).
TAIL_BATCHES = 2
TAIL_SPLIT = 4
# Batches submitted and not finished, per worker: one running and one queued, so that a worker never
# waits for its next batch.
IN_FLIGHT = 2
# Batches read and not yet taken, per worker (queued, running, or finished and waiting for an earlier
# batch): room for the other workers to go on past a slow batch, and a bound on what is held.
READ_AHEAD = 6


@dataclass(frozen=True)
class BatchResult:
    """The per-document tables of one batch, as Arrow tables, the seconds each stage took on it, and
    the reject rows of the batch's quarantined documents (pipeline.quarantine), whose rows the tables
    leave out.

    Arrow, because a worker sends them to the run's process: their buffers are pickled as they are,
    where a DataFrame's text columns are pickled cell by cell (several times slower, on both sides),
    and they are what the spool writes, so the run's process does not convert them either.
    """

    tables: dict[str, pa.Table]
    seconds: dict[str, float] = field(default_factory=dict)
    quarantined: pd.DataFrame | None = None


def batch_bounds(documents: int, size: int) -> list[tuple[int, int]]:
    """The (start, stop) positions of the batches of a corpus of `documents`, in corpus order: batches of
    `size`, but the documents of the last TAIL_BATCHES batches in batches of size // TAIL_SPLIT (at
    least 1). They depend only on the corpus' length, never on the engine or the number of workers."""
    whole = max(0, -(-documents // size) - TAIL_BATCHES) * size
    tail = max(1, size // TAIL_SPLIT)
    starts = [*range(0, whole, size), *range(whole, documents, tail)]
    return [(start, min(start + (size if start < whole else tail), documents)) for start in starts]


def per_document_resources(settings: Settings, dictionaries: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """What a per-document stage may take besides the batch: settings, dictionaries, the spaCy model and
    the gazetteer (each loaded once per process, and kept out of the garbage collector's passes)."""
    resources = {
        "settings": settings,
        **dictionaries,
        "nlp": load_model(settings.model_name),
        "gazetteer": load_gazetteer(),
    }
    keep_long_lived()
    return resources


def process_batch(raw_documents: pd.DataFrame, resources: dict[str, Any]) -> BatchResult:
    """Every per-document stage on one batch of raw_documents rows, each output validated.

    Returns the tables (not the in-memory ones such as `parses`) and the seconds per stage. A document
    whose rows fail a check is quarantined (pipeline.quarantine.quarantined): the batch runs again
    without it (its other documents' rows do not depend on it), so it is in none of the tables.
    Raises ValidationFailed for a failure that no one document of the batch explains.
    """
    seconds: dict[str, float] = defaultdict(float)
    withheld: list[pd.DataFrame] = []
    while True:
        try:
            tables = _batch_tables(raw_documents, resources, seconds)
            break
        except ValidationFailed as failed:
            rejects = quarantined(failed.failures, raw_documents)
            withheld.append(rejects)
            raw_documents = raw_documents[~raw_documents["doc_id"].isin(rejects["doc_id"])]
    arrows = {name: pa.Table.from_pandas(frame, preserve_index=False) for name, frame in tables.items()}
    return BatchResult(arrows, dict(seconds), pd.concat(withheld, ignore_index=True) if withheld else None)


def _batch_tables(
    raw_documents: pd.DataFrame, resources: dict[str, Any], seconds: dict[str, float]
) -> dict[str, pd.DataFrame]:
    """The per-document stages' tables of a batch; adds each stage's seconds to `seconds`."""
    store = {**resources, "raw_documents": raw_documents}
    for stage in STAGES:
        if stage.per_document:
            started = time.perf_counter()
            store.update(run_stage(stage, store))
            seconds[stage.name] += time.perf_counter() - started
    tables = {name: store[name] for name in per_document_tables()}
    try:
        check_keys(tables)  # foreign keys and sentence spans stay within a document, so within its batch
    except ValidationFailed as failed:
        found = with_documents(failed.failures, tables)
        raise ValidationFailed(found.assign(stage=found["table"].map(_MAKER))) from None
    return tables


def per_document_tables() -> list[str]:
    """The tables the per-document stages make, in stage order."""
    return [name for stage in STAGES if stage.per_document for name in stage.outputs if name not in IN_MEMORY]


def map_batches(
    batches: Iterable[pd.DataFrame], settings: Settings, dictionaries: dict[str, pd.DataFrame], engine: Engine
) -> Iterator[BatchResult]:
    """process_batch on every batch, on the engine; results in batch order, each as soon as it and those
    before it are done.

    `batches` is consumed lazily: at most READ_AHEAD batches per worker are read ahead of the results
    taken, so a corpus is never held in memory whatever its size.
    """
    remaining = iter(batches)
    first = list(islice(remaining, 2))
    batches = chain(first, remaining)
    if not first:
        return
    if engine.kind == "dask":
        yield from _dask_batches(batches, settings, dictionaries, engine)
    elif engine.workers == 1 or len(first) < 2:  # one batch: no worker process to start
        resources = per_document_resources(settings, dictionaries)
        for batch in batches:
            yield process_batch(batch, resources)
    else:
        # spawn, not fork: the parent may hold threads (pyarrow) that a forked child would inherit locked
        with concurrent.futures.ProcessPoolExecutor(
            engine.workers,
            mp_context=get_context("spawn"),
            initializer=_start_worker,
            initargs=(settings, dictionaries),
        ) as pool:

            def submit(batch: pd.DataFrame) -> Any:
                return pool.submit(_worker_batch, batch)

            yield from in_order(batches, submit, wait_first_completed, engine.workers)


def in_order(
    batches: Iterable[Any],
    submit: Callable[[Any], Any],
    wait_any: Callable[[list[Any]], None],
    workers: int,
) -> Iterator[Any]:
    """The results of the futures `submit(batch)`, in batch order.

    A batch is submitted whenever fewer than IN_FLIGHT per worker are unfinished and fewer than
    READ_AHEAD per worker are submitted and not taken; `wait_any(futures)` returns when one of the
    unfinished `futures` has finished. So the workers go on while an earlier batch is slow, and no
    more than READ_AHEAD batches per worker are read ahead of the results taken.
    """
    remaining = iter(batches)
    pending: deque[Any] = deque()  # submitted and not taken, in batch order
    exhausted = False
    while True:
        unfinished = [future for future in pending if not future.done()]
        if not exhausted and len(unfinished) < IN_FLIGHT * workers and len(pending) < READ_AHEAD * workers:
            batch = next(remaining, _END)
            if batch is _END:
                exhausted = True
            else:
                pending.append(submit(batch))
            continue
        if not pending:
            return
        if pending[0].done():
            yield pending.popleft().result()
        else:
            wait_any(unfinished)


_END = object()


def wait_first_completed(futures: list[concurrent.futures.Future[Any]]) -> None:
    """Returns when one of the futures (of a local pool) has finished."""
    concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)


def run_stage(stage: Stage, store: dict[str, Any]) -> dict[str, Any]:
    """One stage's outputs by name, each validated against its schema (in-memory outputs as they are).

    Raises ValidationFailed with every failure, each with the stage and the document of its row
    (pipeline.quarantine.with_documents: found in the stage's outputs and inputs).
    """
    result = stage.function(**stage.arguments(store))
    frames = result if isinstance(result, tuple) else (result,)
    outputs = dict(zip(stage.outputs, frames, strict=True))
    try:
        return validated(stage.outputs, outputs)
    except ValidationFailed as failed:
        found = with_documents(failed.failures, {**store, **outputs})
        raise ValidationFailed(found.assign(stage=stage.name)) from None


def validated(names: tuple[str, ...], store: dict[str, Any]) -> dict[str, Any]:
    """The named tables, each checked against its schema when it has one; all failures reported together."""
    checked: dict[str, Any] = {}
    failures = []
    for name in names:
        schema = SCHEMAS.get(name) or INTERMEDIATE_SCHEMAS.get(name)
        try:
            checked[name] = validate(name, store[name], schema) if schema else store[name]
        except ValidationFailed as failed:
            failures.append(failed.failures)
    if failures:
        raise ValidationFailed(pd.concat(failures, ignore_index=True))
    return checked


def unique_key_columns(name: str) -> list[str]:
    """The columns of the unique keys of a table's schema (none for a table without one)."""
    schema = SCHEMAS.get(name) or INTERMEDIATE_SCHEMAS.get(name)
    return [] if schema is None else list(dict.fromkeys(column for key in unique_keys(schema) for column in key))


def check_unique_keys(tables: dict[str, pd.DataFrame]) -> None:
    """The unique keys of each table's schema hold (validation.check_unique); all failures reported together."""
    failures = []
    for name, frame in tables.items():
        schema = SCHEMAS.get(name) or INTERMEDIATE_SCHEMAS.get(name)
        try:
            if schema:
                check_unique(name, frame, schema)
        except ValidationFailed as failed:
            failures.append(failed.failures)
    if failures:
        raise ValidationFailed(pd.concat(failures, ignore_index=True))


# The stage that makes each per-document table: named in the failures of a batch's keys.
_MAKER = {name: stage.name for stage in STAGES if stage.per_document for name in stage.outputs}


# ---------------------------------------------------------------- worker processes

_worker_resources: dict[str, Any] = {}


def _start_worker(settings: Settings, dictionaries: dict[str, pd.DataFrame]) -> None:
    collect_less_often()
    _worker_resources.update(per_document_resources(settings, dictionaries))


def _worker_batch(raw_documents: pd.DataFrame) -> BatchResult:
    return process_batch(raw_documents, _worker_resources)


def _dask_batch(raw_documents: pd.DataFrame, shared: tuple[Settings, dict[str, pd.DataFrame]]) -> BatchResult:
    settings, dictionaries = shared
    return process_batch(raw_documents, per_document_resources(settings, dictionaries))


def _dask_batches(
    batches: Iterable[pd.DataFrame], settings: Settings, dictionaries: dict[str, pd.DataFrame], engine: Engine
) -> Iterator[BatchResult]:
    import dask
    import distributed
    from dask.distributed import Client, LocalCluster

    # Dask's INFO lines (cluster start and stop) only with the pipeline's own debugging detail
    quiet = logging.getLogger("pipeline").getEffectiveLevel() > logging.DEBUG
    logging.getLogger("distributed").setLevel(logging.WARNING if quiet else logging.INFO)
    cluster = None
    if engine.scheduler is None:
        with dask.config.set(LOCAL_CLUSTER_CONFIG):
            cluster = LocalCluster(
                n_workers=engine.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
    client = Client(engine.scheduler or cluster)
    try:
        [shared] = client.scatter([(settings, dictionaries)], broadcast=True)
        workers = max(engine.workers, len(client.scheduler_info().get("workers", {})))
        submit = partial(client.submit, _dask_batch, shared=shared, pure=False)

        def wait_any(futures: list[Any]) -> None:
            distributed.wait(futures, return_when="FIRST_COMPLETED")

        yield from in_order(batches, submit, wait_any, workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
