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
        # "no" before the event noun a verb takes negates the verb, not before another noun
        ("Peru has signed no agreement with the IMF.", "sign", True, "asserted"),
        ("The ban left BlackBerry no choice.", "leave", False, "asserted"),
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


@pytest.mark.parametrize(
    ("text", "predicate", "subject", "object_text"),
    [
        # a relative pronoun stands for the noun its clause modifies
        ("Microsoft, which bought Nokia last year, sued Google.", "buy", "Microsoft", "Nokia"),
        # a participle or a gerund after a preposition is done by the subject of the clause it modifies
        ("The Indian police fired into the crowd, killing two protesters.", "kill",
         "Indian law enforcement agencies", "two protesters"),
        ("Google responded by blocking access to the newsgroups.", "block", "Google", "access"),
        # ... but after "for" or "of" by that clause's object
        ("Google thanked Microsoft for accepting the offer.", "accept", "Microsoft", "the offer"),
        # a passive participle after its noun acts on that noun
        ("The complaints filed by Microsoft were dismissed.", "file", "Microsoft", "The complaints"),
        # an unnamed argument takes the name in apposition with it
        ("A Foreign Ministry official, Vladimir Suslov, accused Britain of spying.", "accuse", "Vladimir Suslov",
         "Britain"),
    ],
)  # fmt: skip
def test_arguments_of_relative_adjunct_participle_and_apposition_clauses(
    nlp: Language, settings: Settings, text: str, predicate: str, subject: str, object_text: str
) -> None:
    facts, names = _facts(nlp, settings, text)
    row = facts.loc[predicate]
    assert (names[row["subject_entity_id"]], row["object_text"]) == (subject, object_text)


def test_a_clause_after_for_is_a_prepositional_complement(nlp: Language, settings: Settings) -> None:
    facts, _ = _facts(nlp, settings, "Carl Icahn called for the board to oust Tim Cook.")
    assert list(facts.loc["call", "complements"]) == ["for the board to oust Tim Cook"]


def test_the_doer_of_an_act_named_by_in_is_the_subject_of_its_clause(nlp: Language, settings: Settings) -> None:
    facts, names = _facts(nlp, settings, "France recalled its ambassador in protest against the tests.")
    row = facts.loc["protest"]
    assert (row["subject_relation"], names[row["subject_entity_id"]]) == ("in", "Government of France")


@pytest.mark.parametrize(
    ("text", "predicate", "author"),
    [
        # a judgement of an act falls on its author
        ("Germany said the fine imposed by the European Commission was unjustified.", "unjustified",
         "European Commission"),
        ("Chile said the visit by Evo Morales was a violation of its sovereignty.", "violation", "Evo Morales"),
    ],
)  # fmt: skip
def test_a_judgement_of_an_act_names_its_author(
    nlp: Language, settings: Settings, text: str, predicate: str, author: str
) -> None:
    facts, names = _facts(nlp, settings, text)
    assert names[facts.loc[predicate, "subject_entity_id"]] == author


@pytest.mark.parametrize(
    ("text", "predicate", "obligation"),
    [
        ("The IMF said Greece must cut its deficit.", "cut", True),
        ("The IMF said Greece should cut its deficit.", "cut", True),
        ("The IMF said Greece would cut its deficit.", "cut", False),
    ],
)
def test_obligation(nlp: Language, settings: Settings, text: str, predicate: str, obligation: bool) -> None:
    facts, _ = _facts(nlp, settings, text)
    assert bool(facts.loc[predicate, "is_obligation"]) is obligation


def test_a_conjoined_judgement_shares_its_subject(nlp: Language, settings: Settings) -> None:
    facts, _ = _facts(nlp, settings, "Google said the accusation was baseless and totally unjustified.")
    assert facts.loc["unjustified", ["predicate_pos", "subject_text"]].tolist() == ["ADJ", "the accusation"]
