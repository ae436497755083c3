"""Sentence segmentation and the token table."""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from pipeline.documents import documents
from pipeline.sentences import sentences
from pipeline.settings import Settings
from tests.conftest import analyse, raw_documents


def _sentences(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, raw: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    docs, _, _ = documents(raw_documents(raw), boilerplate, settings)
    sents, tokens = sentences(docs, nlp, settings)
    return docs, sents, tokens


@pytest.mark.parametrize(
    "paragraph",
    [
        "On Dec. 31, the firm's COO announced that the company would not leave the country.",
        "Marty Beard wrote that the Waterloo, Ont.-based technology firm decided to stay there.",
        "BlackBerry Ltd. said the U.S. firm Acme Inc. agreed to the terms of the deal.",
    ],
)
def test_abbreviations_do_not_end_sentences(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, paragraph: str
) -> None:
    _, sents, _ = _sentences(nlp, boilerplate, settings, f"Headline Without A Full Stop\n\n{paragraph}")
    assert sents["text"].tolist() == ["Headline Without A Full Stop", paragraph]
    assert sents["is_headline"].tolist() == [True, False]


def test_offsets_point_into_clean_text_and_ids_are_positional(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings
) -> None:
    docs, sents, tokens = _sentences(
        nlp,
        boilerplate,
        settings,
        "Talks Resume\n\nThe Canadian Press, 31 Dec, "
        "2015 12:20 PM\n\nThe talks resumed. Both sides met again.\n\nNo deal yet.",
    )
    clean = docs.iloc[0]["clean_text"]
    assert [clean[r.char_start : r.char_end] for r in sents.itertuples()] == sents["text"].tolist()
    assert sents["sentence_id"].tolist() == [f"{docs.iloc[0]['doc_id']}-{n:04d}" for n in range(1, 6)]
    assert sents["paragraph"].tolist() == [0, 1, 2, 2, 3]
    assert sents["is_dateline"].tolist() == [False, True, False, False, False]
    assert [clean[r.char_start : r.char_end] for r in tokens.itertuples()] == tokens["text"].tolist()
    heads = tokens.groupby("sentence_id")["token_index"].max()
    assert (tokens["head_index"] <= tokens["sentence_id"].map(heads)).all()


def test_quotes_are_flagged(nlp: Language, boilerplate: pd.DataFrame, settings: Settings) -> None:
    raw = (
        "Firm Stays\n\n\u201cWe will not comply with that sort of directive. We never have,\u201d Beard "
        "said.\n\nThe ministry did not comment."
    )
    _, sents, _ = _sentences(nlp, boilerplate, settings, raw)
    assert sents[["text", "is_quote"]].values.tolist() == [
        ["Firm Stays", False],
        ["\u201cWe will not comply with that sort of directive.", True],
        ["We never have,\u201d Beard said.", True],
        ["The ministry did not comment.", False],
    ]


@pytest.mark.parametrize(
    ("last", "truncated"),
    [
        ("Both sides met again and agreed to talk once more in the spri", True),  # cut mid-word
        ("The ministry did not say when the talks would", True),  # no closing punctuation
        ("The ministry confirmed that the talks would resume in what is...", True),  # trails off
        ("The ministry did not say when the talks would resume.", False),
        ("\u201cWe will be back,\u201d she said.", False),
        ("\u201cWill they come back?\u201d", False),
    ],
)
def test_the_last_sentence_cut_off_by_the_page_is_flagged(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, last: str, truncated: bool
) -> None:
    _, sents, _ = _sentences(nlp, boilerplate, settings, f"Talks Resume\n\nThe talks resumed in Geneva.\n\n{last}")
    assert sents["text"].tolist()[-1] == last
    assert sents["is_truncated"].tolist() == [False, False, truncated]


@pytest.mark.parametrize(
    "paragraph",
    [
        # a dateline ending in a dash opens the lead sentence
        "MUNICH, Germany (AP) -- Prosecutors charged the firm's manager on Wednesday with fraud.",
        "UNITED NATIONS, March 31 (Xinhua) \u2014 Donors pledged five billion dollars on Wednesday.",
        # a sentence does not open with a lower-case word: the parser's break at ". . ." is undone
        "The army said it had stopped 98 percent of the attacks . . . causing their biggest losses in years.",
    ],
)
def test_a_dateline_or_a_lower_case_continuation_is_one_sentence_with_its_text(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, paragraph: str
) -> None:
    _, sents, _ = _sentences(nlp, boilerplate, settings, f"Headline Without A Full Stop\n\n{paragraph}")
    assert sents["text"].tolist() == ["Headline Without A Full Stop", paragraph]


def test_the_headline_may_follow_a_date_line(nlp: Language, boilerplate: pd.DataFrame, settings: Settings) -> None:
    _, sents, _ = _sentences(
        nlp, boilerplate, settings, "/ 4 March 2019\n\nTalks Resume In Geneva\n\nThe talks resumed on Monday."
    )
    assert sents[["text", "is_headline", "is_dateline"]].values.tolist() == [
        ["/ 4 March 2019", False, True],
        ["Talks Resume In Geneva", True, False],
        ["The talks resumed on Monday.", False, False],
    ]


def test_no_fact_is_read_from_a_truncated_sentence(nlp: Language, settings: Settings) -> None:
    tables = analyse(
        nlp,
        settings,
        ["Ministry Acts\n\nThe ministry banned the operator on Monday.\n\nThe ministry also fined the operator and"],
        ["2019-03-04"],
    )
    sents = tables["sentences"]
    truncated = sents.loc[sents["is_truncated"], "sentence_id"].tolist()
    assert truncated == [sents["sentence_id"].iloc[-1]]
    assert set(tables["facts"]["sentence_id"]) == {sents["sentence_id"].iloc[1]}
