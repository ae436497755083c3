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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reported in the past through an untensed clause: only the publication's year is safe
        ("The Indian government criticised the ruling, adding that it will appeal.",
         [("ACCUSE", "2015", "publication"), ("REJECT", "2015", "publication")]),
        # a clause put before its governing clause does not take that clause's time
        ("Hours after the Kenyan government freed the activists, the Kenyan police arrested them again on Friday.",
         [("COERCE", "2015-12-25", "relative"), ("RETREAT", "2015", "publication")]),
        # nor does a relative clause: the arrest is not dated by the announcement
        ("The Kenyan government said on Monday that it freed the activists whom the police arrested.",
         [("COERCE", "2015", "publication"), ("RETREAT", "2015-12-28", "relative")]),
        # "through" ends a span: the end of a term is not when the vow was made
        ("The Kenyan president vowed on Monday that he will stay in office through 2017.",
         [("REJECT", "2015-12-28", "relative")]),
        # ... wherever the parser hangs the time after the span's end
        ("The Kenyan president vowed on Monday that he will stay in office through the end of his term in 2017.",
         [("REJECT", "2015-12-28", "relative")]),
    ],
)  # fmt: skip
def test_which_time_dates_a_clause(
    nlp: Language, settings: Settings, text: str, expected: list[tuple[str, ...]]
) -> None:
    events = _events(nlp, settings, text)["events"]
    assert sorted(events[["event_type", "event_date", "date_basis"]].itertuples(index=False, name=None)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the toll an act leaves is no departure
        ("Kenyan rebels attacked the town, leaving eight soldiers dead.", [("ASSAULT", "Kenyan militants")]),
        # what did not happen: a counterfactual, an unmet condition
        ("The Kenyan police could have arrested the suspects.", []),
        ("Acme Mining threatened to close its mine if its demand was not met.", [("THREATEN", "Acme Mining")]),
        # a habit is no event; an act is
        ("Kenyan rebels regularly attack police posts in the region.", []),
        ("Kenyan rebels attacked police posts in the region.", [("ASSAULT", "Kenyan militants")]),
        # what is feared is not done; what is told is
        ("The clashes raised fears of a Somali invasion.", []),
        ("The clashes followed a Somali invasion.", [("ASSAULT", "Government of Somalia")]),
        # an obligation the speaker reports as another's decision is no demand of the speaker's ...
        ("The Kenyan president said it was decided that the rebels should disarm.", [("RETREAT", "Kenyan militants")]),
        # ... one the speaker states is, also in a conjoined clause
        ("The Kenyan president said Acme Mining makes large profits and must pay its taxes.",
         [("REQUEST", "Kenyan president")]),
    ],
)  # fmt: skip
def test_what_is_no_event(nlp: Language, settings: Settings, text: str, expected: list[tuple[str, str]]) -> None:
    events = _events(nlp, settings, text)["events"]
    assert sorted(events[["event_type", "source_actor"]].itertuples(index=False, name=None)) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Odinga said Ruto cannot stay on as president.", []),  # one person's word on another's position
        ("Odinga said he will not stay on as party leader.", [("REJECT", "Raila Odinga")]),  # his own
        ("Odinga said Ruto refused to step down.", [("REJECT", "William Ruto")]),  # a refusal reported as done
    ],
)
def test_a_stance_taken_by_saying_it_is_the_speakers(
    nlp: Language, settings: Settings, said: str, expected: list[tuple[str, str]]
) -> None:
    events = _events(nlp, settings, "William Ruto met Raila Odinga on Monday. " + said)["events"]
    stances = events[events["event_type"] != "CONSULT"]
    assert list(stances[["event_type", "source_actor"]].itertuples(index=False, name=None)) == expected


@pytest.mark.parametrize(
    ("passive", "expected"),
    [
        ("Acme Mining was asked to close its mine.", [("REQUEST", "Government of Kenya", "Acme Mining")]),
        ("At least 3 billion dollars is being sought for the reconstruction.", []),  # sought by anyone
    ],
)
def test_an_agentless_request_is_the_authoritys_when_it_asks_someone(
    nlp: Language, settings: Settings, passive: str, expected: list[tuple[str, str, str]]
) -> None:
    events = _events(nlp, settings, "The Kenyan government met Acme Mining on Monday. " + passive)["events"]
    requests = events[events["event_type"] == "REQUEST"]
    assert list(requests[["event_type", "source_actor", "target_actor"]].itertuples(index=False, name=None)) == expected


def test_a_conjoined_clause_with_a_subject_of_its_own_has_a_time_of_its_own(nlp: Language, settings: Settings) -> None:
    text = "Iran seized the islands in 1971, and the Emirati government said the ambassador had been recalled."
    events = _events(nlp, settings, text)["events"]
    assert sorted(events[["event_type", "event_date"]].itertuples(index=False, name=None)) == [
        ("COERCE", "1971"),
        ("SANCTION", "2015"),
    ]


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
        # ... and a condition on what is threatened leaves the threat made (their demands are theirs)
        ("Kenyan teachers threatened to strike if their demands were not met.",
         [("REQUEST", "Kenyan teachers", None), ("THREATEN", "Kenyan teachers", None)]),
        ("Kenyan teachers said their demands were not met.", []),
        # seeking to act oneself is no request: the act sought is the event; seeking talks is a request
        ("Russia seeks to expand its trade with China.", [("COOPERATE", "Government of Russia", "China")]),
        ("Kenya sought talks with Uganda.", [("REQUEST", "Government of Kenya", "Uganda")]),
        # parties "between" whom talks take place are two, even when the parser hangs the second inside the first
        ("Talks between the government of Sudan and Hamas leaders ended on Monday.",
         [("CONSULT", "Government of Sudan", "Hamas"), ("CONSULT", "Hamas", "Government of Sudan")]),
        # a capital the parser takes for a person's name still stands for its government when it acts
        ("Separatists say Ukraine shelled the town, an accusation Kyiv denies.",
         [("ASSAULT", "Government of Ukraine", None), ("REJECT", "Government of Ukraine", None)]),
        # a capital an expulsion sends people from stands for the government expelling; one left is a place
        ("Iran ordered three British diplomats to leave Tehran in response to the expulsion of four Iranian "
         "diplomats from London.",
         [("COERCE", "Government of Iran", "British diplomats"),
          ("SANCTION", "Government of the United Kingdom", "Iranian diplomats")]),
        ("The withdrawal of troops from Kabul was completed.", []),
        # an agentless passive of an authority's act is the government's last named, but one whose agent the
        # text names without a name we know is nobody's we can tell
        ("The Kenyan government has 22 ministries. John Mwangi was jailed on Tuesday.",
         [("COERCE", "Government of Kenya", "John Mwangi")]),
        ("The Kenyan government has 22 ministries. John Mwangi was jailed by a panel set up after the election.",
         []),
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
        # a quoted "we" of a speaker whose title names no organisation is the speaker
        ('The agency quoted Prime Minister Jan Novak as saying that talks had failed. "We do not accept foreign '
         'inspectors," Novak said.', [("REJECT", "Jan Novak", None)]),
        # "between" takes two parties, though the parser hangs the second on the first one's "of"
        ("Talks between the government of Kenya and al-Shabaab leaders will begin on Monday.",
         [("CONSULT", "Al-Shabaab", "Government of Kenya"), ("CONSULT", "Government of Kenya", "Al-Shabaab")]),
        # a quoted sentence without a speech verb is said by the speaker of the quotation it goes on with ...
        ('Sir John Holmes, the British ambassador, said he had been summoned. "I rejected the accusations," he '
         'said. "This is a vengeful act directed against blameless people."',
         [("ACCUSE", "John Holmes", None), ("REJECT", "John Holmes", None)]),
        # ... but not after a sentence of the writer's own
        ('Sir John Holmes, the British ambassador, said he had been summoned. Kenya is a large country. "This is '
         'a vengeful act directed against blameless people."', []),
        # a document acts for its author: named with it, who filed it before, or for an authority's document
        # the authority last named; a participle of the document that is its act is no second event
        ("A lawsuit filed by Oracle accuses Google of copying its code.", [("ACCUSE", "Oracle", "Google")]),
        ("The ban imposed by Kenya on Monday bars Ugandan trucks from the border.", [("COERCE", "Kenya", None)]),
        ("The report by Amnesty International accused the Kenyan army of torture.",
         [("ACCUSE", "Amnesty International", "Kenyan armed forces")]),
        ("The Justice Department dropped an antitrust suit against Apple on Monday. The suit had charged Apple "
         "with monopolizing the market for phones.",
         [("ACCUSE", "United States Department of Justice", "Apple"),
          ("CONCEDE", "United States Department of Justice", "Apple")]),
        ("Dutch prosecutors raided the offices of Volkswagen in May. The indictment charges that Volkswagen "
         "broke Dutch emission laws.",
         [("ACCUSE", "Dutch prosecutors", "Volkswagen"), ("COERCE", "Dutch prosecutors", None)]),
        ("The suit accuses Google of copying its code.", []),
        # a time given to act is a deadline set by the body the speaker speaks for, else by the authority last
        # named; one to comply with a demand is that demand's
        ("Amazon now has 60 days to end the practice or face further fines, Thierry Breton, the head of the "
         "European Commission, said.", [("COERCE", "European Commission", "Amazon")]),
        ("The Kenyan government rejected a request by Toyota on Monday. Toyota now has 30 days to submit a plan "
         "to repair the cars, it said.",
         [("COERCE", "Government of Kenya", "Toyota"), ("REJECT", "Government of Kenya", "Toyota"),
          ("REQUEST", "Toyota", None)]),
        ("The Kenyan government ordered Toyota to recall the cars. Toyota had 30 days to comply with the order.",
         [("COERCE", "Government of Kenya", "Toyota")]),
        # "the duo" are the two people named together last; two people named apart are no pair
        ("The investors Carl Icahn and David Einhorn spoke to Tim Cook on Monday. The duo later called for the "
         "board to oust him.", [("REQUEST", "Carl Icahn", None), ("REQUEST", "David Einhorn", None)]),
        ("Carl Icahn met David Einhorn. The two men called for the board to oust Tim Cook.",
         [("CONSULT", "Carl Icahn", "David Einhorn")]),
        # a passive's "by" may hang on the noun it acts with
        ("The patent dispute between Nokia and Apple was settled with a payment of 50 million dollars by Apple.",
         [("AGREE", "Apple", None)]),
        # warplanes and gunships are the armed forces flying them
        ("Turkish warplanes struck PKK positions in northern Iraq on Monday.",
         [("ASSAULT", "Turkish armed forces", "Kurdistan Workers' Party")]),
        # non-event senses: fighting an ill or a fire, seeking one's own advantage, striking a ball
        ("The Kenyan government fought corruption in the ports.", []),
        ("Chilean firefighters fought the blaze for two days.", []),
        ("The Kenyan government is seeking advantage from the crisis.", []),
        ("The Kenyan president will seek re-election in August.", []),
        ("The Kenyan opposition will seek every legal means.", []),
        ("The Kenyan forward struck the ball into the net.", []),
        ("The Kenyan government fought the rebels near the border.",
         [("ASSAULT", "Government of Kenya", "Kenyan militants")]),
        # a warning that foretells threatens no one; one of an act or to a party is a threat
        ("Chilean police warned that the death toll would rise.", []),
        ("The Chilean government warned that it would close the border.", [("THREATEN", "Government of Chile", None)]),
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


def test_an_event_noun_deep_in_a_phrase_is_dated_by_the_year_only(nlp: Language, settings: Settings) -> None:
    events = _events(nlp, settings, "The fighting comes on the eve of talks between Kenya and Uganda.")["events"]
    assert sorted(events["event_date"]) == ["2015", "2015"]
