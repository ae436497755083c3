"""Sentence segmentation and the token table."""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from pipeline.documents import documents
from pipeline.sentences import sentences
from pipeline.settings import Settings
from tests.conftest import raw_documents


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
