"""Running the pipeline: read the input folder, run the registered stages, validate, write.

The one place with I/O besides pipeline.sources: stages receive tables and return tables.
"""

from __future__ import annotations

import logging
import platform
import sys
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import __version__, cache, dictionaries
from pipeline.cache import CachedRows
from pipeline.exports import export_files
from pipeline.nlp import load_model
from pipeline.registry import DICTIONARIES, IN_MEMORY, INTERMEDIATE_SCHEMAS, SCHEMAS, STAGES, Stage, check_chain
from pipeline.settings import Settings
from pipeline.sources import Corpus, InputError, read_corpus
from pipeline.tables import publish
from pipeline.validation import ValidationFailed, check_keys, validate
from pipeline.workspace import locked

log = logging.getLogger(__name__)

# Documents per batch of the per-document stages.
BATCH_DOCUMENTS = 64
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


def run_pipeline(
    input_dir: Path, out_dir: Path, settings: Settings, progress: bool = False, wait: float = 0.0, full: bool = False
) -> RunResult:
    """Run every stage over the articles in input_dir and write the tables into out_dir.

    Holds out_dir's lock throughout (raises Locked when another run keeps it longer than `wait`
    seconds). Documents whose per-document rows are in the cache are not reprocessed unless `full`.
    Raises ValidationFailed (nothing written) when a table breaks its schema.
    """
    check_chain()
    started_at = _now()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file, not a folder (want a folder for the tables, new or existing)")
    with locked(out_dir, wait) as state:
        corpus = read_corpus(input_dir, settings)
        log.info("read %d article(s) from %s, rejected %d", len(corpus.raw_documents), input_dir, len(corpus.rejects))
        resources = _resources(corpus, settings)
        fingerprints = cache.stage_fingerprints(
            [stage for stage in STAGES if stage.per_document], resources, settings, _model_version(settings)
        )
        keys = cache.document_keys(corpus.raw_documents)
        cached = CachedRows() if full else cache.load(state, fingerprints, set(keys))
        computed = compute_tables(corpus, resources, keys, cached, progress)
        log.info("reprocessed %d document(s), reused %d from the cache", computed.reprocessed, computed.reused)
        manifest = _manifest(input_dir, corpus, computed, settings, started_at)
        written = {name: computed.tables[name] for name in SCHEMAS}
        publish(written, manifest, out_dir, export_files(written, SCHEMAS))
        log.info("wrote %s to %s", ", ".join(f"{name} ({len(computed.tables[name])})" for name in SCHEMAS), out_dir)
        cache.save(state, fingerprints, keys.tolist(), computed.document_rows)
    return RunResult(computed.tables, manifest)


def run_stages(corpus: Corpus, settings: Settings, progress: bool = False) -> dict[str, pd.DataFrame]:
    """All stages on the whole corpus, nothing reused: the tables by name."""
    keys = cache.document_keys(corpus.raw_documents)
    return compute_tables(corpus, _resources(corpus, settings), keys, CachedRows(), progress).tables


def compute_tables(
    corpus: Corpus, resources: dict[str, Any], keys: pd.Series, cached: CachedRows, progress: bool = False
) -> Computed:
    """Per-document stages batch by batch on the documents not in `cached`, then cross-document ones.

    Per-document rows, computed or cached, are put in corpus order (stable within a document), so
    the tables are the same whichever documents came from the cache.
    """
    per_document = [stage for stage in STAGES if stage.per_document]
    raw = corpus.raw_documents
    is_fresh = ~keys.isin(cached.keys)
    fresh, fresh_keys = raw[is_fresh], keys[is_fresh]
    parts: dict[str, list[pd.DataFrame]] = {
        name: [] for stage in per_document for name in stage.outputs if name not in IN_MEMORY
    }
    batches = [slice(i, i + BATCH_DOCUMENTS) for i in range(0, len(fresh), BATCH_DOCUMENTS)] or [slice(0, 0)]
    min_files = resources["settings"].progress_min_files
    for batch in _progress(batches, progress, total_docs=len(fresh), min_files=min_files):
        store = {**resources, "raw_documents": fresh.iloc[batch]}
        for stage in per_document:
            store.update(_run_stage(stage, store))
        for name in parts:
            parts[name].append(_keyed(store[name], fresh.iloc[batch], fresh_keys.iloc[batch]))
    order = {key: position for position, key in enumerate(keys)}
    document_rows = {
        name: _in_corpus_order(_concat([*frames, cached.tables.get(name)]), order) for name, frames in parts.items()
    }
    tables: dict[str, Any] = {**resources}
    tables.update({name: frame.drop(columns=[cache.KEY_COLUMN]) for name, frame in document_rows.items()})
    for stage in STAGES:
        if not stage.per_document:
            tables.update(_run_stage(stage, tables))
    if len(batches) > 1 or cached.keys:  # keys unique within each batch must also be unique across batches
        tables.update(_validated(tuple(parts), tables))
    check_keys(tables)
    return Computed(
        {name: tables[name] for name in [*SCHEMAS, *INTERMEDIATE_SCHEMAS]},
        document_rows,
        reprocessed=len(fresh),
        reused=len(raw) - len(fresh),
    )


def _resources(corpus: Corpus, settings: Settings) -> dict[str, Any]:
    return {
        "raw_documents": corpus.raw_documents,
        "source_rejects": corpus.rejects,
        **{name: load() for name, load in DICTIONARIES.items()},
        "settings": settings,
        "nlp": load_model(settings.model_name),
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
    return frame.iloc[position.argsort(kind="stable")].reset_index(drop=True)


def _run_stage(stage: Stage, store: dict[str, Any]) -> dict[str, pd.DataFrame]:
    result = stage.function(**stage.arguments(store))
    frames = result if isinstance(result, tuple) else (result,)
    return _validated(stage.outputs, dict(zip(stage.outputs, frames, strict=True)))


def _validated(names: tuple[str, ...], store: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The named tables, each checked against its schema; all failures reported together."""
    checked: dict[str, pd.DataFrame] = {}
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


def _progress(batches: list[slice], enabled: bool, total_docs: int, min_files: int) -> Iterator[slice]:
    """The batches, with a progress bar on a terminal for a large run, else one log line per batch."""
    if enabled and total_docs >= min_files:
        from tqdm import tqdm

        yield from tqdm(batches, desc="documents", unit="batch", postfix={"articles": total_docs}, file=sys.stderr)
        return
    done = 0
    for number, batch in enumerate(batches, start=1):
        yield batch
        done += batch.stop - batch.start
        if total_docs:
            log.info(
                "processed %d/%d new or changed document(s) (batch %d/%d)",
                min(done, total_docs),
                total_docs,
                number,
                len(batches),
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
        "versions": {
            "pipeline": __version__,
            "python": platform.python_version(),
            **{name: _version(name) for name in DEPENDENCIES},
            "model": _model_version(settings),
        },
        "settings": asdict(settings),
        "dictionaries_sha256": dictionaries.fingerprint(),
        "rows": {name: len(tables[name]) for name in SCHEMAS},
        "validation": "passed",
        "reprocessed_documents": computed.reprocessed,
        "reused_documents": computed.reused,
    }
