"""Shared fixtures: settings, the spaCy model (loaded once), dictionaries, and raw-document rows."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import settings as hypothesis_settings
from spacy.language import Language

from pipeline import dictionaries
from pipeline.nlp import load_model
from pipeline.settings import DEFAULT_SETTINGS, Settings
from pipeline.sources import RAW_COLUMNS

# Property tests (hypothesis) try the same examples on every run (derandomized: a failure in CI is the one
# seen locally), keep no example database (no .hypothesis folder) and have no time limit per example
# (an example may run the whole pipeline).
hypothesis_settings.register_profile("pipeline", derandomize=True, database=None, deadline=None)
hypothesis_settings.load_profile("pipeline")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "seeds_gold"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return DEFAULT_SETTINGS


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    return load_model(settings.model_name)


@pytest.fixture(scope="session")
def boilerplate() -> pd.DataFrame:
    return dictionaries.boilerplate_patterns()


def raw_documents(*texts: str, **columns: Any) -> pd.DataFrame:
    """raw_documents rows built by hand: one per text, other columns empty unless given."""
    rows = []
    for number, text in enumerate(texts):
        digest = hashlib.sha256(text.encode()).hexdigest()
        row: dict[str, Any] = dict.fromkeys(RAW_COLUMNS)
        row.update(
            {
                "doc_id": digest[:16],
                "source_name": f"article_{number}.txt",
                "content_sha256": digest,
                "media_type": "text/plain",
                "encoding": "utf-8",
                "raw_text": text,
            }
        )
        row.update({key: values[number] for key, values in columns.items()})
        rows.append(row)
    return pd.DataFrame(rows, columns=RAW_COLUMNS)


def analyse(
    nlp: Language, settings: Settings, texts: list[str], dates: list[str | None] | None = None
) -> dict[str, pd.DataFrame]:
    """Run every stage, validated as in a real run, on hand-written articles; the tables by name."""
    from pipeline.run import run_stages
    from pipeline.sources import REJECT_COLUMNS, Corpus

    raw = raw_documents(*texts, metadata_date=dates or [None] * len(texts))
    return run_stages(Corpus(raw, pd.DataFrame(columns=REJECT_COLUMNS)), settings)
