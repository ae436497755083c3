"""Run the pipeline on the evaluation sets and print the scorer's figures against the quality floors.

    python scripts/score.py                   # both sets into build/score/<set>/, figures and floors
    python scripts/score.py --misses 1000     # also the gold rows the scorer could not match
    python scripts/score.py --raise-floors    # write the figures that rose into tests/quality_floors.json

The evaluation sets and their scorer live beside this checkout in ../shared/eval (see its
GOLD_FORMAT.md and CONTRACT.md): `seeds_gold/` scores the seed articles of `seeds/`, `news/` scores
the articles of `news/articles/`. The floors (tests/quality_floors.json) are the figures a change may
not fall below: `tests/test_quality.py` holds every run to them. Floors only ever rise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FLOORS = ROOT / "tests" / "quality_floors.json"
# set name -> (articles folder, gold folder), relative to the evaluation folder (seeds: this checkout's)
SETS: dict[str, tuple[Path, Path]] = {
    "seeds": (ROOT / "seeds", EVAL / "seeds_gold"),
    "news": (EVAL / "news" / "articles", EVAL / "news" / "gold"),
}
# The figures the floors hold, as paths into the scorer's JSON; each is better when higher. Events are
# held by F1, not by precision and recall apart: a change may trade one for the other.
FIGURES = (
    "documents.publication_date_accuracy",
    "documents.sentence_count_within_10pct",
    "timex.recall",
    "timex.value_accuracy",
    "entities.mention_recall",
    "entities.resolution_accuracy",
    "entities.country_accuracy",
    "events.strict.f1",
    "events.found_in_sentence",
)


def score(outputs: Path, gold: Path, misses: int = 0) -> tuple[dict[str, Any], str]:
    """The scorer's figures for a finished run (its `--json` report), and its list of unmatched gold
    rows when `misses` (how many to list) is given."""
    command = [sys.executable, str(EVAL / "score.py"), "--gold", str(gold), "--outputs", str(outputs)]
    report = json.loads(subprocess.run([*command, "--json"], check=True, capture_output=True, text=True).stdout)
    listed = ""
    if misses:
        text = subprocess.run([*command, "--misses", str(misses)], check=True, capture_output=True, text=True).stdout
        listed = text[text.find("\n\n") + 2 :] if "unmatched" in text else ""
    return report, listed


def figures(result: dict[str, Any]) -> dict[str, float]:
    """The FIGURES of a scorer result; `events.found_in_sentence` is the share of gold events with at
    least one event coded from their own sentence (1 - "no event from its sentence" / gold events)."""
    found: dict[str, float] = {}
    for path in FIGURES:
        if path == "events.found_in_sentence":
            events = result["events"]
            gold = events["strict"]["gold"]
            missing = events["missed_by_cause"].get("no event from its sentence", 0)
            found[path] = round(1 - missing / gold, 3) if gold else 0.0
            continue
        value: Any = result
        for key in path.split("."):
            value = value[key]
        found[path] = float(value or 0.0)
    return found


def run_and_score(name: str, out_dir: Path, misses: int = 0) -> tuple[dict[str, float], str]:
    """Run the pipeline on one evaluation set into out_dir and score it: its figures and (when `misses`
    is given) the scorer's list of unmatched gold rows."""
    articles, gold = SETS[name]
    # the command line, run from this checkout: its code, whatever else is installed
    command = [sys.executable, "-m", "pipeline", "run", "--input", str(articles), "--out", str(out_dir), "--full", "-q"]
    subprocess.run(command, check=True, cwd=ROOT)
    result, listed = score(out_dir, gold, misses)
    return figures(result), listed


def read_floors() -> dict[str, dict[str, float]]:
    return dict(json.loads(FLOORS.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "score", help="runs go to OUT/<set>/")
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=list(SETS))
    parser.add_argument("--misses", type=int, default=0, help="print up to N gold rows the scorer could not match")
    parser.add_argument("--raise-floors", action="store_true", help="raise the floors to the figures that rose")
    args = parser.parse_args(argv)
    if not EVAL.exists():
        print(f"no evaluation sets at {EVAL}", file=sys.stderr)
        return 1
    floors = read_floors()
    below = 0
    for name in args.sets:
        found, listed = run_and_score(name, args.out / name, args.misses)
        print(listed, end="")
        print(f"{name} ({args.out / name})")
        for path, value in found.items():
            floor = floors.get(name, {}).get(path, 0.0)
            mark = "BELOW FLOOR" if value < floor else ("raised" if value > floor else "")
            below += value < floor
            print(f"  {path:<42} {value:6.3f}   floor {floor:6.3f}  {mark}")
            if args.raise_floors and value > floor:
                floors.setdefault(name, {})[path] = value
    if args.raise_floors:
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
