"""Reading the input folder: decoding, rejects with reasons, metadata.csv."""

from __future__ import annotations

import codecs
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.settings import Settings
from pipeline.sources import list_corpus, read_articles, read_corpus, url_date

ARTICLE = "Headline here\n\nThe minister said on Monday that the talks would resume.\n"


def _write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(
    tmp_path: Path, settings: Settings, data: bytes, encoding: str
) -> None:
    _write(tmp_path, "a.txt", data)
    corpus = read_corpus(tmp_path, settings)
    assert corpus.rejects.empty
    row = corpus.raw_documents.iloc[0]
    assert (row["raw_text"], row["encoding"]) == (ARTICLE, encoding)


def test_legacy_encoding_is_detected(tmp_path: Path, settings: Settings) -> None:
    text = (
        "Le ministre a déclaré lundi que les négociations reprendraient à Montréal. "
        "«Nous sommes prêts», a-t-il ajouté, citant l’accord signé à Québec.\n"
    ) * 3
    _write(tmp_path, "a.txt", text.encode("cp1252"))
    corpus = read_corpus(tmp_path, settings)
    assert corpus.rejects.empty
    assert corpus.raw_documents.iloc[0]["raw_text"] == text


def test_crlf_line_endings_are_unified(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path, "a.txt", b"Title\r\n\r\nBody text here.\rMore.\r\n")
    assert read_corpus(tmp_path, settings).raw_documents.iloc[0]["raw_text"] == "Title\n\nBody text here.\nMore.\n"


def test_bad_inputs_are_rejected_with_reasons_and_good_ones_kept(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path, "good one.txt", ARTICLE.encode())
    _write(tmp_path, "Ünïcödé name.txt", ("Other title\n\n" + ARTICLE).encode())
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _write(tmp_path, "nul.txt", b"text with a \x00 NUL byte")
    _write(tmp_path, "big.txt", b"word " * 300)
    _write(tmp_path, "paper.pdf", b"%PDF-1.4")
    _write(tmp_path, "later copy.txt", ARTICLE.encode())
    (tmp_path / "sub folder").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    corpus = read_corpus(tmp_path, replace(settings, max_input_bytes=1000))
    reasons = dict(zip(corpus.rejects["source_name"], corpus.rejects["reason"], strict=True))
    assert reasons == {
        "empty.txt": "empty",
        "image.txt": "binary",
        "nul.txt": "binary",
        "big.txt": "too_large",
        "paper.pdf": "unsupported_type",
        "later copy.txt": "duplicate",
        "sub folder": "not_a_file",
        "loop": "unreadable",
    }
    assert sorted(corpus.raw_documents["source_name"]) == ["good one.txt", "Ünïcödé name.txt"]
    assert corpus.rejects["detail"].str.len().min() > 10


def test_unreadable_file_is_rejected(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "locked.txt", ARTICLE.encode())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    corpus = read_corpus(tmp_path, settings)
    assert corpus.rejects[["source_name", "reason"]].values.tolist() == [["locked.txt", "unreadable"]]


def test_metadata_adds_fields_and_reports_bad_rows(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "b.txt", ("B\n\n" + ARTICLE).encode())
    _write(
        tmp_path,
        "metadata.csv",
        (
            b"file,url,publisher,publication_date,extra\n"
            b"a.txt,https://example.com/2018/04/15/story.html,Example News,2015-12-31,x\n"
            b"b.txt,,,2015-13-01,y\n"
            b"missing.txt,,,2015-01-01,z\n"
        ),
    )
    corpus = read_corpus(tmp_path, settings)
    by_name = corpus.raw_documents.set_index("source_name")
    assert by_name.loc["a.txt", "metadata_date"] == "2015-12-31"
    assert by_name.loc["a.txt", "publisher"] == "Example News"
    assert pd.isna(by_name.loc["b.txt", "metadata_date"])
    assert sorted(corpus.rejects["reason"]) == ["metadata_bad_date", "metadata_unknown_column", "metadata_unknown_file"]
    assert "row 3" in corpus.rejects.set_index("reason").loc["metadata_bad_date", "detail"]


def test_metadata_without_file_column_is_ignored_with_a_reject(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "metadata.csv", b"name,url\na.txt,https://example.com\n")
    corpus = read_corpus(tmp_path, settings)
    assert corpus.rejects["reason"].tolist() == ["metadata_missing_column"]
    assert len(corpus.raw_documents) == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2018/04/15/story.html", "2018-04-15"),
        ("https://example.com/world/2018/4/5/story", "2018-04-05"),
        ("https://example.com/news/world/2018/0415/81234-story/", "2018-04-15"),
        ("https://example.com/archive/1991/0415.html", "1991-04-15"),
        ("https://example.com/news/story-20130625", "2013-06-25"),
        ("https://example.com/article/idUSKCN2B912X20210301", "2021-03-01"),
        ("https://example.com/papers/XYZ19910415.2.7", "1991-04-15"),
        ("https://example.com/news/xx-xpm-1991-04-15-9104150012-story.html", "1991-04-15"),
        ("https://example.com/news/2012-02-09/some-story.html", "2012-02-09"),
        ("https://example.com/feed?day=2012_02_09", "2012-02-09"),
        ("https://example.com/blog/2017/04/some-story/", "2017-04"),
        ("https://example.com/news/story-20131325", None),  # no month 13
        ("https://example.com/node/2019030412", None),  # ten digits: an id, not a date
        ("https://example.com/story/20192222", None),
        ("https://news20190304.example.com/story", None),  # the host is never read
        ("https://example.com/news/story", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def test_undecodable_bytes_are_rejected(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path, "noise.txt", bytes(range(128, 256)) * 4)
    corpus = read_corpus(tmp_path, settings)
    assert corpus.rejects[["source_name", "reason"]].values.tolist() == [["noise.txt", "undecodable"]]


PAGE = """<html><head><title>Ministry Lifts Ban</title>
<meta property="article:published_time" content="2015-12-31T10:00:00Z"></head>
<body><nav>Home | World | Business</nav><article><h1>Ministry Lifts Ban</h1>
<p>The ministry said on Thursday that it had lifted the ban on the messaging service after talks.</p>
<p>The company welcomed the decision and said it would keep its servers in the country.</p></article>
<footer>Copyright 2024 Example News. All Rights Reserved.</footer></body></html>"""


def test_saved_web_pages_are_reduced_to_their_text_and_dated(tmp_path: Path, settings: Settings) -> None:
    from pipeline import dictionaries
    from pipeline.documents import documents

    _write(tmp_path, "page.html", PAGE.encode())
    corpus = read_corpus(tmp_path, settings)
    docs, _, _ = documents(corpus.raw_documents, dictionaries.boilerplate_patterns(), settings)
    doc = docs.iloc[0]
    assert (doc["media_type"], doc["title"], doc["publication_date"], doc["publication_date_basis"]) == (
        "text/html",
        "Ministry Lifts Ban",
        "2015-12-31",
        "metadata",
    )
    assert doc["clean_text"].split("\n\n") == [
        "Ministry Lifts Ban",
        "The ministry said on Thursday that it had lifted the ban on the messaging service after talks.",
        "The company welcomed the decision and said it would keep its servers in the country.",
    ]


def test_a_file_changed_after_listing_is_rejected_and_the_others_read(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "b.txt", ARTICLE.replace("Monday", "Tuesday").encode())
    listing = list_corpus(tmp_path, settings)
    assert listing.files["source_name"].tolist() == ["a.txt", "b.txt"]
    assert "raw_text" not in listing.files.columns  # listed: hashed, not held
    _write(tmp_path, "b.txt", b"rewritten while the run was reading")
    read = read_articles(tmp_path, listing.files)
    assert read.raw_documents["source_name"].tolist() == ["a.txt"]
    assert read.rejects[["source_name", "reason"]].values.tolist() == [["b.txt", "changed"]]
