"""Reads of the store's record tables for the API and the pages: quotes, events, an entity's dossier.

Every list is newest first by its document's `published`, then in the record's order, a page at a time
with the same opaque cursors as the document search (`search.Keyset`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from wirewatch.service.search import PUBLISHED_KEY, Keyset, date_range, match_clause, parse_query

__all__ = ["QuoteQuery", "EventQuery", "list_quotes", "list_events", "entity_dossier", "ITEM_KEYSET",
           "quote_row", "event_row", "EVENT_DAY", "json_value"]

ITEM_KEYSET = Keyset(((PUBLISHED_KEY, True), ("d.id", True), ("x.position", False)))
# The day an event happened when the text dates it ("2020-08-27"), else its document's date.
EVENT_DAY = "CASE WHEN substr(x.date, 1, 1) BETWEEN '0' AND '9' THEN x.date ELSE d.published END"
_DOCUMENT_COLUMNS = "d.title AS document_title, d.published AS published"


@dataclass(frozen=True)
class QuoteQuery:
    speaker: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class EventQuery:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    status: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def _page(connection: Connection, sql: str, clauses: list[str], params: dict[str, Any], cursor: str | None,
          limit: int, to_item) -> dict[str, Any]:
    after = ITEM_KEYSET.after(cursor, params)
    if after:
        clauses = [*clauses, after]
    params["limit"] = limit + 1
    rows = connection.execute(text(f"{sql} {_where(clauses)} ORDER BY {ITEM_KEYSET.order_by()} LIMIT :limit"),
                              params).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (ITEM_KEYSET.encode((rows[-1].published or "", rows[-1].document_id, rows[-1].position))
                   if more and rows else None)
    return {"results": [to_item(row) for row in rows], "next_cursor": next_cursor}


def json_value(value: Any) -> Any:
    """A JSON column's value read through `text()`: SQLite's driver gives the text, psycopg the object."""
    return json.loads(value) if isinstance(value, str) else value


def _span(start: Any, end: Any, value: Any) -> dict[str, Any] | None:
    return None if value is None and start is None else {"start": start, "end": end, "text": value}


def quote_row(row: Any) -> dict[str, Any]:
    extra = json_value(row.extra) or {}
    speaker = None
    if row.speaker_name is not None or row.speaker_text is not None:
        speaker = {"entity_id": row.speaker_entity_id, "name": row.speaker_name,
                   **(_span(row.speaker_start, row.speaker_end, row.speaker_text) or {})}
    return {"document_id": row.document_id, "document_title": row.document_title, "published": row.published,
            "position": row.position, "kind": row.kind, "text": row.text, "start": row.start, "end": row.end,
            "cue": _span(row.cue_start, row.cue_end, row.cue_text), "speaker": speaker, "date": row.date,
            "in_title": bool(extra.get("in_title"))}


def event_row(row: Any) -> dict[str, Any]:
    def actor(prefix: str) -> dict[str, Any] | None:
        name = getattr(row, f"{prefix}_name")
        if name is None:
            return None
        return {key: getattr(row, f"{prefix}_{key}") for key in ("entity_id", "name", "country", "sector")}

    location = None
    if row.location_name is not None:
        location = {"name": row.location_name, "country": row.location_country, "lat": row.location_lat,
                    "lon": row.location_lon}
    return {"document_id": row.document_id, "document_title": row.document_title, "published": row.published,
            "position": row.position, "type": row.type, "mode": row.mode, "status": row.status,
            "actor": actor("actor"), "recipient": actor("recipient"), "date": row.date, "location": location,
            "text": row.text, "start": row.start, "end": row.end, "confidence": row.confidence}


def list_quotes(connection: Connection, query: QuoteQuery, *, cursor: str | None = None,
                limit: int = 50) -> dict[str, Any]:
    """Quotes by a speaker (the canonical name), and/or holding every word of `q`."""
    params: dict[str, Any] = {}
    clauses: list[str] = []
    if query.speaker:
        clauses.append("x.speaker_name = :speaker")
        params["speaker"] = query.speaker
    parsed = parse_query(query.q)
    if parsed is not None:
        # The index finds the documents; the quote itself must hold each word.
        clauses.append(match_clause(connection.dialect.name, parsed, params))
        for index, word in enumerate(parsed.words()):
            clauses.append(f"lower(x.text) LIKE :word_{index}")
            params[f"word_{index}"] = f"%{word}%"
    sql = f"SELECT x.*, {_DOCUMENT_COLUMNS} FROM quotes x JOIN documents d ON d.id = x.document_id"
    return _page(connection, sql, clauses, params, cursor, limit, quote_row)


def list_events(connection: Connection, query: EventQuery, *, cursor: str | None = None,
                limit: int = 50) -> dict[str, Any]:
    """Events by actor, recipient, type, status, country (the actor's, the recipient's or the place's) and
    date (the event's own when the text gives a calendar date, else its document's)."""
    params: dict[str, Any] = {}
    clauses: list[str] = []
    for name in ("actor", "recipient"):
        value = getattr(query, name)
        if value:
            clauses.append(f"x.{name}_name = :{name}")
            params[name] = value
    for name in ("type", "status"):
        value = getattr(query, name)
        if value:
            clauses.append(f"x.{name} = :{name}")
            params[name] = value
    if query.country:
        clauses.append("(x.actor_country = :country OR x.recipient_country = :country "
                       "OR x.location_country = :country)")
        params["country"] = query.country
    clauses.extend(date_range(query.date_from, query.date_to, params, column=EVENT_DAY))
    sql = f"SELECT x.*, {_DOCUMENT_COLUMNS} FROM events x JOIN documents d ON d.id = x.document_id"
    return _page(connection, sql, clauses, params, cursor, limit, event_row)


def entity_dossier(connection: Connection, name: str, *, limit: int = 100) -> dict[str, Any] | None:
    """Everything the store holds on the actor of that canonical name; None when it holds nothing.

    Entity ids in records are per document ("e3"), so an actor across documents is its canonical name.
    """
    params = {"name": name}
    roles = [dict(row._mapping) for row in connection.execute(text(
        "SELECT type, country, sector, count(*) AS documents FROM entities WHERE name = :name "
        "GROUP BY type, country, sector ORDER BY count(*) DESC, type, country, sector"), params)]
    evidence: Counter[str] = Counter()
    for row in connection.execute(text("SELECT extra FROM entities WHERE name = :name LIMIT 1000"), params):
        for item in (json_value(row.extra) or {}).get("evidence") or []:
            evidence[item if isinstance(item, str) else str(item)] += 1
    known = [dict(row._mapping) for row in connection.execute(text(
        "SELECT kind, country, sector, role, start, \"end\", code, source FROM actors WHERE name = :name "
        "ORDER BY position"), params)]
    counts = {
        "documents": sum(role["documents"] for role in roles),
        "mentions": connection.execute(text(
            "SELECT count(*) FROM mentions m JOIN entities e ON e.document_id = m.document_id "
            "AND e.entity_id = m.entity_id WHERE e.name = :name"), params).scalar_one(),
        "quotes": connection.execute(text("SELECT count(*) FROM quotes WHERE speaker_name = :name"),
                                     params).scalar_one(),
        "events_as_actor": connection.execute(text("SELECT count(*) FROM events WHERE actor_name = :name"),
                                              params).scalar_one(),
        "events_as_recipient": connection.execute(text(
            "SELECT count(*) FROM events WHERE recipient_name = :name"), params).scalar_one(),
    }
    if not roles and not known and not counts["quotes"] and not counts["events_as_actor"] \
            and not counts["events_as_recipient"]:
        return None
    quotes = list_quotes(connection, QuoteQuery(speaker=name), limit=limit)["results"]
    events = _events_of(connection, name, limit)
    return {
        "name": name,
        "roles": roles,
        "evidence": [{"text": item, "documents": count} for item, count in evidence.most_common(50)],
        "knowledge_base": known,
        "counts": counts,
        "quotes": quotes,
        "events": events,
        "timeline": _activity(connection, name),
    }


def _events_of(connection: Connection, name: str, limit: int) -> list[dict[str, Any]]:
    sql = (f"SELECT x.*, {_DOCUMENT_COLUMNS} FROM events x JOIN documents d ON d.id = x.document_id "
           f"WHERE x.actor_name = :name OR x.recipient_name = :name ORDER BY {ITEM_KEYSET.order_by()} "
           f"LIMIT :limit")
    return [event_row(row) for row in connection.execute(text(sql), {"name": name, "limit": limit})]


def _activity(connection: Connection, name: str) -> list[dict[str, Any]]:
    """Per day of the documents' dates: the actor's quotes and events."""
    sql = """
        SELECT day, sum(quotes) AS quotes, sum(events) AS events FROM (
            SELECT substr(d.published, 1, 10) AS day, 1 AS quotes, 0 AS events
            FROM quotes x JOIN documents d ON d.id = x.document_id WHERE x.speaker_name = :name
            UNION ALL
            SELECT substr(d.published, 1, 10), 0, 1
            FROM events x JOIN documents d ON d.id = x.document_id
            WHERE x.actor_name = :name OR x.recipient_name = :name
        ) AS activity WHERE day IS NOT NULL AND length(day) = 10 GROUP BY day ORDER BY day
    """
    return [{"date": row.day, "quotes": int(row.quotes), "events": int(row.events),
             "count": int(row.quotes) + int(row.events)} for row in connection.execute(text(sql), {"name": name})]
