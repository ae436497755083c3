"""Small helpers for reading validated tables row by row."""

from __future__ import annotations

from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> list[Any]:
    """The rows as named tuples (no index). Typed loosely on purpose: the schema that validated the
    table, not pandas' scalar union, says what each cell holds."""
    return list(frame.itertuples(index=False))
