"""Claims from the dependency parse: arguments, negation, modality, attribution, pronouns."""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from pipeline.settings import Settings
from tests.conftest import analyse


def _facts(nlp: Language, settings: Settings, text: str) -> tuple[pd.DataFrame, dict[str, str]]:
    tables = analyse(nlp, settings, [f"Headline Of The Story\n\n{text}"], ["2015-12-31"])
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["canonical_name"], strict=True))
    return tables["facts"].set_index("predicate"), names


@pytest.mark.parametrize(
    ("text", "predicate", "negated", "modality"),
    [
        ("BlackBerry will not discontinue operations in Pakistan.", "discontinue", True, "intended"),
        ("BlackBerry will no longer host its clients in Pakistan.", "host", True, "intended"),
        ("The company said that it would provide access if authorities had a court order.", "provide", False,
         "hypothetical"),
        ("BlackBerry announced that it would cease operations in Pakistan.", "cease", False, "intended"),
        ("The company is more than willing to assist law enforcement agencies.", "assist", False, "hypothetical"),
        ("The ministry threatened to ban the company.", "ban", False, "intended"),
        ("BlackBerry rejected the request.", "reject", False, "asserted"),
        ("We cannot provide the content of the messages.", "provide", True, "hypothetical"),
        ("We cannot give the content, nor will we provide access.", "provide", True, "intended"),
    ],
)  # fmt: skip
def test_negation_and_modality(
    nlp: Language, settings: Settings, text: str, predicate: str, negated: bool, modality: str
) -> None:
    facts, _ = _facts(nlp, settings, text)
    row = facts.loc[predicate]
    assert (bool(row["negated"]), row["modality"]) == (negated, modality)


def test_reported_clause_is_attributed_and_its_pronoun_resolved(nlp: Language, settings: Settings) -> None:
    facts, names = _facts(nlp, settings, "BlackBerry announced that it would cease operations and exit completely.")
    cease, exit_ = facts.loc["cease"], facts.loc["exit"]
    assert names[cease["subject_entity_id"]] == "BlackBerry"
    assert names[cease["attributed_entity_id"]] == "BlackBerry"
    assert cease["parent_fact_id"] == facts.loc["announce", "fact_id"]
    assert names[exit_["subject_entity_id"]] == "BlackBerry"  # the conjunct shares the subject
    assert exit_["modality"] == "intended"  # and the auxiliary


def test_controller_passive_agent_and_pronoun_object(nlp: Language, settings: Settings) -> None:
    facts, names = _facts(
        nlp,
        settings,
        "BlackBerry planned to leave Pakistan after the government had ordered it to provide access. "
        "BlackBerry was later allowed by the Pakistani government to stay.",
    )
    order = facts.loc["order"]
    assert names[order["subject_entity_id"]] == "Government of Pakistan"
    assert names[order["object_entity_id"]] == "BlackBerry"  # "it" is not its own clause's subject
    assert names[facts.loc["leave", "subject_entity_id"]] == "BlackBerry"  # controller of "planned to"
    allow = facts.loc["allow"]
    assert (allow["voice"], names[allow["subject_entity_id"]], names[allow["object_entity_id"]]) == (
        "passive",
        "Government of Pakistan",
        "BlackBerry",
    )


def test_a_generic_subject_names_its_members(nlp: Language, settings: Settings) -> None:
    facts, names = _facts(nlp, settings, "Several countries including India and Saudi Arabia threatened to ban it.")
    members = [names[e] for e in facts.loc["threaten", "subject_entity_ids"]]
    assert members == ["Government of India", "Government of Saudi Arabia"]


def test_a_deadline_is_not_the_date_of_its_clause(nlp: Language, settings: Settings) -> None:
    facts, _ = _facts(nlp, settings, "BlackBerry said on Monday that it would exit by December 30.")
    assert bool(facts.loc["exit", "is_deadline"])
    assert not bool(facts.loc["say", "is_deadline"])


@pytest.mark.parametrize(
    ("text", "predicate", "subject"),
    [
        # a singular pronoun stands for no group of people, a plural one may
        ("BlackBerry told its customers in Pakistan that it would close its servers.", "close", "BlackBerry"),
        (
            "Opposition protesters marched in Minsk, and they vowed to return.",
            "vow",
            "Belarusian opposition protesters",
        ),
    ],
)
def test_a_pronoun_stands_for_an_actor_of_its_number(
    nlp: Language, settings: Settings, text: str, predicate: str, subject: str
) -> None:
    facts, names = _facts(nlp, settings, text)
    assert names[facts.loc[predicate, "subject_entity_id"]] == subject
