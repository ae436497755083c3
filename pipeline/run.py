"""Running the pipeline: read the input folder, run the registered stages, validate, write.

The one place with I/O besides pipeline.sources: stages receive tables and return tables.
"""

from __future__ import annotations

import logging
import platform
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import __version__, cache, dictionaries, review_store
from pipeline.cache import CachedRows
from pipeline.engines import IN_PROCESS, BatchResult, Engine, map_batches, per_document_tables, run_stage, validated
from pipeline.exports import export_files
from pipeline.registry import DICTIONARIES, INTERMEDIATE_SCHEMAS, SCHEMAS, STAGES, check_chain
from pipeline.reviews import empty_record
from pipeline.settings import Settings
from pipeline.sources import Corpus, InputError, read_corpus
from pipeline.tables import publish, read_tables, unchanged_outputs
from pipeline.validation import check_keys
from pipeline.workspace import locked

log = logging.getLogger(__name__)

DEPENDENCIES = ("pandas", "pyarrow", "pandera", "spacy", "trafilatura", "htmldate", "dateparser", "charset-normalizer")


@dataclass(frozen=True)
class RunResult:
    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Computed:
    """Every table of a run, the per-document rows with their document keys, and what was reused."""

    tables: dict[str, pd.DataFrame]
    document_rows: dict[str, pd.DataFrame]
    reprocessed: int
    reused: int
    stage_seconds: dict[str, float]


def run_pipeline(
    input_dir: Path,
    out_dir: Path,
    settings: Settings,
    progress: bool = False,
    wait: float = 0.0,
    full: bool = False,
    excel_csv: bool = False,
    review_files: Sequence[Path] = (),
    engine: Engine = IN_PROCESS,
) -> RunResult:
    """Run every stage over the articles in input_dir and write the tables into out_dir.

    Holds out_dir's lock throughout (raises Locked when another run keeps it longer than `wait`
    seconds). Documents whose per-document rows are in the cache are not reprocessed unless `full`.
    First records the verdicts of out_dir's review.xlsx and of `review_files` (pipeline.review_store;
    raises ReviewUnreadable, nothing written, when one cannot be read); the run applies every recorded
    verdict. CSV files start with a UTF-8 byte-order mark when `excel_csv`. The per-document stages
    run on `engine` (pipeline.engines); the tables are the same on any engine.
    Raises ValidationFailed (nothing written) when a table breaks its schema.
    """
    check_chain()
    started_at = _now()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file, not a folder (want a folder for the tables, new or existing)")
    with locked(out_dir, wait) as state:
        recorded_reviews = review_store.record_verdicts(state, out_dir, review_files)
        corpus = read_corpus(input_dir, settings)
        log.info("read %d article(s) from %s, rejected %d", len(corpus.raw_documents), input_dir, len(corpus.rejects))
        resources = _resources(corpus, settings, recorded_reviews)
        fingerprints = cache.stage_fingerprints(
            [stage for stage in STAGES if stage.per_document], resources, settings, _model_version(settings)
        )
        keys = cache.document_keys(corpus.raw_documents)
        run_key = cache.run_fingerprint(
            keys.tolist(),
            corpus.rejects,
            fingerprints,
            recorded_reviews,
            input_dir=str(input_dir),
            excel_csv=excel_csv,
            versions=_versions(settings),
            dictionaries=dictionaries.fingerprint(),
        )
        previous = None if full else unchanged_outputs(out_dir, run_key)
        if previous is not None:  # same inputs, code, settings and verdicts: the same files again
            manifest = previous | {
                "run_id": uuid.uuid4().hex,
                "started_at": started_at,
                "finished_at": _now(),
                "reprocessed_documents": 0,
                "reused_documents": len(corpus.raw_documents),
                "unchanged_since": previous.get("unchanged_since", previous["run_id"]),
                "engine": engine.describe(),
                "stage_seconds": {},
            }
            publish({}, manifest, out_dir)
            log.info("nothing changed since run %s: its files are kept as they are", manifest["unchanged_since"])
            return RunResult(read_tables(out_dir, list(SCHEMAS)), manifest)
        cached = CachedRows() if full else cache.load(state, fingerprints, set(keys))
        computed = compute_tables(corpus, resources, keys, cached, progress, engine)
        log.info("reprocessed %d document(s), reused %d from the cache", computed.reprocessed, computed.reused)
        review_store.log_outcome(computed.tables["reviews"])
        written = {name: computed.tables[name] for name in SCHEMAS}
        started = time.perf_counter()
        exports = export_files(written, SCHEMAS)
        seconds = computed.stage_seconds | {"exports": time.perf_counter() - started}
        manifest = _manifest(input_dir, corpus, computed, settings, started_at) | {
            "excel_csv": excel_csv,
            "engine": engine.describe(),
            # wall time per stage; a per-document stage's is summed over its batches (and workers)
            "stage_seconds": {name: round(value, 3) for name, value in seconds.items()},
            "run_fingerprint": run_key,
        }
        publish(written, manifest, out_dir, exports, excel_csv=excel_csv)
        log.info("wrote %s to %s", ", ".join(f"{name} ({len(computed.tables[name])})" for name in SCHEMAS), out_dir)
        cache.save(state, fingerprints, keys.tolist(), computed.document_rows)
    return RunResult(computed.tables, manifest)


def run_stages(corpus: Corpus, settings: Settings, engine: Engine = IN_PROCESS) -> dict[str, pd.DataFrame]:
    """All stages on the whole corpus, nothing reused: the tables by name."""
    keys = cache.document_keys(corpus.raw_documents)
    return compute_tables(corpus, _resources(corpus, settings), keys, CachedRows(), engine=engine).tables


def compute_tables(
    corpus: Corpus,
    resources: dict[str, Any],
    keys: pd.Series,
    cached: CachedRows,
    progress: bool = False,
    engine: Engine = IN_PROCESS,
) -> Computed:
    """Per-document stages batch by batch on the documents not in `cached` (on `engine`), then the
    cross-document ones.

    Per-document rows, computed or cached, are put in corpus order (stable within a document), so
    the tables are the same whichever documents came from the cache and whichever engine ran them.
    """
    raw = corpus.raw_documents
    is_fresh = ~keys.isin(cached.keys)
    fresh, fresh_keys = raw[is_fresh], keys[is_fresh]
    starts = range(0, len(fresh), engine.batch_size)
    batches = [fresh.iloc[start : start + engine.batch_size] for start in starts]
    if not batches and not cached.tables:
        batches = [fresh]  # no document at all: one empty batch gives the tables their columns
    names = per_document_tables()
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in names}
    seconds: dict[str, float] = defaultdict(float)
    dictionaries = {name: resources[name] for name in DICTIONARIES}
    results = map_batches(batches, resources["settings"], dictionaries, engine)
    min_files = resources["settings"].progress_min_files
    sizes = [len(batch) for batch in batches]
    for batch, result in zip(batches, _progress(results, sizes, progress, min_files), strict=True):
        batch_keys = fresh_keys.loc[batch.index]
        for name in names:
            parts[name].append(_keyed(result.tables[name], batch, batch_keys))
        for stage_name, stage_seconds in result.seconds.items():
            seconds[stage_name] += stage_seconds
    order = {key: position for position, key in enumerate(keys)}
    document_rows: dict[str, pd.DataFrame] = {}
    for name in names:  # each table's batch parts let go as soon as they are joined
        document_rows[name] = _in_corpus_order(_concat([*parts.pop(name), cached.tables.get(name)]), order)
    tables: dict[str, Any] = {**resources}
    tables.update({name: frame.drop(columns=[cache.KEY_COLUMN]) for name, frame in document_rows.items()})
    for stage in STAGES:
        if not stage.per_document:
            started = time.perf_counter()
            tables.update(run_stage(stage, tables))
            seconds[stage.name] += time.perf_counter() - started
    if len(batches) > 1 or cached.keys:  # keys unique within each batch must also be unique across batches
        tables.update(validated(tuple(names), tables))
    check_keys(tables)
    return Computed(
        {name: tables[name] for name in [*SCHEMAS, *INTERMEDIATE_SCHEMAS]},
        document_rows,
        reprocessed=len(fresh),
        reused=len(raw) - len(fresh),
        stage_seconds=dict(seconds),
    )


def _resources(corpus: Corpus, settings: Settings, recorded_reviews: pd.DataFrame | None = None) -> dict[str, Any]:
    return {
        "raw_documents": corpus.raw_documents,
        "source_rejects": corpus.rejects,
        "recorded_reviews": empty_record() if recorded_reviews is None else recorded_reviews,
        **{name: load() for name, load in DICTIONARIES.items()},
        "settings": settings,
    }


def _keyed(frame: pd.DataFrame, raw: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """The frame with each row's document key, found by doc_id (or source_name for rejects)."""
    column = "doc_id" if "doc_id" in frame.columns else "source_name"
    key_of = dict(zip(raw[column], keys, strict=True))
    return frame.assign(**{cache.KEY_COLUMN: frame[column].map(key_of).astype("str")})


def _concat(frames: list[pd.DataFrame | None]) -> pd.DataFrame:
    """Frames one after the other; empty ones left out so they cannot change a column's type."""
    present = [frame for frame in frames if frame is not None]
    with_rows = [frame for frame in present if len(frame)] or present[:1]
    return pd.concat(with_rows, ignore_index=True) if len(with_rows) > 1 else with_rows[0].reset_index(drop=True)


def _in_corpus_order(frame: pd.DataFrame, order: dict[str, int]) -> pd.DataFrame:
    position = frame[cache.KEY_COLUMN].map(order)
    if position.is_monotonic_increasing:  # already in corpus order (a run with nothing cached): no copy
        return frame.reset_index(drop=True)
    return frame.iloc[position.argsort(kind="stable")].reset_index(drop=True)


def _progress(results: Iterator[BatchResult], sizes: list[int], enabled: bool, min_files: int) -> Iterator[BatchResult]:
    """The batch results, with a progress bar on a terminal for a large run, else one log line per batch."""
    total_docs, total_batches = sum(sizes), len(sizes)
    if enabled and total_docs >= min_files:
        from tqdm import tqdm

        yield from tqdm(
            results, total=total_batches, desc="documents", unit="batch", postfix={"articles": total_docs},
            file=sys.stderr,
        )  # fmt: skip
        return
    done = 0
    for number, (result, size) in enumerate(zip(results, sizes, strict=True), start=1):
        yield result
        done += size
        if total_docs:
            log.info(
                "processed %d/%d new or changed document(s) (batch %d/%d)",
                done,
                total_docs,
                number,
                total_batches,
            )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _model_version(settings: Settings) -> str:
    return f"{settings.model_name} {_version(settings.model_name.replace('_', '-'))}"


def _versions(settings: Settings) -> dict[str, str]:
    return {
        "pipeline": __version__,
        "python": platform.python_version(),
        **{name: _version(name) for name in DEPENDENCIES},
        "model": _model_version(settings),
    }


def _manifest(
    input_dir: Path, corpus: Corpus, computed: Computed, settings: Settings, started_at: str
) -> dict[str, Any]:
    tables = computed.tables
    return {
        "run_id": uuid.uuid4().hex,
        "started_at": started_at,
        "finished_at": _now(),
        "input_dir": str(input_dir),
        "inputs": [
            {"file": row.source_name, "sha256": row.content_sha256}
            for row in corpus.raw_documents.itertuples(index=False)
        ],
        "rejected_inputs": corpus.rejects["source_name"].tolist() + tables["document_rejects"]["source_name"].tolist(),
        "versions": _versions(settings),
        "settings": asdict(settings),
        "dictionaries_sha256": dictionaries.fingerprint(),
        "rows": {name: len(tables[name]) for name in SCHEMAS},
        "validation": "passed",
        "reprocessed_documents": computed.reprocessed,
        "reused_documents": computed.reused,
    }
