"""Whole runs on articles that combine time expressions, actors and event verbs (issue 17): the bug
report's article first (an actor will meet "early next week" in an article dated in its dateline), then
generated ones (hypothesis). Every stage runs validated as in a real run, then every export is made; none
may fail, and every date the tables carry is one of the grammar (schemas.timex3)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from spacy.language import Language

from pipeline.cli import EXIT_OK, main
from pipeline.exports import export_files
from pipeline.registry import SCHEMAS
from pipeline.settings import Settings
from schemas import timex3
from tests.conftest import analyse

# An article of the bug report's kind: dated in its dateline; two governments "would meet early next
# week" (2018-W12: the events schema rejected it, exit 3, and the report could not read it).
MEETING = (
    "Neighbours To Meet Over Dam\n\n"
    "By Anna Lind\n"
    "March 15, 2018 10:42 AM\n\n"
    "Egypt would meet Ethiopia early next week to discuss the dam, the United Nations said.\n\n"
    "Egypt accused Ethiopia of delaying the talks on Monday."
)


def test_an_event_dated_early_next_week_is_written_and_reported(tmp_path: Path) -> None:
    corpus, out = tmp_path / "articles", tmp_path / "out"
    corpus.mkdir()
    (corpus / "meeting.txt").write_text(MEETING, encoding="utf-8")
    assert main(["run", "--input", str(corpus), "--out", str(out), "-q"]) == EXIT_OK
    timexes = pd.read_parquet(out / "timexes.parquet")
    week = timexes[timexes["surface"] == "early next week"]
    assert week[["value", "precision", "date_start", "date_end"]].astype(str).values.tolist() == [
        ["2018-W12", "week", "2018-03-19", "2018-03-25"]
    ]
    events = pd.read_parquet(out / "events.parquet")
    meeting = events[events["predicate"] == "meet"]
    # an event's date is the finest calendar date that holds its time expression: the week is in March
    assert meeting[["event_date", "date_precision", "date_start", "date_end"]].astype(str).values.tolist() == [
        ["2018-03", "month", "2018-03-01", "2018-03-31"]
    ]
    assert f'id="event-{meeting["event_id"].iloc[0]}"' in (out / "report.html").read_text(encoding="utf-8")
    assert main(["validate", str(out)]) == EXIT_OK


# What the generated articles are made of: actors of the dictionaries, verbs of verb_patterns.csv, and time
# expressions of every kind the tables must take (issue 17 and 19's lists).
ACTORS = ["Egypt", "Ethiopia", "France", "Germany", "the United Nations", "the European Union", "the IMF"]
VERBS = [
    "would meet", "will meet", "met", "accused", "rejected a request from", "threatened to sanction",
    "agreed to talks with", "criticized", "will sign an agreement with", "pledged aid to",
]  # fmt: skip
TIMES = [
    "early next week", "on Tuesday", "in the third quarter", "last spring", "this morning", "at 2 p.m.", "at 2:00am",
    "yesterday", "next month", "late last week", "on March 3", "in December", "by year-end", "this weekend",
    "in the 1990s", "last year", "in the first half of 2019", "on Monday morning", "tonight", "in the summer of 2016",
    "on Dec. 30", "two weeks ago", "this week", "earlier this year", "since April", "overnight", "on Sunday evening",
    "in 2017", "in the fourth quarter of 2018", "at the end of next month", "on Christmas Day", "in mid-July",
    "10,000 years ago", "in the winter", "on the weekend", "in the 2010s", "in the 19th century",
]  # fmt: skip
DATELINES = ["", "March 15, 2018 10:42 AM\n\n", "Posted on 4 January 2020 by Staff\n\n"]


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, str | None]:
    """(text, metadata publication date or None): a headline, maybe a dateline, two to four sentences."""
    sentences = []
    for _ in range(draw(st.integers(2, 4))):
        source, target = draw(st.sampled_from(ACTORS)), draw(st.sampled_from(ACTORS))
        verb, when = draw(st.sampled_from(VERBS)), draw(st.sampled_from(TIMES))
        sentence = draw(
            st.sampled_from(
                [f"{source} {verb} {target} {when}.", f"{when[0].upper()}{when[1:]}, {source} {verb} {target}.",
                 f'"We {verb.split()[-1]} {target} {when}," {source} said.']
            )
        )  # fmt: skip
        sentences.append(sentence[0].upper() + sentence[1:])
    text = "Ministers In Talks\n\n" + draw(st.sampled_from(DATELINES)) + "\n\n".join(sentences)
    published = draw(st.sampled_from([None, "2018-03-15", "2016-11", "2019"]))
    return text, published


def _every_stage_and_export(
    nlp: Language, settings: Settings, texts: list[str], dates: list[str | None]
) -> dict[str, pd.DataFrame]:
    """Every stage (validated) and every export on the articles; the tables. Fails on any error, and when a
    date column holds anything but a value of the grammar."""
    tables = analyse(nlp, settings, texts, dates)
    for table, column in [("timexes", "value"), ("events", "event_date"), ("timeline", "event_date")]:
        assert all(timex3.is_valid(value, partial=True) for value in tables[table][column].dropna())
    files = {name: b"".join(chunks) for name, chunks in export_files(tables, SCHEMAS).items()}
    load_workbook(io.BytesIO(files["review.xlsx"]), read_only=True).close()
    assert all(json.loads(line)["id"] for line in files["events.plover.jsonl"].decode().splitlines())
    assert files["report.html"].decode().endswith("</html>\n")
    assert json.loads(files["datapackage.json"])["resources"]
    return tables


EDGES = "Talks\n\nEgypt met Ethiopia yesterday. Egypt will meet Ethiopia tomorrow, next year and in December."


@pytest.mark.parametrize(
    ("text", "published", "values"),
    [
        # placeholder publication dates at the calendar's edges (0001-01-01 is .NET's smallest date): what
        # would fall outside the calendar stays unresolved
        (EDGES, "0001-01-01", [None, "0001-01-02", "0002", "0001-12"]),
        (EDGES, "9999-12-31", ["9999-12-30", None, None, "XXXX-12"]),
        (EDGES, "9999", [None, None, None, "XXXX-12"]),
        # counted back past year 1: no value (it gave year -7982, which the schema rejected: exit 3)
        ("Old Bones\n\nPeople lived in the cave 10,000 years ago. Farmers came 3,000 years ago.", "2018-03-15",
         [None, None]),
    ],
)  # fmt: skip
def test_dates_at_the_edges_of_the_calendar(
    nlp: Language, settings: Settings, text: str, published: str, values: list[str | None]
) -> None:
    timexes = _every_stage_and_export(nlp, settings, [text], [published])["timexes"]
    assert [value if isinstance(value, str) else None for value in timexes["value"]] == values


@settings(max_examples=10)
@given(st.lists(articles(), min_size=1, max_size=2))
def test_generated_articles_run_through_every_stage_and_export(
    nlp: Language, settings: Settings, corpus: list[tuple[str, str | None]]
) -> None:
    texts = [text for text, _ in corpus]
    if len(set(texts)) < len(texts):
        return  # one file twice: the same document
    _every_stage_and_export(nlp, settings, texts, [published for _, published in corpus])
