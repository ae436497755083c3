"""The tokens table rebuilds the same parse as spaCy produced."""

from __future__ import annotations

import pandas as pd
from spacy.language import Language

from pipeline.documents import documents
from pipeline.parse import sentence_docs
from pipeline.sentences import sentences
from pipeline.settings import Settings
from tests.conftest import raw_documents


def test_sentence_docs_rebuild_text_parse_and_entities(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings
) -> None:
    raw = (
        "Ministry Drops Demand\n\nOn Dec. 31, Marty Beard said the Pakistani government had dropped its "
        "request. BlackBerry will stay in Pakistan."
    )
    docs, _, _ = documents(raw_documents(raw), boilerplate, settings)
    sents, tokens = sentences(docs, nlp, settings)
    rebuilt = list(sentence_docs(tokens, nlp.vocab))
    assert [s.doc.text for s in rebuilt] == sents["text"].tolist()
    assert [s.char_start for s in rebuilt] == sents["char_start"].tolist()
    fresh = nlp(sents["text"].iloc[1])
    again = rebuilt[1].doc
    assert [(t.dep_, t.head.i, t.lemma_, t.tag_) for t in again] == [
        (t.dep_, t.head.i, t.lemma_, t.tag_) for t in fresh
    ]
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in fresh.ents]
