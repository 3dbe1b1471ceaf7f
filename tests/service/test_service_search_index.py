"""The SQLite search index of migration 0005: rowids that sort newest first, facets from memory, answers
that last until the store changes, and the record read that skips the framework."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert, text

from service_fixtures import evil_record
from support import sqlite_url  # noqa: F401 (a fixture)
from wirewatch.service import create_app
from wirewatch.service import hot
from wirewatch.service import search as search_module
from wirewatch.service.search import (FACETS, DocumentQuery, FacetIndex, SearchCache, SqliteChanges,
                                      search_documents, sort_key)
from wirewatch.store import Store
from wirewatch.store.models import TABLES
from wirewatch.store.store import MIGRATIONS, prepare_rows


def _sql_key(connection, published):
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("migration_0005", MIGRATIONS / "versions" / "0005_search_keys.py")
    migration = module_from_spec(spec)
    spec.loader.exec_module(migration)
    return connection.execute(text(f"SELECT {migration.sort_key_sql(':p')}"), {"p": published}).scalar()


@pytest.mark.parametrize("published", [None, "", "not a date", "1994", "2020-08", "2020-08-31", "2020-08-31T15",
                                       "2020-08-31T15:37", "2020-08-31T15:37:12", "2020-08-31T15:37:12+03:00",
                                       "0001-01-01", "9999-12-31T23:59:59"])
def test_search_sort_key_is_the_same_in_python_and_in_sql(sqlite_url, published):
    with Store(sqlite_url) as store, store.engine.connect() as connection:
        assert _sql_key(connection, published) == sort_key(published)


def test_search_sort_keys_keep_the_order_of_dates():
    dates = ["1994", "2020-08", "2020-08-31", "2020-08-31T15:37", "2020-08-31T15:38", "2021"]
    assert [sort_key(value) for value in dates] == sorted(sort_key(value) for value in dates)
    assert sort_key(None) == 0 < sort_key("0001")


def _record(index: int, published: str | None, country: str = "FRA") -> dict:
    """A small valid record: every one holds 'harbour', odd ones 'would'; outlets alternate."""
    name = f"Minister Number{index}"
    text_ = f"{name} said the harbour plan {'would' if index % 2 else 'will'} go ahead."
    return {
        "id": f"tie-{index:03d}", "source": f"https://example.org/{index}", "title": f"Harbour story {index}",
        "published": published, "publisher": {"name": ("Harbor Times", "Valley Post")[index % 2]},
        "original_source": None, "section": None, "authors": [], "language": "en", "text": text_,
        "boilerplate": [],
        "entities": [{"id": "e1", "name": name, "type": "PERSON", "country": country, "sector": "GOV",
                      "mentions": [{"start": 0, "end": len(name), "text": name}]}],
        "times": [], "quotes": [], "events": [], "errors": [],
    }


def test_search_pages_through_documents_of_one_second_and_past_the_head(sqlite_url, monkeypatch):
    # Thirty documents of the same minute and ten undated: every one once, newest rowid first, undated last;
    # a head of 7 makes the later pages read past what the first read held.
    monkeypatch.setattr(search_module, "HEAD", 7)
    with Store(sqlite_url) as store:
        store.add_many([_record(index, "2022-05-01T09:30") for index in range(30)]
                       + [_record(index, None) for index in range(30, 40)])
        with store.engine.connect() as connection:
            seen, cursor = [], None
            while True:
                page = search_documents(connection, DocumentQuery(q="harbour"), cursor=cursor, limit=6)
                assert page["total"] == 40
                seen += [hit["id"] for hit in page["results"]]
                cursor = page["next_cursor"]
                if cursor is None:
                    break
    assert len(seen) == len(set(seen)) == 40
    assert set(seen[-10:]) == {f"tie-{index:03d}" for index in range(30, 40)}


def test_search_date_bounds_take_whole_periods(sqlite_url):
    dates = ["2020-07-31T23:59", "2020-08", "2020-08-31T23:59", "2020-09-01T00:00", "2020", None]
    with Store(sqlite_url) as store:
        store.add_many([_record(index, value) for index, value in enumerate(dates)])
        with store.engine.connect() as connection:
            def found(**bounds):
                page = search_documents(connection, DocumentQuery(q="harbour", **bounds))
                return sorted(hit["published"] for hit in page["results"])

            assert found(date_from="2020-08", date_to="2020-08") == ["2020-08", "2020-08-31T23:59"]
            assert found(date_to="2020-07-31") == ["2020", "2020-07-31T23:59"]
            assert found(date_from="2020-09-01") == ["2020-09-01T00:00"]


def test_search_facets_from_memory_equal_facets_from_sql(sqlite_url):
    with Store(sqlite_url) as store:
        store.add_many([_record(index, f"2022-05-{1 + index % 9:02d}", ("FRA", "DEU", "ITA")[index % 3])
                        for index in range(40)] + [evil_record()])
        changes = SqliteChanges(store.engine.url.database)
        index = FacetIndex(store.engine, changes.generation, FACETS, background=False)
        index.build()
        with store.engine.connect() as connection:
            for query in (DocumentQuery(q="harbour"), DocumentQuery(q="would"), DocumentQuery(country="DEU"),
                          DocumentQuery(q="harbour", source="Valley Post"), DocumentQuery()):
                from_sql = search_documents(connection, query)
                from_memory = search_documents(connection, query, facet_index=index)
                assert from_memory == from_sql
                assert any(from_sql["facets"].values())
        changes.close()


def test_search_answers_and_facets_last_until_the_store_changes(sqlite_url):
    with Store(sqlite_url) as store:
        store.add_many([_record(index, "2022-05-01") for index in range(5)])
        changes = SqliteChanges(store.engine.url.database)
        cache = SearchCache(ttl=600, generation=changes.generation)
        index = FacetIndex(store.engine, changes.generation, FACETS, background=False)
        index.build()
        query = DocumentQuery(q="harbour")
        with store.engine.connect() as connection:
            assert search_documents(connection, query, cache=cache, facet_index=index)["total"] == 5
        # Another process's write: a plain sqlite3 connection, as an ingest would be.
        other = Store(sqlite_url)
        other.add(_record(99, "2022-05-02", "ESP"))
        other.close()
        assert index.counts([1], 10) is None             # the copy is older than the store: not used
        with store.engine.connect() as connection:
            fresh = search_documents(connection, query, cache=cache, facet_index=index)
        assert fresh["total"] == 6
        assert {"value": "ESP", "count": 1} in fresh["facets"]["country"]
        changes.close()


def test_search_migration_keeps_what_0004_stored(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        for record in (_record(1, "2022-05-01", "DEU"), _record(2, None)):
            _, _, rows = prepare_rows(record)
            for name, table in TABLES.items():
                if rows[name]:
                    connection.execute(insert(table), rows[name])
        stored_at = dict(connection.execute(text("SELECT document_id, stored_at FROM documents_fts_ids")).all())
    engine.dispose()
    with Store(url) as store, store.engine.connect() as connection:
        assert dict(connection.execute(text("SELECT document_id, stored_at FROM documents_fts_ids")).all()) \
            == stored_at
        page = search_documents(connection, DocumentQuery(q="harbour"))
        assert [hit["id"] for hit in page["results"]] == ["tie-001", "tie-002"]
        assert {"value": "DEU", "count": 1} in page["facets"]["country"]


SEARCHES = ["q=harbour", "q=harbour&country=DEU&limit=3", "q=harb*&from=2022-05&to=2022-05-02", "",
            "q=", "q=%22harbour%20plan%22", "q=would&source=Valley%20Post", "q=-harbour", "q=harbour&q=would",
            "q=harbour&limit=0", "q=harbour&limit=101", "q=harbour&limit=07", "from=2021-02-30", "from=2022-5",
            "cursor=bm90IGEgY3Vyc29y", "q=harbour&unknown=1", "actor=Minister%20Number3", "type=ACCUSE",
            "q=" + "x" * 501, "q=caf%C3%A9"]


def test_hot_reads_answer_as_the_routes_do(sqlite_url, monkeypatch):
    answered = []
    real = hot._json

    async def counted(send, body):
        answered.append(body)
        await real(send, body)

    monkeypatch.setattr(hot, "_json", counted)
    with Store(sqlite_url) as store:
        store.add_many([_record(index, f"2022-05-0{1 + index % 3}", ("FRA", "DEU")[index % 2])
                        for index in range(12)] + [evil_record()])
        ids = [row[0] for row in store.engine.connect().execute(text("SELECT id FROM documents"))]
    app = create_app(sqlite_url)
    with TestClient(app) as client:
        first = client.get("/api/documents", params={"q": "harbour", "limit": 5}).json()
        paths = ([f"/api/documents/{doc_id}" for doc_id in [*ids, "no-such-id", "x" * 501]]
                 + [f"/api/documents?{query}" for query in SEARCHES]
                 + [f"/api/documents?q=harbour&limit=5&cursor={first['next_cursor']}"])
        for path in paths:
            app.state.reads_inline = True
            fast = client.get(path)
            app.state.reads_inline = False
            routed = client.get(path)
            assert (fast.status_code, fast.content) == (routed.status_code, routed.content), path
            for header in ("content-type", "content-security-policy", "x-content-type-options"):
                assert fast.headers[header] == routed.headers[header]
        app.state.reads_inline = True
    # The records and the searches within the limits were answered before the routes; the rest by them.
    assert len(answered) == len(ids) + 12


def test_sqlite_changes_sees_another_connections_commit(sqlite_url):
    with Store(sqlite_url) as store:
        changes = SqliteChanges(store.engine.url.database)
        before = changes.generation()
        assert changes.generation() == before
        raw = sqlite3.connect(store.engine.url.database)
        raw.execute("INSERT INTO watchlists (name, entities, countries, types, keywords, created_at) "
                    "VALUES ('w', '[]', '[]', '[]', '[]', '2022-01-01')")
        raw.commit()
        raw.close()
        assert changes.generation() == before + 1
        changes.close()
        assert changes.generation() == before + 2          # a new connection: counted as a change
        changes.close()
