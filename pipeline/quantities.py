"""Stage: parses -> quantities, the counts each document reports ("killed 166 people", "more than 160 deaths").

A number counts something when its head word (or the head's head) is a `measure` word of the counts
dictionary; a `qualifier` just before it makes it a range ("more than 160" is (160, inf), "about 160"
is 160 ± 10%). Four-digit numbers between 1900 and 2100 are years, not counts. The cross-document
step (pipeline.conflicts) compares the ranges of reports of the same measure.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.parse import SentenceDoc

QUANTITY_COLUMNS = ["doc_id", "sentence_id", "measure", "phrase", "low", "high"]
# Relative tolerance of "about N".
_ABOUT = 0.1


def quantities(parses: list[SentenceDoc], counts: pd.DataFrame) -> pd.DataFrame:
    """One row per counted number: the measure, the phrase as written and the range of values it allows.

    Grain: one row per number token that counts a measure, in sentence order.
    """
    measures = dict(zip(*counts.loc[counts["kind"] == "measure", ["word", "value"]].T.values, strict=True))
    qualifiers = dict(zip(*counts.loc[counts["kind"] == "qualifier", ["word", "value"]].T.values, strict=True))
    rows = []
    for sentence in parses:
        for token in sentence.doc:
            if token.tag_ != "CD" or not token.text.replace(",", "").isdigit():
                continue
            number = float(token.text.replace(",", ""))
            if 1900 <= number <= 2100 and token.text.isdigit() and len(token.text) == 4:
                continue  # a year, not a count
            measure = measures.get(token.head.lemma_.lower()) or measures.get(token.head.head.lemma_.lower())
            if measure is None:
                continue
            before = sentence.doc[max(0, token.i - 2) : token.i].text.lower()
            qualifier = next((q for w, q in qualifiers.items() if before.endswith(w)), None)
            low, high = _range(number, qualifier)
            # the number, up to two words before it, and its head when the head follows ("killed 166
            # people"); a head before the number ("killed 35 ... and 17") is left out: never an empty phrase
            phrase = sentence.doc[max(0, token.i - 2) : max(token.i, token.head.i) + 1].text
            rows.append((sentence.doc_id, sentence.sentence_id, measure, phrase, low, high))
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS)


def _range(number: float, qualifier: str | None) -> tuple[float, float]:
    """The values a qualified number allows ("more than 160" -> (160, inf))."""
    if qualifier == "above":
        return number + 1e-9, math.inf
    if qualifier == "at_least":
        return number, math.inf
    if qualifier == "below":
        return 0.0, number - 1e-9
    if qualifier == "at_most":
        return 0.0, number
    if qualifier == "about":
        return number * (1 - _ABOUT), number * (1 + _ABOUT)
    return number, number
