"""The store keeps records exactly, adds them idempotently and loses nothing to a bad one.

Every test gets a fresh database of each backend: a SQLite file, and a PostgreSQL schema of its own
(dropped afterwards) so that parallel runs against one server never meet. WIREWATCH_TEST_POSTGRES names
another server than the local one. The fixtures live here, not in a conftest.py, because tests elsewhere
import the top-level conftest by its bare module name, which a second conftest.py would shadow.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from wirewatch.store import Store, StoreError, content_hash, default_db_url, open_store
from wirewatch.store.models import Base
from wirewatch.store.store import MIGRATIONS

# the database fixtures are shared with other tests' modules (tests/support.py)
from support import db_url, postgres_server, postgres_url, sqlite_url  # noqa: E402,F401


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


TEXT = (
    'Elysee spokeswoman Claire Moreau said on Monday that France "will respond in kind" to the new '
    "sanctions. The EU imposed the sanctions on French officials on August 31 in Brussels, "
    "according to a statement."
)


def span(fragment: str) -> dict:
    """The contract's span for the first `fragment` in TEXT."""
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment), "text": fragment}


def make_record(doc_id: str = "doc-1") -> dict:
    """A record of the contract's shape with one of every object, and some fields the contract adds."""
    return {
        "id": doc_id,
        "source": "https://www.harbourwire.example/news/france/2020/fr-200831-01.htm",
        "title": "France vows to respond to EU sanctions",
        "published": "2020-08-31T15:37",
        "publisher": {"name": "HarbourWire.example", "url": "https://www.harbourwire.example"},
        "original_source": {"name": "Northern Radio News"},
        "section": "France News",
        "authors": ["Northern Radio staff"],
        "language": "en",
        "text": TEXT,
        "boilerplate": ["Home | News | France", "© 2020 HarbourWire.example — Всё"],
        "entities": [
            {
                "id": "e1",
                "name": "Claire Moreau",
                "type": "PERSON",
                "country": "FRA",
                "sector": "GOV",
                "wikidata": "Q1",
                "mentions": [
                    span("Elysee spokeswoman"),
                    {**span("Claire Moreau"), "rule": "title_apposition"},
                ],
            },
            {
                "id": "e2",
                "name": "France",
                "type": "GPE",
                "country": "FRA",
                "sector": None,
                "mentions": [span("France"), span("French")],
            },
            {
                "id": "e3",
                "name": "European Union",
                "type": "ORG",
                "country": "IGO",
                "sector": "GOV",
                "mentions": [span("EU")],
            },
            {
                "id": "e4",
                "name": "Brussels",
                "type": "GPE",
                "country": "BEL",
                "sector": None,
                "mentions": [span("Brussels")],
            },
        ],
        "times": [
            {**span("Monday"), "type": "DATE", "value": "2020-08-31"},
            {**span("August 31"), "type": "DATE", "value": "2020-08-31", "anchor": "published"},
        ],
        "quotes": [
            {
                "kind": "direct",
                **span("will respond in kind"),
                "cue": span("said"),
                "speaker": {"entity_id": "e1", "name": "Claire Moreau", **span("Claire Moreau")},
                "date": "2020-08-31",
            },
            {
                "kind": "indirect",
                **span("The EU imposed the sanctions on French officials on August 31 in Brussels"),
                "cue": {**span("according to"), "lexicon": "speech_verbs"},
                "speaker": None,
                "date": None,
            },
        ],
        "events": [
            {
                "type": "THREATEN",
                "mode": None,
                "status": "future",
                "actor": {"entity_id": "e2", "name": "France", "country": "FRA", "sector": "GOV"},
                "recipient": None,
                "date": "2020-08-31",
                "location": None,
                **span('France "will respond in kind" to the new sanctions'),
                "confidence": 0.7,
            },
            {
                "type": "SANCTION",
                "mode": None,
                "status": "asserted",
                "actor": {"entity_id": "e3", "name": "European Union", "country": "IGO", "sector": "GOV"},
                "recipient": {
                    "entity_id": "e2",
                    "name": "France",
                    "country": "FRA",
                    "sector": "GOV",
                    "role": "officials",
                },
                "date": "2020-08-31",
                "location": {
                    "name": "Brussels",
                    "country": "BEL",
                    "lat": 50.8503,
                    "lon": 4.3517,
                    "geonames_id": 2800866,
                },
                **span("The EU imposed the sanctions on French officials on August 31 in Brussels"),
                "confidence": 1,
                "rule": "plover:SANCTION:impose",
            },
        ],
        "errors": [{"stage": "geocode", "message": "no coordinates for 'Elysee'"}],
        "pipeline": {"version": "0.1.0", "stages": ["clean", "ner", "quotes", "events"]},
    }


def changed_record() -> dict:
    """The same document after a better pipeline run: one entity, quote and error fewer, one event changed."""
    record = make_record()
    record["entities"] = [e for e in record["entities"] if e["id"] != "e4"]
    record["entities"][0]["mentions"].pop(0)
    record["quotes"].pop(1)
    record["events"][1]["location"] = None
    record["errors"] = []
    record["times"].append({**span("Brussels"), "type": "DATE", "value": "XXXX"})
    return record


def fresh_dump(url: str, records: list[dict]) -> list[tuple]:
    with Store(url) as other:
        other.add_many(records)
        return other.dump()


def test_store_round_trip(store: Store):
    record = make_record()
    assert store.add(record) == "inserted"
    assert store.get("doc-1") == record
    assert store.get("no-such-doc") is None
    assert list(store.iter_records()) == [record]

    with store.engine.connect() as connection:
        document = connection.execute(sa.text("SELECT * FROM documents")).mappings().one()
        speaker = connection.execute(
            sa.text(
                "SELECT q.speaker_name, q.cue_text, e.sector FROM quotes q JOIN entities e"
                " ON e.document_id = q.document_id AND e.entity_id = q.speaker_entity_id"
            )
        ).one()
        sanction = (
            connection.execute(sa.text("SELECT * FROM events WHERE type = 'SANCTION'")).mappings().one()
        )
        mention = connection.execute(
            sa.text("SELECT * FROM mentions WHERE entity_id = 'e1' AND position = 1")
        ).mappings().one()
    assert document["publisher_name"] == "HarbourWire.example"
    assert document["original_source_name"] == "Northern Radio News"
    assert document["content_hash"] == content_hash(record)
    assert tuple(speaker) == ("Claire Moreau", "said", "GOV")
    assert (sanction["actor_name"], sanction["recipient_country"], sanction["location_lat"]) == (
        "European Union",
        "FRA",
        50.8503,
    )
    assert sanction["confidence"] == 1.0
    assert TEXT[mention["start"] : mention["end"]] == mention["text"] == "Claire Moreau"


def test_store_keeps_added_fields_in_extra(store: Store):
    store.add(make_record())
    extras = {row[0]: row[1:] for row in store.dump() if row[-1] is not None and row[0] != "documents"}
    assert extras["entities"][-1] == '{"wikidata":"Q1"}'
    assert extras["mentions"][-1] == '{"rule":"title_apposition"}'
    assert extras["times"][-1] == '{"anchor":"published"}'
    assert extras["quotes"][-1] == '{"cue":{"lexicon":"speech_verbs"}}'
    assert extras["events"][-1] == (
        '{"location":{"geonames_id":2800866},"recipient":{"role":"officials"},'
        '"rule":"plover:SANCTION:impose"}'
    )


def test_store_add_twice_changes_nothing(store: Store):
    record = make_record()
    store.add(record)
    before = store.dump()
    assert store.add(copy.deepcopy(record)) == "unchanged"
    assert store.add_many([record, make_record()]) == {"inserted": 0, "unchanged": 2, "updated": 0}
    assert store.dump() == before


def test_store_update_replaces_child_rows(store: Store, tmp_path):
    store.add_many([make_record(), make_record("doc-2")])
    assert store.add(changed_record()) == "updated"
    assert store.get("doc-1") == changed_record()
    assert store.get("doc-2") == make_record("doc-2")
    # Equal to a store that never saw the old version: no row of it is left behind.
    never_old = fresh_dump(f"sqlite:///{tmp_path / 'fresh.sqlite'}", [make_record("doc-2"), changed_record()])
    assert store.dump() == never_old
    assert store.count("entities") == 3 + 4
    assert store.count("mentions") == 4 + 6


def test_store_counts_a_batch(store: Store):
    store.add(make_record("doc-1"))
    batch = [changed_record(), make_record("doc-2"), make_record("doc-3"), make_record("doc-3")]
    counts = store.add_many(batch)
    assert counts == {"inserted": 2, "unchanged": 1, "updated": 1}


def test_store_stats(store: Store):
    assert store.stats() == dict.fromkeys(
        ["documents", "entities", "mentions", "times", "quotes", "events", "errors"], 0
    )
    store.add_many([make_record("doc-1"), make_record("doc-2")])
    assert store.stats() == {
        "documents": 2,
        "entities": 8,
        "mentions": 12,
        "times": 4,
        "quotes": 4,
        "events": 4,
        "errors": 2,
    }
    assert store.count() == 2
    assert store.count("quotes") == 4
    with pytest.raises(ValueError, match="unknown table 'alembic_version'"):
        store.count("alembic_version")


def test_store_iter_records_by_id(store: Store):
    store.add_many([make_record("b"), make_record("c"), make_record("a")])
    assert [record["id"] for record in store.iter_records()] == ["a", "b", "c"]


def _break(path: str, value):
    """A change to make_record() that sets the field at dotted `path` ("events.0.start") to `value`."""

    def apply(record: dict) -> dict:
        *parents, last = path.split(".")
        target = record
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
        return record

    return apply


BAD_RECORDS = [
    pytest.param(_break("id", None), "its id must be a non-empty string", id="no-id"),
    pytest.param(_break("text", None), "text is missing", id="no-text"),
    pytest.param(
        _break("entities.1.mentions.0.start", "12"),
        r"entities\[1\]\.mentions\[0\]\.start must be an integer, got '12'",
        id="offset-str",
    ),
    pytest.param(_break("events.0.confidence", True), r"events\[0\]\.confidence must be a number", id="bool"),
    pytest.param(_break("quotes.0.cue", "said"), r"quotes\[0\]\.cue must be an object or null", id="cue-str"),
    pytest.param(_break("authors.0", 7), r"authors\[0\] must be a string", id="author-int"),
    pytest.param(_break("times.0.end", 2**40), r"times\[0\]\.end is out of range", id="offset-huge"),
    pytest.param(_break("text", "a\x00b"), "text holds a NUL character", id="nul"),
    pytest.param(_break("events.1.confidence", float("nan")), "not plain JSON", id="nan"),
    pytest.param(_break("title", "\ud800"), "not plain JSON", id="lone-surrogate"),
    pytest.param(_break("pipeline", {1, 2}), "not plain JSON", id="set"),
    pytest.param(_break("entities.3.id", "e1"), "the database refused it", id="duplicate-entity-id"),
]


@pytest.mark.parametrize(("damage", "message"), BAD_RECORDS)
def test_store_bad_record_loses_nothing_stored(store: Store, damage, message):
    store.add(make_record("doc-1"))
    before = store.dump()
    bad = damage(make_record("doc-3"))
    with pytest.raises(StoreError, match=message) as caught:
        store.add_many([make_record("doc-2"), bad])
    if bad["id"] is not None:
        assert caught.value.doc_id == "doc-3"
        assert "'doc-3'" in str(caught.value)
    # The whole batch is undone, the earlier one kept, and the store still takes records.
    assert store.dump() == before
    assert store.add(make_record("doc-2")) == "inserted"


def test_store_bad_update_keeps_the_old_version(store: Store):
    store.add(make_record())
    before = store.dump()
    bad = _break("entities.3.id", "e1")(changed_record() | {"entities": make_record()["entities"]})
    with pytest.raises(StoreError, match="cannot store document 'doc-1'"):
        store.add(bad)
    assert store.dump() == before
    assert store.get("doc-1") == make_record()


def test_store_rejects_a_record_that_is_not_a_dict(store: Store):
    with pytest.raises(StoreError, match="cannot store a record: it is a list, not a dict"):
        store.add([("id", "doc-1")])


def _revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_store_migrates_a_fresh_database_to_head(db_url: str):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with Store(db_url) as store:
        assert _revision(store.engine) == head
        store.add(make_record())
        before = store.dump()

    statements: list[str] = []

    def record_statement(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", record_statement)
    try:
        second = Store(db_url)
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", record_statement)
    with second:
        assert _revision(second.engine) == head
        assert second.dump() == before
    assert statements, "the second open should have looked at the schema's revision"
    writes = [s for s in statements if re.match(r"\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b", s, re.I)]
    assert writes == []


def test_store_refuses_a_database_from_a_newer_wirewatch(db_url: str):
    with Store(db_url) as store, store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="Can't locate revision identified by '9999'.*newer wirewatch"):
        Store(db_url)


def test_store_refuses_a_database_that_is_not_a_store(db_url: str):
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE documents (title TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match="as a wirewatch store: .*documents"):
        Store(db_url)


def _not_search_index(name, type_, parent_names):
    """The full-text index is the database's own (FTS5 shadow tables, a tsvector table), not a model."""
    return not (type_ in ("table", "index") and (name or "").startswith("documents_fts"))


def test_store_models_match_the_migrations(store: Store):
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_name": _not_search_index})
        assert compare_metadata(context, Base.metadata) == []


def test_store_sqlite_settings(sqlite_url: str):
    with Store(sqlite_url) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_store_opens_a_path_as_sqlite_and_makes_its_folder(tmp_path):
    path = tmp_path / "nested" / "folder" / "records.sqlite"
    with open_store(str(path)) as store:
        store.add(make_record())
    assert path.exists()
    with open_store(f"sqlite:///{path}") as store:
        assert store.get("doc-1") == make_record()


def test_store_default_db_url(monkeypatch, tmp_path):
    monkeypatch.delenv("WIREWATCH_DB", raising=False)
    assert default_db_url() == "sqlite:///wirewatch.sqlite"
    monkeypatch.setenv("WIREWATCH_DB", "")
    assert default_db_url() == "sqlite:///wirewatch.sqlite"
    monkeypatch.chdir(tmp_path)
    with Store() as store:
        store.add(make_record())
    assert (tmp_path / "wirewatch.sqlite").exists()
    monkeypatch.setenv("WIREWATCH_DB", f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert default_db_url() == f"sqlite:///{tmp_path / 'other.sqlite'}"
    with Store() as store:
        assert store.count() == 0


@pytest.mark.postgres
def test_store_same_content_in_sqlite_and_postgresql(sqlite_url: str, postgres_url: str):
    records = [make_record("doc-1"), make_record("doc-2"), changed_record()]
    assert fresh_dump(sqlite_url, records) == fresh_dump(postgres_url, [records[1], records[2]])


def test_store_content_hash_ignores_key_order():
    record = make_record()
    reordered = dict(reversed(list(record.items())))
    assert content_hash(record) == content_hash(reordered)
    assert content_hash(record) != content_hash(changed_record())
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(record))


def test_store_takes_what_record_to_dict_gives(store: Store):
    contract = pytest.importorskip("wirewatch.record")
    speaker = contract.Entity(
        id="e1",
        name="Claire Moreau",
        type="PERSON",
        mentions=[contract.Mention(start=0, end=6, text="Moreau", rule="ner")],
    )
    record = contract.Record(id="doc-r", text="Moreau spoke.", entities=[speaker]).to_dict()
    assert store.add(record) == "inserted"
    assert store.get("doc-r") == record
    assert store.add(contract.Record(id="doc-r", text="Moreau spoke.", entities=[speaker]).to_dict()) == "unchanged"
