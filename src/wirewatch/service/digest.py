"""A watch's digest: the quotes, events and stories stored since a time that match it.

Rendered as HTML (the Jinja2 template, escaped) and plain text, sent by SMTP as one message with both,
and served as an Atom feed. "Stored since" is when the document's current version entered the store
(`stored_at` in the search index's tables, kept by the database), not its `published` date: a digest is about what is
new to the analyst.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from wirewatch.service.queries import event_row, quote_row
from wirewatch.service.search import match_clause, parse_query, stored_since_clause
from wirewatch.service.templating import environment
from wirewatch.service.watch import Watch

__all__ = ["Digest", "DigestError", "parse_since", "collect", "render_html", "render_text", "render_atom",
           "send_digest", "parse_smtp"]

_SPAN = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
LIMIT = 200
ATOM = "http://www.w3.org/2005/Atom"


class DigestError(ValueError):
    """A `--since`, `--smtp` or mail that does not work; the message says what to give instead."""


@dataclass
class Digest:
    watch: Watch
    since: str
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.quotes or self.events or self.stories)

    @property
    def subject(self) -> str:
        return (f"wirewatch digest {self.watch.name}: {len(self.quotes)} quotes, {len(self.events)} events, "
                f"{len(self.stories)} stories since {self.since[:16].replace('T', ' ')} UTC")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_since(value: str, *, now: datetime | None = None) -> str:
    """'1d', '12h', '30m', '2w' ago, or an ISO 8601 date or time (UTC unless it says), as stored_at text."""
    now = now or datetime.now(timezone.utc)
    spans = _SPAN.findall(value.strip().lower())
    if spans and _SPAN.sub("", value.strip().lower()).strip() == "":
        delta = sum((timedelta(**{_UNITS[unit]: int(count)}) for count, unit in spans), timedelta())
        return _stamp(now - delta)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise DigestError(f"--since takes a span ago (30m, 12h, 1d, 2w, 1d12h) or an ISO 8601 date or time "
                          f"(2020-08-31, 2020-08-31T15:37), not {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return _stamp(moment)


def _any_of(column: str, values: tuple[str, ...], params: dict[str, Any], prefix: str, *,
            lower: bool = False) -> str:
    names = []
    for index, value in enumerate(values):
        params[f"{prefix}_{index}"] = value.lower() if lower else value
        names.append(f":{prefix}_{index}")
    return f"{'lower(' + column + ')' if lower else column} IN ({', '.join(names)})"


def _keywords(connection: Connection, watch: Watch, params: dict[str, Any]) -> list[str]:
    matches = [match_clause(connection.dialect.name, parsed, params) for parsed in
               (parse_query(keyword) for keyword in watch.keywords) if parsed is not None]
    return ["(" + " OR ".join(matches) + ")"] if matches else []


def _quotes(connection: Connection, watch: Watch, since: str) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"limit": LIMIT}
    clauses = [stored_since_clause(connection.dialect.name, since, params), *_keywords(connection, watch, params)]
    if watch.entities:
        clauses.append(_any_of("x.speaker_name", watch.entities, params, "entity", lower=True))
    if watch.countries:
        clauses.append("EXISTS (SELECT 1 FROM entities e WHERE e.document_id = x.document_id AND "
                       f"e.entity_id = x.speaker_entity_id AND {_any_of('e.country', watch.countries, params, 'c')})")
    sql = (f"SELECT x.*, d.title AS document_title, d.published AS published FROM quotes x "
           f"JOIN documents d ON d.id = x.document_id WHERE {' AND '.join(clauses)} "
           f"ORDER BY coalesce(d.published, '') DESC, x.document_id, x.position LIMIT :limit")
    return [quote_row(row) for row in connection.execute(text(sql), params)]


def _events(connection: Connection, watch: Watch, since: str) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"limit": LIMIT}
    clauses = [stored_since_clause(connection.dialect.name, since, params), *_keywords(connection, watch, params)]
    if watch.entities:
        clauses.append("(" + _any_of("x.actor_name", watch.entities, params, "actor", lower=True) + " OR "
                       + _any_of("x.recipient_name", watch.entities, params, "recipient", lower=True) + ")")
    if watch.countries:
        clauses.append("(" + _any_of("x.actor_country", watch.countries, params, "ac") + " OR "
                       + _any_of("x.recipient_country", watch.countries, params, "rc") + ")")
    if watch.types:
        clauses.append(_any_of("x.type", watch.types, params, "type"))
    sql = (f"SELECT x.*, d.title AS document_title, d.published AS published FROM events x "
           f"JOIN documents d ON d.id = x.document_id WHERE {' AND '.join(clauses)} "
           f"ORDER BY coalesce(d.published, '') DESC, x.document_id, x.position LIMIT :limit")
    return [event_row(row) for row in connection.execute(text(sql), params)]


def _stories(connection: Connection, document_ids: set[str]) -> list[dict[str, Any]]:
    """The stories the matching documents belong to (where the store groups stories at all)."""
    if not document_ids or not inspect(connection).has_table("story_members"):
        return []
    params = {f"doc_{index}": value for index, value in enumerate(sorted(document_ids)[:500])}
    names = ", ".join(f":{key}" for key in params)
    sql = (f"SELECT DISTINCT s.id, s.title, s.original_source, s.published, s.copies, s.independent_sources, "
           f"s.original_document_id FROM stories s JOIN story_members m ON m.story_id = s.id "
           f"WHERE m.document_id IN ({names}) ORDER BY s.published DESC, s.id")
    return [dict(row._mapping) for row in connection.execute(text(sql), params)]


def collect(engine: Engine, watch: Watch, since: str) -> Digest:
    """What is new for `watch` since `since` (a stored_at text, as `parse_since` gives)."""
    with engine.connect() as connection:
        quotes = _quotes(connection, watch, since)
        events = _events(connection, watch, since)
        stories = _stories(connection, {item["document_id"] for item in quotes + events})
    return Digest(watch, since, quotes, events, stories)


def _document_url(base_url: str, document_id: str) -> str:
    return f"{base_url.rstrip('/')}/documents/{quote(document_id, safe='')}"


def render_html(digest: Digest, *, base_url: str) -> str:
    return environment().get_template("digest.html").render(
        digest=digest, base_url=base_url.rstrip("/"), document_url=lambda i: _document_url(base_url, i))


def _speaker(item: dict[str, Any]) -> str:
    return (item.get("speaker") or {}).get("name") or "unknown speaker"


def _actor_name(actor: dict[str, Any] | None) -> str:
    return actor["name"] if actor else "?"


def render_text(digest: Digest, *, base_url: str) -> str:
    lines = [digest.subject, f"watch: {digest.watch.describe()}", ""]
    lines.append(f"QUOTES ({len(digest.quotes)})")
    for item in digest.quotes:
        lines += [f"- {_speaker(item)} ({item['kind']}): “{item['text']}”",
                  f"  {item['document_title'] or item['document_id']} ({item['published'] or 'undated'})",
                  f"  {_document_url(base_url, item['document_id'])}"]
    lines += ["", f"EVENTS ({len(digest.events)})"]
    for item in digest.events:
        lines += [f"- {item['type']} ({item['status']}): {_actor_name(item['actor'])} -> "
                  f"{_actor_name(item['recipient'])}: {item['text']}",
                  f"  {_document_url(base_url, item['document_id'])}"]
    lines += ["", f"STORIES ({len(digest.stories)})"]
    for story in digest.stories:
        lines += [f"- {story['title'] or story['id']}: {story['copies']} copies, "
                  f"{story['independent_sources']} independent sources",
                  f"  {_document_url(base_url, story['original_document_id'])}"]
    return "\n".join(lines) + "\n"


def _atom_time(value: str | None, fallback: str) -> str:
    """An RFC 3339 time from an ISO 8601 `published` of any precision ("2020", "2020-08-31T15:37")."""
    head = (value or "")[:19]
    try:
        moment = datetime.strptime(head + "0000-01-01T00:00:00"[len(head):], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return fallback
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_atom(digest: Digest, *, base_url: str, feed_url: str) -> bytes:
    """The digest as an Atom 1.0 feed: one entry per quote and event."""
    ET.register_namespace("", ATOM)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def add(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if value is not None:
            element.text = value
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", f"urn:wirewatch:watch:{digest.watch.name}")
    add(feed, "title", f"wirewatch: {digest.watch.name} ({digest.watch.describe()})")
    add(feed, "updated", now)
    add(feed, "link", rel="self", href=feed_url)
    add(add(feed, "author"), "name", "wirewatch")
    entries = [("quote", item, f"{_speaker(item)}: “{item['text']}”") for item in digest.quotes]
    entries += [("event", item, f"{item['type']}: {_actor_name(item['actor'])} -> "
                                f"{_actor_name(item['recipient'])}") for item in digest.events]
    for kind, item, title in entries:
        entry = add(feed, "entry")
        add(entry, "id", f"urn:wirewatch:{kind}:{item['document_id']}:{item['position']}")
        add(entry, "title", title)
        add(entry, "updated", _atom_time(item.get("published"), now))
        add(entry, "link", href=_document_url(base_url, item["document_id"]))
        add(entry, "summary", f"{item['text']}\n— {item['document_title'] or item['document_id']}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def parse_smtp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise DigestError(f"--smtp is HOST:PORT (127.0.0.1:25), not {value!r}")
    return host.strip("[]"), int(port)


def send_digest(digest: Digest, *, smtp: str, to: str, sender: str = "wirewatch@localhost",
                base_url: str, timeout: float = 30) -> None:
    """Mail the digest (plain text with an HTML alternative) through the SMTP server at HOST:PORT."""
    host, port = parse_smtp(smtp)
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = to
    message.set_content(render_text(digest, base_url=base_url))
    message.add_alternative(render_html(digest, base_url=base_url), subtype="html")
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as client:
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DigestError(f"cannot send the digest through {host}:{port}: {exc}") from exc
