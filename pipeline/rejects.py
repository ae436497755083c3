"""Stage: the rejects of reading, of cleaning and of quarantine -> one rejects table."""

from __future__ import annotations

import pandas as pd

from pipeline.sources import REJECT_COLUMNS as FILE_REJECT_COLUMNS

# The columns that name the failed check of a quarantined document (null in other rejects).
CHECK_COLUMNS = ["doc_id", "stage", "table", "column", "check", "value"]
REJECT_COLUMNS = [*FILE_REJECT_COLUMNS, *CHECK_COLUMNS]


def rejects(source_rejects: pd.DataFrame, document_rejects: pd.DataFrame, quarantined: pd.DataFrame) -> pd.DataFrame:
    """One row per input that could not be used, in file-name order.

    Grain: one row per rejected file (or metadata.csv problem), from reading (`source_rejects`)
    and from cleaning (`document_rejects`: nothing left once site furniture was removed), and one
    per failed check of a quarantined document (`quarantined`, pipeline.quarantine: its rows failed
    a check, so it is in no other table). Columns that do not apply to a row are null.
    """
    frames = [frame for frame in (source_rejects, document_rejects, quarantined) if len(frame)]
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=REJECT_COLUMNS)
    text = combined.reindex(columns=REJECT_COLUMNS).astype(object)
    text = text.where(text.notna(), None).map(lambda value: value if value is None else str(value))
    return text.sort_values(["source_name", "reason"], kind="stable").reset_index(drop=True)
