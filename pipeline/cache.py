"""The per-document cache: the parts of the last run (pipeline.parts), kept to be reused.

A document's rows depend only on its raw_documents row (file bytes, name, metadata.csv values)
and on what the per-document stages are: the pipeline's code and version, the settings, the spaCy
model, the packages they use (with their data: gazetteer, vocabulary) and the dictionaries each
stage takes. So rows are keyed by a hash of the raw row (the document key), and the whole cache by
a fingerprint over the rest: a change of any of those discards it. Stored in the output folder's
state folder (pipeline.workspace), never below the output folder itself: the run's spool of parts
(one folder per batch, one Arrow IPC file per table, each row with its `_doc_key`) and an index of
the parts' documents; a run's new spool replaces it in one step.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline import __version__, workspace
from pipeline.parts import SUFFIX, CachedParts, PartStore, part_rows
from pipeline.registry import DICTIONARIES, Stage
from pipeline.settings import Settings

log = logging.getLogger(__name__)

CACHE_DIR = "cache"
INDEX_FILE = "index.json"
# Bumped when the layout of the cache files changes.
CACHE_FORMAT = 3
# The code whose change invalidates cached rows: every module of the pipeline and the schemas.
_CODE_DIRS = (Path(__file__).parent, Path(__file__).parent.parent / "schemas")


def document_keys(raw_documents: pd.DataFrame) -> pd.Series:
    """One key per raw_documents row: SHA-256 over every column (text, name, metadata values)."""
    columns = list(raw_documents.columns)
    return pd.Series(
        [
            hashlib.sha256(
                json.dumps([None if pd.isna(value) else str(value) for value in row], ensure_ascii=False).encode()
            ).hexdigest()
            for row in raw_documents[columns].itertuples(index=False, name=None)
        ],
        index=raw_documents.index,
        dtype="str",
    )


def stage_fingerprints(
    stages: list[Stage], resources: dict[str, Any], settings: Settings, versions: dict[str, str]
) -> dict[str, str]:
    """Per per-document stage, a SHA-256 over what its rows depend on besides the document (`versions`:
    of the spaCy model and of the packages whose code or data the stages use)."""
    common = {
        "format": CACHE_FORMAT,
        "pipeline": __version__,
        "code": _code_fingerprint(),
        "settings": asdict(settings),
        "versions": versions,
    }
    fingerprints = {}
    for stage in stages:
        used = sorted(name for name in stage.needs if name in DICTIONARIES)
        record = {
            **common,
            "stage": [stage.name, list(stage.inputs), list(stage.outputs)],
            "dictionaries": {name: _frame_fingerprint(resources[name]) for name in used},
        }
        fingerprints[stage.name] = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    return fingerprints


def run_fingerprint(
    keys: list[str], source_rejects: pd.DataFrame, fingerprints: dict[str, str], reviews: pd.DataFrame, **run: Any
) -> str:
    """SHA-256 over everything a run's outputs depend on: its documents (keys, in corpus order), the
    rejected inputs, the per-document stage fingerprints (code, settings, model, dictionaries), the
    recorded review verdicts and the run's other options (`run`: all dictionaries, versions, ...).
    Two runs with one run fingerprint write the same files."""
    record = {
        "documents": keys,
        "rejects": _frame_fingerprint(source_rejects),
        "stages": fingerprints,
        "reviews": _frame_fingerprint(reviews),
        "run": run,
    }
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def load(state: Path, fingerprints: dict[str, str], wanted: set[str]) -> CachedParts:
    """The cached parts holding the wanted documents, when every stage fingerprint matches; else none."""
    folder = state / CACHE_DIR
    try:
        index = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return CachedParts()
    if index.get("format") != CACHE_FORMAT:
        log.info("cache not used: it was written in an earlier layout")
        return CachedParts()
    changed = sorted(
        name for name in fingerprints if index.get("fingerprints", {}).get(name) != fingerprints[name]
    ) or sorted(set(index.get("fingerprints", {})) - set(fingerprints))
    if changed:
        log.info("cache not used: stage(s) %s changed (code, settings, model or dictionaries)", ", ".join(changed))
        return CachedParts()
    try:
        parts = {str(part): [str(key) for key in keys] for part, keys in index["parts"].items()}
        used = {part for part, keys in parts.items() if not wanted.isdisjoint(keys)}
        for part in used:
            for table in index["tables"]:
                part_rows(folder / part / f"{table}{SUFFIX}")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pa.ArrowException) as err:
        log.warning("cache not used: %s is unreadable (%s)", folder, err)  # damaged: only a slower run
        return CachedParts()
    return CachedParts(folder, {part: parts[part] for part in used}, wanted)


def save(
    state: Path, fingerprints: dict[str, str], spool: PartStore, keys: dict[str, list[str]], tables: list[str]
) -> None:
    """Make `spool` (a folder of the state folder) the cache: `keys` are each part's documents."""
    spool.sync()
    index = {"format": CACHE_FORMAT, "fingerprints": fingerprints, "parts": keys, "tables": tables}
    (spool.folder / INDEX_FILE).write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    workspace.fsync_file(spool.folder / INDEX_FILE)
    workspace.replace_folder(spool.folder, state / CACHE_DIR)


def _frame_fingerprint(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode()).hexdigest()


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _CODE_DIRS:
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{folder.name}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
