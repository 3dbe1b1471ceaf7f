"""Helpers the tests share: paths to shared/, small documents built here (no external data needed), and
fixtures for a fresh SQLite and PostgreSQL database."""
from __future__ import annotations

import gzip
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_38f5dc2e7397f804.txt"
SEED_EXPECTED = SHARED / "spec" / "seed-expected.json"

ARTICLE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Lakeside Courier</title>
<meta property="og:site_name" content="Lakeside Courier">
<meta property="article:published_time" content="2021-04-12T08:15:00+00:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>The regional council voted on Monday to close three rural schools, despite a petition signed by more than four thousand parents who said the closures would force children onto long bus journeys.</p>
<p>"We cannot keep half-empty buildings open while classrooms in town are overflowing," the council leader told the meeting, adding that savings would be spent on teachers.</p>
<p>Parents' groups said they would challenge the decision in court and planned a protest outside the council offices next week.</p>
</article><footer>&copy; 2021 Lakeside Courier. All rights reserved.</footer></body></html>"""


def article_html(title: str = "Council votes to close rural schools") -> str:
    return ARTICLE_HTML.format(title=title)


def warc_record(url: str, body: bytes, *, date: str = "2021-04-12T10:00:00Z",
                content_type: str = "text/html; charset=utf-8") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
            .encode() + body)
    headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n"
               f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
               f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return headers.encode() + http + b"\r\n\r\n"


def write_warc(path: Path, records: list[bytes], *, gzipped: bool = False) -> Path:
    with open(path, "wb") as handle:
        for record in records:
            handle.write(gzip.compress(record) if gzipped else record)
    return path


# ------------------------------------------------------------------------------------------ databases
# A fresh database of each backend per test: a SQLite file, and a PostgreSQL schema of its own (dropped
# afterwards) so that parallel runs against one server never meet; WIREWATCH_TEST_POSTGRES names another
# server than the local one. Import the fixtures into a test module (`from support import db_url, ...`):
# they are kept out of conftest.py for the reason tests/store/test_store.py gives.
POSTGRES_URL = os.environ.get("WIREWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator:
    """An engine on the test server's default schema; skips the test when no server answers."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3}, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as exc:  # a missing driver is as much "no server" to these tests as a refused port
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        pytest.skip(f"PostgreSQL not reachable at {url.host}:{url.port or 5432}: {reason}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """A URL whose connections work in a new, empty schema of their own."""
    import sqlalchemy as sa

    schema = f"wirewatch_test_{uuid.uuid4().hex[:12]}"
    with postgres_server.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    with postgres_server.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'wirewatch.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """A fresh, empty database of each backend in turn."""
    return request.getfixturevalue(f"{request.param}_url")
