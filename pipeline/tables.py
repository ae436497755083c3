"""Writing tables: Parquet and CSV side by side, a run's files appearing together.

Every file of a run is written and synced into a new folder beside the output folder (in its
state folder, pipeline.workspace), which then replaces the output folder in one step: a reader
never sees a half-written file or a mix of two runs, and a failed or killed run leaves the
previous run's files as they were.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import workspace
from pipeline.exports import spreadsheet_safe
from pipeline.parts import PartTable, to_frame

MANIFEST = "manifest.json"
# CSV encodings: plain UTF-8, or with a byte-order mark, which Excel needs to read UTF-8 (--excel-csv).
CSV_ENCODING, EXCEL_CSV_ENCODING = "utf-8", "utf-8-sig"
# How list values are joined in CSV cells.
LIST_SEPARATOR = " | "


def publish(
    tables: Mapping[str, pd.DataFrame | PartTable],
    manifest: dict[str, Any],
    out_dir: Path,
    files: dict[str, bytes] | None = None,
    excel_csv: bool = False,
) -> None:
    """Write every table (held, or read part by part from a spool) as <name>.parquet and <name>.csv,
    the other `files`, and the manifest, into out_dir at once; CSV with a byte-order mark when `excel_csv`.

    Files in out_dir that the run does not write are kept. Call while holding the output folder's
    lock (pipeline.workspace.locked).
    """
    staging = workspace.new_folder(workspace.state_dir(out_dir), like=out_dir)
    try:
        write_tables(tables, manifest, staging, files or {}, excel_csv)
        workspace.carry_over(out_dir, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    workspace.replace_folder(staging, out_dir)


def write_tables(
    tables: Mapping[str, pd.DataFrame | PartTable],
    manifest: dict[str, Any],
    folder: Path,
    files: dict[str, bytes],
    excel_csv: bool = False,
) -> None:
    """Every table as <name>.parquet and <name>.csv, the other files, then manifest.json, each synced.

    CSV files are UTF-8, starting with a byte-order mark when `excel_csv` (Excel reads UTF-8 only
    then; LibreOffice and CSV readers skip the mark). CSV cells that a spreadsheet would run as a
    formula are neutralised (OWASP CSV injection); the Parquet tables keep the true values.
    """
    names: list[str] = []
    encoding = EXCEL_CSV_ENCODING if excel_csv else CSV_ENCODING
    for name, table in tables.items():
        parts = table.arrow_parts() if isinstance(table, PartTable) else [table]
        _write_table(parts, folder / f"{name}.parquet", folder / f"{name}.csv", encoding)
        names += [f"{name}.parquet", f"{name}.csv"]
    for file_name, content in files.items():
        (folder / file_name).write_bytes(content)
        names.append(file_name)
    # the SHA-256 of every file the run wrote: lets a later run see that its outputs are untouched
    manifest = manifest | {"files": manifest.get("files", {}) | {name: _sha256(folder / name) for name in names}}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for file_name in [*names, MANIFEST]:
        workspace.fsync_file(folder / file_name)


def _write_table(parts: Iterable[pd.DataFrame | pa.Table], parquet: Path, csv: Path, encoding: str) -> None:
    """A table given in parts (one at least) as one Parquet file, a row group per part, and one CSV file."""
    writer = None
    with csv.open("w", encoding=encoding, newline="") as handle:
        for part in parts:
            arrow = part if isinstance(part, pa.Table) else pa.Table.from_pandas(part, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(parquet, arrow.schema)
            elif not arrow.schema.equals(writer.schema):
                arrow = arrow.cast(writer.schema)  # a part whose text column is all null, say
            writer.write_table(arrow)
            frame = to_frame(arrow) if isinstance(part, pa.Table) else part
            _csv_ready(spreadsheet_safe(frame)).to_csv(
                handle, index=False, header=handle.tell() == 0, lineterminator="\n"
            )
    if writer is not None:
        writer.close()


def unchanged_outputs(out_dir: Path, run_fingerprint: str) -> dict[str, Any] | None:
    """The manifest of out_dir's run when that run had this run fingerprint and every file it wrote is
    still there, byte for byte; else None."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        if manifest.get("run_fingerprint") != run_fingerprint or not files:
            return None
        if all(_sha256(out_dir / name) == digest for name, digest in files.items()):
            return dict(manifest)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def read_tables(out_dir: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """The named tables of a run, from their Parquet files."""
    return {name: pd.read_parquet(out_dir / f"{name}.parquet") for name in names}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells joined with LIST_SEPARATOR; everything else as it is."""
    holds_lists = [c for c in frame.columns if frame[c].dtype == object]  # text columns cannot hold lists
    list_columns = [c for c in holds_lists if frame[c].map(lambda v: isinstance(v, (list, tuple))).any()]
    if not list_columns:
        return frame
    return frame.assign(
        **{
            c: frame[c].map(lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v)
            for c in list_columns
        }
    )
