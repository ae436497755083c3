"""Time expressions: finding, reading and resolving them, per document and across a story."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from spacy.language import Language

from pipeline import dictionaries
from pipeline.documents import documents
from pipeline.parse import parses
from pipeline.sentences import sentences
from pipeline.settings import DEFAULT_SETTINGS, Settings
from pipeline.timexes import TIMEX_COLUMNS, _calendar_date, _Cues, _patterns, anchored_timexes, timexes
from schemas import TimexSchema, timex3
from tests.conftest import raw_documents

HEADLINE = "Firm Stays In Market"
THURSDAY = "2015-12-31"  # a Thursday


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    """Rows as lists, missing cells as None (pandas stores a missing string as NaN)."""
    return [[None if pd.isna(cell) else cell for cell in row] for row in frame.values.tolist()]


@pytest.fixture(scope="module")
def cues() -> pd.DataFrame:
    return dictionaries.timex_cues()


def _run(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    cues: pd.DataFrame,
    texts: list[str],
    dates: list[str | None],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = raw_documents(*[f"{HEADLINE}\n\n{text}" for text in texts], metadata_date=dates)
    docs, _, _ = documents(raw, boilerplate, settings)
    sents, tokens = sentences(docs, nlp, settings)
    table = timexes(sents, parses(tokens, nlp), docs, nlp, cues)
    TimexSchema.validate(table, lazy=True)
    return docs, table


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        # past tense: the weekday on or before the publication date
        ("The company said on Monday that it would leave the country.", "on Monday", "2015-12-28"),
        # published on a Thursday, "Thursday" in the past tense is that very day
        ("Marty Beard wrote on the company's blog Thursday that the firm would stay.", "Thursday", THURSDAY),
        # future tense: the weekday on or after
        ("The board will meet on Monday to review the offer.", "on Monday", "2016-01-04"),
        ("The deadline was set for Dec. 30.", "Dec. 30", "2015-12-30"),
        ("The ministry extended the deadline to December 30.", "December 30", "2015-12-30"),
        (
            "The phone is expected to be released in 31 countries by the end of next month.",
            "the end of next month",
            "2016-01",
        ),
        ("Earlier this month, the chief executive said he would help the police.", "Earlier this month", "2015-12"),
        ("The company had pledged last month to leave the country.", "last month", "2015-11"),
        ("The phone's distribution will spike by the end of February.", "the end of February", "2016-02"),
        ("The firm said in November that the government wanted access.", "in November", "2015-11"),
        ("In July 2014, the company acquired a German encryption firm.", "In July 2014", "2014-07"),
        ("In 2010, several countries threatened to ban the company.", "In 2010", "2010"),
        ("The Canadian Press reported the news on 31 Dec, 2015 at noon.", "on 31 Dec, 2015", "2015-12-31"),
    ],
)
def test_dates_resolve_against_the_publication_date_and_tense(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    cues: pd.DataFrame,
    text: str,
    surface: str,
    value: str,
) -> None:
    docs, table = _run(nlp, boilerplate, settings, cues, [text], [THURSDAY])
    dated = table[table["kind"] == "date"]
    assert dated[["surface", "value"]].values.tolist() == [[surface, value]]
    row = dated.iloc[0]
    clean = docs.iloc[0]["clean_text"]
    assert clean[row["char_start"] : row["char_end"]] == surface
    assert row["anchor"] == f"publication_date {THURSDAY}" or not row["is_relative"]


@pytest.mark.parametrize(
    "text",
    [
        "The government recently dropped its request.",
        "The company has built its reputation on security ever since its debut.",
        "The firm does not plan to change its policy any time soon.",
    ],
)
def test_vague_and_generic_times_give_no_row(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame, text: str
) -> None:
    _, table = _run(nlp, boilerplate, settings, cues, [text], [THURSDAY])
    assert table.empty
    assert table.columns.tolist() == TIMEX_COLUMNS


@pytest.mark.parametrize(
    ("text", "surface", "duration"),
    [
        ("The Canadian tech company had 30 days to comply with the request.", "30 days", "P30D"),
        ("The company was allowed to continue operations for another month.", "another month", "P1M"),
    ],
)
def test_durations_have_an_iso_duration_and_no_value(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    cues: pd.DataFrame,
    text: str,
    surface: str,
    duration: str,
) -> None:
    _, table = _run(nlp, boilerplate, settings, cues, [text], [THURSDAY])
    assert table[["surface", "kind", "duration"]].values.tolist() == [[surface, "duration", duration]]
    assert table["value"].isna().all()


def test_a_preposition_between_two_expressions_splits_them(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame
) -> None:
    text = "The deadline was extended by a month to December 30."
    _, table = _run(nlp, boilerplate, settings, cues, [text], [THURSDAY])
    assert _cells(table[["surface", "kind", "value", "duration"]]) == [
        ["a month", "duration", None, "P1M"],
        ["December 30", "date", "2015-12-30", None],
    ]


def test_the_same_phrase_resolves_against_each_documents_own_date(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame
) -> None:
    # dateparser's reading of "Dec. 30" is remembered per phrase; the year still comes from each anchor
    texts = ["The deadline was set for Dec. 30.", "The ministry's deadline was set for Dec. 30."]
    docs, table = _run(nlp, boilerplate, settings, cues, texts, [THURSDAY, "2017-01-05"])
    published = dict(zip(docs["doc_id"], docs["publication_date"], strict=True))
    read = {(published[row.doc_id], row.surface, row.relative, row.value) for row in table.itertuples()}
    assert read == {
        (THURSDAY, "Dec. 30", "XXXX-12-30", "2015-12-30"),
        ("2017-01-05", "Dec. 30", "XXXX-12-30", "2016-12-30"),
    }


@pytest.mark.parametrize(
    ("phrase", "found"),
    [
        ("Dec. 30", (date(2000, 12, 30), "day")),
        ("31 Dec, 2015", (date(2015, 12, 31), "day")),
        ("July 2014", (date(2014, 7, 1), "month")),
        ("2010", (date(2010, 1, 1), "year")),
        ("Feb. 29", (date(2000, 2, 29), "day")),
        ("12/31/2015", (date(2015, 12, 31), "day")),
        ("the second half", None),
    ],
)
def test_a_calendar_phrase_reads_the_same_when_read_again(phrase: str, found: tuple[date, str] | None) -> None:
    _calendar_date.cache_clear()
    assert _calendar_date(phrase) == found
    assert _calendar_date("Dec. 31") == (date(2000, 12, 31), "day")  # another phrase in between
    assert _calendar_date(phrase) == found
    assert _calendar_date.cache_info().hits >= 1


@pytest.mark.parametrize(
    "text",
    [
        "The company said on Monday that it would leave.",
        "It will decide by next Friday.",
        "It will decide by next year.",
        "The deadline was set for Dec. 30 and then 31 Dec, 2015.",
        "In July 2014 the firm bought another one.",
        "Earlier this month, the firm left.",
        "The firm returned yesterday.",
        "The firm bought another one for 30 dollars.",
    ],
)
def test_sentences_without_a_needed_word_are_the_only_ones_the_matcher_skips(
    nlp: Language, cues: pd.DataFrame, text: str
) -> None:
    patterns = _patterns(nlp, _Cues.of(cues))
    doc = nlp(text)
    assert [(s.start, s.end) for s in patterns.spans(doc)] == [(start, end) for _, start, end in patterns.matcher(doc)]


def test_an_undated_document_keeps_partial_values(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame
) -> None:
    text = "The deadline was set for Dec. 30. The firm had pledged last month to leave."
    _, table = _run(nlp, boilerplate, settings, cues, [text], [None])
    assert _cells(table[["surface", "value", "relative", "anchor"]]) == [
        ["Dec. 30", "XXXX-12-30", "XXXX-12-30", "none"],
        ["last month", None, "REF-1M", "none"],
    ]


def test_an_undated_document_takes_the_year_of_its_own_explicit_dates(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame
) -> None:
    text = "Plans emerged in July 2015. The firm said in November that it would leave by Dec. 30."
    _, table = _run(nlp, boilerplate, settings, cues, [text], [None])
    assert table[["surface", "value", "anchor"]].values.tolist() == [
        ["in July 2015", "2015-07", "none"],
        ["in November", "2015-11", "document explicit date 2015-07"],
        ["Dec. 30", "2015-12-30", "document explicit date 2015-07"],
    ]


def test_anchored_timexes_resolve_an_undated_document_by_its_story(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame
) -> None:
    texts = [
        "The firm wrote on its blog Thursday that it would stay.",
        "The deadline was set for Dec. 30. The firm had pledged last month to leave. It said so on Monday.",
        "A different company opened a shop on Dec. 30.",
    ]
    docs, table = _run(nlp, boilerplate, settings, cues, texts, [THURSDAY, None, None])
    dated, story, other = docs["doc_id"].tolist()
    mentions = pd.DataFrame(
        {
            "doc_id": [dated, dated, story, story, other],
            "entity_id": ["firm", "ministry", "firm", "ministry", "shop"],
        }
    )
    anchored = anchored_timexes(table, docs, mentions, settings)
    TimexSchema.validate(anchored, lazy=True)
    rows = anchored[anchored["doc_id"] == story]
    label = f"story: doc {dated} published {THURSDAY}"
    assert rows[["surface", "value", "anchor"]].values.tolist() == [
        ["Dec. 30", "2015-12-30", label],
        ["last month", "2015-11", label],
        ["on Monday", "XXXX-WXX-1", "none"],  # a weekday is not counted from another article's date
    ]
    # no actor in common with a dated document: nothing to anchor on, the partial value stays
    assert anchored[anchored["doc_id"] == other]["value"].tolist() == ["XXXX-12-30"]
    # dated documents are untouched, and ids are stable
    assert anchored[anchored["doc_id"] == dated]["value"].tolist() == [THURSDAY]
    assert anchored["timex_id"].tolist() == table["timex_id"].tolist()


def test_the_story_anchor_is_the_dated_document_sharing_most_actors() -> None:
    row = {
        "timex_id": "00000000000000cc-0002-t1",
        "doc_id": "00000000000000cc",
        "sentence_id": "00000000000000cc-0002",
        "char_start": 10,
        "char_end": 17,
        "surface": "Dec. 30",
        "kind": "date",
        "value": "XXXX-12-30",
        "precision": "day",
        "duration": None,
        "tense": "past",
        "anchor": "none",
        "is_relative": True,
        "relative": "XXXX-12-30",
        "direction": "before",
        "modifier": None,
    }
    docs = pd.DataFrame(
        {
            "doc_id": ["00000000000000aa", "00000000000000bb", "00000000000000cc"],
            "publication_date": ["2011-01-05", "2016-01-02", None],
        }
    )
    mentions = pd.DataFrame(
        {
            "doc_id": [
                "00000000000000aa",
                "00000000000000bb",
                "00000000000000bb",
                "00000000000000cc",
                "00000000000000cc",
            ],
            "entity_id": ["x", "x", "y", "x", "y"],
        }
    )
    anchored = anchored_timexes(pd.DataFrame([row], columns=TIMEX_COLUMNS), docs, mentions, DEFAULT_SETTINGS)
    assert anchored[["value", "anchor"]].values.tolist() == [
        ["2015-12-30", "story: doc 00000000000000bb published 2016-01-02"]
    ]


def test_schema_rejects_a_duration_with_a_value(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, cues: pd.DataFrame
) -> None:
    _, table = _run(nlp, boilerplate, settings, cues, ["The company had 30 days to comply."], [THURSDAY])
    month = pd.Series("2015-12", index=table.index)  # a value, its precision and days: only the kind is wrong
    broken = table.assign(value=month, precision="month", **timex3.date_columns(month))
    with pytest.raises(Exception) as caught:
        TimexSchema.validate(broken, lazy=True)
    failures = caught.value.failure_cases  # type: ignore[attr-defined]
    assert set(failures["check"]) == {"value_fits_kind"}


def test_one_shared_actor_is_not_a_story() -> None:
    row = {
        "timex_id": "00000000000000cc-0002-t1", "doc_id": "00000000000000cc", "sentence_id": "00000000000000cc-0002",
        "char_start": 10, "char_end": 17, "surface": "Dec. 30", "kind": "date", "value": "XXXX-12-30",
        "precision": "day", "duration": None, "tense": "past", "anchor": "none", "is_relative": True,
        "relative": "XXXX-12-30", "direction": "before", "modifier": None,
    }  # fmt: skip
    docs = pd.DataFrame({"doc_id": ["00000000000000aa", "00000000000000cc"], "publication_date": ["2016-01-02", None]})
    mentions = pd.DataFrame(
        {"doc_id": ["00000000000000aa", "00000000000000cc"], "entity_id": ["country-x", "country-x"]}
    )
    anchored = anchored_timexes(pd.DataFrame([row], columns=TIMEX_COLUMNS), docs, mentions, DEFAULT_SETTINGS)
    assert anchored[["value", "anchor"]].values.tolist() == [["XXXX-12-30", "none"]]
