"""Event coding, factuality, actors, dates and deduplication."""

from __future__ import annotations

import pandas as pd
import pytest
from spacy.language import Language

from pipeline.settings import Settings
from tests.conftest import analyse

HEAD = "Headline Of The Story\n\n"


def _events(nlp: Language, settings: Settings, *texts: str, date: str | None = "2015-12-31") -> dict[str, pd.DataFrame]:
    return analyse(nlp, settings, [HEAD + text for text in texts], [date] * len(texts))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("But BlackBerry will not comply with that sort of directive.", [("REJECT", "BlackBerry", "asserted")]),
        ("The Pakistani government threatened to ban BlackBerry.",
         [("THREATEN", "Government of Pakistan", "intended")]),
        ("BlackBerry announced that it would cease operations in Pakistan.",
         [("SANCTION", "BlackBerry", "intended")]),
        ("BlackBerry will not discontinue operations in Pakistan.", [("AGREE", "BlackBerry", "asserted")]),
        ("India rejected the request.", [("REJECT", "Government of India", "asserted")]),
        ("The company said it would provide access to its servers if authorities had a court order.",
         [("COOPERATE", "BlackBerry", "hypothetical")]),
    ],
)  # fmt: skip
def test_coding_source_and_factuality(
    nlp: Language, settings: Settings, text: str, expected: list[tuple[str, str, str]]
) -> None:
    prefix = "BlackBerry is a Canadian company. " if text.startswith("The company") else ""
    events = _events(nlp, settings, prefix + text)["events"]
    assert list(events[["event_type", "source_actor", "factuality"]].itertuples(index=False, name=None)) == expected


def test_the_content_of_a_threat_is_not_a_second_event(nlp: Language, settings: Settings) -> None:
    events = _events(nlp, settings, "The Pakistani government threatened to ban BlackBerry.")["events"]
    assert events["event_type"].tolist() == ["THREATEN"]
    assert events["target_actor"].tolist() == ["BlackBerry"]


def test_headlines_are_not_coded(nlp: Language, settings: Settings) -> None:
    tables = analyse(nlp, settings, ["BlackBerry Rejects Pakistani Request\n\nThe weather was mild."], [None])
    assert tables["events"].empty


def test_same_event_in_two_articles_is_one_row_with_two_mentions(nlp: Language, settings: Settings) -> None:
    tables = _events(
        nlp,
        settings,
        "On Dec. 30, the Pakistani government rejected the plan of BlackBerry.",
        "The Pakistani government rejected BlackBerry's plan on December 30.",
    )
    events, mentions = tables["events"], tables["event_mentions"]
    assert events[["event_type", "event_date", "num_mentions", "num_articles"]].values.tolist() == [
        ["REJECT", "2015-12-30", 2, 2]
    ]
    assert sorted(mentions["doc_id"]) == sorted(tables["documents"]["doc_id"])


def test_different_dates_stay_apart(nlp: Language, settings: Settings) -> None:
    events = _events(
        nlp,
        settings,
        "On Nov. 30, the Pakistani government rejected the plan of BlackBerry.",
        "On Dec. 30, the Pakistani government rejected the plan of BlackBerry.",
    )["events"]
    assert sorted(events["event_date"]) == ["2015-11-30", "2015-12-30"]


def test_conjoined_verbs_share_the_time_expression_after_the_last(nlp: Language, settings: Settings) -> None:
    text = "The king sacked the prime minister, dissolved parliament and took power on Feb. 1."
    events = _events(nlp, settings, text)["events"]
    assert events[["predicate", "event_date"]].values.tolist() == [["sack", "2015-02-01"]]


def test_a_dateline_the_parser_took_for_a_subject_is_neither_actor_nor_date(nlp: Language, settings: Settings) -> None:
    text = "BAGHDAD, 21 August 2007 — Iraqi troops raided a mosque yesterday."
    events = _events(nlp, settings, text, date="2007-08-21")["events"]
    assert events[["event_type", "source_actor", "event_date"]].values.tolist() == [
        ["COERCE", "Iraqi armed forces", "2007-08-20"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past, so only the publication's year is safe, for the pledge and for the promise that goes with it
        ("Portugal pledged 20,000 dollars, with Finland promising to donate 50,000 dollars.",
         [["Government of Finland", "2015"], ["Government of Portugal", "2015"]]),
        # a bare conjunct has its first conjunct's tense: what was decided would happen "and sign" is reported
        # in the past
        ("It was decided that Chile and Peru would go ahead and sign the accord.",
         [["Government of Chile", "2015"], ["Government of Peru", "2015"]]),
    ],
)  # fmt: skip
def test_an_untensed_clause_has_the_tense_of_its_governing_clause(
    nlp: Language, settings: Settings, text: str, expected: list[list[str]]
) -> None:
    events = _events(nlp, settings, text)["events"]
    assert sorted(events[["source_actor", "event_date"]].values.tolist()) == expected


def test_also_marks_a_further_event(nlp: Language, settings: Settings) -> None:
    events = _events(
        nlp,
        settings,
        "The Pakistani government requested access to the servers of BlackBerry. "
        "The Pakistani government also requested back doors from BlackBerry.",
    )["events"]
    assert events["event_type"].tolist() == ["REQUEST", "REQUEST"]
    assert events["event_id"].nunique() == 2


def test_event_ids_are_deterministic(nlp: Language, settings: Settings) -> None:
    text = "On Dec. 30, the Pakistani government rejected the plan of BlackBerry."
    first = _events(nlp, settings, text)["events"]["event_id"].tolist()
    assert _events(nlp, settings, text)["events"]["event_id"].tolist() == first


def _coded(events: pd.DataFrame) -> list[tuple[str, str, str | None]]:
    """(type, source, target) of each event, sorted."""
    targets = [t if isinstance(t, str) else None for t in events["target_actor"]]
    return sorted(zip(events["event_type"], events["source_actor"], targets, strict=True), key=str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the agent of an event noun: possessor, "by", the parties "between" whom it happens, "from" a giver
        ("Britain's expulsion of six Russian diplomats angered Moscow.",
         [("SANCTION", "United Kingdom", "Russian diplomats")]),
        ("Talks between Iran and Iraq resumed on Monday.", [("CONSULT", "Iran", "Iraq"), ("CONSULT", "Iraq", "Iran")]),
        ("A loan of 5 billion dollars from the IMF to Pakistan eased the crisis.",
         [("AID", "International Monetary Fund", "Pakistan")]),
        # "from" after a noun of moving away names the place left, not the agent, except for expulsions
        ("The withdrawal of troops from Brazil surprised observers.", []),
        ("Argentina condemned the expulsion of six diplomats from Brazil.",
         [("ACCUSE", "Government of Argentina", "Brazil"), ("SANCTION", "Brazil", "Argentine diplomats")]),
        # a light verb and its event noun are one event, its target from the noun
        ("Japan imposed sanctions on North Korea.", [("SANCTION", "Government of Japan", "North Korea")]),
        # an event noun of another type than the verb it is the object of is an event of its own
        ("Greece rejected a request by the IMF.",
         [("REJECT", "Government of Greece", "International Monetary Fund"),
          ("REQUEST", "International Monetary Fund", None)]),
    ],
)  # fmt: skip
def test_event_nouns(nlp: Language, settings: Settings, text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _coded(_events(nlp, settings, text)["events"]) == sorted(expected, key=str)


def test_an_event_noun_dated_by_its_document_refers_to_the_event_reported(nlp: Language, settings: Settings) -> None:
    events = _events(
        nlp,
        settings,
        "The Pakistani government said it would ban BlackBerry. Later the Pakistani government lifted its ban.",
    )["events"]
    coerce = events[events["event_type"] == "COERCE"]
    assert sorted(events["event_type"]) == ["COERCE", "CONCEDE"]
    assert (coerce["factuality"].tolist(), coerce["num_mentions"].tolist()) == (["intended"], [2])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speaker's judgement of another's act: praise, criticism, rejection of a claim
        ("Germany said the fine imposed by the European Commission was unjustified.",
         [("ACCUSE", "Government of Germany", "European Commission"),
          ("COERCE", "European Commission", None)]),
        ("Google said the accusation was groundless.", [("REJECT", "Google", None)]),
        ("Chile said the visit by Evo Morales was a violation of its sovereignty.",
         [("ACCUSE", "Government of Chile", "Evo Morales")]),
        ("Britain said this was a vengeful act by the Soviet Union.",
         [("ACCUSE", "Government of the United Kingdom", None)]),
        ("Rafael Correa said he was framed by the government of Ecuador.",
         [("ACCUSE", "Rafael Correa", "Government of Ecuador")]),
        # naming another's act is judging it: "called X fraudulent", "called X a coup"
        ("The Green Party called the vote fraudulent.", [("ACCUSE", "Green Party", None)]),
        ("Kenya called the visit by Yoweri Museveni a flagrant violation.",
         [("ACCUSE", "Government of Kenya", "Yoweri Museveni")]),
        # ... but naming one's own act is no accusation
        ("The ELN called its campaign a people's struggle.", []),
        # the act an event noun after "in" names is the act of its clause
        ("Britain recalled its ambassador in protest.",
         [("SANCTION", "Government of the United Kingdom", "British ambassador")]),
        ("The council came to power in a bloodless coup by General Omar Tahir.", [("COERCE", "Omar Tahir", None)]),
        # what another is accused of is part of the accusation
        ("Ethiopia accused Eritrea of launching attacks.", [("ACCUSE", "Government of Ethiopia", "Eritrea")]),
        # a meeting of one party is no consultation; one with another is
        ("Unilever held its annual meeting on Monday.", []),
        ("Iran's meeting with Iraq ended on Monday.", [("CONSULT", "Iran", "Iraq")]),
        # a passive conjunct's patient is its first conjunct's subject
        ("Honda failed with an appeal and was ordered by the European Commission to repair its cars.",
         [("COERCE", "European Commission", "Honda")]),
        # the possessor of an act done to a person is who undergoes it
        ("Turkey's arrest of the editor angered Iran.", [("COERCE", "Turkey", "Turkish editor")]),
        ("His arrest angered Iran.", []),
        # a quotation's "we" is its speaker's organisation, its "I" the speaker
        ('"I rejected the accusations," said Sir John Holmes, the British ambassador.',
         [("REJECT", "John Holmes", None)]),
        # rows that say a combination is no event: a result, a price, speech
        ("Apple failed to meet analysts' expectations.", []),
        ("Apple's shares dropped 7 percent on Tuesday.", []),
        ("Chile's Ministry of Health ordered 4 million doses of vaccines.",
         [("COOPERATE", "Health Ministry of Chile", None)]),
        # without a speaker a judgement is the author's opinion, not an event
        ("The fine was unjustified.", []),
        # what a speaker says another must do is a demand; what it must do itself is not
        ("The IMF said Greece must cut its deficit.",
         [("REQUEST", "International Monetary Fund", "Government of Greece")]),
        ("France said it must leave Mali.", []),
        # a light verb's event noun after its preposition
        ("Indonesia engaged in combat with Malaysia.", [("ASSAULT", "Government of Indonesia", "Malaysia")]),
        ("The European Union hit Amazon with a large fine.", [("COERCE", "European Union", "Amazon")]),
        # an object constraint on the kind of the object's actor: dismissing a person is no rejection
        ("The president dismissed John Smith on Sunday.", [("COERCE", "president", "John Smith")]),
        # a prepositional verb whose complement is a clause, or whose preposition is two words
        ("Carl Icahn called for the board to oust Tim Cook.", [("REQUEST", "Carl Icahn", None)]),
        ("The Trades Union Congress walked out of the talks.", [("REJECT", "Trades Union Congress", None)]),
        # what a vow or a promise commits to is the event; refusing to comment is no act
        ("The Green Party vowed to stage more protests.", [("PROTEST", "Green Party", None)]),
        ("Jane Hart declined to say what share the World Bank would pay.", []),
        # the subject of an absolute construction is the object of "with"
        ("Portugal pledged 20,000 dollars, with Finland promising to donate 50,000 dollars.",
         [("AID", "Government of Finland", None), ("AID", "Government of Portugal", None)]),
        # a passive open complement acts on its controller: who is released is no releaser
        ("Nelson Mandela said he was glad to have been released.", []),
        ("Nelson Mandela hoped to be released by South Africa.", [("RETREAT", "South Africa", "Nelson Mandela")]),
        # who is quoted is the speaker: "quoted X as saying", "X was quoted as saying"
        ('"We will not accept foreign inspectors," the agency quoted Hassan Rouhani as saying.',
         [("REJECT", "Hassan Rouhani", None)]),
        ('"The visit by Iran\'s president is a flagrant violation of our sovereignty," Kuwaiti Foreign Minister '
         "Sabah al-Khalid was quoted as saying by KUNA.",
         [("ACCUSE", "Sabah al-Khalid", "Iranian president")]),
        # people who act for an organisation named after them are that organisation
        ("Officials of Greenpeace met senior members of the Dutch government in Amsterdam.",
         [("CONSULT", "Greenpeace", "Government of the Netherlands")]),
        ("Lawyers for Microsoft rejected the ruling on Monday.", [("REJECT", "Microsoft", None)]),
        # after a passive, "as" names what the participle is about and its "by" is the participle's agent
        ("Fujimori dissolved parliament, a move denounced as a coup by the African Union.",
         [("ACCUSE", "African Union", None)]),
        ("The journalist vanished in what his family described as an abduction by Hezbollah.",
         [("ASSAULT", "Hezbollah", None)]),
        # the "it" of "it was not possible to ..." is no one; figures reconciled and statements released
        # are no settlement and no release
        ("It was not possible to reconcile the figures given by Hamas and Israel.", []),
        ("In a statement released on Monday, Volkswagen said the accusation was groundless.",
         [("REJECT", "Volkswagen", None)]),
        # a participle conjoined to a judgement judges with it: no act of supporting
        ("A federal jury ordered Volkswagen to pay damages. Volkswagen said the jury's findings were unjustified "
         "and not supported by the evidence.",
         [("COERCE", "jury", "Volkswagen"), ("REJECT", "Volkswagen", "jury")]),
        # a speaker saying another breached or violated a norm accuses it
        ("Germany said Google's conduct breached European law.", [("ACCUSE", "Government of Germany", "Google")]),
        ("Amnesty International said the Egyptian government had violated the rights of the prisoners.",
         [("ACCUSE", "Amnesty International", "Government of Egypt")]),
        # an envoy recalled is recalled by the envoy's own government, not by the authority last named
        ("The government of the United Arab Emirates met the Iranian government on Monday. The Emirati "
         "ambassador was recalled on Thursday.",
         [("CONSULT", "Government of the United Arab Emirates", "Government of Iran"),
          ("SANCTION", "Government of the United Arab Emirates", "Emirati ambassador")]),
        # entering into an agreement commits to it; refusing to enter into one rejects it
        ("Chile entered into a trade agreement with China on Monday.", [("AGREE", "Government of Chile", "China")]),
        ("The Argentine government said it will not enter into any new pact with the IMF.",
         [("REJECT", "Government of Argentina", "International Monetary Fund")]),
        # withholding support refuses it (no support coded from its noun); a part of a group acts as the group
        ("The Liberal Party withheld its support for Justin Trudeau.",
         [("REJECT", "Liberal Party", "Justin Trudeau")]),
        ("About 40 percent of Tesla's shareholders withheld their support for Elon Musk.",
         [("REJECT", "Tesla shareholders", "Elon Musk")]),
        # parties conjoined as the subject of a consultation are each other's target, as "between" them
        ("Kenya and Uganda held talks on Monday.",
         [("CONSULT", "Government of Kenya", "Government of Uganda"),
          ("CONSULT", "Government of Uganda", "Government of Kenya")]),
        ("William Ruto and Yoweri Museveni will meet in Nairobi next week.",
         [("CONSULT", "William Ruto", "Yoweri Museveni"), ("CONSULT", "Yoweri Museveni", "William Ruto")]),
        # ... unless the clause names whom they consult, or the act is not done with one another
        ("Kenya and Uganda met Tanzania on Monday.",
         [("CONSULT", "Government of Kenya", "Tanzania"), ("CONSULT", "Government of Uganda", "Tanzania")]),
        ("Kenya and Uganda condemned the attack.",
         [("ACCUSE", "Government of Kenya", None), ("ACCUSE", "Government of Uganda", None)]),
        # exchanging fire is fighting, exchanging prisoners releasing them; parties conjoined as the subject
        # of a clash or exchange are each other's target too
        ("Kenyan police and protesters exchanged fire on Monday.",
         [("ASSAULT", "Kenyan law enforcement agencies", "Kenyan protesters"),
          ("ASSAULT", "Kenyan protesters", "Kenyan law enforcement agencies")]),
        ("Kenyan police and protesters clashed in Nairobi on Monday.",
         [("ASSAULT", "Kenyan law enforcement agencies", "Kenyan protesters"),
          ("ASSAULT", "Kenyan protesters", "Kenyan law enforcement agencies")]),
        ("Kenya and Uganda exchanged prisoners.",
         [("RETREAT", "Government of Kenya", "Government of Uganda"),
          ("RETREAT", "Government of Uganda", "Government of Kenya")]),
        # taking to the streets is demonstrating
        ("Thousands of Kenyan students took to the streets on Monday.", [("PROTEST", "Kenyan students", None)]),
        # ending a strike concedes (as calling it off does); removing or firing a person from office coerces
        ("Kenyan teachers ended their strike on Monday.", [("CONCEDE", "Kenyan teachers", None)]),
        ("Apple fired Tim Cook as chairman.", [("COERCE", "Apple", "Tim Cook")]),
        ("The board of Apple voted to remove Tim Cook as chairman.", [("COERCE", "board", "Tim Cook")]),
        ("Kenya removed the roadblocks.", []),
        ("Kenyan police fired tear gas at the protesters.",
         [("ASSAULT", "Kenyan law enforcement agencies", "Kenyan protesters")]),
        # a figure of speech is no attack
        ("The Supreme Court of Kenya struck a blow against corruption on Monday.", []),
        # failing to do what is demanded (release, comply) refuses it; failing to meet expectations does not
        ("Nigeria failed to free the detained journalists.",
         [("REJECT", "Government of Nigeria", "Nigerian journalists")]),
        # staying on in office refuses to relinquish power, whatever particle the parser finds
        ("Jacob Zuma said he will stay as president of the party.", [("REJECT", "Jacob Zuma", "president")]),
        # scrapping or tearing up an agreement rejects it (scrapping a plan concedes)
        ("Kenyan rebels tore up the peace agreement on Monday.", [("REJECT", "Kenyan militants", None)]),
        # the toll an attack leaves is no withdrawal
        ("Rebels shelled the village on Monday, leaving three villagers dead.", [("ASSAULT", "militants", None)]),
        # a gerund after "in" on a noun is done by the noun's owner ("a ban on importing" is not the banner's)
        ("Norway explained its role in negotiating the ceasefire with Colombia.",
         [("CONSULT", "Government of Norway", "Colombia")]),
        ("Russia imposed a ban on importing wheat.", [("COERCE", "Government of Russia", None)]),
        # meeting a demand accedes to it, no meeting; whoever meets "their demands" is not who made them
        ("The government of Kenya met the demands of the striking teachers.",
         [("CONCEDE", "Government of Kenya", "Kenyan teachers")]),
        ("Kenyan teachers threatened to strike if their demands were not met.",
         [("THREATEN", "Kenyan teachers", None)]),
        # seeking to act oneself is no request: the act sought is the event; seeking talks is a request
        ("Russia seeks to expand its trade with China.", [("COOPERATE", "Government of Russia", "China")]),
        ("Kenya sought talks with Uganda.", [("REQUEST", "Government of Kenya", "Uganda")]),
        # parties "between" whom talks take place are two, even when the parser hangs the second inside the first
        ("Talks between the government of Sudan and Hamas leaders ended on Monday.",
         [("CONSULT", "Government of Sudan", "Hamas"), ("CONSULT", "Hamas", "Government of Sudan")]),
        # a capital the parser takes for a person's name still stands for its government when it acts
        ("Separatists say Ukraine shelled the town, an accusation Kyiv denies.",
         [("ASSAULT", "Government of Ukraine", None), ("REJECT", "Government of Ukraine", None)]),
        # those who act for several parties act for each: one event per party
        ("The heads of state of Chile, Peru and Bolivia signed the treaty on Monday.",
         [("AGREE", "Bolivia", None), ("AGREE", "Government of Chile", None), ("AGREE", "Peru", None)]),
        # a subject pronoun goes on with the previous sentence's subject, not the last person named
        ("Mayor Jane Hart met Governor Tom Price on Monday. She rejected his demands.",
         [("CONSULT", "Jane Hart", "Tom Price"), ("REJECT", "Jane Hart", "Tom Price"),
          ("REQUEST", "Tom Price", None)]),
        # the subject pronoun of a reported clause stands for who reports it, a group named in the singular too
        ("Kenyan troops attacked rebels. Kenya's army said on Sunday that it had killed 20 rebels.",
         [("ASSAULT", "Kenyan armed forces", "Kenyan militants")]),
        # an infinitive of purpose is done by its clause's subject, and a possessive stands for that subject;
        # one that restates its clause's act is part of it
        ("Officials of the Trades Union Congress met British ministers on Monday to discuss their threat of "
         "a general strike.",
         [("CONSULT", "Trades Union Congress", None), ("THREATEN", "Trades Union Congress", None)]),
        # ... but an object control verb's object does what its infinitive says, however the parser hangs it
        ("Greenpeace was able to convince each senator to oppose the new pipeline.", [("ACCUSE", "senator", None)]),
    ],
)  # fmt: skip
def test_constructions(
    nlp: Language, settings: Settings, text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _coded(_events(nlp, settings, text)["events"]) == sorted(expected, key=str)


def test_an_event_noun_refers_to_the_event_its_document_reports_after_it(nlp: Language, settings: Settings) -> None:
    events = _events(
        nlp,
        settings,
        "The Pakistani government lifted its ban on Monday. The Pakistani government had said it would ban BlackBerry.",
    )["events"]
    assert sorted(events["event_type"]) == ["COERCE", "CONCEDE"]


@pytest.mark.parametrize(
    "text", ["Norway pledged 40 million dollars to Chad.", "Norway pledged aid to Chad.", "Norway promised assistance."]
)
def test_pledged_money_or_aid_is_intended_aid(nlp: Language, settings: Settings, text: str) -> None:
    events = _events(nlp, settings, text)["events"]
    assert events[["event_type", "source_actor", "factuality"]].values.tolist() == [
        ["AID", "Government of Norway", "intended"]
    ]


def test_clauses_of_one_sentence_are_events_of_their_own(nlp: Language, settings: Settings) -> None:
    events = _events(
        nlp,
        settings,
        "The Turkish government arrested ten opponents on Monday, ordering the closure of newspapers and jailing"
        " reporters.",
    )["events"]
    # "ordering ... and jailing": conjoined clauses may restate one act
    assert sorted(events[["event_type", "predicate", "num_mentions"]].values.tolist()) == [
        ["COERCE", "arrest", 1],
        ["COERCE", "order", 2],
    ]


def test_conjoined_clauses_restating_one_act_are_one_event(nlp: Language, settings: Settings) -> None:
    events = _events(nlp, settings, "The Turkish government arrested the editor and detained him.")["events"]
    assert events[["event_type", "num_mentions"]].values.tolist() == [["COERCE", 2]]
