"""The PLOVER event ontology and the verb-pattern lookup the events stage calls.

PLOVER (Political Language Ontology for Verifiable Event Records; Open Event Data Alliance,
Schrodt, Halterman et al., manual v0.7b1, https://github.com/openeventdata/PLOVER) keeps
CAMEO's 2-digit cue categories as 16 event types and moves CAMEO's 3- and 4-digit detail into
an optional ``mode``. POLECAT (Halterman et al. 2023) codes with PLOVER and renames the
manual's DEMAND to REQUEST; we follow POLECAT. The modes below are the manual's mode tables,
plus RETREAT's ``ease``, the ACCUSE modes and ASSAULT's ``cleansing``/``unconventional`` from the
PLOVER repository's CAMEO2PLOVER-2021 correspondence. Types with no mode table (AGREE, SUPPORT, CONCEDE,
COOPERATE) take an empty mode.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pandas as pd

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": ("economic", "military", "humanitarian", "asylum"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign", "ease"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"),
    "SANCTION": ("convict", "cancel", "expel", "withdraw", "sever"),
    "MOBILIZE": ("troops", "weapons", "police"),
    "COERCE": (
        "confiscate",
        "restrict",
        "ban",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
    ),
    "ASSAULT": (
        "abduct",
        "beat",
        "torture",
        "execute",
        "sexual",
        "assassinate",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "heavy-weapons",
        "cleansing",
        "unconventional",
    ),
}

# How a reported event stands in the text (PLOVER's "future", "hypothetical" and "negation"
# contexts; "asserted" is the default when no cue applies).
FACTUALITY: tuple[str, ...] = ("asserted", "negated", "intended", "hypothetical")

# The four-way split of event types into verbal/material cooperation/conflict (GDELT's QuadClass,
# the PLOVER manual's "quad categories"), as POLECAT assigns PLOVER types to them: SANCTION is
# material conflict here (the manual of v0.7b1 puts it under verbal conflict).
QUAD_CLASSES: tuple[str, ...] = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
QUAD_CLASS_OF_TYPE: dict[str, str] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}


class Coding(NamedTuple):
    """What a verb-pattern row says of a predicate."""

    event_type: str
    mode: str
    cameo: str
    source_role: str  # "subject", "object" or "speaker": which argument acts (see verb_patterns' loader)
    negated_type: str  # the type the predicate takes when negated ("will not comply" -> REJECT), or ""
    factuality: str  # the factuality the predicate fixes ("pledged 10 million dollars": intended), or ""
    object: str = ""  # the object the row names ("withhold" + "support"), "" for a general row


class PatternIndex:
    """The verb-pattern table indexed by (lemma, pos), built once per run."""

    def __init__(self, patterns: pd.DataFrame):
        self._rows: dict[tuple[str, str], list[tuple[str, Coding]]] = defaultdict(list)
        has_negated = "negated_type" in patterns.columns
        has_factuality = "factuality" in patterns.columns
        for row in patterns.itertuples(index=False):
            coding = Coding(
                str(row.event_type),
                str(row.mode),
                str(row.cameo),
                str(row.source_role) or "subject",
                str(row.negated_type) if has_negated else "",
                str(row.factuality) if has_factuality else "",
                str(row.object),
            )
            self._rows[(str(row.lemma), str(row.pos))].append((str(row.object), coding))

    def code(self, lemma: str, pos: str, objects: set[str]) -> Coding | None:
        """The coding of one predicate, or None when no verb pattern applies.

        ``lemma`` is the predicate's lemma (with its particle for phrasal verbs, "back off"), ``pos``
        VERB, NOUN or ADJ, and ``objects`` the lemmas of its arguments that may satisfy a row's
        ``object`` constraint (direct object, the verb of an open clausal complement, prepositional
        objects). Rule: a row whose ``object`` is among ``objects`` beats the general row (empty
        ``object``) of the same lemma and pos; between several matching constrained rows the earlier
        row in the file wins. A row without a type says the predicate (with that object) is no event
        ("meet expectations", "talk about"): its coding has an empty ``event_type``, which beats the
        general row as any specific row does; the caller codes nothing.
        """
        rows = self._rows.get((" ".join(lemma.lower().split()), pos.upper()), [])
        wanted = {" ".join(word.lower().split()) for word in objects} - {""}
        specific = next((coding for obj, coding in rows if obj in wanted), None)
        if specific is not None:
            return specific
        return next((coding for obj, coding in rows if obj == ""), None)


def code_predicate(patterns: pd.DataFrame, lemma: str, pos: str, objects: set[str]) -> Coding | None:
    """One-off lookup of a predicate in the verb-pattern table (see PatternIndex.code); None when it is
    no event."""
    coding = PatternIndex(patterns).code(lemma, pos, objects)
    return coding if coding is not None and coding.event_type else None
