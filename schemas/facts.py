"""Schemas of the facts table and of the counted quantities."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.documents import DOC_ID

FACTUAL_MODALITIES = ["asserted", "intended", "hypothetical"]


class FactSchema(pa.DataFrameModel):
    """One row per clause-level claim: predicate, arguments, negation, modality, attribution, time."""

    fact_id: Series[str] = pa.Field(unique=True, description="<sentence_id>-f<token index of the predicate>.")
    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence.")
    parent_fact_id: Series[str] = pa.Field(
        nullable=True, description="The fact whose clause governs this one (the 'said' of a reported claim)."
    )
    clause_relation: Series[str] = pa.Field(
        description="Dependency relation of the predicate (ROOT, ccomp, xcomp, conj, advcl, ...)."
    )
    predicate: Series[str] = pa.Field(description="Lemma of the predicate, with its particle ('back off').")
    predicate_text: Series[str] = pa.Field(description="The predicate word as written.")
    predicate_pos: Series[str] = pa.Field(isin=["VERB", "ADJ", "NOUN"], description="Part of speech of the predicate.")
    char_start: Series[int] = pa.Field(ge=0, description="Start of the predicate in clean_text.")
    char_end: Series[int] = pa.Field(ge=1, description="End of the predicate in clean_text.")
    voice: Series[str] = pa.Field(isin=["active", "passive"], description="Grammatical voice.")
    tense: Series[str] = pa.Field(isin=["past", "present", "future"], description="Tense of the predicate.")
    is_background: Series[bool] = pa.Field(description="Past perfect ('had requested'): before the main events.")
    is_time_shifted: Series[bool] = pa.Field(
        description="Introduced by 'after', 'before', 'since' ...: at another time than the clause it modifies."
    )
    is_habitual: Series[bool] = pa.Field(
        description="A simple present with an adverb of frequency ('regularly carry out'): a habit, not an event."
    )
    is_additional: Series[bool] = pa.Field(description="Marked as a further occurrence ('also', 'again').")
    is_elliptical: Series[bool] = pa.Field(
        description="A comparison clause with no content of its own ('as it had pledged')."
    )
    negated: Series[bool] = pa.Field(description="The clause is negated ('will not', 'no longer').")
    modality: Series[str] = pa.Field(isin=FACTUAL_MODALITIES, description="asserted, intended or hypothetical.")
    is_obligation: Series[bool] = pa.Field(
        description="The clause says what someone must or should do ('must comply', 'should address')."
    )
    subject_text: Series[str] = pa.Field(nullable=True, description="Subject phrase (agent of a passive).")
    subject_start: Series[float] = pa.Field(nullable=True, description="Start of the subject in clean_text.")
    subject_end: Series[float] = pa.Field(nullable=True, description="End of the subject in clean_text.")
    subject_relation: Series[str] = pa.Field(
        description=(
            "How the subject is attached: its dependency label (nsubj; pobj for a passive's agent; dobj for"
            " a controller), or for an event noun poss, compound, nmod, amod or the preposition (by, between,"
            " from; in: the subject of the clause it is an adjunct of, 'marched in protest'; attr: the"
            " copula's subject it describes, 'the visit is a violation'); empty when there is none."
        )
    )
    subject_lemma: Series[str] = pa.Field(nullable=True, description="Lemma of the subject's head word.")
    subject_entity_id: Series[str] = pa.Field(nullable=True, description="Entity of the subject (pronouns resolved).")
    subject_entity_ids: Series[object] = pa.Field(
        description="Every actor the subject names (conjuncts, 'states including X and Y') (list)."
    )
    implicit_agent_entity_id: Series[str] = pa.Field(
        nullable=True, description="For an agentless passive: the government body named last before it."
    )
    object_text: Series[str] = pa.Field(nullable=True, description="Object phrase (subject of a passive).")
    object_start: Series[float] = pa.Field(nullable=True, description="Start of the object in clean_text.")
    object_end: Series[float] = pa.Field(nullable=True, description="End of the object in clean_text.")
    object_entity_id: Series[str] = pa.Field(nullable=True, description="Entity of the object.")
    object_lemma: Series[str] = pa.Field(nullable=True, description="Lemma of the object's head word.")
    complement_lemmas: Series[object] = pa.Field(
        description="Lemmas of clausal complements, and of a small clause's adjective ('left them dead') (list)."
    )
    complements: Series[object] = pa.Field(description="Prepositional complements as 'prep phrase' (list).")
    complement_heads: Series[object] = pa.Field(description="Lemmas of the complements' head words (list).")
    complement_entity_ids: Series[object] = pa.Field(description="Entities among the complements (list).")
    attributed_to: Series[str] = pa.Field(nullable=True, description="Who says so: speaker or 'according to' source.")
    attributed_entity_id: Series[str] = pa.Field(nullable=True, description="Entity of the speaker or source.")
    timex_id: Series[str] = pa.Field(nullable=True, description="The time expression attached to the clause.")
    is_deadline: Series[bool] = pa.Field(description="The time expression is a deadline ('by December 30').")
    is_quote: Series[bool] = pa.Field(description="The sentence is a quotation.")

    class Config:
        strict = True
        coerce = True
        ordered = True


class QuantitySchema(pa.DataFrameModel):
    """One row per number that counts something ("killed 166 people"): the intermediate table the
    count conflicts compare."""

    doc_id: Series[str] = pa.Field(str_matches=DOC_ID, description="The document.")
    sentence_id: Series[str] = pa.Field(description="The sentence.")
    measure: Series[str] = pa.Field(description="What is counted (the counts dictionary's measure).")
    phrase: Series[str] = pa.Field(description="The number with the words around it, as written.")
    low: Series[float] = pa.Field(ge=0.0, description="Smallest value the phrase allows.")
    high: Series[float] = pa.Field(ge=0.0, description="Largest value the phrase allows (inf when open).")

    class Config:
        strict = True
        coerce = True
        ordered = True
