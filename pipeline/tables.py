"""Writing tables: Parquet and CSV side by side, a run's files appearing together.

Every file of a run is first written into a staging folder inside the output folder, then moved
into place with os.replace (atomic on one file system), the manifest last: a reader never sees a
half-written file, and a failed run leaves the previous run's files as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

STAGING_PREFIX = ".staging-"
MANIFEST = "manifest.json"
# How list values are joined in CSV cells.
LIST_SEPARATOR = " | "


def clear_staging(out_dir: Path) -> None:
    """Remove staging folders left by a run that was killed before it finished."""
    if out_dir.is_dir():
        for leftover in out_dir.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)


def publish(tables: dict[str, pd.DataFrame], manifest: dict[str, Any], out_dir: Path) -> None:
    """Write every table as <name>.parquet and <name>.csv, and the manifest, into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        names: list[str] = []
        for name, frame in tables.items():
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), staging / f"{name}.parquet")
            _csv_ready(frame).to_csv(staging / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
            names += [f"{name}.parquet", f"{name}.csv"]
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        for file_name in [*names, MANIFEST]:
            with open(staging / file_name, "rb") as handle:
                os.fsync(handle.fileno())
            (staging / file_name).replace(out_dir / file_name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells joined with LIST_SEPARATOR; everything else as it is."""
    list_columns = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, (list, tuple))).any()]
    if not list_columns:
        return frame
    return frame.assign(
        **{
            c: frame[c].map(lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v)
            for c in list_columns
        }
    )
