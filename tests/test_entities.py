"""Actor mentions, their resolution inside a document, and the cross-document entity table."""

from __future__ import annotations

import pandas as pd
import pytest
from rapidfuzz import fuzz, process
from spacy.language import Language

from pipeline import dictionaries
from pipeline.documents import documents
from pipeline.entities import entities
from pipeline.gazetteer import Gazetteer, load_gazetteer
from pipeline.lexicon import lexicon_for
from pipeline.mentions import _Sentence, document_mentions
from pipeline.parse import parses
from pipeline.sentences import sentences
from pipeline.settings import Settings
from schemas.entities import EntitySchema, MentionSchema, RoleSchema
from tests.conftest import raw_documents

# A hand-built actor dictionary: the stage must work from whatever actors the user lists.
ACTORS = pd.DataFrame(
    [
        ["Northwind Systems", "ORG", "CAN", ["Northwind"], ["NASDAQ:NWND", "TSX:NW"]],
        ["Dresdner Werke", "ORG", "DEU", [], []],
        ["Telecom Authority of Pakistan", "GOV", "PAK", ["TAP"], []],
        ["Jane Doe", "PERSON", "CAN", [], []],
    ],
    columns=["canonical_name", "kind", "country", "aliases", "tickers"],
)


def _run(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    *texts: str,
    dates: list[str | None] | None = None,
    actors: pd.DataFrame = ACTORS,
    gazetteer: Gazetteer | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """documents -> sentences -> document_mentions -> entities on hand-written articles (published on
    `dates`; with the gazetteer if given); validated."""
    raw = raw_documents(*texts, metadata_date=dates or [None] * len(texts))
    docs, _, _ = documents(raw, boilerplate, settings)
    sents, tokens = sentences(docs, nlp, settings)
    found, statements = document_mentions(
        sents,
        parses(tokens, nlp),
        docs,
        actors,
        dictionaries.demonyms(),
        dictionaries.descriptors(),
        dictionaries.titles(),
        dictionaries.seats(),
        dictionaries.name_cues(),
        nlp,
        settings,
        gazetteer,
    )
    table, mentions, roles = entities(found, statements, actors, settings)
    EntitySchema.validate(table, lazy=True)
    MentionSchema.validate(mentions, lazy=True)
    RoleSchema.validate(roles, lazy=True)
    clean = dict(zip(docs["doc_id"], docs["clean_text"], strict=True))
    assert [clean[m.doc_id][m.char_start : m.char_end] for m in mentions.itertuples()] == mentions["surface"].tolist()
    resolved = mentions.merge(table, on="entity_id", how="left")
    return docs, table, resolved, roles


def _resolution(resolved: pd.DataFrame, surface: str) -> tuple[str, str, str | None, str]:
    rows = resolved[resolved["surface"] == surface]
    assert len(rows) >= 1, f"no mention '{surface}' in {resolved['surface'].tolist()}"
    row = rows.iloc[0]
    country = row["country"] if isinstance(row["country"], str) else None
    return str(row["canonical_name"]), str(row["kind"]), country, str(row["method"])


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # a misspelling of a dictionary name
        (
            "Northwind Systems said on Monday it would stay. Later, Northwnd Systems said it had no choice.",
            "Northwnd Systems",
            ("Northwind Systems", "ORG", "CAN", "fuzzy"),
        ),
        # ticker forms: the name, its legal suffix and the ticker are one mention
        (
            "Northwind Systems Ltd (NASDAQ:NWND) has confirmed that it will leave Pakistan.",
            "Northwind Systems Ltd (NASDAQ:NWND)",
            ("Northwind Systems", "ORG", "CAN", "ticker"),
        ),
        (
            "Northwind (TSX:NW) says it will remain operating in Pakistan.",
            "Northwind (TSX:NW)",
            ("Northwind Systems", "ORG", "CAN", "ticker"),
        ),
        # a descriptor's demonym must match the actor's country: not the most recent firm, the Canadian one
        (
            "Northwind Systems and Dresdner Werke signed the deal. The Canadian firm said it was pleased.",
            "The Canadian firm",
            ("Northwind Systems", "ORG", "CAN", "descriptor"),
        ),
        (
            "Dresdner Werke and Northwind Systems signed the deal. The German company said it was pleased.",
            "The German company",
            ("Dresdner Werke", "ORG", "DEU", "descriptor"),
        ),
        # an X-based place resolves through pycountry's subdivisions
        (
            "Dresdner Werke and Northwind Systems signed the deal. The Ontario-based company said it was pleased.",
            "The Ontario-based company",
            ("Northwind Systems", "ORG", "CAN", "descriptor"),
        ),
        # governments: from a demonym, a possessive, or the country in focus
        (
            "Northwind Systems will stay in Pakistan. The Pakistani government dropped its request.",
            "The Pakistani government",
            ("Government of Pakistan", "GOV", "PAK", "government"),
        ),
        (
            "Northwind Systems will stay in Pakistan after that country's government dropped its request.",
            "that country's government",
            ("Government of Pakistan", "GOV", "PAK", "government"),
        ),
        (
            "Northwind Systems will stay in India. The government dropped its request last week.",
            "The government",
            ("Government of India", "GOV", "IND", "government"),
        ),
        # a country that acts is its government; a country named as a place stays the country
        (
            "India wanted access to user data. Northwind Systems set up servers in India.",
            "India",
            ("Government of India", "GOV", "IND", "government"),
        ),
        (
            "Northwind Systems set up servers in Canada last year.",
            "Canada",
            ("Canada", "COUNTRY", "CAN", "country"),
        ),
        # capitals and seats of government acting are the government they stand for; named as places, places
        (
            "Ottawa says Northwind Systems may stay after all.",
            "Ottawa",
            ("Government of Canada", "GOV", "CAN", "government"),
        ),
        (
            "The Kremlin denied that Northwind Systems had been asked to leave.",
            "The Kremlin",
            ("Government of Russia", "GOV", "RUS", "government"),
        ),
        (
            "Canberra, which has accused Northwind Systems of spying, gave no reason.",
            "Canberra",
            ("Government of Australia", "GOV", "AUS", "government"),
        ),
        (
            "Northwind Systems recalled its envoy to Tehran last week.",
            "Tehran",
            ("Government of Iran", "GOV", "IRN", "government"),
        ),
        (
            "Northwind Systems opened an office in Ottawa last year.",
            "Ottawa",
            ("Ottawa", "PLACE", "CAN", "country"),
        ),
        # a country owning an act is its government acting, also as a demonym
        (
            "Since Russia's Feb. 24 invasion, Northwind Systems has closed its offices.",
            "Russia",
            ("Government of Russia", "GOV", "RUS", "government"),
        ),
        (
            "Northwind Systems closed its offices after a Russian invasion of the region.",
            "Russian",
            ("Government of Russia", "GOV", "RUS", "government"),
        ),
        # generic group actors
        (
            "Northwind Systems said it is happy to assist law enforcement agencies in investigations.",
            "law enforcement agencies",
            ("law enforcement agencies", "GOV", None, "descriptor"),
        ),
        (
            "The Telecom Authority of Pakistan notified carriers that the servers must close.",
            "carriers",
            ("Pakistani mobile carriers", "ORG", "PAK", "descriptor"),
        ),
    ],
)
def test_mentions_resolve_inside_a_document(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    text: str,
    surface: str,
    expected: tuple[str, str, str | None, str],
) -> None:
    _, _, resolved, _ = _run(nlp, boilerplate, settings, f"Northwind News\n\n{text}")
    assert _resolution(resolved, surface) == expected


def test_the_closest_dictionary_name_is_the_same_when_asked_again(nlp: Language) -> None:
    lex = lexicon_for(
        nlp,
        ACTORS,
        dictionaries.demonyms(),
        dictionaries.descriptors(),
        dictionaries.titles(),
        dictionaries.seats(),
        dictionaries.name_cues(),
    )

    def closest(name: str, cutoff: float) -> tuple[int, float] | None:
        found = process.extractOne(name, lex.fuzzy_names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
        return None if found is None else (lex.fuzzy_actor[found[2]], found[1])

    asked = [("northwnd systems", 85), ("dresdner werk", 85), ("northwnd systems", 99), ("jane doe", 85)]
    for name, cutoff in asked * 2:
        assert lex.closest_actor(name, cutoff) == closest(name, cutoff)
    # the same name against another cutoff is asked again: 97 is enough for 85, not for 99
    assert lex.closest_actor("northwnd systems", 85) == (0, pytest.approx(96.97, abs=0.01))
    assert lex.closest_actor("northwnd systems", 99) is None


def test_a_span_text_is_the_docs_own(nlp: Language) -> None:
    doc = nlp("Northwind Systems Ltd (NASDAQ:NWND) said  it’d stay in Pakistan’s market.")
    sentence = _Sentence("s", 1, 0, doc, is_headline=False)
    spans = [(start, end) for start in range(len(doc)) for end in range(start + 1, len(doc) + 1)]
    assert [sentence.span_text(start, end) for start, end in spans] == [doc[start:end].text for start, end in spans]


def test_place_country_is_not_the_government(nlp: Language, boilerplate: pd.DataFrame, settings: Settings) -> None:
    _, _, resolved, _ = _run(
        nlp,
        boilerplate,
        settings,
        "Northwind News\n\nIndia wanted access to user data. Northwind set up servers in India.",
    )
    india = resolved[resolved["surface"] == "India"]
    assert sorted(india["canonical_name"]) == ["Government of India", "India"]


def test_role_references_and_the_roles_table(nlp: Language, boilerplate: pd.DataFrame, settings: Settings) -> None:
    first = (
        "Northwind Stays\n\nJane Doe, chief operating officer of Northwind Systems, wrote in a blog post that "
        "the company would stay. Ms. Doe said the decision was final. Doe thanked the regulator."
    )
    second = "Northwind Leaves\n\nNorthwind's CEO, Jane Doe, said the firm would leave. The CEO gave no reason."
    third = "Northwind Statement\n\nNorthwind's COO announced that the company would not leave the country."
    _, table, resolved, roles = _run(nlp, boilerplate, settings, first, second, third)
    for surface in ("chief operating officer", "Ms. Doe", "Doe", "CEO", "The CEO", "COO"):
        assert _resolution(resolved, surface)[:3] == ("Jane Doe", "PERSON", "CAN"), surface
    name_of = dict(zip(table["entity_id"], table["canonical_name"], strict=True))
    statements = {
        (name_of[r.person_entity_id], r.role, name_of.get(r.organisation_entity_id)) for r in roles.itertuples()
    }
    # both statements stay, so that a later stage can flag the conflict
    assert statements == {
        ("Jane Doe", "chief operating officer", "Northwind Systems"),
        ("Jane Doe", "chief executive officer", "Northwind Systems"),
    }


def test_unknown_names_become_entities_and_cluster_across_documents(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings
) -> None:
    first = (
        "Deal Done\n\nIn July 2014, Northwind Systems acquired German encryption firm Krypteon, "
        "in an attempt to boost its security."
    )
    second = "Deal Reviewed\n\nRegulators in Berlin reviewed the sale of Krypteon to Northwind Systems last year."
    _, table, resolved, _ = _run(nlp, boilerplate, settings, first, second)
    krypteon = table[table["canonical_name"] == "Krypteon"]
    assert krypteon[["kind", "country", "document_count"]].values.tolist() == [["ORG", "DEU", 2]]
    krypteon_mentions = resolved[resolved["canonical_name"] == "Krypteon"]
    # the name from the model, the description set before it ("German encryption firm") resolved to it
    assert sorted(zip(krypteon_mentions["surface"], krypteon_mentions["method"], strict=True)) == [
        ("German encryption firm", "descriptor"),
        ("Krypteon", "model"),
        ("Krypteon", "model"),
    ]


def test_ids_are_deterministic(nlp: Language, boilerplate: pd.DataFrame, settings: Settings) -> None:
    text = "Northwind News\n\nNorthwind Systems said the Pakistani government dropped its request."
    _, first, first_mentions, _ = _run(nlp, boilerplate, settings, text)
    _, again, again_mentions, _ = _run(nlp, boilerplate, settings, text)
    assert first["entity_id"].tolist() == again["entity_id"].tolist()
    assert first_mentions["mention_id"].tolist() == again_mentions["mention_id"].tolist()


# Renamed and owned actors: one row per name, each with the period it is in force (dictionaries.actors).
TIMED_ACTORS = pd.DataFrame(
    [
        ["Northwind Systems", "ORG", "CAN", ["Northwind"], [], "1990", "2019-06-30", "Nortek Group", ""],
        ["Nortek Group", "ORG", "CAN", ["Nortek"], [], "2019-07-01", "", "", ""],
        ["Krypteon", "ORG", "DEU", [], [], "", "", "", "Nortek Group"],
    ],
    columns=[
        "canonical_name", "kind", "country", "aliases", "tickers", "valid_from", "valid_until", "successor", "parent",
    ],
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "published", "surface", "name"),
    [
        # a capital stands for the government of the state it was the capital of then
        (
            "Moscow rejected the proposal of Northwind Systems.",
            "1985-09-19",
            "Moscow",
            "Government of the Soviet Union",
        ),
        ("Moscow rejected the proposal of Northwind Systems.", "2015-09-19", "Moscow", "Government of Russia"),
        # the name in force on the article's date, whichever name the article uses
        ("Northwind Systems said it would stay in Canada.", "2016-05-02", "Northwind Systems", "Northwind Systems"),
        ("Northwind Systems said it would stay in Canada.", "2021-03-01", "Northwind Systems", "Nortek Group"),
        ("Nortek said it would stay in Canada.", "2016-05-02", "Nortek", "Northwind Systems"),
        # a date that holds both names (only the year is known): the one the article uses
        ("Nortek said it would stay in Canada.", "2019", "Nortek", "Nortek Group"),
        ("Northwind Systems said it would stay in Canada.", "2019", "Northwind Systems", "Northwind Systems"),
        # undated: the name the article uses, unless it also uses a later name of the same actor
        ("Northwind Systems said it would stay in Canada.", None, "Northwind Systems", "Northwind Systems"),
        ("Nortek, once Northwind Systems, said it would stay.", None, "Northwind Systems", "Nortek Group"),
        # a parent is a relation, not a name: the subsidiary keeps its own name
        ("Krypteon said it would stay in Germany.", "2021-03-01", "Krypteon", "Krypteon"),
    ],
)
def test_a_dictionary_name_is_the_one_in_force_on_the_articles_date(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    text: str,
    published: str | None,
    surface: str,
    name: str,
) -> None:
    _, _, resolved, _ = _run(
        nlp, boilerplate, settings, f"Northwind News\n\n{text}", dates=[published], actors=TIMED_ACTORS
    )
    assert _resolution(resolved, surface)[0] == name


@pytest.mark.parametrize(
    ("text", "surface", "country", "basis"),
    [
        # a name the dictionary does not know takes the country the article is about
        (
            "Peru's government closed the office. Valmora Chemicals said Peru had acted lawfully.",
            "Valmora Chemicals",
            "PER",
            "context",
        ),
        (
            "Peru's government closed the office. Juan Quispe said Peru had acted lawfully.",
            "Juan Quispe",
            "PER",
            "context",
        ),
        # ... unless the text states one: a demonym in a title, a description of the actor
        (
            "Peru's government closed the office. Chilean President Ana Rivas said Peru had acted lawfully.",
            "Ana Rivas",
            "CHL",
            "text",
        ),
        (
            "Peru closed the office of Valmora Chemicals. The Chilean company said Peru had acted lawfully.",
            "Valmora Chemicals",
            "CHL",
            "text",
        ),
        # the spokesman of an international body belongs to no country
        (
            "Peru closed the office. IMF spokesman Tom Ricks said Peru had acted lawfully.",
            "Tom Ricks",
            None,
            None,
        ),
    ],
)
def test_an_unknown_actors_country_comes_from_the_text_or_the_article(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    text: str,
    surface: str,
    country: str | None,
    basis: str | None,
) -> None:
    _, table, resolved, _ = _run(nlp, boilerplate, settings, f"Lima News\n\n{text}", actors=dictionaries.actors())
    name = _resolution(resolved, surface)[0]
    row = table[table["canonical_name"] == name].iloc[0]
    found = tuple(value if isinstance(value, str) else None for value in (row["country"], row["country_basis"]))
    assert found == (country, basis)


GROUP_ACTORS = pd.DataFrame(
    [
        ["Northwind Systems", "ORG", "CAN", ["Northwind"], []],
        ["Sable Brigade", "ORG", "", [], []],
    ],
    columns=["canonical_name", "kind", "country", "aliases", "tickers"],
)


def _name_and_country(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, text: str, surface: str
) -> tuple[str, str | None]:
    """The canonical name and country of the mention `surface` of `text`, with GROUP_ACTORS and the shipped
    dictionary."""
    actors = pd.concat([GROUP_ACTORS, dictionaries.actors()], ignore_index=True).fillna("")
    _, _, resolved, _ = _run(nlp, boilerplate, settings, f"World News\n\n{text}", actors=actors)
    name, _, country, _ = _resolution(resolved, surface)
    return name, country


@pytest.mark.parametrize(
    "text",
    [
        "The court said the vote was fair.",  # no court named: no guess
        "Kapsabet Mills cut jobs. A Kenyan watchdog group said the vote was fair.",  # indefinite, beside no name
    ],
)
def test_a_description_with_nothing_to_refer_to_stays_unresolved(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, text: str
) -> None:
    _, _, resolved, _ = _run(nlp, boilerplate, settings, f"World News\n\n{text}", actors=GROUP_ACTORS)
    described = resolved["surface"].str.contains("court|watchdog", regex=True)
    assert resolved[described].empty


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # a group takes the country its phrase names: a demonym, or "in" a country or capital after it
        (
            "Police in Moldova detained two organisers on Sunday.",
            "Police",
            ("Moldovan law enforcement agencies", "MDA"),
        ),
        (
            "Taxi drivers in Rome blocked the main roads on Monday.",
            "Taxi drivers",
            ("Italian taxi drivers", "ITA"),
        ),
        (
            "Striking Peruvian nurses marched to the ministry on Monday.",
            "Striking Peruvian nurses",
            ("Peruvian nurses", "PER"),
        ),
        # else the country the article is about, not one that backs it
        ("Rebels shelled the town of Gao in Mali overnight.", "Rebels", ("Malian militants", "MLI")),
        ("Iran-backed rebels attacked a ship off Yemen on Friday.", "rebels", ("Yemeni militants", "YEM")),
        # a group of an organisation: the one its phrase names, else the company last named
        (
            "Northwind Systems said its shareholders had approved the sale.",
            "its shareholders",
            ("Northwind Systems shareholders", "CAN"),
        ),
        (
            "Northwind Systems held its annual meeting. Most shareholders backed the board.",
            "the board",
            ("Northwind Systems board", "CAN"),
        ),
        # a word of an armed group resolves to the one armed group the article names with such a word
        (
            "The rebels attacked a base in Chad. Sable Brigade fighters later withdrew.",
            "The rebels",
            ("Sable Brigade", None),
        ),
        # a group word without narrowing nouns joins the latest group of its class and country
        (
            "Opposition protesters marched in Minsk. Police detained several activists.",
            "several activists",
            ("Belarusian opposition protesters", "BLR"),
        ),
        # police in general, not of a country: "access to police"
        ("Northwind Systems gives access to police under a court order.", "police", ("law enforcement agencies", None)),
        # a description naming its kind of body resolves to an actor whose name says so
        (
            "Peru's Constitutional Tribunal ruled on Monday. Valmora Chemicals said the court had erred.",
            "the court",
            ("Constitutional Tribunal", "PER"),
        ),
        # a country word is the country last named; acting, its government
        (
            "Chile signed the accord in June. The country will cut tariffs next year.",
            "The country",
            ("Government of Chile", "CHL"),
        ),
        ("Tourists returned to Chile, and hotels across the country reopened.", "the country", ("Chile", "CHL")),
        # "the capital": the capital of the country the article is about
        ("Police in Chile clashed with students in the capital on Friday.", "the capital", ("Santiago", "CHL")),
        # a description set beside a name is that name, and gives it its country
        (
            "Brazilian manufacturer Aerovia Sul said on Monday it would cut jobs.",
            "Brazilian manufacturer",
            ("Aerovia Sul", "BRA"),
        ),
        (
            "Mwangaza Trust, a Kenyan watchdog group, said the vote was fair.",
            "a Kenyan watchdog group",
            ("Mwangaza Trust", "KEN"),
        ),
        # a person word is the person last named
        ("Anna Berg spoke first in Oslo. The woman said the vote was fair.", "The woman", ("Anna Berg", "NOR")),
        # a shorter form of a name given in full is that actor: the end of a person's, the start of an organisation's
        (
            "Valmar de Souza arrived in Lima on Monday. Mr. De Souza said the office would close.",
            "De Souza",
            ("Valmar de Souza", "PER"),
        ),
        (
            "Kestrel Mining Group said it would expand in Chile. Kestrel said the mine would reopen.",
            "Kestrel",
            ("Kestrel Mining Group", "CHL"),
        ),
        # a name beside a title is a person's, and the title is theirs; an international body's has no country
        (
            "Catherine Ashworth, the European Union foreign affairs chief, announced the pledge in Haiti.",
            "foreign affairs chief",
            ("Catherine Ashworth", None),
        ),
        # the government of "the <Name> administration" is that of the country the person leads
        (
            "The Vargas administration said on Monday that Peru will not sign.",
            "administration",
            ("Government of Peru", "PER"),
        ),
        (
            "General Osei's military authorities denied it, Ghana's radio said.",
            "military authorities",
            ("Government of Ghana", "GHA"),
        ),
        # "Mr X" is a person, whoever the article says he is
        ("Mr Halloran is furious that the rules apply in Ireland.", "Mr Halloran", ("Halloran", "IRL")),
        # a description beside a name, whatever country or owner comes first in it
        (
            "Kestrel Mining Group, the nation's largest copper producer, said Chile would not object.",
            "largest copper producer",
            ("Kestrel Mining Group", "CHL"),
        ),
        # an abbreviated title ("FM") resolves to the holder of the full one
        (
            "Gulf state's FM condemns visit. UAE Foreign Minister Ali Hamdan said the visit was illegal.",
            "FM",
            ("Ali Hamdan", "ARE"),
        ),
        # observers of an organisation, companies of a trade
        (
            "The OSCE criticised the vote in Armenia, saying its monitors saw ballot stuffing.",
            "its monitors",
            ("Organization for Security and Co-operation in Europe monitors", None),
        ),
        (
            "Japanese computer makers gained ground in Ohio.",
            "Japanese computer makers",
            ("Japanese computer makers", "JPN"),
        ),
        # a state's institution named by its kind is that of the country its phrase or the article names
        (
            "The Supreme Court of Chile ruled on Monday. The court said the law stands.",
            "The court",
            ("Supreme Court of Chile", "CHL"),
        ),
        ("Protesters in Ghana said parliament would meet on Friday.", "parliament", ("Parliament of Ghana", "GHA")),
        (
            "The country's central bank raised rates, Kenya's treasury said.",
            "central bank",
            ("Central Bank of Kenya", "KEN"),
        ),
        # a country name that is also a common noun's phrase ("The Soviet Union") is the country's
        (
            "The Soviet Union yesterday ordered five diplomats to leave.",
            "Soviet Union",
            ("Government of the Soviet Union", "SUN"),
        ),
        # "the Commission" where the EU is named: the dictionary's body of that name under a named parent
        (
            "The EU fined the bank in Belgium. The Commission said the fine was fair.",
            "The Commission",
            ("European Commission", None),
        ),
        # an acronym joins the name it spells, given in brackets either way round
        (
            "Leaders of the Movement for Rural Justice (MRJ) met in Bolivia. The MRJ said it would march.",
            "MRJ",
            ("Movement for Rural Justice", "BOL"),
        ),
        (
            "Farmers of the RJM (Movement for Rural Justice) marched in Bolivia. RJM leaders said they would return.",
            "RJM",
            ("Movement for Rural Justice", "BOL"),
        ),
        # the most salient compatible actor: of those named lately, the most often named
        (
            "Northwind Systems lost its appeal. Northwind Systems must pay in Brussels. The European Commission "
            "said the fine stands. Jane Doe, the company's lawyer, said it would pay.",
            "the company",
            ("Northwind Systems", "CAN"),
        ),
        # the country a person's name is set in
        ("Denmark's Lindqvist said the fine stood, and the firm paid in Brussels.", "Lindqvist", ("Lindqvist", "DNK")),
        ("Kabore and his ally Tendai Moyo of Zimbabwe arrived in Lusaka.", "Tendai Moyo", ("Tendai Moyo", "ZWE")),
        # a name a description is built on, and the same name the model left untagged later
        (
            "Voters in Tunisia backed the moderate Islamist Nahda party. Nahda, part of the coalition, said so.",
            "Nahda",
            ("Nahda", "TUN"),
        ),
        # a finite verb is no part of a group's phrase
        (
            "Mr Saied ousted the cabinet and suspended parliament in Tunisia.",
            "parliament",
            ("Parliament of Tunisia", "TUN"),
        ),
        # a dictionary name that ends a person's name is the person's: Jane Northwind is no company
        ("Jane Northwind, a lawyer in Oslo, said the deal was fair.", "Jane Northwind", ("Jane Northwind", "NOR")),
        # the country before a rank is its holder's, not the article's
        ("Afghan officials met US General Tom Hale in Kabul on Monday.", "Tom Hale", ("Tom Hale", "USA")),
        ("Afghan officials met British Col. Tom Hale in Kabul on Monday.", "Tom Hale", ("Tom Hale", "GBR")),
        # a minister of any portfolio, capitalised or not, is a title, not a name ("Education" is no organisation)
        (
            "Kenya's Education minister Amina Odhiambo spoke on Friday. The Education minister said schools "
            "would reopen.",
            "The Education minister",
            ("Amina Odhiambo", "KEN"),
        ),
        # a country's canonical name is its full name, whatever short form or acronym the text uses
        ("Aid reached the DRC last week.", "DRC", ("Democratic Republic of the Congo", "COD")),
        ("Congo's health ministry said the outbreak was over.", "Congo", ("Democratic Republic of the Congo", "COD")),
        ("The king of Swaziland met traders in Mbabane.", "Swaziland", ("Eswatini", "SWZ")),
        # a division or capital inside an organisation's name gives its country, before the article's
        (
            "Germany funds the work. Engineers at the Massachusetts Institute of Technology built the device.",
            "Massachusetts Institute of Technology",
            ("Massachusetts Institute of Technology", "USA"),
        ),
        # a one-word division only after "of" or before a head word: else it is often a name of another kind
        (
            "Kenya's economy grew fast. The Nelson Mandela Foundation opened an office near Nairobi.",
            "Nelson Mandela Foundation",
            ("Nelson Mandela Foundation", "KEN"),
        ),
        (
            "France's budget passed. Profits rose at the Bank of Ontario, its chief said in Paris.",
            "Bank of Ontario",
            ("Bank of Ontario", "CAN"),
        ),
        # an international body by its name takes no country from the article
        (
            "Britain signed a deal with the Southern African Customs Union in London.",
            "Southern African Customs Union",
            ("Southern African Customs Union", None),
        ),
        # nor does one who holds an office there
        (
            "Sudan's army agreed to the Southern African Customs Union envoy Tom Hale's plan in Khartoum.",
            "Tom Hale",
            ("Tom Hale", None),
        ),
        # a company ending in such a word is no international body (nor is a one-word division before no head word
        # a place): it takes its article's country
        (
            "Kenya's economy grew fast. Savannah International opened a plant near Nairobi.",
            "Savannah International",
            ("Savannah International", "KEN"),
        ),
        # a group of an organisation takes the organisation's country, settled from the article after it
        (
            "Kenya's economy grew fast. Tana Cement Ltd said its shareholders had approved the sale.",
            "its shareholders",
            ("Tana Cement Ltd shareholders", "KEN"),
        ),
        # so does an office there whose holder the article does not name
        (
            "Kenya's economy grew fast. The chairman of Tana Cement Ltd resigned on Monday.",
            "The chairman",
            ("chairman of Tana Cement Ltd", "KEN"),
        ),
        # an article naming no country, capital or province is about the country of its government bodies
        (
            "FBI agents arrested Mark Halloway at his home in Dayton on Monday.",
            "Mark Halloway",
            ("Mark Halloway", "USA"),
        ),
    ],
)
def test_a_mention_names_its_actor_and_country(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    text: str,
    surface: str,
    expected: tuple[str, str | None],
) -> None:
    assert _name_and_country(nlp, boilerplate, settings, text, surface) == expected


def test_the_entity_table_carries_the_dictionarys_periods_parents_and_kinds(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings
) -> None:
    text = "Nortek Statement\n\nNortek said Krypteon would comply. The Clean Air Act of 1970 limits emissions."
    _, table, _, _ = _run(nlp, boilerplate, settings, text, dates=["2021-03-01"], actors=TIMED_ACTORS)
    rows = table.set_index("canonical_name")
    facts = rows.loc[["Nortek Group", "Krypteon"], ["valid_from", "valid_until", "successor", "parent"]]
    assert facts.fillna("").values.tolist() == [["2019-07-01", "", "", ""], ["", "", "", "Nortek Group"]]
    # a law is named, never an actor of an event
    assert rows.loc["Clean Air Act", "kind"] == "LAW"


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # the name's head word says its kind, whatever label the model gave it
        ("Kestrel United beat the visitors 3-1 on Saturday.", "Kestrel United", ("Kestrel United", "ORG")),
        ("Orbital Lab said on Monday it had raised new funding.", "Orbital Lab", ("Orbital Lab", "ORG")),
        ("Floods hit Marlow County on Sunday, officials said.", "Marlow County", ("Marlow County", "PLACE")),
        ("Flood Warning issued for Marlow County by the weather service.", "Flood Warning", ("Flood Warning", "EVENT")),
        ("The court ruled under the Prevention of Fraud Act on Monday.", "Prevention of Fraud Act", (None, "LAW")),
        # a run of proper nouns ending in a club's or a company's head word, which the model left untagged
        ("But Kestrel City FC faced a brief challenge from Harlow FC.", "Kestrel City FC", ("Kestrel City FC", "ORG")),
        ("Kestrel FC head coach Tom Hale said the win was deserved.", "Kestrel FC", ("Kestrel FC", "ORG")),
        ("Kestrel FC head coach Tom Hale said the win was deserved.", "head coach", ("Tom Hale", "PERSON")),
        # a product by the noun of its kind after it, the verb it is the object of, its owner: every mention
        ("The Vireo rocket lifted off on Friday. Vireo reached orbit.", "Vireo", ("Vireo", "PRODUCT")),
        (
            "Northwind Systems unveiled the Quillpad. Northwind's Quillpad costs less.",
            "Quillpad",
            ("Quillpad", "PRODUCT"),
        ),
        # a thing by the noun the sentence says it is, whatever the model's label
        ("Northwind said the Quillpad was a popular device in Europe.", "Quillpad", ("Quillpad", "PRODUCT")),
        ("Analysts said the Kestrel was Northwind's best-selling phone.", "Kestrel", ("Kestrel", "PRODUCT")),
        # a place in capitals that opens the story is that place
        ("LYON – Northwind Systems said on Monday it would open an office.", "LYON", ("Lyon", "PLACE")),
        # words the model took into a name are left out: a bullet, a dash, a verb of a headline
        ("• Maria Kowalczyk said the plan would work.", "Maria Kowalczyk", ("Maria Kowalczyk", "PERSON")),
        ("Reserve Bank of Ruritania Goes to Raise Rates", "Reserve Bank of Ruritania", (None, "ORG")),
        # a description after a name that holds an office is no kind of the name: "head of the agency"
        ("Jan Novak, head of the civil protection agency, said so.", "Jan Novak", ("Jan Novak", "PERSON")),
        # a name after the noun of a place's kind and "of", alone or in a list, is a place's
        ("Troops entered the town of Sangin on Monday.", "Sangin", ("Sangin", "PLACE")),
        ("Rebels shelled the village of Kafr Nabl overnight.", "Kafr Nabl", ("Kafr Nabl", "PLACE")),
        ("Floods hit villages in the regions of Abruzzo, Molise and Puglia on Sunday.", "Molise", ("Molise", "PLACE")),
        # a country's name with its acronym in brackets is the country's, not an organisation's
        (
            "Officials confirmed 12 cases in Democratic Republic of Congo (DRC) on Friday.",
            "Democratic Republic of Congo",
            ("Democratic Republic of the Congo", "COUNTRY"),
        ),
    ],
)
def test_a_names_kind_comes_from_its_shape_and_context(
    nlp: Language,
    boilerplate: pd.DataFrame,
    settings: Settings,
    text: str,
    surface: str,
    expected: tuple[str | None, str],
) -> None:
    _, _, resolved, _ = _run(nlp, boilerplate, settings, f"World News\n\n{text}")
    name, kind, _, _ = _resolution(resolved, surface)
    assert (name if expected[0] is not None else None, kind) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ÜÿØ ÂÚU ŠØæÙ said the plan would work.",  # letters of a page decoded with the wrong encoding
        "The coach said on Monday: सोमवार रात को हमारे मालिकों ने कहा।",  # another script than the model's
        "Time was running out for the rescue workers, who had little time left.",  # a capital of the sentence
    ],
)
def test_what_is_no_name_is_no_mention(nlp: Language, boilerplate: pd.DataFrame, settings: Settings, text: str) -> None:
    _, _, resolved, _ = _run(nlp, boilerplate, settings, f"World News\n\n{text}")
    names = resolved.loc[resolved["method"] == "model", "surface"]
    assert names[names != "World News"].tolist() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a story that names only a city is about the city's country
        ("Mark Halloway opened a bakery in Brisbane on Monday.", "AUS"),
        ("Mark Halloway opened a bakery in San Francisco on Monday.", "USA"),
        # not when cities of that name lie in countries of like size
        ("Mark Halloway opened a bakery in Richmond on Monday.", None),
    ],
)
def test_a_local_story_is_about_the_country_of_its_city(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, text: str, expected: str | None
) -> None:
    _, _, resolved, _ = _run(nlp, boilerplate, settings, f"World News\n\n{text}", gazetteer=load_gazetteer())
    assert _resolution(resolved, "Mark Halloway")[2] == expected


def test_a_state_named_after_it_is_a_division_not_the_government(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings
) -> None:
    _, _, resolved, _ = _run(nlp, boilerplate, settings, "World News\n\nVoting ended in the Indian state of Odisha.")
    assert resolved[["surface", "kind", "country"]].values.tolist()[1:] == [["Odisha", "PLACE", "IND"]]


def _entity_ids(resolved: pd.DataFrame, docs: pd.DataFrame, surface: str) -> list[str]:
    """The entity of the first mention `surface` in each document, in the documents' order."""
    rows = resolved[resolved["surface"] == surface]
    first = rows.drop_duplicates("doc_id").set_index("doc_id")["entity_id"]
    return [str(first[doc_id]) for doc_id in docs["doc_id"] if doc_id in first.index]


@pytest.mark.parametrize(
    ("texts", "surface", "same"),
    [
        # a story's group of no country, acting or definite, is each article's own: no blob across articles
        (
            ["Police fired tear gas at marchers on Friday.", "Police arrested two men outside the bank."],
            "Police",
            False,
        ),
        # the class in general ("assist law enforcement agencies") is one actor everywhere
        (
            [
                "Northwind Systems is happy to assist law enforcement agencies in investigations.",
                "The company said it would assist law enforcement agencies.",
            ],
            "law enforcement agencies",
            True,
        ),
        # an office whose holder and country an article does not name is that article's: another person
        (
            ["The minister said the budget would pass.", "The minister said the budget would fail."],
            "The minister",
            False,
        ),
    ],
)
def test_actors_known_only_in_one_article_stay_in_it(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings, texts: list[str], surface: str, same: bool
) -> None:
    docs, _, resolved, _ = _run(nlp, boilerplate, settings, *(f"World News\n\n{text}" for text in texts))
    ids = _entity_ids(resolved, docs, surface)
    assert (len(ids), len(set(ids)) == 1) == (2, same)


def test_a_story_group_takes_the_country_of_its_article_and_a_cluster_its_fullest_name(
    nlp: Language, boilerplate: pd.DataFrame, settings: Settings
) -> None:
    texts = [
        "Rescue teams searched the rubble in Italy. Authorities said 200 people had died.",
        "Tendai Moyo arrived in Lusaka on Monday.",
        "Moyo said the talks went well. Moyo added that more were due.",
    ]
    _, _, resolved, _ = _run(nlp, boilerplate, settings, *(f"World News\n\n{text}" for text in texts))
    assert _resolution(resolved, "Authorities")[:3] == ("Italian law enforcement agencies", "GOV", "ITA")
    # the surname of one article joins the full name of another, which names both: not the more frequent "Moyo"
    moyo = resolved[resolved["surface"].isin(["Moyo", "Tendai Moyo"])]
    assert (len(moyo), set(moyo["canonical_name"]), moyo["entity_id"].nunique()) == (3, {"Tendai Moyo"}, 1)
