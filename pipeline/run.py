"""Running the pipeline: read the input folder, run the registered stages, validate, write.

The one place with I/O besides pipeline.sources: stages receive tables and return tables.
"""

from __future__ import annotations

import logging
import platform
import sys
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import __version__, dictionaries
from pipeline.nlp import load_model
from pipeline.registry import DICTIONARIES, INTERMEDIATE_SCHEMAS, SCHEMAS, STAGES, Stage, check_chain
from pipeline.settings import Settings
from pipeline.sources import Corpus, read_corpus
from pipeline.tables import clear_staging, publish
from pipeline.validation import ValidationFailed, check_keys, validate

log = logging.getLogger(__name__)

# Documents per batch of the per-document stages.
BATCH_DOCUMENTS = 64
DEPENDENCIES = ("pandas", "pyarrow", "pandera", "spacy", "trafilatura", "htmldate", "dateparser", "charset-normalizer")


@dataclass(frozen=True)
class RunResult:
    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any]


def run_pipeline(input_dir: Path, out_dir: Path, settings: Settings, progress: bool = False) -> RunResult:
    """Run every stage over the articles in input_dir and write the tables into out_dir.

    Raises ValidationFailed (nothing written) when a table breaks its schema.
    """
    check_chain()
    started_at = _now()
    clear_staging(out_dir)
    corpus = read_corpus(input_dir, settings)
    log.info("read %d article(s) from %s, rejected %d", len(corpus.raw_documents), input_dir, len(corpus.rejects))
    tables = run_stages(corpus, settings, progress)
    manifest = _manifest(input_dir, corpus, tables, settings, started_at)
    publish({name: tables[name] for name in SCHEMAS}, manifest, out_dir)
    log.info("wrote %s to %s", ", ".join(f"{name} ({len(tables[name])})" for name in SCHEMAS), out_dir)
    return RunResult(tables, manifest)


def run_stages(corpus: Corpus, settings: Settings, progress: bool = False) -> dict[str, pd.DataFrame]:
    """All stages: per-document ones batch by batch, then cross-document ones on the whole corpus."""
    resources: dict[str, Any] = {
        "raw_documents": corpus.raw_documents,
        "source_rejects": corpus.rejects,
        **{name: load() for name, load in DICTIONARIES.items()},
        "settings": settings,
        "nlp": load_model(settings.model_name),
    }
    per_document = [stage for stage in STAGES if stage.per_document]
    parts: dict[str, list[pd.DataFrame]] = {}
    raw = corpus.raw_documents
    batches = [raw.iloc[i : i + BATCH_DOCUMENTS] for i in range(0, len(raw), BATCH_DOCUMENTS)] or [raw]
    for batch in _progress(batches, progress, total_docs=len(raw)):
        store = {**resources, "raw_documents": batch}
        for stage in per_document:
            store.update(_run_stage(stage, store))
        for stage in per_document:
            for name in stage.outputs:
                parts.setdefault(name, []).append(store[name])
    tables: dict[str, Any] = {**resources}
    tables.update(
        {name: pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] for name, frames in parts.items()}
    )
    for stage in STAGES:
        if not stage.per_document:
            tables.update(_run_stage(stage, tables))
    if len(batches) > 1:  # keys unique within each batch must also be unique across batches
        for stage in per_document:
            tables.update(_validated(stage.outputs, tables))
    check_keys(tables)
    return {name: tables[name] for name in [*SCHEMAS, *INTERMEDIATE_SCHEMAS]}


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


def _progress(batches: list[pd.DataFrame], enabled: bool, total_docs: int) -> Any:
    if not enabled:
        return batches
    from tqdm import tqdm

    return tqdm(
        batches, desc="documents", unit="batch", total=len(batches), postfix={"articles": total_docs}, file=sys.stderr
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _manifest(
    input_dir: Path, corpus: Corpus, tables: dict[str, pd.DataFrame], settings: Settings, started_at: str
) -> dict[str, Any]:
    model_package = settings.model_name.replace("_", "-")
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
            "model": f"{settings.model_name} {_version(model_package)}",
        },
        "settings": asdict(settings),
        "dictionaries_sha256": dictionaries.fingerprint(),
        "rows": {name: len(tables[name]) for name in SCHEMAS},
        "validation": "passed",
    }
