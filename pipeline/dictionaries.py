"""Loaders for the data files in pipeline/dictionaries/: one named loader per file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

DICTIONARY_DIR = Path(__file__).parent / "dictionaries"
BOILERPLATE_SCOPES = {"line", "to_end", "before_title"}


class DictionaryError(Exception):
    """A dictionary file is malformed: the message names the file, the row and the problem."""


def boilerplate_patterns(path: Path = DICTIONARY_DIR / "boilerplate.csv") -> pd.DataFrame:
    """Site-furniture patterns: regex (searched in one cleaned line), scope, reason."""
    import re

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"pattern", "scope", "reason"} - set(table.columns)
    if missing:
        raise DictionaryError(f"{path}: missing columns {', '.join(sorted(missing))}")
    for line_no, row in enumerate(table.itertuples(index=False), start=2):
        if row.scope not in BOILERPLATE_SCOPES:
            raise DictionaryError(
                f"{path} row {line_no}: scope '{row.scope}' is not one of {', '.join(sorted(BOILERPLATE_SCOPES))}"
            )
        try:
            re.compile(str(row.pattern))
        except re.error as err:
            raise DictionaryError(f"{path} row {line_no}: pattern {row.pattern!r} is not a regex ({err})") from err
    return table[["pattern", "scope", "reason"]]


def fingerprint() -> str:
    """SHA-256 over every dictionary file: a change of any of them changes it."""
    digest = hashlib.sha256()
    for path in sorted(DICTIONARY_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
