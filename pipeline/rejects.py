"""Stage: the rejects of reading and of cleaning -> one rejects table."""

from __future__ import annotations

import pandas as pd


def rejects(source_rejects: pd.DataFrame, document_rejects: pd.DataFrame) -> pd.DataFrame:
    """One row per input that could not be used, in file-name order.

    Grain: one row per rejected file (or metadata.csv problem), from reading (`source_rejects`)
    and from cleaning (`document_rejects`: nothing left once site furniture was removed).
    """
    combined = pd.concat([source_rejects, document_rejects], ignore_index=True)
    return combined.sort_values(["source_name", "reason"], kind="stable").reset_index(drop=True).astype(str)
