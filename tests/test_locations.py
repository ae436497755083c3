"""Where events happened (clause, sentence, dateline, none), their quad class and their intensity."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from spacy.language import Language

from pipeline import dictionaries
from pipeline.locations import located_events
from pipeline.plover import PLOVER_TYPES, QUAD_CLASS_OF_TYPE
from pipeline.settings import Settings
from tests.conftest import analyse

DOC_A, DOC_B = "a" * 16, "b" * 16
KABUL = ("Kabul", "city", "AFG", "AF.13", 34.5, 69.2, "geonames:1138958")
KANDAHAR = ("Kandahar", "city", "AFG", "AF.23", 31.6, 65.7, "geonames:1138336")
AFGHANISTAN = ("Afghanistan", "country", "AFG", None, 33.0, 65.0, "geonames:1149361")
PLACE_FIELDS = ("name", "feature_class", "country", "admin1", "latitude", "longitude", "gazetteer_id")


def _event(
    event_id: str, event_type: str = "ASSAULT", cameo: str | None = "190", factuality: str = "asserted"
) -> dict[str, Any]:
    return {"event_id": event_id, "event_type": event_type, "cameo_code": cameo, "factuality": factuality}


def _report(event_id: str, doc_id: str, sentence: int, char_start: int) -> dict[str, Any]:
    return {"event_id": event_id, "doc_id": doc_id, "sentence_id": f"{doc_id}-{sentence:04d}", "char_start": char_start}


def _place(
    doc_id: str, sentence: int, char_start: int, fields: tuple[Any, ...], attached: list[int],
    modifies_predicate: bool = True, is_dateline: bool = False,
) -> dict[str, Any]:  # fmt: skip
    return {
        "doc_id": doc_id, "sentence_id": f"{doc_id}-{sentence:04d}", "char_start": char_start,
        "is_dateline": is_dateline, **dict(zip(PLACE_FIELDS, fields, strict=True)),
        "modifies_predicate": modifies_predicate, "attached_starts": attached,
    }  # fmt: skip


def _located(events: list[dict[str, Any]], reports: list[dict[str, Any]], places: list[dict[str, Any]]) -> pd.DataFrame:
    return located_events(
        pd.DataFrame(events),
        pd.DataFrame(reports, columns=["event_id", "doc_id", "sentence_id", "char_start"]),
        pd.DataFrame(places, columns=[*_place(DOC_A, 1, 0, KABUL, []).keys()]),
        pd.DataFrame({"doc_id": [DOC_A, DOC_B]}),
        dictionaries.goldstein_scale(),
    ).set_index("event_id")


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        # the place its own clause names, before the dateline
        ([_place(DOC_A, 2, 40, KANDAHAR, [30]), _place(DOC_A, 1, 0, KABUL, [], is_dateline=True)],
         ("Kandahar", "clause")),
        # the more directly attached place, then the more specific one
        ([_place(DOC_A, 2, 40, AFGHANISTAN, [30]), _place(DOC_A, 2, 60, KANDAHAR, [55, 30])],
         ("Afghanistan", "clause")),
        ([_place(DOC_A, 2, 60, AFGHANISTAN, [30]), _place(DOC_A, 2, 40, KANDAHAR, [30])], ("Kandahar", "clause")),
        # another clause's place in the sentence: where that clause happened, before the dateline
        ([_place(DOC_A, 2, 5, KANDAHAR, [12]), _place(DOC_A, 1, 0, KABUL, [], is_dateline=True)],
         ("Kandahar", "sentence")),
        # a noun's place in the sentence gives way to the dateline, and is taken without one
        ([_place(DOC_A, 2, 5, KANDAHAR, [12], modifies_predicate=False),
          _place(DOC_A, 1, 0, KABUL, [], is_dateline=True)],
         ("Kabul", "dateline")),
        ([_place(DOC_A, 2, 5, KANDAHAR, [12], modifies_predicate=False)], ("Kandahar", "sentence")),
        # a place that is an actor (no locative phrase) is no location
        ([_place(DOC_A, 2, 0, AFGHANISTAN, [])], (None, "none")),
        ([], (None, "none")),
    ],
)  # fmt: skip
def test_location_by_clause_sentence_dateline(places: list[dict[str, Any]], expected: tuple[str | None, str]) -> None:
    located = _located([_event("e1")], [_report("e1", DOC_A, 2, 30)], places)
    row = located.loc["e1"]
    name: Any = None if pd.isna(row["location_name"]) else row["location_name"]
    assert (name, row["location_basis"]) == expected


def test_the_location_takes_every_column_of_its_place() -> None:
    located = _located([_event("e1")], [_report("e1", DOC_A, 2, 30)], [_place(DOC_A, 2, 40, KANDAHAR, [30])])
    row = located.loc["e1"]
    columns = ["location_name", "location_class", "location_country", "location_admin1", "latitude", "longitude",
               "location_id"]  # fmt: skip
    assert [row[column] for column in columns] == list(KANDAHAR)


def test_the_first_reporting_article_with_a_dateline_gives_it() -> None:
    reports = [_report("e1", DOC_B, 3, 10), _report("e1", DOC_A, 3, 10)]
    places = [
        _place(DOC_A, 1, 0, KABUL, [], is_dateline=True),
        _place(DOC_B, 1, 0, KANDAHAR, [], is_dateline=True),
    ]
    assert _located([_event("e1")], reports, places).loc["e1", "location_name"] == "Kabul"  # DOC_A comes first


@pytest.mark.parametrize(
    ("cameo", "factuality", "intensity", "basis"),
    [
        ("190", "asserted", -10.0, "cameo"),
        ("057", "asserted", 8.0, "cameo"),
        ("0874", "intended", 10.0, "cameo"),
        ("1834", "asserted", -10.0, "cameo"),  # not in the table: its prefix 183
        ("190", "negated", None, "negated"),  # did not happen: not scored as if it had
        (None, "asserted", None, "uncoded"),
    ],
)
def test_intensity_is_the_goldstein_weight_of_the_cameo_code(
    cameo: str | None, factuality: str, intensity: float | None, basis: str
) -> None:
    row = _located([_event("e1", cameo=cameo, factuality=factuality)], [], []).loc["e1"]
    value = None if np.isnan(row["intensity"]) else float(row["intensity"])
    assert (value, row["intensity_basis"]) == (intensity, basis)


QUADS = {
    "verbal cooperation": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
    "material cooperation": ["COOPERATE", "AID", "RETREAT"],
    "verbal conflict": ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
    "material conflict": ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
}


@pytest.mark.parametrize(("quad_class", "event_types"), list(QUADS.items()))
def test_quad_class_of_each_plover_type(quad_class: str, event_types: list[str]) -> None:
    events = [_event(f"e{number}", event_type) for number, event_type in enumerate(event_types)]
    assert _located(events, [], [])["quad_class"].tolist() == [quad_class] * len(event_types)
    assert (
        sorted(QUAD_CLASS_OF_TYPE) == sorted(PLOVER_TYPES) == sorted(kind for kinds in QUADS.values() for kind in kinds)
    )


@pytest.fixture(scope="module")
def located_articles(nlp: Language, settings: Settings) -> pd.DataFrame:
    texts = [
        "Post Attacked\n\nRebels attacked a police post in Kandahar on Monday, officials said.",
        "Ceasefire Broken\n\nPakistan accused India of violating the ceasefire on Sunday.",
        "Shelling Reported\n\nKABUL, March 4 (Reuters) - The Afghan government accused Pakistan of shelling villages.",
    ]
    tables = analyse(nlp, settings, texts, ["2015-12-31"] * len(texts))
    return tables["events"].set_index("predicate")


def test_an_event_is_where_its_clause_says(located_articles: pd.DataFrame) -> None:
    row = located_articles.loc["attack"]
    assert [row["location_name"], row["location_country"], row["location_basis"]] == ["Kandahār", "AFG", "clause"]


def test_an_event_without_a_place_of_its_own_is_where_the_story_was_filed(located_articles: pd.DataFrame) -> None:
    # an actor's country ("Pakistan accused India") is not where it happened: no location without a dateline
    accusations = located_articles.loc[["accuse"]]
    assert sorted(zip(accusations["location_name"].fillna("-"), accusations["location_basis"], strict=True)) == [
        ("-", "none"),
        ("Kabul", "dateline"),
    ]
