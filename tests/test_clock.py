"""No date comes from the clock (issue 19): the same corpus run on two far-apart system dates gives the same files."""

from __future__ import annotations

from pathlib import Path

import time_machine

from pipeline.run import run_pipeline
from pipeline.settings import Settings
from pipeline.timexes import _calendar_date

ARTICLES = {
    # a reading-time label where a dateline would be, and relative expressions only
    "label.txt": "Port Workers Strike\n\nWORLD\n\n4 MIN READ\n\nDock workers walked out on Sunday and said last week "
    "that they would stay out until next month. The union will meet tomorrow at 2 p.m.",
    # the date printed in the text; a caption with a full date
    "dated.txt": "Port Workers Strike\n\nThe Harbour Times, 3 Mar, 2019 09:10 AM\n\nDock workers walked out "
    "yesterday. A worker stands at the gate in Durban, March 2, 2019.",
    # nothing gives a date: it must stay unknown
    "undated.txt": "Port Workers Strike\n\nDock workers walked out on Sunday, a day after talks failed this week.",
    # a saved page whose date is in its metadata
    "page.html": '<html><head><title>Port strike</title><meta property="article:published_time" '
    'content="1987-02-14T08:00:00Z"></head><body><article><h1>Port strike</h1><p>Dock workers walked out '
    "on Friday after talks broke down in the capital, the union said in a statement.</p><p>The strike is "
    "the first at the port since last year, when workers stopped work for two weeks.</p></article></body></html>",
    "url.txt": "Port Workers Strike\n\nDock workers walked out yesterday, the union said.",
}


def _run_on(day: str, articles: Path, out: Path, settings: Settings) -> dict[str, bytes]:
    _calendar_date.cache_clear()  # remembered readings must not hide a reading of the clock
    with time_machine.travel(day, tick=False):
        run_pipeline(articles, out, settings)
    # the manifest records when the run happened, and the review workbook when it was made
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name not in ("manifest.json", "review.xlsx")}


def test_tables_do_not_depend_on_the_system_date(tmp_path: Path, settings: Settings) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    (articles / "metadata.csv").write_text("file,url\nurl.txt,https://example.org/news/2011/06/05/strike\n")
    early = _run_on("1990-01-01 12:00", articles, tmp_path / "early", settings)
    late = _run_on("2041-06-15 03:00", articles, tmp_path / "late", settings)
    assert sorted(early) == sorted(late)
    assert [name for name in early if early[name] != late[name]] == []
