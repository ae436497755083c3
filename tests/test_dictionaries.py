"""The dictionaries and their loaders: every loader reports every malformed row; the event-coding ones
(verb patterns, attribution cues, modality cues) also hold the expected entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pipeline import dictionaries
from pipeline.dictionaries import DictionaryError, DictionaryRowsError
from pipeline.plover import FACTUALITY, PLOVER_MODES, PLOVER_TYPES, code_predicate


def _coded(patterns: pd.DataFrame, lemma: str, pos: str, objects: set[str]) -> tuple[str, str, str] | None:
    coded = code_predicate(patterns, lemma, pos, objects)
    return None if coded is None else (coded.event_type, coded.mode, coded.cameo)


VERB_HEADER = "lemma,pos,object,event_type,mode,cameo,source_role,note"


@pytest.fixture(scope="module")
def patterns() -> pd.DataFrame:
    return dictionaries.verb_patterns()


@pytest.fixture(scope="module")
def attribution() -> pd.DataFrame:
    return dictionaries.attribution_cues()


@pytest.fixture(scope="module")
def modality() -> pd.DataFrame:
    return dictionaries.modality_cues()


@pytest.mark.parametrize(
    ("loader", "columns"),
    [
        (
            dictionaries.verb_patterns,
            [
                "lemma",
                "pos",
                "object",
                "event_type",
                "mode",
                "cameo",
                "source_role",
                "note",
                "negated_type",
                "factuality",
            ],
        ),
        (dictionaries.attribution_cues, ["lemma", "kind", "note"]),
        (dictionaries.modality_cues, ["cue", "pos", "factuality", "note"]),
        (dictionaries.boilerplate_patterns, ["pattern", "scope", "reason"]),
        (dictionaries.counts, ["word", "kind", "value"]),
        (dictionaries.timex_cues, ["phrase", "role", "value"]),
        (dictionaries.holidays, ["name", "month", "day", "weekday", "nth", "easter_offset"]),
        (
            dictionaries.actors,
            [
                "canonical_name",
                "kind",
                "country",
                "aliases",
                "tickers",
                "valid_from",
                "valid_until",
                "successor",
                "parent",
            ],
        ),
        (dictionaries.seats, ["term", "alpha3", "actor", "kind", "valid_from", "valid_until"]),
        (dictionaries.demonyms, ["term", "alpha3", "kind"]),
        (
            dictionaries.descriptors,
            ["term", "kind", "category", "canonical_name", "form", "country_scope", "name_words"],
        ),
        (dictionaries.titles, ["title", "role", "category"]),
        (dictionaries.name_cues, ["term", "position", "kind", "overrides_person"]),
        (dictionaries.light_verbs, ["lemma"]),
    ],
)
def test_every_file_loads_with_its_columns(loader: Callable[[], pd.DataFrame], columns: list[str]) -> None:
    table = loader()
    assert list(table.columns) == columns
    assert len(table) > 0


def test_every_type_is_plover_and_every_mode_belongs_to_its_type(patterns: pd.DataFrame) -> None:
    assert set(patterns["event_type"]) <= {*PLOVER_TYPES, ""}
    for event_type, mode in zip(patterns["event_type"], patterns["mode"], strict=True):
        assert mode == "" or mode in PLOVER_MODES[event_type]


@pytest.mark.parametrize(
    ("lemma", "objects", "expected"),
    [
        ("meet", set(), "CONSULT"),
        ("meet", {"expectation"}, None),  # a row without a type: no event, whatever the general row
        ("beat", set(), "ASSAULT"),
        ("beat", {"forecast"}, None),
        ("dismiss", {"@person"}, "COERCE"),  # a constraint on the kind of the object's actor
        ("dismiss", {"claim"}, "REJECT"),
    ],
)
def test_rows_that_are_no_event_and_actor_kind_constraints(
    patterns: pd.DataFrame, lemma: str, objects: set[str], expected: str | None
) -> None:
    coded = _coded(patterns, lemma, "VERB", objects)
    assert (coded[0] if coded else None) == expected


@pytest.mark.parametrize("event_type", PLOVER_TYPES)
def test_each_plover_type_has_general_coverage(patterns: pd.DataFrame, event_type: str) -> None:
    rows = patterns[patterns["event_type"] == event_type]
    assert len(rows) >= 15
    assert (rows["object"] == "").sum() >= 5  # some rows apply without an object constraint


@pytest.mark.parametrize(("event_type", "mode"), [(t, m) for t, modes in PLOVER_MODES.items() for m in modes])
def test_every_plover_mode_has_rows(patterns: pd.DataFrame, event_type: str, mode: str) -> None:
    rows = patterns[(patterns["event_type"] == event_type) & (patterns["mode"] == mode)]
    assert len(rows) >= 2


@pytest.mark.parametrize("event_type", PLOVER_TYPES)
def test_every_plover_type_has_verbs_and_event_nouns(patterns: pd.DataFrame, event_type: str) -> None:
    rows = patterns[patterns["event_type"] == event_type]
    assert {"VERB", "NOUN"} <= set(rows["pos"])


def test_every_row_says_why(patterns: pd.DataFrame) -> None:
    assert (patterns["note"].str.strip() == "").sum() == 0


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        # the event nouns light verbs take: "held talks", "issued a ban", "imposed sanctions", "filed a
        # lawsuit", "staged a protest", "launched an offensive", "registered a protest", "waged war"
        ("talk", "CONSULT"),
        ("ban", "COERCE"),
        ("sanction", "SANCTION"),
        ("lawsuit", "ACCUSE"),
        ("protest", "PROTEST"),
        ("offensive", "ASSAULT"),
        ("war", "ASSAULT"),
        ("ruling", None),  # a ruling may favour either side: no event of its own
    ],
)
def test_event_nouns_of_light_verbs(patterns: pd.DataFrame, noun: str, expected: str | None) -> None:
    coded = _coded(patterns, noun, "NOUN", set())
    assert (coded[0] if coded else None) == expected


def test_reporting_verbs_are_not_events(patterns: pd.DataFrame, attribution: pd.DataFrame) -> None:
    # A reporting verb may carry object-constrained rows ("continue operating") but never a general one.
    general = set(patterns.loc[patterns["object"] == "", "lemma"])
    assert general & set(attribution.loc[~attribution["kind"].isin(["commitment", "intention"]), "lemma"]) == set()
    assert "announce" not in set(patterns["lemma"])


@pytest.mark.parametrize(
    ("cue", "factuality"),
    [
        ("will", "intended"),
        ("'ll", "intended"),
        ("plan", "intended"),
        ("threaten", "intended"),
        ("would", "hypothetical"),
        ("could", "hypothetical"),
        ("if", "hypothetical"),
        ("unless", "hypothetical"),
        ("willing", "hypothetical"),
        ("not", "negated"),
        ("n't", "negated"),
        ("never", "negated"),
        ("nor", "negated"),
        ("without", "negated"),
    ],
)
def test_modality_cues(modality: pd.DataFrame, cue: str, factuality: str) -> None:
    assert set(modality.loc[modality["cue"] == cue, "factuality"]) == {factuality}


def test_refusal_is_an_event_not_a_negation(modality: pd.DataFrame, patterns: pd.DataFrame) -> None:
    assert {"refuse", "decline", "reject"} & set(modality["cue"]) == set()
    assert _coded(patterns, "refuse", "VERB", set()) == ("REJECT", "", "120")


@pytest.mark.parametrize(
    ("lemma", "pos", "objects", "expected_type", "expected_mode"),
    [
        # REQUEST
        ("ask", "VERB", {"provide"}, "REQUEST", "assist"),
        ("request", "VERB", set(), "REQUEST", ""),
        ("demand", "NOUN", set(), "REQUEST", ""),
        ("call for", "VERB", {"ceasefire"}, "REQUEST", "yield"),
        ("want", "VERB", {"access"}, "REQUEST", "assist"),
        ("order", "VERB", {"provide"}, "REQUEST", ""),
        ("order", "VERB", {"arrest"}, "COERCE", ""),
        ("order", "VERB", {"leave"}, "COERCE", ""),
        # REJECT
        ("decline", "VERB", set(), "REJECT", ""),
        ("deny", "VERB", set(), "REJECT", ""),
        ("refusal", "NOUN", set(), "REJECT", ""),
        ("fail", "VERB", {"release"}, "REJECT", "yield"),
        ("fail", "VERB", {"comply"}, "REJECT", "yield"),
        ("stay", "VERB", {"president"}, "REJECT", "change"),
        ("remain", "VERB", {"power"}, "REJECT", "change"),
        ("scrap", "VERB", {"agreement"}, "REJECT", "meet"),
        ("scrap", "VERB", {"plan"}, "CONCEDE", ""),
        ("accept", "VERB", {"fine"}, "CONCEDE", ""),
        ("pledge", "VERB", {"aid"}, "AID", ""),
        # THREATEN
        ("threaten", "VERB", {"ban"}, "THREATEN", "ban"),
        ("threaten", "VERB", {"stop"}, "THREATEN", "ban"),
        ("threaten", "VERB", {"attack"}, "THREATEN", "violence"),
        ("threaten", "VERB", set(), "THREATEN", ""),
        ("threat", "NOUN", set(), "THREATEN", ""),
        # SANCTION and RETREAT: exits and withdrawals
        ("exit", "VERB", set(), "SANCTION", "withdraw"),
        ("cease", "VERB", {"operation"}, "SANCTION", "withdraw"),
        ("stop", "VERB", {"operation"}, "SANCTION", "withdraw"),
        ("close", "VERB", {"operation"}, "SANCTION", "withdraw"),
        ("leave", "VERB", {"country"}, "SANCTION", "withdraw"),
        ("leave", "VERB", {"office"}, "RETREAT", "resign"),
        ("pull out", "VERB", set(), "SANCTION", "withdraw"),
        ("withdraw", "VERB", set(), "SANCTION", "withdraw"),
        ("withdraw", "VERB", {"troop"}, "RETREAT", "withdraw"),
        ("sanction", "NOUN", set(), "SANCTION", "sever"),
        ("release", "VERB", set(), "RETREAT", "release"),
        ("release", "VERB", {"smartphone"}, "COOPERATE", ""),
        # CONCEDE: yielding
        ("back off", "VERB", set(), "CONCEDE", ""),
        ("rescind", "VERB", {"order"}, "CONCEDE", ""),
        ("drop", "VERB", {"request"}, "CONCEDE", ""),
        ("withdraw", "VERB", {"demand"}, "CONCEDE", ""),
        ("extend", "VERB", {"deadline"}, "CONCEDE", ""),
        ("lift", "VERB", {"ban"}, "CONCEDE", ""),
        ("lift", "VERB", {"sanction"}, "RETREAT", "ease"),
        ("allow", "VERB", {"continue"}, "CONCEDE", ""),
        # AGREE, SUPPORT, CONSULT
        ("agree", "VERB", set(), "AGREE", ""),
        ("remain", "VERB", {"operate"}, "AGREE", ""),
        ("stay", "VERB", set(), "AGREE", ""),
        ("agreement", "NOUN", set(), "AGREE", ""),
        ("thank", "VERB", set(), "SUPPORT", ""),
        ("grateful", "ADJ", set(), "SUPPORT", ""),
        ("welcome", "VERB", set(), "SUPPORT", ""),
        ("negotiate", "VERB", set(), "CONSULT", ""),
        ("talks", "NOUN", set(), "CONSULT", ""),
        ("visit", "VERB", set(), "CONSULT", "visit"),
        # COOPERATE and AID: business and material exchange
        ("acquire", "VERB", set(), "COOPERATE", ""),
        ("acquisition", "NOUN", set(), "COOPERATE", ""),
        ("roll out", "VERB", set(), "COOPERATE", ""),
        ("set up", "VERB", {"server"}, "COOPERATE", ""),
        ("provide", "VERB", {"access"}, "COOPERATE", ""),
        ("provide", "VERB", {"aid"}, "AID", "economic"),
        ("assist", "VERB", {"agency"}, "COOPERATE", ""),
        ("donate", "VERB", set(), "AID", "economic"),
        # ACCUSE, PROTEST, MOBILIZE, COERCE, ASSAULT
        ("accuse", "VERB", set(), "ACCUSE", "disapprove"),
        ("criticise", "VERB", set(), "ACCUSE", "disapprove"),
        ("investigate", "VERB", set(), "ACCUSE", "investigate"),
        ("protest", "VERB", set(), "PROTEST", "demo"),
        ("deploy", "VERB", set(), "MOBILIZE", "troops"),
        ("ban", "VERB", set(), "COERCE", "ban"),
        ("prohibit", "VERB", set(), "COERCE", "ban"),
        ("shutdown order", "NOUN", set(), "COERCE", "ban"),
        ("arrest", "VERB", set(), "COERCE", "arrest"),
        ("make", "VERB", {"mandatory"}, "COERCE", "restrict"),
        ("attack", "VERB", set(), "ASSAULT", ""),
        ("kill", "VERB", set(), "ASSAULT", ""),
        ("strike", "VERB", {"deal"}, "AGREE", ""),
    ],
)
def test_code_predicate_table(
    patterns: pd.DataFrame, lemma: str, pos: str, objects: set[str], expected_type: str, expected_mode: str
) -> None:
    coded = _coded(patterns, lemma, pos, objects)
    assert coded is not None
    event_type, mode, cameo = coded
    assert (event_type, mode) == (expected_type, expected_mode)
    assert cameo.isdigit()


@pytest.mark.parametrize(
    ("lemma", "pos", "objects"),
    [
        ("say", "VERB", set()),
        ("announce", "VERB", set()),
        ("continue", "VERB", set()),  # "Beard continued": a speech cue unless it continues an operation
        ("remain", "VERB", {"silent"}),  # copular "remain" has no general row
        ("threaten", "NOUN", set()),  # pos must match
        ("fail", "VERB", {"meet"}),  # only failing to do what is demanded refuses
        ("fail", "VERB", {"return"}),  # "failed to return calls seeking comment"
        ("leave", "VERB", {"soldier"}),  # "leaving eight soldiers dead": an attack's toll
    ],
)
def test_code_predicate_returns_none_for_non_events(
    patterns: pd.DataFrame, lemma: str, pos: str, objects: set[str]
) -> None:
    assert _coded(patterns, lemma, pos, objects) is None


def test_specific_row_beats_general_and_file_order_breaks_ties() -> None:
    table = pd.DataFrame(
        [
            ["halt", "VERB", "", "SANCTION", "sever", "160", "subject", "general"],
            ["halt", "VERB", "attack", "RETREAT", "ceasefire", "0871", "subject", "specific"],
            ["halt", "VERB", "talks", "SANCTION", "cancel", "164", "subject", "second specific"],
        ],
        columns=VERB_HEADER.split(","),
    )
    assert _coded(table, "Halt", "verb", {"Attack"}) == ("RETREAT", "ceasefire", "0871")
    assert _coded(table, "halt", "VERB", {"trade"}) == ("SANCTION", "sever", "160")
    assert _coded(table, "halt", "VERB", {"talks", "attack"}) == ("RETREAT", "ceasefire", "0871")


@pytest.mark.parametrize(
    ("loader", "text", "expected"),
    [
        (
            dictionaries.verb_patterns,
            VERB_HEADER + "\n"
            "refuse,VERB,,REJECT,,120,subject,ok\n"
            "demand,VERB,,DEMAND,,100,subject,not a PLOVER type in POLECAT\n"
            "threaten,ADV,,THREATEN,,130,subject,bad pos\n"
            ",VERB,,AGREE,,030,subject,empty lemma\n"
            "refuse,VERB,,REJECT,,120,subject,duplicate of row 2\n"
            "ban,VERB,,COERCE,,17a,subject,cameo not digits\n"
            "kill,VERB,,ASSAULT,ban,190,subject,mode of another type\n"
            "host,VERB,,CONSULT,visit,043,recipient,bad source role\n"
            "Attack,VERB,,ASSAULT,,190,subject,upper case\n",
            {
                (3, "event_type"),
                (4, "pos"),
                (5, "lemma"),
                (6, "lemma+pos+object"),
                (7, "cameo"),
                (8, "mode"),
                (9, "source_role"),
                (10, "lemma"),
            },
        ),
        (
            dictionaries.verb_patterns,
            "lemma,pos,event_type,cameo,source_role,note,colour\nrefuse,VERB,REJECT,120,subject,ok,red\n",
            {(1, "header")},
        ),
        (
            dictionaries.attribution_cues,
            "lemma,kind,note\nsay,speech,ok\nsay,speech,duplicate\naccording to,quote,bad kind\n,speech,empty\n",
            {(3, "lemma"), (4, "kind"), (5, "lemma")},
        ),
        (
            dictionaries.modality_cues,
            "cue,pos,factuality,note\nwill,AUX,intended,ok\nwould,AUX,maybe,bad factuality\n"
            "if,CONJ,hypothetical,bad pos\nwill,AUX,intended,duplicate\n",
            {(3, "factuality"), (4, "pos"), (5, "cue+pos")},
        ),
        (
            dictionaries.boilerplate_patterns,
            "pattern,scope,reason,comment\n^Image Source:.*$,line,image_credit,ok\n"
            "^(Photo,line,image_credit,unbalanced\n^Share$,page,share,bad scope\n",
            {(3, "pattern"), (4, "scope")},
        ),
        (
            dictionaries.counts,
            "word,kind,value,note\nkill,measure,deaths,ok\nmore than,qualifier,over,bad qualifier\n"
            "people,count,people,bad kind\n",
            {(3, "value"), (4, "kind")},
        ),
        (dictionaries.counts, "word,kind,colour\nkill,measure,red\n", {(1, "header")}),
        (
            dictionaries.timex_cues,
            "phrase,role,value,comment\nlast,shift,-1,ok\nnext,shift,one,not a number\n"
            "tomorrow,day_shift,+1,ok\nsoon,vague,,bad role\n",
            {(3, "value"), (5, "role")},
        ),
        (
            dictionaries.holidays,
            "name,month,day,weekday,nth,easter_offset\nChristmas,12,25,,,\nLabor Day,9,,1,first,\n"
            "Easter,,,,,0\nMid Day,6,15,1,2,\nChristmas,12,25,,,\n",
            {(3, "nth"), (5, "rule"), (6, "name")},
        ),
        (
            dictionaries.actors,
            "canonical_name,kind,country,aliases,tickers,comment\n"
            "BlackBerry,ORG,CAN,RIM,NYSE:BB|TSX:BB,ok\nAcme,COMPANY,Canada,,BB,bad kind country ticker\n"
            "BlackBerry,ORG,,,,duplicate\n",
            {(3, "kind"), (3, "country"), (3, "tickers"), (4, "canonical_name")},
        ),
        (
            dictionaries.actors,
            "canonical_name,kind,country,aliases,tickers,valid_from,valid_until,successor,parent\n"
            "Old Name,ORG,,,,1990,2013-01-29,New Name,\n"
            "New Name,ORG,,,,2013-01-30,,,Holding\n"
            "Early Name,ORG,,,,2001,1999,Old Name,\n"
            "Loose Name,ORG,,,,01/02/2003,,Ghost,Loose Name\n"
            "Open Name,ORG,,,,,,New Name,\n",
            {
                (3, "parent"),
                (4, "valid_until"),
                (4, "successor"),
                (5, "valid_from"),
                (5, "valid_until"),
                (5, "successor"),
                (5, "parent"),
                (6, "valid_until"),
            },
        ),
        (
            lambda path: dictionaries.seats(path, path),
            "term,alpha3,actor,kind,valid_from,valid_until\nOttawa,CAN,,capital,,\nKremlin,RU,,seat,,\n"
            "Brussels,,European Union,seat,1958,\nMoscow,SUN,,capitol,1991,1922\n,USA,,seat,,\n",
            {(3, "alpha3"), (5, "kind"), (5, "valid_until"), (6, "term")},
        ),
        (
            dictionaries.demonyms,
            "term,alpha3,kind\nAfghan,AFG,demonym\nPakistani,PK,demonym\nBurma,MMR,nickname\n",
            {(3, "alpha3"), (4, "kind")},
        ),
        (
            dictionaries.descriptors,
            "term,kind,category,canonical_name,form,country_scope\ncompany,ORG,anaphor,,definite,explicit\n"
            "Taliban,ORG,group,,bare,explicit\nfirm,FIRM,pronoun,,some,everywhere\n",
            {(3, "canonical_name"), (4, "kind"), (4, "category"), (4, "form"), (4, "country_scope")},
        ),
        (
            dictionaries.titles,
            "title,role,category\nchief executive,chief executive officer,office\nminister,,office\nmr,,nickname\n",
            {(3, "role"), (4, "category")},
        ),
        (
            dictionaries.name_cues,
            "term,position,kind,overrides_person\nfc,head,ORG,yes\nLab,tail,COMPANY,maybe\nfc,head,ORG,yes\n",
            {(3, "term"), (3, "position"), (3, "kind"), (3, "overrides_person"), (4, "term+position")},
        ),
        (dictionaries.light_verbs, "lemma,note\nmake,ok\n,empty\n  ,blank\n", {(3, "lemma"), (4, "lemma")}),
    ],
)
def test_loaders_report_every_malformed_row(
    tmp_path: Path, loader: Callable[[Path], pd.DataFrame], text: str, expected: set[tuple[int, str]]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryRowsError) as caught:
        loader(path)
    assert {(row, column) for row, column, _, _ in caught.value.problems} == expected
    assert isinstance(caught.value, DictionaryError)


def test_factuality_values_are_the_four_of_the_gold_format() -> None:
    assert FACTUALITY == ("asserted", "negated", "intended", "hypothetical")
    assert len(PLOVER_TYPES) == len(set(PLOVER_TYPES)) == 16


def test_a_parent_company_is_a_relation_not_a_name() -> None:
    actors = dictionaries.actors().set_index("canonical_name")
    rows_of: dict[str, set[str]] = {}
    for canonical, aliases in zip(actors.index, actors["aliases"], strict=True):
        for name in (canonical, *aliases):
            rows_of.setdefault(name.lower(), set()).add(canonical)

    # a name shared by two rows is that of one actor before and after a renaming (TASS), never of a parent
    def later_names(row: str) -> set[str]:
        found = {row}
        while actors.loc[row, "successor"]:
            row = str(actors.loc[row, "successor"])
            found.add(row)
        return found

    shared = [rows for rows in rows_of.values() if len(rows) > 1]
    assert shared and all(any(rows <= later_names(row) for row in rows) for rows in shared)
    assert (actors.loc["Google", "parent"], actors.loc["YouTube", "parent"]) == ("Alphabet", "Google")
    assert "Google" not in actors.loc["Alphabet", "aliases"]
    # a renaming: one row per name, each with its period, chained by successor
    facebook, meta = actors.loc["Facebook"], actors.loc["Meta Platforms"]
    assert (facebook["valid_until"], facebook["successor"], meta["valid_from"]) == (
        "2021-10-27",
        "Meta Platforms",
        "2021-10-28",
    )
