"""Watchlists and digests: the commands, a real SMTP server (aiosmtpd) on 127.0.0.1, and the Atom feed."""
from __future__ import annotations

import email
from email import policy

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service_fixtures import (EVIL_IMG, EVIL_SCRIPT, EVIL_SPEAKER, TagCounter, evil_record, expected,  # noqa: F401
                              free_port, seed_record, speakers)
from wirewatch.cli import app
from wirewatch.service import create_app
from wirewatch.service.digest import DigestError, parse_since
from wirewatch.store import Store

runner = CliRunner()


class Inbox:
    """What an aiosmtpd server on 127.0.0.1 received."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


@pytest.fixture
def store_url(tmp_path, seed_record):
    url = f"sqlite:///{tmp_path / 'digest.sqlite'}"
    with Store(url) as store:
        store.add_many([seed_record, evil_record()])
    return url


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def parts(message) -> tuple[str, str]:
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def test_service_watch_commands(store_url):
    cli("watch", "add", "ports", "--entity", "Port Board", "--country", "esp", "--type", "accuse", "--db", store_url)
    listed = cli("watch", "list", "--db", store_url)
    assert "ports: entity Port Board; country ESP; type ACCUSE" in listed
    again = runner.invoke(app, ["watch", "add", "ports", "--keyword", "x", "--db", store_url])
    assert again.exit_code != 0 and "exists" in again.output
    bad = runner.invoke(app, ["watch", "add", "no/slash", "--keyword", "x", "--db", store_url])
    assert bad.exit_code != 0
    empty = runner.invoke(app, ["watch", "add", "empty", "--db", store_url])
    assert empty.exit_code != 0 and "needs something to watch" in empty.output
    cli("watch", "remove", "ports", "--db", store_url)
    assert "ports" not in cli("watch", "list", "--db", store_url)
    assert runner.invoke(app, ["watch", "remove", "ports", "--db", store_url]).exit_code == 1


def test_service_digest_mails_the_main_speakers_quotes(store_url, smtp_server, expected, seed_record):
    address, inbox = smtp_server
    main = speakers(expected)[0]
    cli("watch", "add", "main", "--entity", main, "--db", store_url)
    cli("digest", "main", "--since", "1d", "--smtp", address, "--to", "analyst@example.org", "--db", store_url)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "analyst@example.org" and "main" in message["Subject"]
    plain, html = parts(message)
    his = [quote["text"] for quote in seed_record["quotes"] if (quote.get("speaker") or {}).get("name") == main]
    assert his, f"the pipeline found no quote of {main} in the seed"
    for text in his:
        assert text in plain
    html_text = "".join(TagCounter(html).text)
    wanted = [quote["contains"] for quote in expected["quotes"] if quote.get("speaker") == main
              and quote["kind"] == "direct"]
    assert wanted and all(text in plain and text in html_text for text in wanted)
    others = {name for name in speakers(expected) if name != main}
    assert not any(f"- {name} (" in plain for name in others)


def test_service_digest_since_leaves_out_older(store_url, expected):
    cli("watch", "add", "main", "--entity", speakers(expected)[0], "--db", store_url)
    later = cli("digest", "main", "--since", "2999-01-01", "--db", store_url)
    assert "QUOTES (0)" in later
    with pytest.raises(DigestError, match="--since takes"):
        parse_since("last tuesday")


def test_service_feed_is_valid_atom(store_url, expected, seed_record):
    main = speakers(expected)[0]
    cli("watch", "add", "main", "--entity", main, "--db", store_url)
    with TestClient(create_app(store_url)) as client:
        response = client.get("/feeds/main.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    quotes = [quote for quote in seed_record["quotes"] if (quote.get("speaker") or {}).get("name") == main]
    events = [event for event in seed_record.get("events") or []
              if main in ((event.get("actor") or {}).get("name"), (event.get("recipient") or {}).get("name"))]
    said = [entry for entry in feed.entries if entry.id.startswith("urn:wirewatch:quote:")]
    assert len(said) == len(quotes) and len(feed.entries) == len(quotes) + len(events)
    assert all(entry.title.startswith(main) for entry in said)
    assert all(entry.link.endswith(seed_record["id"]) for entry in feed.entries)


def test_service_digest_shows_markup_as_text(store_url, smtp_server):
    address, inbox = smtp_server
    cli("watch", "add", "evil", "--entity", EVIL_SPEAKER, "--db", store_url)
    cli("digest", "evil", "--smtp", address, "--to", "analyst@example.org", "--db", store_url)
    plain, html = parts(inbox.messages[0])
    assert EVIL_SCRIPT in plain and EVIL_IMG in plain
    parsed = TagCounter(html)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "img")]
    assert not [attrs for _, attrs in parsed.tags if any(name.startswith("on") for name in attrs)]
    assert EVIL_SCRIPT in "".join(parsed.text)
    with TestClient(create_app(store_url)) as client:
        atom = client.get("/feeds/evil.atom").content
    assert b"<script" not in atom and b"&lt;script&gt;" in atom
    assert not feedparser.parse(atom).bozo
