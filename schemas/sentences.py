"""Schemas of the sentences stage: sentences, tokens."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.documents import DOC_ID


class SentenceSchema(pa.DataFrameModel):
    """One row per sentence of a document's clean_text: clean_text[char_start:char_end] == text."""

    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^[0-9a-f]{16}-\d{4,}$",
        description="doc_id and the 1-based position, e.g. 7f4e9355b6619558-0003.",
    )
    seq: Series[int] = pa.Field(ge=1, description="1-based position in the document.")
    paragraph: Series[int] = pa.Field(ge=0, description="0-based paragraph number in clean_text.")
    char_start: Series[int] = pa.Field(ge=0, description="Start offset in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End offset (exclusive) in clean_text.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The sentence.")
    is_headline: Series[bool] = pa.Field(description="The article's headline.")
    is_dateline: Series[bool] = pa.Field(description="The dateline (agency, date, time).")
    is_quote: Series[bool] = pa.Field(description="Mostly inside quotation marks: someone's own words.")
    is_truncated: Series[bool] = pa.Field(
        description="The text's last sentence, cut off (mid-word, without closing punctuation, or in an "
        "ellipsis) where the page ended: kept, but no facts or events are coded from it."
    )

    @pa.dataframe_check(description="char_end - char_start == len(text)")
    @classmethod
    def span_fits_text(cls, df: pd.DataFrame) -> Series[bool]:
        return Series(df["char_end"] - df["char_start"] == df["text"].str.len())

    class Config:
        strict = True
        coerce = True
        unique = ["doc_id", "seq"]


class TokenSchema(pa.DataFrameModel):
    """One row per spaCy token, CoNLL-style: the parse that later stages read instead of parsing again."""

    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence.")
    token_index: Series[int] = pa.Field(ge=0, description="0-based position in the sentence.")
    char_start: Series[int] = pa.Field(ge=0, description="Start offset in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End offset (exclusive) in clean_text.")
    text: Series[str] = pa.Field(description="The token.")
    whitespace: Series[bool] = pa.Field(description="A space follows the token.")
    lemma: Series[str] = pa.Field(description="Lemma.")
    pos: Series[str] = pa.Field(description="Universal part of speech.")
    tag: Series[str] = pa.Field(description="Penn Treebank tag.")
    dep: Series[str] = pa.Field(description="Dependency label (ClearNLP).")
    head_index: Series[int] = pa.Field(ge=0, description="token_index of the head in the same sentence.")
    entity_iob: Series[str] = pa.Field(isin=["B", "I", "O", ""], description="Named-entity IOB tag.")
    entity_type: Series[str] = pa.Field(description="Named-entity label (ORG, PERSON, GPE, DATE, ...) or empty.")

    class Config:
        strict = True
        coerce = True
        unique = ["sentence_id", "token_index"]
