"""Measure event locations on a scored run: how many events whose sentence names a place get a
location, and how many of those get the right country.

    python scripts/score.py --sets news          # the run, into build/score/news
    python scripts/score_locations.py            # then this: figures and a sample to check by hand
    python scripts/score_locations.py --sample 30 --outputs build/score/news --gold ../shared/eval/news/gold

An event's sentence *names a place* when its first report's sentence has a resolved place mention
(the places table) in a locative phrase ("in Kabul", "near the town of X", "attacked Kabul"); a place
that acts ("Brazil pledged") or qualifies a noun ("US carmaker Ford") names an actor, not where.
The *right country* is the country the gold annotation (entities.csv, kinds PLACE and COUNTRY) gives
the place the location was taken from, in that article: the clause's place, or the dateline's.
Locations whose place the gold does not list are counted apart (unjudged) and shown in the sample.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from pipeline.frames import records

ROOT = Path(__file__).resolve().parent.parent
NEWS_GOLD = ROOT.parent / "shared" / "eval" / "news" / "gold"


def measured(outputs: Path, gold: Path) -> pd.DataFrame:
    """One row per event: whether its sentence names a place, its location, and the gold country of
    the place the location came from (null when the gold does not list that place)."""
    events = pd.read_parquet(outputs / "events.parquet")
    mentions = pd.read_parquet(outputs / "event_mentions.parquet")
    places = pd.read_parquet(outputs / "places.parquet")
    documents = pd.read_parquet(outputs / "documents.parquet", columns=["doc_id", "source_name"])
    entities = pd.read_csv(gold / "entities.csv", dtype=str, keep_default_na=False)
    places_of_gold = entities[entities["kind"].isin(["PLACE", "COUNTRY"])]
    gold_country = {
        (str(file), str(surface).casefold()): str(country) or None
        for file, surface, country in zip(
            places_of_gold["file"], places_of_gold["surface"], places_of_gold["country"], strict=True
        )
    }
    file_of = dict(zip(documents["doc_id"], documents["source_name"], strict=True))
    first = mentions.sort_values(["event_id", "doc_id", "sentence_id"]).drop_duplicates("event_id")
    resolved = places[places["gazetteer_id"].notna()]
    rows = []
    for report in records(first):
        event = events.loc[events["event_id"] == report.event_id].iloc[0]
        in_sentence = resolved[resolved["sentence_id"] == report.sentence_id]
        free = [place for place in records(in_sentence) if len(place.attached_starts) and not place.is_dateline]
        source = _source_surface(event, report, places)
        expected = gold_country.get((file_of[report.doc_id], source.casefold())) if source else None
        rows.append(
            {
                "event_id": report.event_id,
                "file": file_of[report.doc_id],
                "names_place": bool(free),
                "places_named": ", ".join(place.surface for place in free),
                "location": event["location_name"],
                "location_country": event["location_country"],
                "basis": event["location_basis"],
                "from_surface": source,
                "gold_country": expected,
                "sentence": event["summary"],
            }
        )
    return pd.DataFrame(rows)


def _source_surface(event: pd.Series, report: object, places: pd.DataFrame) -> str | None:
    """The surface of the place mention the event's location was taken from, in the first report's
    document: the dateline's, or the one named like the location in a reporting sentence."""
    if event["location_basis"] == "none":
        return None
    candidates = places[(places["doc_id"] == report.doc_id) & (places["gazetteer_id"] == event["location_id"])]  # type: ignore[attr-defined]
    if event["location_basis"] == "dateline":
        candidates = candidates[candidates["is_dateline"]]
    return str(candidates["surface"].iloc[0]) if len(candidates) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outputs", type=Path, default=ROOT / "build" / "score" / "news")
    parser.add_argument("--gold", type=Path, default=NEWS_GOLD)
    parser.add_argument("--sample", type=int, default=15, help="events to list for a check by hand")
    args = parser.parse_args()
    table = measured(args.outputs, args.gold)
    named = table[table["names_place"]]
    located = named[named["basis"] != "none"]
    judged = located[located["gold_country"].notna()]
    right = judged[judged["gold_country"] == judged["location_country"]]
    bases = table["basis"].value_counts().to_dict()
    print(f"events {len(table)}; located {int((table['basis'] != 'none').sum())} ({bases})")
    print(f"events whose sentence names a place: {len(named)}")
    print(f"  located: {len(located)} ({len(located) / max(1, len(named)):.0%})")
    print(
        f"  right country: {len(right)} of {len(judged)} judged by the gold ({len(right) / max(1, len(judged)):.0%}); "
        f"{len(located) - len(judged)} unjudged"
    )
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 120)
    print(
        named[["file", "places_named", "location", "location_country", "basis", "gold_country", "sentence"]]
        .head(args.sample)
        .to_string(index=False)
    )


if __name__ == "__main__":
    main()
