"""The review record of an output folder: every verdict recorded for it, kept from run to run.

Kept as `verdicts.parquet` in the output folder's state folder (pipeline.workspace.state_dir), which
the folder switch of a run leaves in place, and replaced in one step (written and synced in a
temporary folder there, then renamed over the former file). Read and written only while holding
the output folder's lock. Each run first records the verdicts of the output folder's review.xlsx
(and of any workbook given), then applies the whole record (pipeline.reviews.apply_reviews).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import workspace
from pipeline.exports.review_workbook import ReviewInvalid, read_reviews
from pipeline.reviews import RECORD_COLUMNS, empty_record, merge_verdicts, record_frame
from pipeline.sources import InputError

log = logging.getLogger(__name__)

RECORD_FILE = "verdicts.parquet"
# The workbook every run writes into the output folder (pipeline.exports.EXPORT_FILES).
WORKBOOK = "review.xlsx"


class ReviewUnreadable(InputError):
    """A review workbook, or the record itself, cannot be read: nothing is recorded and the run does not start."""


def record_verdicts(state: Path, out_dir: Path, workbooks: Sequence[Path] = ()) -> pd.DataFrame:
    """The record, after recording the verdicts of out_dir's review.xlsx (when there is one) and then of
    each of `workbooks` (pipeline.reviews.merge_verdicts: the later one wins for an event). Saved when
    that changed it.

    Raises ReviewUnreadable, naming every problem, when a workbook cannot be read; nothing is recorded then.
    """
    record = load(state)
    merged, changed = record, False
    own = [out_dir / WORKBOOK] if (out_dir / WORKBOOK).is_file() else []
    for path in [*own, *workbooks]:
        try:
            read = read_reviews(path)
        except ReviewInvalid as err:
            raise ReviewUnreadable(
                f"cannot read the verdicts of a review workbook (nothing recorded):\n{err}"
            ) from None
        merged, recorded = merge_verdicts(merged, read)
        if recorded:
            log.info("recorded %d new or changed verdict(s) from %s", len(recorded), path)
            changed = True
    if changed:
        save(state, merged)
    return merged


def load(state: Path) -> pd.DataFrame:
    """The recorded verdicts (pipeline.reviews.RECORD_COLUMNS); none when nothing was recorded yet."""
    path = state / RECORD_FILE
    if not path.exists():
        return empty_record()
    try:
        return record_frame(pd.read_parquet(path, columns=RECORD_COLUMNS).to_dict("records"))
    except (OSError, ValueError, KeyError) as err:
        raise ReviewUnreadable(
            f"the recorded verdicts {path} cannot be read ({err}): restore the file, or delete it to start the "
            f"record again from the verdicts {WORKBOOK} shows"
        ) from None


def save(state: Path, record: pd.DataFrame) -> None:
    """Replace the record in one step."""
    folder = workspace.new_folder(state)
    try:
        staged = folder / RECORD_FILE
        pq.write_table(pa.Table.from_pandas(record, preserve_index=False), staged)
        workspace.fsync_file(staged)
        staged.replace(state / RECORD_FILE)
        workspace.fsync_file(state)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def log_outcome(reviews: pd.DataFrame) -> None:
    """Log what the recorded verdicts did in a run (the reviews table): orphaned and invalid ones as warnings."""
    counts = reviews["status"].value_counts()
    if len(reviews):
        log.info(
            "applied %d recorded verdict(s), %d of them dropping an event",
            counts.get("applied", 0) + counts.get("dropped", 0),
            counts.get("dropped", 0),
        )
    orphaned = reviews.loc[reviews["status"] == "orphaned", "event_id"]
    if len(orphaned):
        log.warning(
            "%d recorded verdict(s) name events that no longer exist, kept in the record (status 'orphaned' in "
            "reviews.csv): %s",
            len(orphaned),
            ", ".join(orphaned),
        )
    for row in reviews[reviews["status"] == "invalid"].itertuples(index=False):
        log.warning(
            "%s sheet '%s' row %d (event %s): %s; verdict not applied, fix the row and save",
            row.workbook,
            row.sheet,
            row.sheet_row,
            row.event_id,
            row.problem,
        )
