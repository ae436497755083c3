"""Place mentions resolved offline: the gazetteer, ambiguous names, qualifiers, datelines, locative phrases."""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from pipeline.gazetteer import load_gazetteer, place_key
from pipeline.settings import Settings
from schemas import PlaceSchema
from tests.conftest import analyse

# One article per text (headline, blank line, body), all analysed at once.
ARTICLES = {
    "georgia_country": "Troops Cross\n\nRussian troops crossed into Georgia on Monday, officials in Tbilisi said.",
    "georgia_state": "Storm Hits South\n\nFloods hit Atlanta and much of Georgia on Monday.",
    "georgia_listed": "Donors Pledge Aid\n\nMontenegro, Georgia and Estonia each pledged aid to the victims.",
    "washington_city": "Minister Speaks\n\nThe minister spoke to reporters in Washington on Friday.",
    "washington_state": "Crop Lost\n\nApple growers in Washington state lost their crop to the frost.",
    "luxembourg_country": "Ministers Meet\n\nThe finance ministers met in Luxembourg on Tuesday.",
    "luxembourg_province": "Farmers Protest\n\nFarmers protested in the Belgian province of Luxembourg on Tuesday.",
    "paris_texas": "Storm Reaches Town\n\nThe storm reached Paris, Texas, on Sunday.",
    "paris_france": "Workers March\n\nThousands of workers marched in Paris on Sunday.",
    "exonym": "Men Detained\n\nPolice in Lugansk detained two men on Friday.",
    "dateline_agency": "Protest\n\nNAIROBI, March 4 (Reuters) - Police fired tear gas at protesters on Tuesday.",
    "dateline_qualified": "Charges\n\nMUNICH, Germany (AP) -- Prosecutors charged the company's manager on Wednesday.",
    "dateline_spaced": "Vote Held\n\nB E R L I N, May 2, 2004 -- The party elected a new leader on Sunday.",
    "small_town_alone": "Patrol Ambushed\n\nGunmen ambushed a patrol near Thal on Monday.",
    "small_town_placed": "Ambush\n\nGunmen ambushed a patrol near Thal in northwestern Pakistan on Monday.",
    "byline": "Talks Resume\n\nJOHN SMITH, Staff Writer\n\nThe two sides resumed talks on Monday.",
    "in_a_name": "Vote Criticised\n\nThe Organization for Security and Cooperation in Europe criticized the vote.",
}


@pytest.fixture(scope="module")
def places(nlp: Language, settings: Settings) -> pd.DataFrame:
    texts = list(ARTICLES.values())
    tables = analyse(nlp, settings, texts, ["2015-12-31"] * len(texts))
    documents = tables["documents"][["doc_id"]].assign(article=list(ARTICLES))
    return tables["places"].merge(documents, on="doc_id")


def _place(places: pd.DataFrame, article: str, surface: str) -> pd.Series:
    [row] = [row for _, row in places[places["article"] == article].iterrows() if row["surface"] == surface]
    return row


@pytest.mark.parametrize(
    ("article", "surface", "gazetteer_id", "feature_class", "country", "admin1", "resolution"),
    [
        # Georgia: the country beside Tbilisi, the US state beside Atlanta, a country among countries
        ("georgia_country", "Georgia", "geonames:614540", "country", "GEO", None, "context"),
        ("georgia_state", "Georgia", "geonames:4197000", "admin1", "USA", "US-GA", "context"),
        ("georgia_listed", "Georgia", "geonames:614540", "country", "GEO", None, "qualifier"),
        # Washington: the capital alone, the state when the text says so
        ("washington_city", "Washington", "geonames:4140963", "city", "USA", "US-DC", "prominence"),
        ("washington_state", "Washington", "geonames:5815135", "admin1", "USA", "US-WA", "qualifier"),
        # Luxembourg: the country alone, the Belgian province (a second-level division) when said
        ("luxembourg_country", "Luxembourg", "geonames:2960313", "country", "LUX", None, "prominence"),
        ("luxembourg_province", "Luxembourg", "iso3166-2:BE-WLX", "other", "BEL", "BE-WAL", "qualifier"),
        # Paris: Texas when the comma says so, else France's capital
        ("paris_texas", "Paris", "geonames:4717560", "city", "USA", "US-TX", "qualifier"),
        ("paris_france", "Paris", "geonames:2988507", "city", "FRA", "FR.11", "prominence"),
        ("exonym", "Lugansk", "geonames:702658", "city", "UKR", "UA.14", "only"),
        # a town of 29,000 people is taken only where its country is named too
        ("small_town_alone", "Thal", None, None, None, None, "unresolved"),
        ("small_town_placed", "Thal", "geonames:1164076", "city", "PAK", "PK.03", "only"),
    ],
)  # fmt: skip
def test_ambiguous_names_resolve_by_qualifier_context_and_prominence(
    places: pd.DataFrame,
    article: str,
    surface: str,
    gazetteer_id: str | None,
    feature_class: str | None,
    country: str | None,
    admin1: str | None,
    resolution: str,
) -> None:
    row = _place(places, article, surface)
    found = [row[column] for column in ("gazetteer_id", "feature_class", "country", "admin1", "resolution")]
    assert [None if pd.isna(value) else value for value in found] == [
        gazetteer_id,
        feature_class,
        country,
        admin1,
        resolution,
    ]


@pytest.mark.parametrize(
    ("article", "surface", "name", "country"),
    [
        ("dateline_agency", "NAIROBI", "Nairobi", "KEN"),
        ("dateline_qualified", "MUNICH", "Munich", "DEU"),
        ("dateline_spaced", "B E R L I N", "Berlin", "DEU"),
    ],
)
def test_the_dateline_place_is_found_and_marked(
    places: pd.DataFrame, article: str, surface: str, name: str, country: str
) -> None:
    row = _place(places, article, surface)
    assert (bool(row["is_dateline"]), row["name"], row["country"]) == (True, name, country)
    assert list(row["attached_starts"]) == []  # where the story was filed, not where anything happened
    assert places.loc[places["article"] == article, "is_dateline"].sum() == 1


def test_a_byline_is_not_a_dateline_place(places: pd.DataFrame) -> None:
    assert places[places["article"] == "byline"].empty


@pytest.mark.parametrize(
    ("article", "surface", "cue", "modifies_predicate", "attached_words"),
    [
        ("washington_city", "Washington", "in", True, ["spoke"]),
        ("small_town_placed", "Thal", "near", False, ["patrol", "ambushed"]),
        ("georgia_state", "Atlanta", "hit", True, ["hit"]),  # the object of a verb of place
        ("georgia_country", "Tbilisi", "in", False, ["officials", "said"]),
        ("georgia_listed", "Montenegro", None, False, []),  # an actor, not a location
        ("in_a_name", "Europe", None, False, []),  # part of an organisation's name
    ],
)
def test_locative_phrases_attach_to_what_they_modify(
    places: pd.DataFrame,
    nlp: Language,
    article: str,
    surface: str,
    cue: str | None,
    modifies_predicate: bool,
    attached_words: list[str],
) -> None:
    row = _place(places, article, surface)
    text = ARTICLES[article]
    words = [text[start:].split()[0].strip(",.") for start in row["attached_starts"]]
    assert (None if pd.isna(row["locative_cue"]) else row["locative_cue"], bool(row["modifies_predicate"]), words) == (
        cue,
        modifies_predicate,
        attached_words,
    )


def test_places_table_follows_its_schema(places: pd.DataFrame) -> None:
    PlaceSchema.validate(places.drop(columns=["article"]))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("São Paulo", "sao paulo"),
        ("U.S.", "us"),
        ("Khyber-Pakhtunkhwa", "khyber pakhtunkhwa"),
        ("the Gambia", "gambia"),
        ("Côte d’Ivoire", "cote divoire"),
    ],
)
def test_place_key(text: str, key: str) -> None:
    assert place_key(text) == key


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Islamabad", ("Islamabad", "PAK")),  # its main name, before a city GeoNames also calls so
        ("Lugansk", ("Luhansk", "UKR")),  # an alternate name when no main name matches
        ("New York", ("New York City", "USA")),  # a large city without its " City"
        ("Europe", ("Europe", None)),
    ],
)
def test_gazetteer_lookup_prefers_main_names(name: str, first: tuple[str, str | None]) -> None:
    found = load_gazetteer().lookup(place_key(name))
    assert (found[0].name, found[0].country) == first
