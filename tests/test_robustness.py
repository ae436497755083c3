"""The whole pipeline on real news of many kinds and layouts (tests/corpus/robustness: excerpts of public
pages as scraped, furniture and all, each source in metadata.csv): it runs through, its tables validate
and every export opens."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.cli import EXIT_OK, main
from pipeline.exports import EXPORT_FILES

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus" / "robustness"
# An excerpt is at most this many bytes: enough of a page to hold its furniture.
MAX_EXCERPT_BYTES = 3000
# Elements without an end tag (HTML Living Standard, "void elements").
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


@pytest.fixture(scope="module")
def robustness_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    """The command line's exit code and output folder of a run on the corpus."""
    out = tmp_path_factory.mktemp("robustness") / "out"
    return main(["run", "-q", "--input", str(CORPUS), "--out", str(out)]), out


def test_the_corpus_is_real_news_of_many_kinds_with_every_source() -> None:
    articles = sorted(path.name for path in CORPUS.iterdir() if path.name != "metadata.csv")
    metadata = pd.read_csv(CORPUS / "metadata.csv", dtype=str, keep_default_na=False)
    assert sorted(metadata["file"]) == articles
    assert metadata["url"].str.match(r"^https?://\S+$").all()
    assert len(articles) >= 50
    assert len({name.split("-")[0] for name in articles}) >= 12  # kinds: war, election, court, trade, ...
    assert max((CORPUS / name).stat().st_size for name in articles) <= MAX_EXCERPT_BYTES


def test_the_run_succeeds_and_its_tables_validate(robustness_run: tuple[int, Path]) -> None:
    code, out = robustness_run
    assert code == EXIT_OK
    assert main(["validate", "-q", str(out)]) == EXIT_OK
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rejects = pd.read_parquet(out / "rejects.parquet")
    documents = pd.read_parquet(out / "documents.parquet")
    assert len(documents) + rejects["source_name"].nunique() == len(manifest["inputs"])
    assert set(rejects["reason"]) <= {"quarantined"}  # every article is read and keeps text once cleaned


def test_no_document_is_quarantined(robustness_run: tuple[int, Path]) -> None:
    _, out = robustness_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["quarantined_documents"] == 0
    assert pd.read_parquet(out / "rejects.parquet").empty


class _Balanced(HTMLParser):
    """Whether every element that is opened is closed, in order; the ids of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.misplaced: list[tuple[str, tuple[int, int]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.misplaced.append((tag, self.getpos()))


def test_every_export_opens(robustness_run: tuple[int, Path]) -> None:
    _, out = robustness_run
    assert {path.name for path in out.iterdir()} >= set(EXPORT_FILES)
    events = pd.read_parquet(out / "events.parquet")

    page = _Balanced()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    page.close()
    assert (page.open, page.misplaced) == ([], [])
    assert {f"event-{event_id}" for event_id in events["event_id"]} <= page.ids

    workbook = load_workbook(out / "review.xlsx", read_only=True)
    assert workbook["events"].max_row == len(events) + 1  # a header row, then an event a row

    records = [json.loads(line) for line in (out / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record["id"] for record in records] == events["event_id"].tolist()

    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]
