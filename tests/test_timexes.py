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
    table = timexes(sents, parses(tokens, nlp), docs, nlp, cues, dictionaries.holidays())
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
    patterns = _patterns(nlp, _Cues.of(cues), dictionaries.holidays())
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
        "The firm wrote on its blog Thursday that it would stay after the Dec. 30 deadline.",
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
    assert anchored[anchored["doc_id"] == dated]["value"].tolist() == [THURSDAY, "2015-12-30"]
    assert anchored["timex_id"].tolist() == table["timex_id"].tolist()


def _timex_row(doc_id: str, value: str, relative: str | None) -> dict[str, object]:
    """A timexes row of "Dec. 30" in a document's second sentence."""
    return {
        "timex_id": f"{doc_id}-0002-t1", "doc_id": doc_id, "sentence_id": f"{doc_id}-0002", "char_start": 10,
        "char_end": 17, "surface": "Dec. 30", "kind": "date", "value": value, "precision": "day", "duration": None,
        "tense": "past", "anchor": "none", "is_relative": relative is not None, "relative": relative,
        "direction": "before", "modifier": None,
    }  # fmt: skip


def test_the_story_anchor_is_the_dated_document_sharing_most_actors() -> None:
    rows = [
        _timex_row("00000000000000aa", "2010-12-30", None),
        _timex_row("00000000000000bb", "2015-12-30", None),
        _timex_row("00000000000000cc", "XXXX-12-30", "XXXX-12-30"),
    ]
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
    anchored = anchored_timexes(pd.DataFrame(rows, columns=TIMEX_COLUMNS), docs, mentions, DEFAULT_SETTINGS)
    assert anchored[anchored["doc_id"] == "00000000000000cc"][["value", "anchor"]].values.tolist() == [
        ["2015-12-30", "story: doc 00000000000000bb published 2016-01-02"]
    ]


@pytest.mark.parametrize(
    ("dated_value", "own_explicit", "expected"),
    [
        # shared actors and a shared day, the undated article's own dates near the anchor: one story
        ("2016-12-30", "2016-07", "2016-12-30"),
        # the same actors, but no day named by both: no shared event, no story
        ("2016-11-30", "2016-07", "XXXX-12-30"),
        # a shared day, but the undated article is about another year: another story
        ("2016-12-30", "2009-07", "XXXX-12-30"),
    ],
)
def test_a_story_needs_shared_actors_a_shared_event_and_dates_that_agree(
    dated_value: str, own_explicit: str, expected: str
) -> None:
    dated, undated = "00000000000000bb", "00000000000000cc"
    rows = [
        _timex_row(dated, dated_value, None),
        _timex_row(undated, "XXXX-12-30", "XXXX-12-30"),
        {**_timex_row(undated, own_explicit, None), "timex_id": f"{undated}-0003-t1", "sentence_id": f"{undated}-0003"},
    ]
    docs = pd.DataFrame({"doc_id": [dated, undated], "publication_date": ["2017-01-02", None]})
    mentions = pd.DataFrame({"doc_id": [dated, dated, undated, undated], "entity_id": ["x", "y", "x", "y"]})
    anchored = anchored_timexes(pd.DataFrame(rows, columns=TIMEX_COLUMNS), docs, mentions, DEFAULT_SETTINGS)
    assert anchored[anchored["timex_id"] == f"{undated}-0002-t1"]["value"].tolist() == [expected]


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


TUESDAY = "2019-03-05"  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # parts of days: TIMEX3 writes the day
        ("Police cleared the square this morning.", [("this morning", "2019-03-05")]),
        ("The minister resigned late yesterday.", [("late yesterday", "2019-03-04")]),
        ("Fighting eased overnight, officials said.", [("overnight", "2019-03-05")]),
        ("Dockers met Wednesday afternoon in the port.", [("Wednesday afternoon", "2019-02-27")]),
        # weeks (ISO), years and their parts
        ("The council met this week.", [("this week", "2019-W10")]),
        ("The envoy will arrive next week.", [("next week", "2019-W11")]),
        ("The talks ended late last week.", [("late last week", "2019-W09")]),
        ("Exports rose earlier this year.", [("earlier this year", "2019")]),
        ("The bank expects to finish the sale by year-end.", [("year-end", "2019")]),
        # a month or a date in a year counted from the anchor's
        ("Rebels attacked a base in June last year.", [("in June last year", "2018-06")]),
        ("The union struck on 12 June last year.", [("on 12 June last year", "2018-06-12")]),
        ("The union threatened to strike last November.", [("last November", "2018-11")]),
        ("The drought began last summer.", [("last summer", "2018-SU")]),
        ("The plant was built almost 20 years ago.", [("almost 20 years ago", "1999")]),
        # ranges and deadlines: since looks back, until and a deadline look to the nearest
        ("Prices have risen since April.", [("April", "2018-04")]),
        ("The court adjourned the case until Friday.", [("Friday", "2019-03-08")]),
        ("The firm extended the deadline to March 12.", [("March 12", "2019-03-12")]),
        ("The regulator gave the firm until March 12 to reply.", [("March 12", "2019-03-12")]),
        ("The unions discussed their threat to strike on Monday.", [("on Monday", "2019-03-11")]),
        ("The cars made from the 2006 to 2012 model years are affected.", [("2006", "2006"), ("2012", "2012")]),
        # holidays (pipeline/dictionaries/holidays.csv) and weekends
        ("The market was busy on Christmas Eve.", [("on Christmas Eve", "2018-12-24")]),
        ("Shops were shut over the Easter weekend.", [("Easter weekend", "2018-W13-WE")]),
        ("Crowds gathered for Thanksgiving 2018.", [("Thanksgiving 2018", "2018-11-22")]),
        ("Protesters returned over the weekend.", [("the weekend", "2019-W09-WE")]),
        # clock times: on the day the text last named, or the day they fall on
        ("The blast happened at 2:00am near the port.", [("2:00am", "2019-03-05T02:00")]),
        ("The statement came at 4 p.m. on Monday.", [("4 p.m.", "2019-03-04T16:00"), ("on Monday", "2019-03-04")]),
        (
            "Voters went to the polls on Sunday, and results came at 11.30pm.",
            [("on Sunday", "2019-03-03"), ("11.30pm", "2019-03-03T23:30")],
        ),
        # the day the text last named; a date repeated without its year
        (
            "Talks failed on Monday. The next day, the army moved in.",
            [("on Monday", "2019-03-04"), ("The next day", "2019-03-05")],
        ),
        (
            "Officials met on 3 May 2018. The May 3 talks failed.",
            [("on 3 May 2018", "2018-05-03"), ("May 3", "2018-05-03")],
        ),
        # dates in figures
        ("Rome 01.03.2019", [("01.03.2019", "2019-03-01")]),
    ],
)
def test_expressions_and_their_values(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    cues: pd.DataFrame,
    text: str,
    expected: list[tuple[str, str]],
) -> None:
    _, table = _run(nlp, boilerplate, settings, cues, [text], [TUESDAY])
    assert [tuple(row) for row in table[["surface", "value"]].values.tolist()] == expected
