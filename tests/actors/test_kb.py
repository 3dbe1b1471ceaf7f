"""The actor knowledge base (wirewatch.actors.kb): shipped data, dated roles, Phoenix and user-list imports."""
from __future__ import annotations

from datetime import date

import pytest

from support import SHARED
from wirewatch.actors import (
    Actor,
    KnowledgeBase,
    PhoenixStats,
    load_kb,
    name_key,
    parse_actor_list,
    parse_phoenix,
    split_code,
)

PHOENIX_COUNTRIES = SHARED / "data" / "actors" / "Phoenix.Countries.actors.txt"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def best(kb: KnowledgeBase, name: str, on: date | None = None) -> Actor:
    found = kb.lookup(name, on)
    assert found, f"nothing for {name!r} on {on}"
    return found[0]


# ------------------------------------------------------------------------------------------ names

def test_name_key_ignores_case_diacritics_dots_possessives_and_the():
    assert name_key("The U.S.'s") == name_key("us") == "us"
    assert name_key("  Élysée   Palace ") == name_key("elysee palace")
    assert name_key("Recep Tayyip Erdoğan") == name_key("RECEP_TAYYIP_ERDOGAN")
    assert name_key("Côte d’Ivoire") == name_key("Cote d'Ivoire")
    assert name_key("Guinea-Bissau") == name_key("Guinea Bissau")


def test_shipped_data_is_consistent(kb):
    assert kb.warnings == []
    counts = kb.counts()
    assert counts["country"] >= 199          # 193 UN members + observers + Taiwan, Kosovo, Hong Kong, Antarctica
    assert counts["person"] >= 150
    assert counts["igo"] >= 60 and counts["metonym:capital"] >= 80 and counts["agent"] >= 500


# ------------------------------------------------------------------------------------------ people

def test_full_name_aliases_and_surname_are_one_person(kb):
    on = date(2021, 3, 1)
    ids = {best(kb, name, on).id for name in
           ("Abdel Fattah el-Sisi", "Abdel Fattah al-Sisi", "Abdel-Fattah el-Sissi", "Sisi", "  SISSI ")}
    assert len(ids) == 1
    sisi = best(kb, "Sisi", on)
    assert (sisi.name, sisi.country, sisi.sector, sisi.role) == (
        "Abdel Fattah el-Sisi", "EGY", "GOV", "president")
    assert sisi.code == "EGYGOV" and sisi.source.startswith("leaders.toml:")

    in_office = date(2025, 3, 1)
    leavitt = best(kb, "  karoline   LEAVITT ", in_office)
    assert (leavitt.country, leavitt.sector, leavitt.role) == ("USA", "GOV", "White House press secretary")
    assert best(kb, "Leavitt", in_office).id == best(kb, "Karoline Leavitt", in_office).id == leavitt.id
    assert best(kb, "Erdoğan", on).id == best(kb, "Recep Tayyip Erdogan", on).id


def test_a_dated_role_holds_only_within_its_term(kb):
    assert kb.lookup("Maia Sandu", date(2015, 1, 1)) == []                    # before her first term
    assert kb.lookup("Maia Sandu", date(2020, 12, 23)) == []                   # the day before it
    assert best(kb, "Sandu", date(2020, 12, 24)).sector == "GOV"               # first day (inclusive)
    assert best(kb, "Sandu", date(2023, 6, 1)).sector == "GOV"

    assert kb.lookup("Barack Obama", date(2008, 12, 31)) == []
    during = best(kb, "Obama", date(2012, 6, 1))
    assert (during.sector, during.role, during.start, during.end) == ("GOV", "president", date(2009, 1, 20),
                                                                     date(2017, 1, 20))
    after = best(kb, "Obama", date(2018, 6, 1))                                  # derived: PLOVER ELI
    assert (after.country, after.sector, after.role) == ("USA", "ELI", "former president")
    assert after.source.startswith("derived from leaders.toml:")


def test_roles_change_over_a_career(kb):
    assert best(kb, "Erdogan", date(2010, 1, 1)).role == "prime minister"
    assert best(kb, "Erdogan", date(2020, 1, 1)).role == "president"
    assert best(kb, "Medvedev", date(2010, 1, 1)).role == "president"
    assert best(kb, "Trump", date(2022, 1, 1)).sector == "ELI"
    assert best(kb, "Trump", date(2025, 3, 1)).sector == "GOV"
    assert best(kb, "Abu Mohammed al-Jolani", date(2020, 1, 1)).sector == "REB"
    assert best(kb, "Ahmed al-Sharaa", date(2025, 6, 1)).role == "president"
    guterres = best(kb, "Guterres", date(2020, 1, 1))                            # an IGO post: no country
    assert (guterres.country, guterres.sector, guterres.code, guterres.plover_country) == (
        None, "IGO", "IGOUNO", "UNO")
    # without a date: every role, the ongoing one first
    roles = kb.lookup("Recep Tayyip Erdogan")
    assert roles[0].end is None and roles[0].role == "president" and len(roles) >= 4


# ------------------------------------------------------------------------------------------ countries

@pytest.mark.parametrize("word, code", [
    ("Kyrgyz", "KGZ"), ("Kirghiz", "KGZ"), ("Kirgiz", "KGZ"), ("Russian", "RUS"),
    ("Russians", "RUS"), ("American", "USA"), ("British", "GBR"), ("Britons", "GBR"), ("Iranian", "IRN"),
    ("Chinese", "CHN"), ("Frenchmen", "FRA"), ("Iraqis", "IRQ"), ("Congolese", "COD"), ("Scottish", "GBR"),
    ("South Korean", "KOR"), ("Filipino", "PHL"), ("Kosovar", "KOS"), ("Transnistrian", "MDA"),
])
def test_adjectives_and_demonyms_give_the_country(kb, word, code):
    assert kb.country_for_adjective(word) == code


@pytest.mark.parametrize("name, code", [
    ("Moldova", "MDA"), ("Russia", "RUS"), ("Russian Federation", "RUS"), ("Iran", "IRN"), ("Britain", "GBR"),
    ("UK", "GBR"), ("US", "USA"), ("U.S.", "USA"), ("America", "USA"), ("South Korea", "KOR"),
    ("North Korea", "PRK"), ("Syria", "SYR"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"),
    ("the Netherlands", "NLD"), ("Kosovo", "KOS"), ("Puerto Rico", "USA"), ("Transnistria", "MDA"),
    ("Gaza Strip", "PSE"), ("Moldova's", "MDA"),
])
def test_country_names(kb, name, code):
    assert kb.country_for_name(name) == code


def test_unknown_words_give_nothing(kb):
    assert kb.country_for_adjective("Martian") is None
    assert kb.country_for_name("Atlantis") is None
    assert kb.lookup("Nobody Inparticular") == []
    assert kb.sector_for_agent("unicorn") is None


def test_a_country_is_an_actor_too(kb):
    moldova = best(kb, "Moldova")
    assert (moldova.kind, moldova.country, moldova.sector, moldova.code) == ("country", "MDA", None, "MDA")
    assert "Republic of Moldova" in moldova.aliases                               # pycountry's official name


# ------------------------------------------------------------------------------------------ metonyms, IGOs

@pytest.mark.parametrize("name, country, sector, kind", [
    ("Oval Office", "USA", "GOV", "seat"), ("the White House", "USA", "GOV", "seat"),
    ("White House", "USA", "GOV", "seat"),
    ("Downing Street", "GBR", "GOV", "seat"), ("Elysee", "FRA", "GOV", "seat"), ("Élysée Palace", "FRA", "GOV", "seat"),
    ("Pentagon", "USA", "MIL", "seat"), ("Foggy Bottom", "USA", "GOV", "seat"), ("Moscow", "RUS", "GOV", "capital"),
    ("Chisinau", "MDA", "GOV", "capital"), ("Washington", "USA", "GOV", "capital"),
    ("Beijing", "CHN", "GOV", "capital"),
    ("Tehran", "IRN", "GOV", "capital"), ("Kyiv", "UKR", "GOV", "capital"), ("Kiev", "UKR", "GOV", "capital"),
])
def test_metonyms(kb, name, country, sector, kind):
    actor = best(kb, name)
    assert (actor.kind, actor.country, actor.sector, actor.role) == ("metonym", country, sector, kind)


def test_dated_metonym(kb):
    assert best(kb, "Blue House", date(2020, 1, 1)).country == "KOR"
    assert kb.lookup("Blue House", date(2024, 1, 1)) == []                        # the office was in Yongsan
    assert best(kb, "Yongsan", date(2024, 1, 1)).sector == "GOV"


@pytest.mark.parametrize("name", [
    "UN", "NATO", "OSCE", "AU", "ASEAN", "IMF", "World Bank", "WTO", "WHO", "IAEA", "OPEC", "Arab League", "GCC",
    "SCO", "CSTO", "European Union",
])
def test_igos(kb, name):
    actor = best(kb, name)
    assert (actor.kind, actor.country, actor.sector) == ("igo", None, "IGO")
    assert actor.code and actor.code.startswith("IGO")


def test_igo_codes_and_plover_country(kb):
    un = best(kb, "U.N.")
    assert un.id == best(kb, "United Nations").id and un.code == "IGOUNO" and un.plover_country == "UNO"
    assert best(kb, "EU").plover_country == "EUR"
    assert best(kb, "NATO").code == "IGOWSTNAT" and best(kb, "NATO").plover_country == "IGO"
    assert best(kb, "Amnesty International").plover_country == "NGO"


# ------------------------------------------------------------------------------------------ agents

@pytest.mark.parametrize("word, sector", [
    ("president", "GOV"), ("prime minister", "GOV"), ("minister", "GOV"), ("spokesman", "GOV"),
    ("spokeswoman", "GOV"), ("spokesmen", "GOV"), ("government", "GOV"), ("foreign ministry", "GOV"),
    ("opposition", "OPP"), ("opposition leader", "OPP"), ("dissident", "OPP"),
    ("army", "MIL"), ("troops", "MIL"), ("soldiers", "MIL"), ("military", "MIL"),
    ("police", "COP"), ("security forces", "COP"), ("riot police", "COP"),
    ("court", "JUD"), ("judge", "JUD"), ("prosecutor", "JUD"),
    ("parliament", "LEG"), ("lawmakers", "LEG"), ("MPs", "LEG"), ("senator", "LEG"),
    ("rebels", "REB"), ("insurgents", "REB"), ("militants", "REB"),
    ("journalists", "JRN"), ("media", "JRN"), ("newspaper", "JRN"), ("broadcaster", "JRN"),
    ("company", "BUS"), ("firm", "BUS"), ("bank", "BUS"), ("businessman", "BUS"),
    ("protesters", "CVL"), ("demonstrators", "CVL"), ("activists", "CVL"), ("civilians", "CVL"),
    ("residents", "CVL"), ("students", "EDU"), ("refugees", "REF"), ("doctors", "MED"),
])
def test_agent_words(kb, word, sector):
    assert kb.sector_for_agent(word) == sector


def test_agent_phrases(kb):
    white_house = kb.agent_for("White House spokesman")
    assert (white_house.sector, white_house.country) == ("GOV", "USA")
    assert kb.agent_for("senior Downing Street spokesman").country == "GBR"      # longest listed ending
    assert kb.sector_for_agent("the Venezuelan opposition leader") == "OPP"
    assert kb.sector_for_agent("deputy foreign ministry spokeswoman") == "GOV"
    assert kb.agent_for("protesters").other_sectors == ("OPP",)                   # PLOVER: CVL, OPP secondary
    assert kb.sector_for_agent("central bank") == "GOV"
    assert kb.sector_for_agent("former prime minister") == "ELI"                 # listed as such
    former = kb.agent_for("former interior minister")                             # by the modifier
    assert (former.sector, former.other_sectors, former.role) == ("ELI", ("GOV",), "former interior minister")
    assert kb.sector_for_agent("ex-president") == "ELI"
    assert best(kb, "spokesman").kind == "agent"                                  # agents are in lookup too


# ------------------------------------------------------------------------------------------ Phoenix format

PHOENIX_FIXTURE = """\
# A tiny dictionary in the Phoenix (TABARI/PETRARCH) actor format, written for this test.
<!-- one XML-style comment -->
<!-- and one
     over two lines [XXXGOV] -->
MOLDOVA_  [MDA]
+MOLDAVIA_
+CHISINAU_ # the capital, as Phoenix lists it

IVAN_TESTOVICH_  # CountryInfo.txt
+IVAN_T._TESTOVICH
\t[MDAELI 600101-960114]
\t[MDAGOV >960115]
\t[MDAELI]
OLD_GUARD_PARTY
\t[RUSGOV <19911225]
\t[RUSOPP]
PRESIDENT_JOSEF_TESTER_
JOSEF_TESTER_
\t[GEOGOV 20140607-20190520]
JANE_DIPLOMAT_\t[IGOUNO 820101-911231] [ELI]  # IGO rulers, TABARI layout
NOBODY_IN_PARTICULAR_
\t[---]
\t[MDAGOV 991399-000101]
\t[MDACVL]
GENERAL_TESTER_  ; an old TABARI comment
  \t[RUSMIL 310101-291231]
\t[KSVGOVMED >080217]
---STOP---
AFTER_THE_STOP_  [USA]
"""


@pytest.fixture
def phoenix_file(tmp_path):
    path = tmp_path / "Test.actors.txt"
    path.write_text(PHOENIX_FIXTURE, "utf-8")
    return path


def test_parse_phoenix_fixture(phoenix_file):
    stats = PhoenixStats()
    actors = list(parse_phoenix(phoenix_file, stats=stats))
    by_name: dict[str, list[Actor]] = {}
    for actor in actors:
        by_name.setdefault(actor.name, []).append(actor)
    assert list(by_name) == ["Moldova", "Ivan Testovich", "Old Guard Party", "President Josef Tester",
                             "Jane Diplomat", "Nobody in Particular", "General Tester"]
    assert stats.entries == 7 and stats.roles == len(actors) == 12 and stats.null_codes == 1
    assert any("991399" in w for w in stats.warnings)                      # impossible date: restriction dropped

    (moldova,) = by_name["Moldova"]
    assert (moldova.kind, moldova.country, moldova.sector, moldova.code, moldova.fallback) == (
        "country", "MDA", None, "MDA", False)
    assert moldova.aliases == ("Moldavia", "Chisinau")
    assert moldova.source == "Test.actors.txt:5"

    eli_early, gov, eli_default = by_name["Ivan Testovich"]
    assert eli_early.kind == "person" and eli_early.aliases == ("Ivan T. Testovich",)
    assert (eli_early.sector, eli_early.start, eli_early.end) == ("ELI", date(1960, 1, 1), date(1996, 1, 14))
    assert (gov.country, gov.sector, gov.start, gov.end, gov.source) == (
        "MDA", "GOV", date(1996, 1, 15), None, "Test.actors.txt:12")
    assert eli_default.fallback and eli_default.start is eli_default.end is None

    before, default = by_name["Old Guard Party"]
    assert (before.sector, before.start, before.end) == ("GOV", None, date(1991, 12, 25))
    assert default.sector == "OPP" and default.fallback

    (tester,) = by_name["President Josef Tester"]                          # the uncoded phrase joins the next
    assert tester.aliases == ("Josef Tester",) and (tester.start, tester.end) == (date(2014, 6, 7), date(2019, 5, 20))

    jane_un, jane_after = by_name["Jane Diplomat"]
    assert (jane_un.country, jane_un.sector, jane_un.code) == (None, "IGO", "IGOUNO")
    assert (jane_un.start, jane_un.end) == (date(1982, 1, 1), date(1991, 12, 31))
    assert (jane_after.country, jane_after.sector, jane_after.fallback) == (None, "ELI", True)

    (nobody,) = by_name["Nobody in Particular"]                            # only the undated code survived
    assert (nobody.sector, nobody.fallback) == ("CVL", False)

    mil, kosovo = by_name["General Tester"]
    assert (mil.start, mil.end) == (date(1931, 1, 1), date(2029, 12, 31))  # YY 00-30 = 20YY, else 19YY
    assert (kosovo.country, kosovo.sector, kosovo.other_sectors) == ("KOS", "GOV", ("JRN",))  # CAMEO MED = media


def test_split_code():
    assert split_code("MDAGOV") == ("MDA", "GOV", ())
    assert split_code("EGYGOVJUD") == ("EGY", "GOV", ("JUD",))
    assert split_code("IGOUNOHLHWHO") == (None, "IGO", ("MED",))             # CAMEO HLH = PLOVER MED
    assert split_code("USRARM") == ("USR", None, ())                         # Soviet Armenia: no sector
    assert split_code("ELI") == (None, "ELI", ())


def test_imported_phoenix_roles_in_the_kb(kb, phoenix_file):
    mine = kb.copy()
    mine.add_all(parse_phoenix(phoenix_file))
    assert best(mine, "Ivan Testovich", date(2015, 1, 1)).sector == "GOV"
    assert best(mine, "ivan t testovich", date(1980, 1, 1)).sector == "ELI"
    assert [a.sector for a in mine.lookup("Old Guard Party", date(2000, 1, 1))] == ["OPP"]   # the fallback
    assert [a.sector for a in mine.lookup("Old Guard Party", date(1990, 1, 1))] == ["GOV"]
    chisinau = mine.lookup("Chisinau")
    assert chisinau[0].source.startswith("metonyms.toml") and chisinau[1].source.startswith("Test.actors.txt")
    assert load_kb().lookup("Ivan Testovich") == []                           # the shared KB is untouched


def test_parse_the_real_phoenix_countries_dictionary():
    if not PHOENIX_COUNTRIES.is_file():
        pytest.skip(f"the Phoenix dictionary is not at {PHOENIX_COUNTRIES} (../shared/data/actors)")
    stats = PhoenixStats()
    imported = KnowledgeBase()
    imported.add_all(parse_phoenix(PHOENIX_COUNTRIES, stats=stats))
    assert stats.entries > 15_000 and stats.roles > 25_000
    assert len(stats.warnings) < 50
    sisi = best(imported, "Abdul Fattah al-Sisi", date(2015, 6, 1))          # Phoenix's spelling
    assert (sisi.country, sisi.sector, sisi.code) == ("EGY", "GOV", "EGYGOV")
    assert best(imported, "White House").country == "USA"


# ------------------------------------------------------------------------------------------ user lists

def test_parse_actor_list_csv(tmp_path, kb):
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,aliases,country,sector,start,end,role\n"
        "Jan Example,J. Example;Example,Moldova,opp,2020-08-09,,opposition leader\n"
        "Jan Example,,MD,GOV,2030-01-01,2034-12-31,president\n"
        "France 24,France24,FRA,GOV,,,state broadcaster\n"
        "Some Fund,,IGO,,,,\n", "utf-8")
    actors = list(parse_actor_list(path))
    assert [(a.name, a.country, a.sector) for a in actors] == [
        ("Jan Example", "MDA", "OPP"), ("Jan Example", "MDA", "GOV"), ("France 24", "FRA", "GOV"),
        ("Some Fund", None, "IGO")]
    assert actors[0].aliases == ("J. Example", "Example") and actors[0].source == "mine.csv:2"
    assert actors[0].id == actors[1].id                                       # two roles of one person
    mine = kb.copy()
    mine.import_list(path)
    assert best(mine, "Example", date(2021, 1, 1)).sector == "OPP"
    assert best(mine, "france24").code == "FRAGOV"


def test_parse_actor_list_csv_without_header_and_toml(tmp_path):
    csv_path = tmp_path / "plain.csv"
    csv_path.write_text("Ana Sample,A. Sample,ARM,MIL,2020-09-27,\n", "utf-8")
    (ana,) = parse_actor_list(csv_path)
    assert (ana.country, ana.sector, ana.start, ana.end) == ("ARM", "MIL", date(2020, 9, 27), None)

    toml_path = tmp_path / "mine.toml"
    toml_path.write_text('[[actor]]\nname = "Bo Sample"\naliases = ["Sample"]\ncountry = "FRA"\n'
                         'sector = "JRN"\nstart = 2019-01-01\nkind = "person"\n', "utf-8")
    (bo,) = parse_actor_list(toml_path)
    assert (bo.name, bo.aliases, bo.country, bo.sector, bo.start, bo.source) == (
        "Bo Sample", ("Sample",), "FRA", "JRN", date(2019, 1, 1), "mine.toml:1")


def test_parse_actor_list_errors(tmp_path):
    yaml_path = tmp_path / "mine.yaml"
    yaml_path.write_text("- name: X\n", "utf-8")
    with pytest.raises(ValueError, match="PyYAML"):
        list(parse_actor_list(yaml_path))
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,country,sector,start,end\nX,,Atlantis,GOV,,\n", "utf-8")
    with pytest.raises(ValueError, match=r"bad.csv:2: unknown country"):
        list(parse_actor_list(bad))


def test_add_ranks_after_shipped_data(kb):
    mine = kb.copy()
    mine.add(Actor(id="learned:elysee", name="Elysee", country="FRA", sector="GOV", kind="actor",
                   source="doc 42"))
    found = mine.lookup("the Elysee")
    assert found[0].source.startswith("metonyms.toml") and found[1].source == "doc 42"
    assert len(kb.lookup("Elysee")) == 1
