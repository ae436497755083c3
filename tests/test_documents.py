"""Cleaning and dating: each rule with a hand-made article."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.documents import _drop_repeated_spans, _plain, documents
from pipeline.settings import Settings
from tests.conftest import raw_documents

BODY = "The ministry said on Tuesday that it would review the licence of the operator."


def _clean(
    boilerplate: pd.DataFrame, settings: Settings, text: str, **columns: object
) -> tuple[pd.Series, pd.DataFrame]:
    docs, removed, rejects = documents(
        raw_documents(text, **{k: [v] for k, v in columns.items()}), boilerplate, settings
    )
    assert rejects.empty
    return docs.iloc[0], removed


def test_html_fragments_and_entities_become_plain_text(boilerplate: pd.DataFrame, settings: Settings) -> None:
    doc, _ = _clean(
        boilerplate,
        settings,
        "Title of the story\n\n<p><span>Tom &amp; Jerry met in "
        '<a href="x">Paris</a>.</span></p>\n<script>var x = 1;</script>',
    )
    assert doc["clean_text"] == "Title of the story\n\nTom & Jerry met in Paris ."


@pytest.mark.parametrize(
    ("furniture", "reason"),
    [
        ("Image Source: Flickr", "image_credit"),
        ("Copyright © 2024 SecurityWeek ®, a Wired Business Media Publication. All Rights Reserved.", "copyright"),
        ("Exit mobile version", "site_navigation"),
        ("ADVT", "advert"),
        ("Trade Club", "label"),
        ("'BlackBerry phone'", "label"),
    ],
)
def test_site_furniture_lines_are_removed_with_reason(
    boilerplate: pd.DataFrame, settings: Settings, furniture: str, reason: str
) -> None:
    raw = f"Title of the story\n\n{BODY}\n\n{furniture}\n\n{BODY.replace('Tuesday', 'Friday')}"
    doc, removed = _clean(boilerplate, settings, raw)
    assert furniture not in doc["clean_text"]
    assert removed[["text", "reason"]].values.tolist() == [[furniture, reason]]
    start, end = removed.iloc[0][["char_start", "char_end"]]
    assert raw[start:end] == furniture


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("MORE National ARTICLES", "teaser_block"),
        ("Related Content", "related_content"),
        ("Please enter your comment!", "comment_form"),
    ],
)
def test_blocks_run_to_the_end_of_the_page(
    boilerplate: pd.DataFrame, settings: Settings, header: str, reason: str
) -> None:
    tail = f"{header}\n\nUnrelated teaser headline about refugees\n\nAnother teaser about an airline deal."
    doc, removed = _clean(boilerplate, settings, f"Title of the story\n\n{BODY}\n\n{tail}")
    assert doc["clean_text"] == f"Title of the story\n\n{BODY}"
    assert removed[["text", "reason"]].values.tolist() == [[tail, reason]]


def test_crawl_date_before_the_headline_is_furniture_not_the_date(
    boilerplate: pd.DataFrame, settings: Settings
) -> None:
    doc, removed = _clean(
        boilerplate,
        settings,
        f"Close X\nThursday, November 14, 2024\nADVT\nNational\n\n"
        f"Operator To Stay After Ministry Drops Request\n\n{BODY}",
    )
    assert doc["title"] == "Operator To Stay After Ministry Drops Request"
    assert doc["publication_date"] is None or pd.isna(doc["publication_date"])
    assert doc["publication_date_basis"] == "unknown"
    assert removed["reason"].tolist() == ["site_navigation", "page_date", "advert", "label"]


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("The Canadian Press, 31 Dec, 2015 12:20 PM", "2015-12-31"),
        ("Posted on December 31, 2015 by Staff Reporter", "2015-12-31"),
        ("Published: Dec 2015", "2015-12"),
    ],
)
def test_dateline_gives_the_publication_date(
    boilerplate: pd.DataFrame, settings: Settings, dateline: str, expected: str
) -> None:
    doc, _ = _clean(boilerplate, settings, f"Headline of the story\n\n{dateline}\n\n{BODY}")
    assert (doc["publication_date"], doc["publication_date_basis"], doc["dateline"]) == (expected, "dateline", dateline)


def test_a_reading_time_label_is_no_date(boilerplate: pd.DataFrame, settings: Settings) -> None:
    doc, _ = _clean(boilerplate, settings, f"Headline of the story\n\nWORLD\n\n4 MIN READ\n\n{BODY}")
    assert (doc["publication_date"], doc["publication_date_basis"]) == (None, "unknown")


def test_the_dateline_heading_the_first_paragraph_gives_the_date(boilerplate: pd.DataFrame, settings: Settings) -> None:
    doc, _ = _clean(boilerplate, settings, f"Headline of the story\n\nBERN, 2 June 2014 -- {BODY}")
    assert (doc["publication_date"], doc["publication_date_basis"]) == ("2014-06-02", "dateline")
    assert doc["publication_date_evidence"] == "BERN, 2 June 2014"


@pytest.mark.parametrize(
    "line",
    [
        "In July 2014, the firm acquired a rival.",  # a sentence that mentions a date
        "Updated: 25 min 10 sec ago",  # relative: read against the clock, it would change from run to run
        "Highest In 15 Years",  # a subheading that reads as "in 15 years" from now
    ],
)
def test_a_line_that_dates_nothing_is_not_a_dateline(boilerplate: pd.DataFrame, settings: Settings, line: str) -> None:
    doc, _ = _clean(boilerplate, settings, f"Headline of the story\n\n{line}\n\n{BODY}")
    assert doc["publication_date_basis"] == "unknown"


def test_metadata_date_comes_first_then_url_then_dateline(boilerplate: pd.DataFrame, settings: Settings) -> None:
    raw = f"Headline of the story\n\nThe Canadian Press, 31 Dec, 2015 12:20 PM\n\n{BODY}"
    doc, _ = _clean(boilerplate, settings, raw, metadata_date="2016-01-02")
    assert (doc["publication_date"], doc["publication_date_basis"]) == ("2016-01-02", "metadata")
    doc, _ = _clean(boilerplate, settings, raw, url="https://example.com/news/story-20130625")
    assert (doc["publication_date"], doc["publication_date_basis"]) == ("2013-06-25", "metadata")
    assert doc["publication_date_evidence"] == "https://example.com/news/story-20130625"


def test_repeated_paragraphs_are_kept_once(boilerplate: pd.DataFrame, settings: Settings) -> None:
    lead = "After saying that it would leave, the operator said it will now stay in the market."
    raw = f"Headline of the story\n\n{lead}\n\n<p><strong>{lead}</strong></p>\n\n{lead}\n\n{BODY}"
    doc, removed = _clean(boilerplate, settings, raw)
    assert doc["clean_text"] == f"Headline of the story\n\n{lead}\n\n{BODY}"
    assert removed["reason"].tolist() == ["repeated_paragraph", "repeated_paragraph"]


def test_repeated_clause_inside_a_quote_is_kept_once(boilerplate: pd.DataFrame, settings: Settings) -> None:
    clause = "the ministry was demanding open access to all of our customers' data"
    raw = f"Headline of the story\n\n\u201cRather, {clause} {clause},\u201d he said."
    doc, removed = _clean(boilerplate, settings, raw)
    assert doc["clean_text"].endswith(f"\u201cRather, {clause},\u201d he said.")
    assert removed[["text", "reason"]].values.tolist() == [[clause, "repeated_span"]]
    start = removed.iloc[0]["char_start"]
    assert start == raw.rindex(clause)


@pytest.mark.parametrize(
    ("text", "kept", "repeats"),
    [
        # the first words recur, the run does not
        (
            "the board met the press and the board met the union",
            "the board met the press and the board met the union",
            [],
        ),
        (
            "He said the board met the press, the board met the press.",
            "He said the board met the press,.",
            ["the board met the press"],
        ),
        # the longest repeat at the earliest word first, then again in what is left
        (
            "one two three one two three four one two three four",
            "one two three four",
            ["one two three", "one two three four"],
        ),
    ],
)
def test_only_an_immediately_repeated_run_of_words_is_dropped(text: str, kept: str, repeats: list[str]) -> None:
    assert _drop_repeated_spans(text, 3) == (kept, repeats)


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        ("Tom &amp; Jerry met in Paris.", "Tom & Jerry met in Paris."),
        # format and control characters go; a tab, a no-break space and a private-use character stay (as text)
        ("Tom\u200b \u00adJerry\x07 met\tin Paris\ue000\u00a0now.", "Tom Jerry met in Paris\ue000 now."),
        ("\ufeffCaf\u00e9 \u2019s menu", "Caf\u00e9 \u2019s menu"),
    ],
)
def test_invisible_characters_are_dropped_from_a_line(line: str, plain: str) -> None:
    assert _plain(line) == plain


def test_hard_wrapped_lines_are_joined(boilerplate: pd.DataFrame, settings: Settings) -> None:
    doc, _ = _clean(
        boilerplate,
        settings,
        "Headline of the story\n\nThe ministry said on Tuesday that\nit would review the licence.",
    )
    assert (
        doc["clean_text"] == "Headline of the story\n\nThe ministry said on Tuesday that it would review the licence."
    )


def test_only_furniture_is_rejected(boilerplate: pd.DataFrame, settings: Settings) -> None:
    docs, _removed, rejects = documents(raw_documents("Close X\nADVT\nImage Source: Flickr\n"), boilerplate, settings)
    assert docs.empty
    assert rejects[["source_name", "reason"]].values.tolist() == [["article_0.txt", "no_text"]]
