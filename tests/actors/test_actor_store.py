"""Actors in the store: `wirewatch actors import/show/learn`, and the knowledge base the pipeline builds from
the store and the `actor_files` setting. Every database test runs on SQLite and on PostgreSQL."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wirewatch
from support import db_url, postgres_server, postgres_url, sqlite_url  # noqa: F401  (fixtures)
from wirewatch.actors import Actor, load_kb, parse_phoenix
from wirewatch.actors.store_kb import detect_format, kb_for_settings, learned_actors
from wirewatch.cli import app
from wirewatch.settings import load_settings
from wirewatch.store import Store

runner = CliRunner()

# A small dictionary in the Phoenix (TABARI/PETRARCH) format, of people who do not exist: a person with two
# dated roles and a fallback, a synonym, undated actors, a comment line, and last an entry with only the null
# code (before another entry, the parser would take it for a synonym of that one).
PHOENIX = """\
# test dictionary, written by the test
JAN_WIERZBICKI_  # CountryInfo.txt
+JAN_K._WIERZBICKI_
\t[POLELI 600101-150101]
\t[POLGOV 150102-191231]
\t[POLELI]
MARTA_SZCZEPANSKA_ [POLOPP]
+M._SZCZEPANSKA_
RURAL_FARMERS_PARTY_OF_PODLASIE_ [POLPTY]
CONTRABAND_LEAGUE_ [---]
"""
PERSON_ROLES = 3          # Wierzbicki: ELI, GOV, fallback ELI
ROLES = PERSON_ROLES + 2  # + Szczepanska, the farmers' party; the null code is dropped


def write_phoenix(tmp_path: Path, name: str = "Test.actors.txt") -> Path:
    path = tmp_path / name
    path.write_text(PHOENIX, encoding="utf-8")
    return path


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result, result.output


def settings_for(url: str, **overrides):
    return load_settings(environ={}, db=url, **overrides)


# ------------------------------------------------------------------------------------------ import

def test_actors_import_stores_every_role_and_reimport_changes_nothing(db_url, tmp_path):
    path = write_phoenix(tmp_path)
    result, output = invoke("actors", "import", str(path), "--db", db_url, "--no-progress")
    assert result.exit_code == 0, output
    assert f"(phoenix): 3 entries, {ROLES} roles: inserted {ROLES}, unchanged 0; 0 parse warnings" in output
    with Store(db_url) as store:
        assert store.count_actors() == ROLES
        assert list(store.iter_actors()) == list(parse_phoenix(path))
        before = store.actors_version()

    result, output = invoke("actors", "import", str(path), "--db", db_url, "--no-progress")
    assert result.exit_code == 0, output
    assert f"inserted 0, unchanged {ROLES}" in output
    with Store(db_url) as store:
        assert store.actors_version() == before          # not one row rewritten


def test_store_add_actors_replaces_a_changed_role_and_keeps_a_repeat_once(db_url):
    role = Actor(id="list:ewa-kaminska", name="Ewa Kaminska", country="POL", sector="JUD", kind="person",
                 source="people.csv:2", code="POLJUD")
    with Store(db_url) as store:
        assert store.add_actors([role, role]) == (1, 1)
        moved = replace(role, source="people.csv:3", aliases=("Kaminska",))
        assert store.add_actors([moved]) == (1, 0)
        assert list(store.iter_actors()) == [moved]
        judge_until_2020 = replace(role, end=date(2020, 1, 1))   # another role of hers
        assert store.add_actors([judge_until_2020]) == (1, 0)
        assert store.count_actors() == 2


def test_actors_import_a_bad_list_row_stores_nothing_of_its_file(db_url, tmp_path):
    listed = tmp_path / "people.csv"
    listed.write_text("name,aliases,country,sector,start,end\nEwa Kaminska,,Poland,JUD,,\n"
                      "Nobody,,Atlantis,GOV,,\n", encoding="utf-8")
    result, output = invoke("actors", "import", str(listed), "--db", db_url, "--no-progress")
    assert result.exit_code == 1
    assert "not imported: people.csv:3: unknown country 'Atlantis'" in output
    with Store(db_url) as store:
        assert store.count_actors() == 0


def test_detect_format_by_content(tmp_path):
    assert detect_format(write_phoenix(tmp_path)) == "phoenix"
    listed = tmp_path / "people.txt"
    listed.write_text("name,aliases,country,sector,start,end\nEwa Kaminska,,POL,JUD,,\n", encoding="utf-8")
    assert detect_format(listed) == "csv"
    assert detect_format(tmp_path / "people.toml") == "toml"   # by name; not read


# ------------------------------------------------------------------------------------------ show

def test_actors_show_finds_a_stored_actor_with_its_source(db_url, tmp_path):
    path = write_phoenix(tmp_path)
    invoke("actors", "import", str(path), "--db", db_url, "--no-progress")
    result, output = invoke("actors", "show", "Marta Szczepanska", "--db", db_url)
    assert result.exit_code == 0, output
    assert "Marta Szczepanska  [test-actors:marta-szczepanska]" in output
    assert "country POL  sector OPP" in output and "code POLOPP" in output
    assert "source Test.actors.txt:7" in output
    # an alias finds it too
    assert "source Test.actors.txt:7" in invoke("actors", "show", "m. szczepanska", "--db", db_url)[1]

    result, output = invoke("actors", "show", "Nobody Of That Name", "--db", db_url)
    assert result.exit_code == 1
    assert "no actor named 'Nobody Of That Name'" in output


def test_actors_show_on_a_day_gives_the_role_of_that_day(db_url, tmp_path):
    invoke("actors", "import", str(write_phoenix(tmp_path)), "--db", db_url, "--no-progress")

    def roles_on(day: str | None) -> list[str]:
        result, output = invoke("actors", "show", "Jan Wierzbicki", "--db", db_url, *(["--on", day] if day else []))
        assert result.exit_code == 0, output
        return [line.strip() for line in output.splitlines() if line.strip().startswith("- ")]

    assert len(roles_on(None)) == PERSON_ROLES
    [minister] = roles_on("2016-05-01")
    assert "sector GOV" in minister and "2015-01-02 to 2019-12-31" in minister
    assert "source Test.actors.txt:5" in minister
    [before] = roles_on("2010-01-01")
    assert "sector ELI" in before and "1960-01-01 to 2015-01-01" in before
    [after] = roles_on("2021-01-01")                   # no dated role holds: the fallback
    assert "sector ELI" in after and "when no dated role holds" in after
    assert invoke("actors", "show", "Jan Wierzbicki", "--on", "31/12/2020")[0].exit_code != 0


def test_actors_show_prints_a_shipped_leader():
    result, output = invoke("actors", "show", "Emmanuel Macron", "--on", "2020-08-31")
    assert result.exit_code == 0, output
    assert "[person:emmanuel-macron]" in output
    assert "country FRA  sector GOV  role president  since 2017-05-14" in output
    assert "source leaders.toml:" in output


# ------------------------------------------------------------------------------------------ the pipeline's KB

def test_kb_for_settings_sees_stored_actors_and_caches(db_url, tmp_path):
    with Store(db_url) as store:
        store.add_actors(parse_phoenix(write_phoenix(tmp_path)))
    settings = settings_for(db_url)
    kb = kb_for_settings(settings)
    [party] = kb.lookup("Rural Farmers Party of Podlasie")
    assert (party.country, party.sector, party.source) == ("POL", "PTY", "Test.actors.txt:9")
    assert kb.lookup("Emmanuel Macron")                          # the shipped data is still there
    assert not load_kb().lookup("Rural Farmers Party of Podlasie")  # and the shared one untouched
    assert kb_for_settings(settings) is kb                       # built once

    with Store(db_url) as store:
        store.add_actors([Actor(id="list:ewa-kaminska", name="Ewa Kaminska", country="POL", sector="JUD",
                                kind="person", source="people.csv:2", code="POLJUD")])
    fresh = kb_for_settings(settings)
    assert fresh is not kb and fresh.lookup("Ewa Kaminska")


def test_kb_for_settings_creates_no_database(tmp_path):
    missing = tmp_path / "nowhere" / "wirewatch.sqlite"
    kb = kb_for_settings(settings_for(f"sqlite:///{missing}"))
    assert kb is load_kb()
    assert not missing.parent.exists()


def test_actor_files_setting_loads_a_csv_and_a_phoenix_file(tmp_path):
    listed = tmp_path / "people.csv"
    listed.write_text("name,aliases,country,sector,start,end\n"
                      "Zofia Wisniewska,Wisniewska;Z. Wisniewska,Poland,JUD,2020-01-01,\n", encoding="utf-8")
    phoenix = write_phoenix(tmp_path)
    url = f"sqlite:///{tmp_path / 'absent.sqlite'}"
    environ = {"WIREWATCH_ACTOR_FILES": f"{listed}, {phoenix}", "WIREWATCH_DB": url}
    settings = load_settings(environ=environ)
    assert settings.actor_files == [str(listed), str(phoenix)]
    kb = kb_for_settings(settings)
    [judge] = kb.lookup("Z. Wisniewska", on=date(2021, 6, 1))
    assert (judge.country, judge.sector, judge.source) == ("POL", "JUD", "people.csv:2")
    assert kb.lookup("Z. Wisniewska", on=date(2019, 6, 1)) == []
    assert kb.lookup("Marta Szczepanska")[0].sector == "OPP"
    assert not (tmp_path / "absent.sqlite").exists()


def test_actor_files_missing_file_is_a_clear_error(tmp_path):
    from wirewatch.errors import WirewatchError

    with pytest.raises(WirewatchError, match="actor_files: no actor file at .*gone.csv"):
        kb_for_settings(settings_for(f"sqlite:///{tmp_path / 'x.sqlite'}", actor_files=[str(tmp_path / "gone.csv")]))


def test_the_entities_stage_codes_a_stored_actor_by_the_documents_date(sqlite_url, tmp_path):
    with Store(sqlite_url) as store:
        store.add_actors(parse_phoenix(write_phoenix(tmp_path)))
    text = "Jan Wierzbicki told reporters on Tuesday that the plan had failed."
    for day, sector in (("2016-03-02", "GOV"), ("2021-03-02", "ELI")):
        record = wirewatch.read(text, date=day, db=sqlite_url)
        [person] = [e for e in record.entities if e.name == "Jan Wierzbicki"]
        assert (person.country, person.sector) == ("POL", sector), (day, person.evidence)


# ------------------------------------------------------------------------------------------ learn

TITLED = ("Polish Foreign Minister Tomasz Zielinski met his German counterpart in Berlin on Tuesday. "
          "Zielinski said the talks were useful.")
OF_COUNTRY = ("Foreign Minister Jan Kowalczyk of Poland met his German counterpart in Berlin on Tuesday. "
              "Kowalczyk said the talks were useful.")
CONTEXT_ONLY = ("Foreign Minister Anna Lewandowska met officials in Berlin on Tuesday. "
                "Lewandowska said the talks were useful.")          # country from Berlin: not learned
KNOWN = "French President Emmanuel Macron met Spanish officials on Friday."


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[dict]:
    nowhere = f"sqlite:///{tmp_path_factory.mktemp('read') / 'none.sqlite'}"
    return [wirewatch.read(text, date="2021-03-02", db=nowhere).to_dict()
            for text in (TITLED, OF_COUNTRY, CONTEXT_ONLY, KNOWN)]


def test_learned_actors_from_titles_only(records):
    actors, seen = learned_actors(records)
    assert {a.name: (a.country, a.sector, a.role) for a in actors} == {
        "Tomasz Zielinski": ("POL", "GOV", "foreign minister"),
        "Jan Kowalczyk": ("POL", "GOV", "foreign minister"),
    }
    assert seen["records"] == 4 and seen["known"] == 1


def test_actors_learn_stores_a_titled_person_once(db_url, records):
    with Store(db_url) as store:
        store.add_many(records)
    result, output = invoke("actors", "learn", "--db", db_url)
    assert result.exit_code == 0, output
    assert "learned 2 actors from 4 stored records" in output and "inserted 2, unchanged 0" in output
    with Store(db_url) as store:
        learned = {a.name: a for a in store.iter_actors()}
        version = store.actors_version()
    zielinski = learned["Tomasz Zielinski"]
    assert (zielinski.id, zielinski.kind, zielinski.country, zielinski.sector) == (
        "learned:tomasz-zielinski", "person", "POL", "GOV")
    assert zielinski.source == f"learned from {records[0]['id']}"

    result, output = invoke("actors", "learn", "--db", db_url)
    assert result.exit_code == 0 and "inserted 0, unchanged 2" in output, output
    with Store(db_url) as store:
        assert store.actors_version() == version

    result, output = invoke("actors", "show", "Tomasz Zielinski", "--db", db_url)
    assert result.exit_code == 0 and f"source learned from {records[0]['id']}" in output, output


def test_actors_learn_without_a_store_creates_none(tmp_path):
    missing = tmp_path / "none.sqlite"
    result, output = invoke("actors", "learn", "--db", f"sqlite:///{missing}")
    assert result.exit_code == 1 and "no wirewatch store" in output
    assert not missing.exists()
