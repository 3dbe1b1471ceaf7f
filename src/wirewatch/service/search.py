"""Full-text search over the stored documents: SQLite FTS5 or PostgreSQL tsvector, with facets and cursors.

Both backends read the index that migration 0004 keeps (`documents_fts`), and take the same query language,
parsed here rather than handed to the database (whose own syntax errors would be the user's 500s): words,
all of which must be present; "quoted phrases"; a trailing `*` for a prefix (`negotiat*`); `-word` to leave
out documents with it. Words are letters and digits, matched without case (and, on SQLite, diacritics).

Results come newest first (by `published`; undated documents last), a page at a time: the response's
`next_cursor` is an opaque token for the next page, stable while documents are added (keyset pagination,
not offsets). Facet counts are over every match, not just the page, up to the newest 2,000 matches
(`facets_over` says how many were counted; `total` always counts them all).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

__all__ = ["DocumentQuery", "SearchError", "parse_query", "search_documents", "timeline", "snippet",
           "match_clause", "stored_since_clause", "Keyset", "FACETS", "INTERVALS", "SearchCache"]

# What a facet counts, and the entity types that make an actor (people and organisations; places are in
# the country facet).
FACETS = ("source", "country", "actor", "type")
ACTOR_TYPES = ("PERSON", "ORG")
FACET_SIZE = 10
# Facets count the newest this many matches (all of them, for all but the commonest words): counting a
# word in every tenth document over 100,000 takes longer than a search may.
FACET_SAMPLE = 2000
# interval -> how many leading characters of an ISO 8601 date name it.
INTERVALS = {"year": 4, "month": 7, "day": 10}
# The outlet a document is from: the one that wrote it, else the site that carried it.
SOURCE = "coalesce(d.original_source_name, d.publisher_name)"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


class SearchError(ValueError):
    """A query, cursor or filter the search cannot use; the message says what was wrong."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]       # one word, or a phrase's words in order
    prefix: bool = False         # the last word is a prefix


@dataclass(frozen=True)
class ParsedQuery:
    include: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()

    def words(self) -> list[str]:
        return [word for term in self.include for word in term.words]


def parse_query(q: str | None) -> ParsedQuery | None:
    """The terms of a search box's text; None when it holds no word at all."""
    if not q or not q.strip():
        return None
    include: list[Term] = []
    exclude: list[Term] = []
    for match in _TOKEN.finditer(q):
        negated = bool(match.group(1) or match.group(3))
        raw = match.group(2) if match.group(2) is not None else match.group(4)
        words = tuple(word.lower() for word in _WORD.findall(raw))
        if not words:
            continue
        prefix = match.group(4) is not None and raw.endswith("*") and len(words) == 1
        (exclude if negated else include).append(Term(words, prefix))
    if not include:
        if exclude:
            raise SearchError(f"the query {q!r} only leaves words out: give at least one word to look for")
        return None
    return ParsedQuery(tuple(include), tuple(exclude))


def _fts5(parsed: ParsedQuery) -> str:
    def term(t: Term) -> str:
        return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")

    expression = " AND ".join(term(t) for t in parsed.include)
    if parsed.exclude:
        expression = f"({expression}) NOT ({' OR '.join(term(t) for t in parsed.exclude)})"
    return "{title body} : (" + expression + ")"


def _tsquery(parsed: ParsedQuery) -> str:
    def term(t: Term) -> str:
        words = [f"'{word}'" for word in t.words]
        if t.prefix:
            words[-1] += ":*"
        return "(" + " <-> ".join(words) + ")"

    expression = " & ".join(term(t) for t in parsed.include)
    if parsed.exclude:
        expression += " & !(" + " | ".join(term(t) for t in parsed.exclude) + ")"
    return expression


def match_clause(dialect: str, parsed: ParsedQuery, params: dict[str, Any], *, alias: str = "d") -> str:
    """SQL true for the documents (`alias`.id) the query matches; adds its bound value to `params`."""
    key = f"match_{len(params)}"
    if dialect == "postgresql":
        params[key] = _tsquery(parsed)
        return (f"{alias}.id IN (SELECT f.document_id FROM documents_fts f "
                f"WHERE f.tsv @@ to_tsquery('simple', :{key}))")
    params[key] = _fts5(parsed)
    return (f"{alias}.id IN (SELECT i.document_id FROM documents_fts_ids i WHERE i.rowid IN "
            f"(SELECT rowid FROM documents_fts WHERE documents_fts MATCH :{key}))")


def stored_since_clause(dialect: str, since: str, params: dict[str, Any], *, alias: str = "d") -> str:
    """SQL true for the documents whose current version was stored at or after `since` (ISO 8601 UTC)."""
    params["stored_since"] = since
    table = "documents_fts" if dialect == "postgresql" else "documents_fts_ids"
    return f"{alias}.id IN (SELECT document_id FROM {table} WHERE stored_at >= :stored_since)"


# ------------------------------------------------------------------------------------------ cursors

@dataclass(frozen=True)
class Keyset:
    """Keyset pagination over `columns` (SQL, descending?): where the next page starts, as an opaque token."""

    columns: tuple[tuple[str, bool], ...]

    def order_by(self) -> str:
        return ", ".join(f"{column} {'DESC' if desc else 'ASC'}" for column, desc in self.columns)

    def after(self, cursor: str | None, params: dict[str, Any]) -> str | None:
        """SQL true for rows after the cursor's; None without a cursor; `SearchError` for a bad one."""
        if not cursor:
            return None
        values = self.decode(cursor)
        ors = []
        for index, (column, desc) in enumerate(self.columns):
            ands = []
            for previous, (earlier, _) in enumerate(self.columns[:index]):
                ands.append(f"{earlier} = :cursor_{previous}")
            ands.append(f"{column} {'<' if desc else '>'} :cursor_{index}")
            ors.append("(" + " AND ".join(ands) + ")")
        params.update({f"cursor_{index}": value for index, value in enumerate(values)})
        return "(" + " OR ".join(ors) + ")"

    def encode(self, values: tuple[Any, ...]) -> str:
        raw = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    def decode(self, cursor: str) -> list[Any]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw.decode("utf-8"))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            values = None
        kinds_ok = isinstance(values, list) and len(values) == len(self.columns) and all(
            isinstance(value, (str, int)) and not isinstance(value, bool) and "\x00" not in str(value)
            for value in values)
        if not kinds_ok:
            raise SearchError(f"the cursor {cursor[:40]!r} is not one this server gave out: "
                              "use the next_cursor of a previous page, or leave it out for the first page")
        return values


# Newest first; '' for an undated document sorts it after every dated one.
PUBLISHED_KEY = "coalesce(d.published, '')"
DOCUMENT_KEYSET = Keyset(((PUBLISHED_KEY, True), ("d.id", True)))


# ------------------------------------------------------------------------------------------ search

@dataclass(frozen=True)
class DocumentQuery:
    """What `/api/documents` is asked; dates are ISO 8601 prefixes, both ends inclusive."""

    q: str | None = None
    source: str | None = None
    country: str | None = None
    actor: str | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    parsed: ParsedQuery | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parsed", parse_query(self.q))

    def where(self, dialect: str, params: dict[str, Any], *, dates: bool = True) -> list[str]:
        """The SQL conditions on documents `d` this query sets, with their values added to `params`."""
        clauses: list[str] = []
        if self.parsed is not None:
            clauses.append(match_clause(dialect, self.parsed, params))
        filters = {
            "source": f"{SOURCE} = :source",
            "country": "EXISTS (SELECT 1 FROM entities e WHERE e.document_id = d.id AND e.country = :country)",
            "actor": "EXISTS (SELECT 1 FROM entities e WHERE e.document_id = d.id AND e.name = :actor)",
            "type": "EXISTS (SELECT 1 FROM events v WHERE v.document_id = d.id AND v.type = :type)",
        }
        for name, clause in filters.items():
            value = getattr(self, name)
            if value:
                clauses.append(clause)
                params[name] = value
        if dates:
            clauses.extend(date_range(self.date_from, self.date_to, params))
        return clauses


def date_range(date_from: str | None, date_to: str | None, params: dict[str, Any],
               column: str = "d.published") -> list[str]:
    """Conditions for an inclusive range of ISO 8601 prefixes ("2020", "2020-08", "2020-08-31T15")."""
    clauses = []
    for value in (date_from, date_to):
        _check_date(value)
    if date_from:
        clauses.append(f"{column} >= :date_from")
        params["date_from"] = date_from
    if date_to:
        # '~' sorts after every character of an ISO 8601 date, so "2020-08-31~" ends that day.
        clauses.append(f"{column} <= :date_to")
        params["date_to"] = date_to + "~"
    return clauses


def _check_date(value: str | None) -> None:
    if not value:
        return
    head = value[:19]
    try:
        datetime.strptime(head + "2000-01-01T00:00:00"[len(head):], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise SearchError(f"{value!r} is not a date: give an ISO 8601 date or time, as precise as wanted "
                          "(2020, 2020-08, 2020-08-31, 2020-08-31T15:37)") from None


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


class SearchCache:
    """Recent answers for `ttl` seconds (at most `size` of them), so a popular query's facets are counted
    once, not per request: matching every document of a frequent word is the expensive part of a search.

    `clear()` (after this process writes) makes its own writes show at once; another process's writes (an
    ingest) show within `ttl`.
    """

    def __init__(self, *, ttl: float = 30.0, size: int = 2048):
        self.ttl, self.size = ttl, size
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, compute):
        now = time.monotonic()
        with self._lock:
            item = self._items.get(key)
            if item is not None and now - item[0] < self.ttl:
                self._items.move_to_end(key)
                return item[1]
        value = compute()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _no_cache(_key: Any, compute):
    return compute()


def search_documents(connection: Connection, query: DocumentQuery, *, cursor: str | None = None,
                     limit: int = 20, cache: SearchCache | None = None) -> dict[str, Any]:
    """One page of matches, newest first, with the total, the facet counts and the next page's cursor."""
    remember = cache.get if cache is not None else _no_cache
    return remember(("page", query, cursor, limit), lambda: _search(connection, query, cursor, limit, remember))


def _search(connection: Connection, query: DocumentQuery, cursor: str | None, limit: int, remember
            ) -> dict[str, Any]:
    dialect = connection.dialect.name
    params: dict[str, Any] = {}
    clauses = query.where(dialect, params)
    page_params = dict(params)
    page_clauses = list(clauses)
    after = DOCUMENT_KEYSET.after(cursor, page_params)
    if after:
        page_clauses.append(after)
    page_params["limit"] = limit + 1
    # The page's ids first, sorted on two short columns; the rows' text only for the page itself.
    ids = connection.execute(text(
        f"SELECT d.id, {PUBLISHED_KEY} AS published_key FROM documents d {_where(page_clauses)} "
        f"ORDER BY {DOCUMENT_KEYSET.order_by()} LIMIT :limit"), page_params).all()
    found = {}
    if ids:
        names = {f"id_{index}": row.id for index, row in enumerate(ids)}
        found = {row.id: row for row in connection.execute(text(
            f"SELECT d.id, d.title, d.published, d.source, d.publisher_name, d.original_source_name, "
            f"substr(d.text, 1, 20000) AS head FROM documents d "
            f"WHERE d.id IN ({', '.join(':' + name for name in names)})"), names)}
    rows = [found[row.id] for row in ids if row.id in found]
    more = len(rows) > limit
    rows = rows[:limit]
    words = query.parsed.words() if query.parsed else []
    results = [{
        "id": row.id, "title": row.title, "published": row.published, "source": row.source,
        "publisher": row.publisher_name, "original_source": row.original_source_name,
        "snippet": "".join(part for part, _ in snippet(row.head, words)),
    } for row in rows]
    next_cursor = DOCUMENT_KEYSET.encode((rows[-1].published or "", rows[-1].id)) if more and rows else None
    total, facets = remember(("facets", query), lambda: facet_counts(connection, clauses, params))
    return {"total": total, "results": results, "facets": facets, "facets_over": min(total, FACET_SAMPLE),
            "next_cursor": next_cursor}


def facet_counts(connection: Connection, clauses: list[str], params: dict[str, Any]
                 ) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """How many documents match, and the most frequent values of each facet among the newest
    `FACET_SAMPLE` of them."""
    actor_types = ", ".join(f"'{kind}'" for kind in ACTOR_TYPES)
    sql = f"""
        WITH m AS MATERIALIZED (SELECT d.id AS id FROM documents d {_where(clauses)}
                                ORDER BY {DOCUMENT_KEYSET.order_by()} LIMIT {FACET_SAMPLE}),
        counts AS (
            SELECT 'total' AS facet, '' AS value, count(*) AS n FROM documents d {_where(clauses)}
            UNION ALL
            SELECT 'source', {SOURCE}, count(*) FROM documents d
            WHERE d.id IN (SELECT id FROM m) AND {SOURCE} IS NOT NULL GROUP BY {SOURCE}
            UNION ALL
            SELECT 'country', e.country, count(DISTINCT e.document_id) FROM entities e
            WHERE e.document_id IN (SELECT id FROM m) AND e.country IS NOT NULL GROUP BY e.country
            UNION ALL
            SELECT 'actor', e.name, count(DISTINCT e.document_id) FROM entities e
            WHERE e.document_id IN (SELECT id FROM m) AND e.name IS NOT NULL AND e.type IN ({actor_types}) GROUP BY e.name
            UNION ALL
            SELECT 'type', v.type, count(DISTINCT v.document_id) FROM events v
            WHERE v.document_id IN (SELECT id FROM m) AND v.type IS NOT NULL GROUP BY v.type
        ),
        ranked AS (
            SELECT facet, value, n, row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) AS r
            FROM counts
        )
        SELECT facet, value, n FROM ranked WHERE r <= {FACET_SIZE} ORDER BY facet, r
    """
    facets: dict[str, list[dict[str, Any]]] = {name: [] for name in FACETS}
    total = 0
    for row in connection.execute(text(sql), params):
        if row.facet == "total":
            total = row.n
        else:
            facets[row.facet].append({"value": row.value, "count": row.n})
    return total, facets


def timeline(connection: Connection, query: DocumentQuery, *, interval: str = "day") -> list[dict[str, Any]]:
    """Per interval: matching documents (`count`), all documents (`total`) and their `ratio`.

    Only documents dated at least as precisely as the interval are counted ("2020" has no day).
    """
    width = INTERVALS[interval]
    dialect = connection.dialect.name
    params: dict[str, Any] = {"width": width}
    dated = ["d.published IS NOT NULL", "length(d.published) >= :width",
             *date_range(query.date_from, query.date_to, params)]
    matching = query.where(dialect, params, dates=False)
    hit = f"CASE WHEN {' AND '.join(matching)} THEN 1 ELSE 0 END" if matching else "1"
    rows = connection.execute(text(
        f"SELECT substr(d.published, 1, :width) AS period, count(*) AS total, sum({hit}) AS hits "
        f"FROM documents d {_where(dated)} GROUP BY 1 ORDER BY 1"), params)
    return [{"date": row.period, "count": int(row.hits or 0), "total": row.total,
             "ratio": round((row.hits or 0) / row.total, 6) if row.total else 0.0} for row in rows]


def snippet(body: str | None, words: list[str], *, width: int = 240) -> list[tuple[str, bool]]:
    """A piece of `body` around the first of `words`, cut into (text, is a matched word) parts."""
    body = body or ""
    if not words:
        return [(_shorten(body, width), False)]
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word in sorted(set(words), key=len,
                                                                                          reverse=True))
                         + r")\w*", re.IGNORECASE)
    first = pattern.search(body)
    start = max(0, first.start() - width // 3) if first else 0
    piece = _shorten(body[start:], width)
    if start:
        piece = "…" + piece
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(piece):
        if match.start() > position:
            parts.append((piece[position:match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(piece):
        parts.append((piece[position:], False))
    return parts


def _shorten(value: str, width: int) -> str:
    value = " ".join(value[: width * 2].split())
    return value if len(value) <= width else value[:width].rsplit(" ", 1)[0] + "…"
