"""The JSON API and the pages through a real HTTP client against the app, on SQLite and on PostgreSQL."""
from __future__ import annotations

import copy
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from service_fixtures import EVIL_ENTITY, EVIL_SPEAKER, assert_markup_is_text, evil_record
from support import db_url, postgres_server, postgres_url, sqlite_url  # noqa: F401 (fixtures)
from wirewatch.service import create_app
from wirewatch.store import Store

TOKEN = "s3cret-token"
OUTLETS = ("Harbor Times", "Valley Post")
COUNTRIES = ("FRA", "DEU", "ITA")


def plain_record(index: int) -> dict:
    """A small valid record: outlet, country and date cycle with the index; every one holds 'harbour'."""
    name = f"Minister Number{index}"
    text = f"{name} said the harbour plan {'would' if index % 2 else 'will'} go ahead. Tide{index} rising."
    start = text.index(name)
    country = COUNTRIES[index % 3]
    quote_start = text.index("the harbour")
    return {
        "id": f"doc-{index:02d}", "source": f"https://example.org/{index}", "title": f"Harbour story {index}",
        "published": f"2021-03-{1 + index % 5:02d}T10:{index:02d}" if index % 7 else None,
        "publisher": {"name": OUTLETS[index % 2]}, "original_source": None, "section": None, "authors": [],
        "language": "en", "text": text, "boilerplate": [],
        "entities": [{"id": "e1", "name": name, "type": "PERSON", "country": country, "sector": "GOV",
                      "mentions": [{"start": start, "end": start + len(name), "text": name}]}],
        "times": [],
        "quotes": [{"kind": "indirect", "start": quote_start, "end": text.index(".") ,
                    "text": text[quote_start:text.index(".")], "cue": None,
                    "speaker": {"entity_id": "e1", "name": name, "start": start, "end": start + len(name),
                                "text": name}, "date": None}],
        "events": [], "errors": [],
    }


@pytest.fixture
def client(db_url):
    with Store(db_url) as store:
        store.add_many([plain_record(index) for index in range(25)] + [evil_record()])
    with TestClient(create_app(db_url, token=TOKEN)) as test_client:
        yield test_client


def test_service_search_pages_through_every_match_once(client):
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get("/api/documents", params={"q": "harbour", "limit": 10, **({"cursor": cursor} if cursor
                                                                                   else {})}).json()
        assert body["total"] == 25
        seen += [hit["id"] for hit in body["results"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 25 == len(set(seen))
    published = [client.get(f"/api/documents/{doc_id}").json()["published"] for doc_id in seen]
    dated = [value for value in published if value]
    assert dated == sorted(dated, reverse=True) and published[-len(published) + len(dated):] == \
        [None] * (len(published) - len(dated))


def test_service_search_facets_count_every_match(client):
    body = client.get("/api/documents", params={"q": "harbour"}).json()
    sources = {item["value"]: item["count"] for item in body["facets"]["source"]}
    assert sources == {OUTLETS[0]: 13, OUTLETS[1]: 12}
    countries = {item["value"]: item["count"] for item in body["facets"]["country"]}
    assert countries == {"FRA": 9, "DEU": 8, "ITA": 8}
    filtered = client.get("/api/documents", params={"q": "harbour", "country": "DEU",
                                                    "source": OUTLETS[1]}).json()
    assert filtered["total"] == sum(1 for index in range(25) if index % 3 == 1 and index % 2 == 1)
    assert client.get("/api/documents", params={"actor": "Minister Number3"}).json()["total"] == 1
    assert client.get("/api/documents", params={"type": "ACCUSE"}).json()["total"] == 1


@pytest.mark.parametrize("query, total", [("harbour", 25), ('"harbour plan would"', 12), ("harb*", 25),
                                          ("harbour -would", 13), ("tide7", 1), ("HARBOUR", 25), ("nothing", 0)])
def test_service_search_query_language(client, query, total):
    assert client.get("/api/documents", params={"q": query}).json()["total"] == total


def test_service_search_dates_and_timeline(client):
    body = client.get("/api/documents", params={"q": "harbour", "from": "2021-03-02", "to": "2021-03-03"}).json()
    assert body["total"] == sum(1 for index in range(25) if index % 7 and index % 5 in (1, 2))
    timeline = client.get("/api/timeline", params={"q": "would"}).json()
    assert [point["date"] for point in timeline] == sorted(point["date"] for point in timeline)
    assert all(set(point) == {"date", "count", "total", "ratio"} for point in timeline)
    day = next(point for point in timeline if point["date"] == "2021-03-02")
    assert 0 < day["count"] < day["total"] and day["ratio"] == pytest.approx(day["count"] / day["total"], 1e-5)
    months = client.get("/api/timeline", params={"interval": "month"}).json()
    assert months == [{"date": "2021-03", "count": 21, "total": 21, "ratio": 1.0},
                      {"date": "2021-04", "count": 1, "total": 1, "ratio": 1.0}]


def test_service_quotes_events_and_entities(client):
    quotes = client.get("/api/quotes", params={"speaker": "Minister Number4"}).json()["results"]
    assert [item["text"] for item in quotes] == ["the harbour plan will go ahead"]
    assert client.get("/api/quotes", params={"q": "would"}).json()["results"][0]["speaker"]["name"] \
        .startswith("Minister Number")
    events = client.get("/api/events", params={"type": "ACCUSE", "country": "ESP"}).json()["results"]
    assert [event["actor"]["name"] for event in events] == [EVIL_ENTITY]
    assert client.get("/api/events", params={"status": "negated"}).json()["results"] == []
    assert len(client.get("/api/events", params={"from": "2021-04-12", "to": "2021-04-12"}).json()["results"]) == 1
    dossier = client.get(f"/api/entities/{quote(EVIL_SPEAKER)}").json()
    assert dossier["counts"]["quotes"] == 1 and dossier["roles"][0]["country"] == "ESP"
    assert dossier["evidence"] and dossier["timeline"][0]["date"] == "2021-04-12"
    board = client.get(f"/api/entities/{quote(EVIL_ENTITY, safe='')}").json()
    assert board["counts"]["events_as_actor"] == 1


@pytest.mark.parametrize("path, status, says", [
    ("/api/documents/no-such-id", 404, "no document"),
    ("/api/entities/Nobody%20Atall", 404, "no entity"),
    ("/api/documents?cursor=bm90IGEgY3Vyc29y", 422, "cursor"),
    ("/api/documents?from=2021-02-30", 422, "not a date"),
    ("/api/documents?from=yesterday", 422, "from"),
    ("/api/documents?q=-harbour", 422, "only leaves words out"),
    ("/api/documents?limit=0", 422, "limit"),
    ("/api/timeline?interval=fortnight", 422, "interval"),
    ("/api/quotes?speaker=a%00b", 422, "NUL"),
    ("/feeds/nowatch.atom", 404, "no watch"),
])
def test_service_clear_errors(client, path, status, says):
    response = client.get(path)
    assert response.status_code == status
    assert says in str(response.json()["detail"])


def test_service_error_pages_are_pages(client):
    response = client.get("/documents/no-such-id")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "no document" in response.text


def test_service_writes_need_the_token(client, db_url):
    document = {"text": "Mayor Ines Duarte said the bridge would reopen in May.", "date": "2021-05-02"}
    assert client.post("/api/documents", json=document).status_code == 401
    wrong = client.post("/api/documents", json=document, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/documents", json={}, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 422
    before = client.get("/api/documents", params={"q": "bridge"}).json()["total"]
    created = client.post("/api/documents", json=document, headers={"Authorization": f"Bearer {TOKEN}"})
    assert created.status_code == 201 and created.json()["status"] == "inserted"
    assert client.get("/api/documents", params={"q": "bridge"}).json()["total"] == before + 1
    again = client.post("/api/documents", json=document, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["status"] == "unchanged"
    with TestClient(create_app(db_url, token="")) as read_only:
        refused = read_only.post("/api/documents", json=document, headers={"Authorization": f"Bearer {TOKEN}"})
        assert refused.status_code == 403 and "writes are off" in refused.json()["detail"]


def test_service_index_follows_the_store(db_url):
    """The database's triggers keep the index: a replaced record is found by its new words only."""
    record = plain_record(1)
    with Store(db_url) as store:
        store.add(record)
        changed = copy.deepcopy(record)
        changed["title"] = "Lighthouse story"
        changed["text"] = changed["text"].replace("harbour", "lighthouse")
        changed["quotes"] = []
        assert store.add(changed) == "updated"
    with TestClient(create_app(db_url)) as test_client:
        assert test_client.get("/api/documents", params={"q": "harbour"}).json()["total"] == 0
        assert test_client.get("/api/documents", params={"q": "lighthouse"}).json()["total"] == 1


@pytest.mark.parametrize("path", ["/", "/?q=council", "/?q=council&country=ESP", "/documents/evil-1",
                                  f"/entities/{quote(EVIL_SPEAKER)}", f"/entities/{quote(EVIL_ENTITY, safe='')}",
                                  "/events", "/docs"])
def test_service_pages_show_markup_as_text(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if path != "/docs":
        assert_markup_is_text(response.text)


def test_service_ingest_never_reads_server_files(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The vault code is 0451.\n", "utf-8")
    created = client.post("/api/documents", json={"text": str(secret)}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert created.status_code == 201
    record = client.get(f"/api/documents/{created.json()['id']}").json()
    assert "0451" not in json.dumps(record)
