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
    ("text", "predicate", "relation", "agents", "patient"),
    [
        ("Britain's expulsion of six Russian diplomats angered Moscow.", "expulsion", "poss",
         ["United Kingdom"], "six Russian diplomats"),
        ("The arrest of the editor by Turkey drew protests.", "arrest", "by", ["Turkey"], "the editor"),
        ("Talks between Iran and Iraq resumed on Monday.", "talk", "between", ["Iran", "Iraq"], None),
        ("A loan of 5 billion dollars from the IMF eased the crisis.", "loan", "from",
         ["International Monetary Fund"], "5 billion dollars"),
        ("The strike ended on Monday.", "strike", "", [], None),
    ],
)  # fmt: skip
def test_an_event_noun_is_a_predicate_with_its_agent_and_patient(
    nlp: Language, settings: Settings, text: str, predicate: str, relation: str, agents: list[str], patient: str | None
) -> None:
    facts, names = _facts(nlp, settings, text)
    row = facts.loc[predicate]
    assert row["predicate_pos"] == "NOUN"
    assert row["subject_relation"] == relation
    assert [names[e] for e in row["subject_entity_ids"]] == agents
    assert (row["object_text"] if isinstance(row["object_text"], str) else None) == patient


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        ("An air strike by Israel hit Gaza.", "air strike"),
        ("India declared a state of emergency in the region.", "state of emergency"),
        ("No cease-fire has been agreed.", "cease-fire"),
    ],
)
def test_an_event_noun_keeps_the_words_of_its_name(
    nlp: Language, settings: Settings, text: str, predicate: str
) -> None:
    facts, _ = _facts(nlp, settings, text)
    assert predicate in facts.index


def test_a_noun_inside_a_name_or_an_agent_from_a_place_is_no_predicate(nlp: Language, settings: Settings) -> None:
    facts, _ = _facts(nlp, settings, "The Pakistani government expelled diplomats from London.")
    assert sorted(facts.index) == ["expel"]


def test_no_before_an_event_noun_negates_it(nlp: Language, settings: Settings) -> None:
    facts, _ = _facts(nlp, settings, "No ceasefire was agreed, but a truce held.")
    assert (bool(facts.loc["ceasefire", "negated"]), bool(facts.loc["truce", "negated"])) == (True, False)
