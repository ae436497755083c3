"""The per-document cache: rows of the per-document tables, kept between runs to be reused.

A document's rows depend only on its raw_documents row (file bytes, name, metadata.csv values)
and on what the per-document stages are: the pipeline's code and version, the settings, the spaCy
model and the dictionaries each stage takes. So rows are keyed by a hash of the raw row (the
document key), and the whole cache by a fingerprint over the rest: a change of any of those
discards it. Stored in the output folder's state folder (pipeline.workspace), never below the output
folder itself, as one Parquet file per table with a `_doc_key` column, and replaced in one step.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__, workspace
from pipeline.registry import DICTIONARIES, Stage
from pipeline.settings import Settings

log = logging.getLogger(__name__)

CACHE_DIR = "cache"
INDEX_FILE = "index.json"
# Bumped when the layout of the cache files changes.
CACHE_FORMAT = 1
KEY_COLUMN = "_doc_key"
# The code whose change invalidates cached rows: every module of the pipeline and the schemas.
_CODE_DIRS = (Path(__file__).parent, Path(__file__).parent.parent / "schemas")


@dataclass(frozen=True)
class CachedRows:
    """Rows of the per-document tables for the documents whose keys are in `keys`."""

    keys: frozenset[str] = frozenset()
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


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
    stages: list[Stage], resources: dict[str, Any], settings: Settings, model: str
) -> dict[str, str]:
    """Per per-document stage, a SHA-256 over what its rows depend on besides the document."""
    common = {
        "format": CACHE_FORMAT,
        "pipeline": __version__,
        "code": _code_fingerprint(),
        "settings": asdict(settings),
        "model": model,
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


def load(state: Path, fingerprints: dict[str, str], wanted: set[str]) -> CachedRows:
    """The cached rows of the wanted documents, when every stage fingerprint matches; else nothing."""
    folder = state / CACHE_DIR
    try:
        index = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return CachedRows()
    changed = sorted(
        name for name in fingerprints if index.get("fingerprints", {}).get(name) != fingerprints[name]
    ) or sorted(set(index.get("fingerprints", {})) - set(fingerprints))
    if changed:
        log.info("cache not used: stage(s) %s changed (code, settings, model or dictionaries)", ", ".join(changed))
        return CachedRows()
    keys = frozenset(index.get("documents", [])) & wanted
    tables: dict[str, pd.DataFrame] = {}
    try:
        for name in index["tables"]:
            frame = _read_rows(folder / f"{name}.rows.parquet")
            tables[name] = frame[frame[KEY_COLUMN].isin(keys)].reset_index(drop=True)
    except (OSError, ValueError, KeyError) as err:  # a damaged cache is only a slower run
        log.warning("cache not used: %s is unreadable (%s)", folder, err)
        return CachedRows()
    return CachedRows(keys, tables)


def save(state: Path, fingerprints: dict[str, str], keys: list[str], tables: dict[str, pd.DataFrame]) -> None:
    """Replace the cache with these rows (each table with its KEY_COLUMN) of the documents `keys`."""
    folder = workspace.new_folder(state)
    try:
        for name, frame in tables.items():
            path = folder / f"{name}.rows.parquet"
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
            workspace.fsync_file(path)
        index = {"format": CACHE_FORMAT, "fingerprints": fingerprints, "documents": keys, "tables": list(tables)}
        (folder / INDEX_FILE).write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        workspace.fsync_file(folder / INDEX_FILE)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    workspace.replace_folder(folder, state / CACHE_DIR)


def _read_rows(path: Path) -> pd.DataFrame:
    """A cached table as the stage made it: list cells as Python lists (pyarrow gives numpy arrays)."""
    table = pq.read_table(path)
    frame = table.to_pandas()
    for column in table.schema:
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            cells = [None if cell is None else list(cell) for cell in frame[column.name]]
            frame[column.name] = pd.Series(cells, index=frame.index, dtype=object)
    return frame


def _frame_fingerprint(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode()).hexdigest()


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _CODE_DIRS:
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{folder.name}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
