"""Rebuilding spaCy `Doc`s from the `tokens` table, so later stages reuse the parse instead of parsing again.

One `Doc` per sentence; `SentenceDoc.char_start` maps a token's `idx` back to `clean_text`
(clean_text offset = char_start + token.idx). The per-document stages get them once per batch as
the in-memory `parses` (pipeline.registry), never written or cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

_COLUMNS = ("doc_id", "sentence_id", "char_start", "text", "whitespace", "tag", "pos", "lemma", "head_index", "dep")


@dataclass(frozen=True)
class SentenceDoc:
    doc_id: str
    sentence_id: str
    char_start: int
    doc: Doc
    # `doc.text`, made once: spaCy joins the tokens' texts anew on every access of `Doc.text`
    text: str


def parses(tokens: pd.DataFrame, nlp: Language) -> list[SentenceDoc]:
    """Stage: the parsed sentences of a batch, in tokens-table order (see `sentence_docs`)."""
    return list(sentence_docs(tokens, nlp.vocab))


def sentence_docs(tokens: pd.DataFrame, vocab: Vocab) -> Iterator[SentenceDoc]:
    """One parsed spaCy Doc per sentence of the tokens table, in table order (a sentence's tokens are
    consecutive rows).

    Tags, lemmas, dependencies and named entities are those of the original parse; the Doc's text
    equals the sentence's text.
    """
    column = {name: tokens[name].tolist() for name in _COLUMNS}
    ents = [
        f"{tag}-{label}" if tag in ("B", "I") else "O"
        for tag, label in zip(tokens["entity_iob"].tolist(), tokens["entity_type"].tolist(), strict=True)
    ]
    keys = list(zip(column["doc_id"], column["sentence_id"], strict=True))
    start = 0
    while start < len(keys):
        end = start + 1
        while end < len(keys) and keys[end] == keys[start]:
            end += 1
        words = column["text"][start:end]
        spaces = column["whitespace"][start:end]
        spaces[-1] = False
        doc = Doc(
            vocab,
            words=words,
            spaces=spaces,
            tags=column["tag"][start:end],
            pos=column["pos"][start:end],
            lemmas=column["lemma"][start:end],
            heads=column["head_index"][start:end],
            deps=column["dep"][start:end],
            sent_starts=[True, *[False] * (end - start - 1)],
            ents=ents[start:end],
        )
        text = "".join(word + " " if space else word for word, space in zip(words, spaces, strict=True))
        yield SentenceDoc(str(keys[start][0]), str(keys[start][1]), int(column["char_start"][start]), doc, text)
        start = end
