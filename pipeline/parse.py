"""Rebuilding spaCy `Doc`s from the `tokens` table, so later stages reuse the parse instead of parsing again.

One `Doc` per sentence; `SentenceDoc.char_start` maps a token's `idx` back to `clean_text`
(clean_text offset = char_start + token.idx).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Doc
from spacy.vocab import Vocab


@dataclass(frozen=True)
class SentenceDoc:
    doc_id: str
    sentence_id: str
    char_start: int
    doc: Doc


def sentence_docs(tokens: pd.DataFrame, vocab: Vocab) -> Iterator[SentenceDoc]:
    """One parsed spaCy Doc per sentence of the tokens table, in table order.

    Tags, lemmas, dependencies and named entities are those of the original parse; the Doc's text
    equals the sentence's text.
    """
    for (doc_id, sentence_id), group in tokens.groupby(["doc_id", "sentence_id"], sort=False):
        words = group["text"].tolist()
        spaces = group["whitespace"].tolist()
        spaces[-1] = False
        iob = group["entity_iob"].tolist()
        types = group["entity_type"].tolist()
        ents = [f"{tag}-{label}" if tag in ("B", "I") else "O" for tag, label in zip(iob, types, strict=True)]
        doc = Doc(
            vocab,
            words=words,
            spaces=spaces,
            tags=group["tag"].tolist(),
            pos=group["pos"].tolist(),
            lemmas=group["lemma"].tolist(),
            heads=group["head_index"].tolist(),
            deps=group["dep"].tolist(),
            sent_starts=[True, *[False] * (len(words) - 1)],
            ents=ents,
        )
        yield SentenceDoc(str(doc_id), str(sentence_id), int(group["char_start"].iloc[0]), doc)
