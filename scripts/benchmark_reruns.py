"""Benchmark incremental reruns: a full run, an unchanged rerun, and a rerun after one article changed.

Builds a corpus of N articles by recombining the paragraphs of the seed articles (deterministic
for a given --seed), runs `python -m pipeline run` on it three times into one output folder, and
prints the wall-clock time of each run with the documents it reprocessed and reused (from
manifest.json). Each timing includes start-up and loading the spaCy model.

    .venv/bin/python scripts/benchmark_reruns.py --articles 200
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import build_corpus

ROOT = Path(__file__).resolve().parent.parent


def timed_run(corpus: Path, out: Path, *extra: str) -> tuple[float, int, int]:
    """Seconds taken, and documents reprocessed and reused, by one run of the pipeline."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "-q", "--input", str(corpus), "--out", str(out), *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    seconds = time.perf_counter() - started
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return seconds, manifest["reprocessed_documents"], manifest["reused_documents"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, metavar="N", help="articles to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="build in DIR and keep it (default: a temporary folder)"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="benchmark-reruns-"))
    corpus, out = work / "corpus", work / "out"
    try:  # the output folder's working files (.out.pipeline) are inside `work` too
        build_corpus(corpus, args.articles, args.seed)
        results = [("full run (--full)", timed_run(corpus, out, "--full"))]
        results.append(("unchanged rerun", timed_run(corpus, out)))
        changed = sorted(corpus.iterdir())[args.articles // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nA paragraph added later.\n", encoding="utf-8")
        results.append((f"rerun, {changed.name} changed", timed_run(corpus, out)))
        print(f"{args.articles} articles (seed {args.seed}), {os.cpu_count()} CPUs")
        print(f"{'run':<40} {'seconds':>8} {'reprocessed':>12} {'reused':>8}")
        for label, (seconds, reprocessed, reused) in results:
            print(f"{label:<40} {seconds:>8.1f} {reprocessed:>12} {reused:>8}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
