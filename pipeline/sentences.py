"""Stage: documents -> sentences, tokens.

Each paragraph of `clean_text` is parsed once by spaCy; the dependency parser gives the
sentence boundaries (it survives "Dec.", "Ont.", "Ltd.", "U.S." where full-stop rules do not),
and the parse itself is kept as the `tokens` table, CoNLL-style, so that later stages read the
parse from a table instead of parsing again. The headline and the dateline are one sentence each.
The text's last sentence, when the page was cut off inside it, is flagged `is_truncated`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.settings import Settings

# Quoted stretches: curly or straight double quotes; a quote left open runs to the paragraph's end
# (news style continues a quote across paragraphs and reopens it on each one).
_QUOTED = re.compile(r"\u201c[^\u201d]*(?:\u201d|$)|\"[^\"]*?(?:\"|''|$)|``.*?(?:''|$)", re.DOTALL)
_ALNUM = re.compile(r"\w")
# Closing quotation marks and brackets that may follow a sentence's final punctuation.
_CLOSERS = "\"'\u201d\u2019)]"
# Dashes that end a dateline ("MUNICH, Germany (AP) --") and never a sentence.
_DASHES = {"-", "--", "---", "\u2013", "\u2014"}

SENTENCE_COLUMNS = [
    "doc_id",
    "sentence_id",
    "seq",
    "paragraph",
    "char_start",
    "char_end",
    "text",
    "is_headline",
    "is_dateline",
    "is_quote",
    "is_truncated",
]
TOKEN_COLUMNS = [
    "doc_id",
    "sentence_id",
    "token_index",
    "char_start",
    "char_end",
    "text",
    "whitespace",
    "lemma",
    "pos",
    "tag",
    "dep",
    "head_index",
    "entity_iob",
    "entity_type",
]


def sentence_id(doc_id: str, seq: int) -> str:
    """Deterministic: the document's id and the sentence's 1-based position in it."""
    return f"{doc_id}-{seq:04d}"


def sentences(documents: pd.DataFrame, nlp: Language, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per sentence of each document's clean text, and one row per token of it.

    Grain: `sentences` one row per sentence, `clean_text[char_start:char_end] == text`;
    `tokens` one row per spaCy token, `head_index` within its sentence.
    """
    paragraphs = list(_paragraphs(documents))
    parsed = nlp.pipe((text for _, _, _, text, _ in paragraphs), batch_size=settings.spacy_batch_size)
    sentence_rows: list[dict[str, Any]] = []
    tokens: dict[str, list[Any]] = {name: [] for name in TOKEN_COLUMNS}  # the rows column by column
    seq_of_doc: dict[str, int] = {}
    for (doc_id, number, offset, text, whole), doc in zip(paragraphs, parsed, strict=True):
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        for span in _sentence_spans(doc, whole):
            seq = seq_of_doc.get(doc_id, 0) + 1
            seq_of_doc[doc_id] = seq
            sid = sentence_id(doc_id, seq)
            start, end = span.start_char, span.end_char
            sentence_rows.append(
                {
                    "doc_id": doc_id,
                    "sentence_id": sid,
                    "seq": seq,
                    "paragraph": number,
                    "char_start": offset + start,
                    "char_end": offset + end,
                    "text": text[start:end],
                    "is_headline": whole == "headline",
                    "is_dateline": whole == "dateline",
                    "is_quote": _quoted_share(start, end, text, quoted) > 0.5,
                    "is_truncated": False,
                }
            )
            _add_tokens(tokens, span, doc_id, sid, offset)
    last_of_doc = {row["doc_id"]: row for row in sentence_rows}
    for row in last_of_doc.values():
        row["is_truncated"] = not (row["is_headline"] or row["is_dateline"]) and _is_cut_off(row["text"])
    return (pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS), pd.DataFrame(tokens, columns=TOKEN_COLUMNS))


def _add_tokens(columns: dict[str, list[Any]], span: Span, doc_id: str, sid: str, offset: int) -> None:
    """Appends the rows of a sentence's tokens to the tokens table's columns (a row's cells made column by
    column: some 300 tokens an article, a dictionary each would be most of the stage's own time)."""
    words = list(span)
    count = len(words)
    starts = [offset + token.idx for token in words]
    texts = [token.text for token in words]
    columns["doc_id"] += [doc_id] * count
    columns["sentence_id"] += [sid] * count
    columns["token_index"] += range(count)
    columns["char_start"] += starts
    columns["char_end"] += [start + len(text) for start, text in zip(starts, texts, strict=True)]
    columns["text"] += texts
    columns["whitespace"] += [bool(token.whitespace_) for token in words]
    columns["lemma"] += [token.lemma_ for token in words]
    columns["pos"] += [token.pos_ for token in words]
    columns["tag"] += [token.tag_ for token in words]
    columns["dep"] += [token.dep_ for token in words]
    columns["head_index"] += [token.head.i - span.start for token in words]
    columns["entity_iob"] += [token.ent_iob_ for token in words]
    columns["entity_type"] += [token.ent_type_ for token in words]


def _is_cut_off(text: str) -> bool:
    """A sentence that stops without closing punctuation ("... is one of several countries tha") or
    trails off in an ellipsis ("... what is..."): at the end of a text, where the page was cut."""
    core = text.rstrip(_CLOSERS)
    return not core.endswith((".", "!", "?")) or core.endswith(("..", "\u2026"))


def _paragraphs(documents: pd.DataFrame) -> Iterator[tuple[str, int, int, str, str]]:
    """(doc_id, paragraph number, offset in clean_text, text, whole) for every paragraph.

    `whole` is "headline" or "dateline" for a paragraph that is one sentence whatever the parser says
    (the headline: the first paragraph that is the title; date lines may stand above it).
    """
    for doc in documents.itertuples(index=False):
        offset = 0
        headline_found = False
        for number, text in enumerate(str(doc.clean_text).split("\n\n")):
            whole = ""
            if not headline_found and isinstance(doc.title, str) and text == doc.title:
                whole, headline_found = "headline", True
            elif isinstance(doc.dateline, str) and text == doc.dateline:
                whole = "dateline"
            yield str(doc.doc_id), number, offset, text, whole
            offset += len(text) + 2


def _sentence_spans(doc: Doc, whole: str) -> list[Span]:
    """The parser's sentences, trimmed of white space. A piece joins the sentence before it when it
    has no letter or digit (a stray closing quote), when that sentence ends in a dash (a dateline,
    "MUNICH, Germany (AP) --") or when it opens with a word in lower case (the parser broke at ". . .")."""
    if whole:
        return [doc[:]]
    spans: list[Span] = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        if spans and (not _ALNUM.search(sent.text) or _runs_on(_trim(spans[-1]), _trim(sent))):
            spans[-1] = doc[spans[-1].start : sent.end]
        else:
            spans.append(sent)
    return [_trim(span) for span in spans]


def _runs_on(previous: Span, sent: Span) -> bool:
    """Whether `sent` continues `previous`: it ends in a dash, or `sent` opens with a lower-case word."""
    if len(previous) and previous[-1].text in _DASHES:
        return True
    first = sent[0].text if len(sent) else ""
    return first.isalpha() and first.islower()


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end]


def _quoted_share(start: int, end: int, text: str, quoted: list[tuple[int, int]]) -> float:
    if not quoted:  # most paragraphs quote nobody
        return 0.0
    letters = [i for i in range(start, end) if text[i].isalnum()]
    if not letters:
        return 0.0
    inside = sum(1 for i in letters if any(q0 <= i < q1 for q0, q1 in quoted))
    return inside / len(letters)
