"""Generated corpora for the benchmark scripts: articles made by recombining the paragraphs of real ones.

Imported by scripts/benchmark.py and scripts/benchmark_reruns.py (run as `python scripts/NAME.py`,
which puts this folder on the import path).
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Body paragraphs per generated article, drawn from every source article's body paragraphs.
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 4, 12
# A body paragraph must have more than this many words (shorter ones are datelines, captions, labels).
MIN_BODY_WORDS = 8


def build_corpus(folder: Path, articles: int, seed: int, source: Path = SEEDS) -> None:
    """Write `articles` text files into the new `folder`, each a source headline and a random draw of
    source body paragraphs.

    The source articles are the `.txt` files of `source` (default: the seeds), split on blank lines;
    the first paragraph of each is its headline. The same source, `articles` and `seed` give the same files.
    """
    texts = [path.read_text(encoding="utf-8") for path in sorted(source.glob("*.txt")) if path.is_file()]
    split = [[part.strip() for part in text.split("\n\n") if part.strip()] for text in texts]
    split = [paragraphs for paragraphs in split if paragraphs]
    headlines = [paragraphs[0] for paragraphs in split]
    bodies = [
        paragraph for paragraphs in split for paragraph in paragraphs[1:] if len(paragraph.split()) > MIN_BODY_WORDS
    ]
    if not headlines or not bodies:
        raise ValueError(
            f"{source} has no .txt article with a headline and a body paragraph of over {MIN_BODY_WORDS} words"
        )
    generator = random.Random(seed)
    folder.mkdir(parents=True)
    for number in range(articles):
        count = generator.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
        paragraphs = [f"{generator.choice(headlines)} ({number})", *generator.sample(bodies, min(count, len(bodies)))]
        (folder / f"article_{number:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
