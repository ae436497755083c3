"""The spaCy pipeline, loaded once per process by a configurable package name."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from pipeline.lexicon import forget_lexicon
from pipeline.memory import release_long_lived


class ModelError(Exception):
    """The spaCy model named in the settings is not installed."""


@lru_cache(maxsize=2)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name (no download is ever attempted)."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as err:
        raise ModelError(
            f"spaCy model '{name}' is not installed (pip install it, or pass --model "
            f"with an installed English pipeline such as en_core_web_sm)"
        ) from err


def release_models() -> None:
    """Forget the loaded pipelines and the actor lexicon built with one, so that their memory can be
    freed once nothing else holds them (the collector may take them again: see pipeline/memory.py)."""
    release_long_lived()
    load_model.cache_clear()
    forget_lexicon()
