"""Writing tables: Parquet and CSV side by side, a run's files appearing together.

Every file of a run is written and synced into a new folder beside the output folder (in its
state folder, pipeline.workspace), which then replaces the output folder in one step: a reader
never sees a half-written file or a mix of two runs, and a failed or killed run leaves the
previous run's files as they were.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import workspace
from pipeline.exports import spreadsheet_safe
from pipeline.parts import PartTable, to_frame

MANIFEST = "manifest.json"
# How list values are joined in CSV cells.
LIST_SEPARATOR = " | "
# A CSV field holding one of these characters is quoted (its quotes doubled), as Python's csv writer,
# which pandas' to_csv uses, does with "\n" line ends; no other field is.
QUOTED_CHARACTERS = (",", '"', "\n")


def publish(
    tables: Mapping[str, pd.DataFrame | PartTable],
    manifest: dict[str, Any],
    out_dir: Path,
    files: Mapping[str, Iterable[bytes]] | None = None,
    excel_csv: bool = False,
    measured: Callable[[], dict[str, Any]] | None = None,
) -> None:
    """Write every table (held, or read part by part from a spool) as <name>.parquet and <name>.csv,
    the other `files` (each given as its bytes in chunks, written as they come: see write_tables), and
    the manifest, into out_dir at once; CSV with a byte-order mark when `excel_csv`. `measured` gives
    the manifest's entries measured while writing (called once every other file is written).

    Files in out_dir that the run does not write are kept. Call while holding the output folder's
    lock (pipeline.workspace.locked).
    """
    staging = workspace.new_folder(workspace.state_dir(out_dir), like=out_dir)
    try:
        write_tables(tables, manifest, staging, files or {}, excel_csv, measured)
        workspace.carry_over(out_dir, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    workspace.replace_folder(staging, out_dir)


def write_tables(
    tables: Mapping[str, pd.DataFrame | PartTable],
    manifest: dict[str, Any],
    folder: Path,
    files: Mapping[str, Iterable[bytes]],
    excel_csv: bool = False,
    measured: Callable[[], dict[str, Any]] | None = None,
) -> None:
    """Every table as <name>.parquet and <name>.csv, the other files, then manifest.json, each synced;
    the manifest with the entries `measured` gives once the other files are written.

    `files` gives each other file's bytes in chunks (pipeline.exports.export_files: made as they are
    taken); the files are written one after the other, each chunk as it comes, so no file is held whole.

    CSV files are UTF-8, starting with a byte-order mark when `excel_csv` (Excel reads UTF-8 only
    then; LibreOffice and CSV readers skip the mark). CSV cells that a spreadsheet would run as a
    formula are neutralised (OWASP CSV injection); the Parquet tables keep the true values.
    """
    names: list[str] = []
    for name, table in tables.items():
        parts = table.arrow_parts() if isinstance(table, PartTable) else [table]
        _write_table(parts, folder / f"{name}.parquet", folder / f"{name}.csv", excel_csv)
        names += [f"{name}.parquet", f"{name}.csv"]
    for file_name, chunks in files.items():
        with (folder / file_name).open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        names.append(file_name)
    # the SHA-256 of every file the run wrote: lets a later run see that its outputs are untouched
    manifest = manifest | (measured() if measured else {})
    manifest |= {"files": manifest.get("files", {}) | {name: _sha256(folder / name) for name in names}}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for file_name in [*names, MANIFEST]:
        workspace.fsync_file(folder / file_name)


def _write_table(parts: Iterable[pd.DataFrame | pa.Table], parquet: Path, csv: Path, excel_csv: bool) -> None:
    """A table given in parts (one at least) as one Parquet file, a row group per part, and one UTF-8 CSV
    file, starting with a byte-order mark when `excel_csv`."""
    writer = None
    with csv.open("wb") as handle:
        if excel_csv:
            handle.write(codecs.BOM_UTF8)
        for part in parts:
            arrow = part if isinstance(part, pa.Table) else pa.Table.from_pandas(part, preserve_index=False)
            header = writer is None
            if writer is None:
                writer = pq.ParquetWriter(parquet, arrow.schema)
            elif not arrow.schema.equals(writer.schema):
                arrow = arrow.cast(writer.schema)  # a part whose text column is all null, say
            writer.write_table(arrow)
            frame = to_frame(arrow) if isinstance(part, pa.Table) else part
            write_csv(handle, spreadsheet_safe(frame), header)
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
    """The named tables of a run, from their Parquet files, list cells as Python lists (as stages make them)."""
    return {name: to_frame(pq.read_table(out_dir / f"{name}.parquet")) for name in names}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_csv(handle: BinaryIO, frame: pd.DataFrame, header: bool = True) -> None:
    """The frame's rows as UTF-8 CSV (after its header row when `header`), list cells joined with
    LIST_SEPARATOR: byte for byte what pandas' `to_csv(index=False, lineterminator="\n")` writes of the
    frame with its lists joined, made column by column in Arrow rather than cell by cell.

    Columns may be bool, integer, float, text, Arrow dates (ISO 8601: 2015-12-30) or object (text, lists,
    None, anything else as `str` gives it); columns of other types (nullable integers, ...) raise TypeError.
    """
    if header:
        handle.write(_csv_lines([pa.array([str(column)], pa.large_string()) for column in frame.columns]))
        handle.write(b"\n")
    if len(frame):
        handle.write(_csv_lines([_csv_cells(frame[column]) for column in frame.columns]))
        handle.write(b"\n")


def _csv_lines(columns: list[pa.Array]) -> pa.Buffer:
    """CSV rows from each column's cells as text (no nulls): fields quoted where needed and joined with
    commas, rows joined with "\n" (none after the last)."""
    fields = [_quoted(cells) for cells in columns]
    if len(fields) == 1:  # a row of one empty field is written as "" (an empty line would be no row)
        fields = [pc.if_else(pc.equal(fields[0], _text("")), _text('""'), fields[0])]
    rows = pc.binary_join_element_wise(*fields, _text(","))
    all_rows = pa.LargeListArray.from_arrays(pa.array([0, len(rows)], pa.int64()), rows)
    return pc.binary_join(all_rows, _text("\n"))[0].as_buffer()


def _csv_cells(values: pd.Series) -> pa.Array:
    """A column's cells as pandas writes them to CSV: nulls and NaN empty, booleans True and False,
    floats as numpy renders them (1.0, 1e-05), list cells (list or tuple) their items' `str` joined."""
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        text = pa.array(values.array, pa.large_string())
        return pc.fill_null(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text, "")
    if pd.api.types.is_object_dtype(dtype):
        cells = values.tolist()
        missing = values.isna().tolist()
        return pa.array(
            [
                "" if null else LIST_SEPARATOR.join(map(str, cell)) if isinstance(cell, list | tuple) else str(cell)
                for cell, null in zip(cells, missing, strict=True)
            ],
            pa.large_string(),
        )
    if isinstance(dtype, pd.ArrowDtype) and pa.types.is_date(dtype.pyarrow_dtype):
        days = pc.cast(pa.array(values.array), pa.large_string())
        return pc.fill_null(days.combine_chunks() if isinstance(days, pa.ChunkedArray) else days, "")
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return pa.array(np.where(values.to_numpy(), "True", "False"), pa.large_string())
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return pc.cast(pa.array(values.to_numpy()), pa.large_string())
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        numbers = values.to_numpy()
        return pa.array(np.where(np.isnan(numbers), "", numbers.astype(str)), pa.large_string())
    raise TypeError(f"column '{values.name}' has type {dtype}, which the CSV writer does not render")


def _quoted(cells: pa.Array) -> pa.Array:
    """Cells as CSV fields: quoted, their quotes doubled, where they hold a comma, quote or newline."""
    # Most columns have no such cell, which a scan of all their text (far quicker than a match per cell) tells.
    buffer = cells.buffers()[2]
    text = b"" if buffer is None else buffer.to_pybytes()  # copied once, searched for each character
    if not any(character.encode() in text for character in QUOTED_CHARACTERS):
        return cells
    needs_quotes = functools.reduce(pc.or_, [pc.match_substring(cells, character) for character in QUOTED_CHARACTERS])
    doubled = pc.replace_substring(cells, '"', '""')
    return pc.if_else(needs_quotes, pc.binary_join_element_wise(_text('"'), doubled, _text('"'), _text("")), cells)


def _text(value: str) -> pa.Scalar:
    """Text as an Arrow scalar of the type the CSV cells have."""
    return pa.scalar(value, pa.large_string())
