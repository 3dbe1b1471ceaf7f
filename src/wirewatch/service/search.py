"""Full-text search over the stored documents: SQLite FTS5 or PostgreSQL tsvector, with facets and cursors.

Both backends read the index that migration 0004 keeps (`documents_fts`), and take the same query language,
parsed here rather than handed to the database (whose own syntax errors would be the user's 500s): words,
all of which must be present; "quoted phrases"; a trailing `*` for a prefix (`negotiat*`); `-word` to leave
out documents with it. Words are letters and digits, matched without case (and, on SQLite, diacritics).

Results come newest first (by `published`; undated documents last), a page at a time: the response's
`next_cursor` is an opaque token for the next page, stable while documents are added (keyset pagination,
not offsets). Facet counts are over every match, not just the page, up to the newest 500 matches
(`facets_over` says how many were counted; `total` always counts them all).

On SQLite the index's rowids are the sort order (migration 0005): a page is read straight off FTS5 in rowid
order, a cursor is a rowid, a date range a rowid range, and facets are counted from a table of facet value
ids per document. PostgreSQL orders by the `published` index and counts facets from the records' rows.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import bisect
import json
import re
import sqlite3
import threading
import time
from array import array
from collections import OrderedDict, namedtuple
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Generator, Sequence
from urllib.parse import quote

from sqlalchemy import text
from sqlalchemy.engine import Connection

from wirewatch.service.facets import FacetIndex

__all__ = ["DocumentQuery", "SearchError", "parse_query", "search_documents", "timeline", "snippet",
           "match_clause", "stored_since_clause", "Keyset", "FACETS", "INTERVALS", "SearchCache",
           "SqliteChanges", "FacetIndex", "sort_key", "date_bounds", "search_steps", "search_paused", "MISSING"]

# What a facet counts, and the entity types that make an actor (people and organisations; places are in
# the country facet).
FACETS = ("source", "country", "actor", "type")
ACTOR_TYPES = ("PERSON", "ORG")
FACET_SIZE = 10
# Facets count the newest this many matches (all of them, for all but the commonest words): counting a
# word in every tenth document over 100,000 takes longer than a search may (measured on SQLite: 4 ms for
# the newest 500 of 23,588 matches, 4 ms for 1,000, 8 ms for 2,000, 130 ms for all of them).
FACET_SAMPLE = 500
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


MISSING = object()      # what SearchCache.peek gives for a key it does not hold


class SearchCache:
    """Recent answers (at most `size` of them), so a popular query's facets are counted once, not per
    request: matching every document of a frequent word is the expensive part of a search.

    With `generation` (a callable whose value changes when the store does: `SqliteChanges.generation`) the
    answers are dropped as soon as anything is written, by any process, and otherwise kept up to `ttl`
    seconds; without it, another process's writes (an ingest) show within `ttl`. `clear()` (after this
    process writes) makes its own writes show at once.
    """

    def __init__(self, *, ttl: float = 30.0, size: int = 2048, generation: Callable[[], int] | None = None):
        self.ttl, self.size, self.generation = ttl, size, generation
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._seen = generation() if generation is not None else None

    def get(self, key: Any, compute):
        value = self.peek(key)
        if value is MISSING:
            value = compute()
            self.put(key, value)
        return value

    def peek(self, key: Any) -> Any:
        """The answer kept for `key`, or `MISSING`."""
        now = time.monotonic()
        with self._lock:
            if self.generation is not None and (current := self.generation()) != self._seen:
                self._items.clear()
                self._seen = current
            item = self._items.get(key)
            if item is None or now - item[0] >= self.ttl:
                return MISSING
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class SqliteChanges:
    """A SQLite database file's generation: a number that goes up whenever the file was written, by any
    connection or process, since it was last asked.

    It keeps one connection of its own to ask `PRAGMA data_version`, which changes exactly when another
    connection has committed (a few microseconds, no table read). `close()` lets the connection go; the
    next call opens another (and counts as a change, having nothing to compare with)."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._version: int | None = None
        self._generation = 0
        self.generation()

    def generation(self) -> int:
        with self._lock:
            if self._connection is None:
                self._connection = sqlite3.connect(f"file:{quote(self.path)}?mode=ro", uri=True,
                                                   check_same_thread=False)
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
            if version != self._version:
                self._version = version
                self._generation += 1
            return self._generation

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
            self._connection, self._version = None, None


def _no_cache(_key: Any, compute):
    return compute()


def search_documents(connection: Connection, query: DocumentQuery, *, cursor: str | None = None,
                     limit: int = 20, cache: SearchCache | None = None,
                     facet_index: FacetIndex | None = None) -> dict[str, Any]:
    """One page of matches, newest first, with the total, the facet counts and the next page's cursor.
    On SQLite, `facet_index` (a `FacetIndex` of the same store) counts the facets when it is current."""
    steps = search_steps(connection, query, cursor=cursor, limit=limit, cache=cache, facet_index=facet_index)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def search_steps(connection: Connection, query: DocumentQuery, *, cursor: str | None = None, limit: int = 20,
                 cache: SearchCache | None = None, facet_index: FacetIndex | None = None
                 ) -> Generator[None, None, dict[str, Any]]:
    """`search_documents` as a generator that pauses (yields) between its statements and returns the page:
    a server running searches on its event loop lets other requests in at each pause, so that a quick
    request does not wait for a whole search ahead of it."""
    remember = cache.get if cache is not None else _no_cache
    page_key = ("page", query, cursor, limit)
    found = cache.peek(page_key) if cache is not None else MISSING
    if found is not MISSING:
        return found
    if connection.dialect.name == "sqlite":
        found = yield from _search_sqlite(connection, query, cursor, limit, cache, facet_index)
    else:
        found = _search(connection, query, cursor, limit, remember)
    if cache is not None:
        cache.put(page_key, found)
    return found


async def search_paused(connection: Connection, query: DocumentQuery, **options: Any) -> dict[str, Any]:
    """`search_documents` on an event loop: a statement at a time, with a pause between them in which the
    requests waiting get their turn."""
    steps = search_steps(connection, query, **options)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
        await asyncio.sleep(0)


def _results(rows: list[Any], words: list[str]) -> list[dict[str, Any]]:
    """The page's result objects from its rows (id, title, published, source, publisher_name,
    original_source_name and the text's head, for the snippet)."""
    return [{
        "id": row.id, "title": row.title, "published": row.published, "source": row.source,
        "publisher": row.publisher_name, "original_source": row.original_source_name,
        "snippet": "".join(part for part, _ in snippet(row.head, words)),
    } for row in rows]


# The columns of a result, read only for the page's own documents.
_RESULT_COLUMNS = ("d.id, d.title, d.published, d.source, d.publisher_name, d.original_source_name, "
                   "substr(d.text, 1, 20000) AS head")
_ResultRow = namedtuple("_ResultRow", "id title published source publisher_name original_source_name head")


def _page(connection: Connection, ids: list[str], words: list[str]) -> list[dict[str, Any]]:
    """The result objects of the page's documents, in the order of `ids`."""
    if not ids:
        return []
    names = {f"id_{index}": doc_id for index, doc_id in enumerate(ids)}
    found = {row.id: row for row in connection.execute(text(
        f"SELECT {_RESULT_COLUMNS} FROM documents d WHERE d.id IN ({', '.join(':' + name for name in names)})"),
        names)}
    return _results([found[doc_id] for doc_id in ids if doc_id in found], words)


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
    more = len(ids) > limit
    ids = ids[:limit]
    results = _page(connection, [row.id for row in ids], query.parsed.words() if query.parsed else [])
    next_cursor = DOCUMENT_KEYSET.encode((ids[-1].published_key, ids[-1].id)) if more else None
    total, facets = remember(("facets", query), lambda: facet_counts(connection, clauses, params))
    return {"total": total, "results": results, "facets": facets, "facets_over": min(total, FACET_SAMPLE),
            "next_cursor": next_cursor}


# ------------------------------------------------------------------------------------------ SQLite

# As migration 0005's `sort_key_sql`: a document's index rowid is its `published` second times BUCKET,
# plus its place among the documents of that second.
BUCKET = 1 << 24
_JULIAN_DAY_OF_ORDINAL_0 = 1721424.5
ROWID_KEYSET = Keyset((("rowid", True),))


def _moment(value: str) -> datetime | None:
    head = value[:19]
    try:
        return datetime.strptime(head + "0000-01-01T00:00:00"[len(head):], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None


def sort_key(published: str | None) -> int:
    """The first rowid of `published`'s second in the SQLite index (0 for undated documents)."""
    moment = _moment(published) if published else None
    if moment is None:
        return 0
    day = moment.toordinal() + _JULIAN_DAY_OF_ORDINAL_0
    seconds = round(day * 86400) + moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds * BUCKET


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
    """Index rowids for an inclusive range of ISO 8601 prefixes: the first one in it, the first one after."""
    for value in (date_from, date_to):
        _check_date(value)
    low = sort_key(date_from) if date_from else None
    high = None
    if date_to:
        moment, width = _moment(date_to), len(date_to[:19])
        try:
            if width <= 4:
                after = moment.replace(year=moment.year + 1)
            elif width <= 7:
                after = (moment.replace(day=28) + timedelta(days=4)).replace(day=1)
            else:
                after = moment + {10: timedelta(days=1), 13: timedelta(hours=1),
                                  16: timedelta(minutes=1)}.get(width, timedelta(seconds=1))
            high = sort_key(after.strftime("%Y-%m-%dT%H:%M:%S"))
        except (OverflowError, ValueError):     # the last year datetime has: no end to give
            high = None
    return low, high


def _sqlite_candidates(query: DocumentQuery, params: dict[str, Any]) -> tuple[str, list[str]]:
    """The table whose rowids are the candidates (the FTS5 index for words, else every document), and the
    conditions on those rowids the query sets."""
    if query.parsed is not None:
        params["match"] = _fts5(query.parsed)
        # The unary plus keeps FTS5 from taking a filter's rowids as lookups, one index probe each.
        table, clauses, member = "documents_fts", ["documents_fts MATCH :match"], "+rowid IN"
    else:
        table, clauses, member = "documents_fts_ids", [], "rowid IN"
    for name in ("source", "country", "type"):
        value = getattr(query, name)
        if value:
            params[f"facet_{name}"] = value
            clauses.append(f"{member} (SELECT doc FROM documents_fts_facets WHERE value = "
                           f"(SELECT id FROM documents_fts_values WHERE facet = '{name}' AND value = :facet_{name}))")
    if query.actor:
        # Any entity of that name, as on PostgreSQL (the actor facet counts people and organisations).
        params["actor"] = query.actor
        clauses.append(f"{member} (SELECT i.rowid FROM entities e JOIN documents_fts_ids i "
                       f"ON i.document_id = e.document_id WHERE e.name = :actor)")
    low, high = date_bounds(query.date_from, query.date_to)
    if low is None and high is not None:
        low = BUCKET                # past the undated documents' bucket, which a date range leaves out
    if low is not None:
        params["key_from"] = low
        clauses.append("rowid >= :key_from")
    if high is not None:
        params["key_to"] = high
        clauses.append("rowid < :key_to")
    return table, clauses


# A search reads its newest this many matches' rowids in one statement: all of them for most searches, so
# the total is their number, and the first pages and the facets come from the same read.
HEAD = FACET_SAMPLE


def _search_sqlite(connection: Connection, query: DocumentQuery, cursor: str | None, limit: int,
                   cache: SearchCache | None, facet_index: FacetIndex | None
                   ) -> Generator[None, None, dict[str, Any]]:
    params: dict[str, Any] = {}
    table, clauses = _sqlite_candidates(query, params)
    head_key = ("head", query)
    counted = cache.peek(head_key) if cache is not None else MISSING
    if counted is MISSING:
        head, total = _sqlite_matches(connection, table, clauses, params)
        yield
        counted = head, total, _sqlite_facets(connection, head[:FACET_SAMPLE], facet_index)
        if cache is not None:
            cache.put(head_key, counted)
        yield
    head, total, facets = counted
    if cursor:
        after = ROWID_KEYSET.decode(cursor)[0]
        if not isinstance(after, int):
            raise SearchError(f"the cursor {cursor[:40]!r} is not one this server gave out: use the "
                              "next_cursor of a previous page, or leave it out for the first page")
        at = bisect.bisect_right(head, -after, key=lambda key: -key)
        keys = list(head[at:at + limit + 1])
        if len(keys) <= limit and len(head) < total:    # the page runs past the head
            keys = [row[0] for row in _driver(connection).execute(
                f"SELECT rowid FROM {table} {_where([*clauses, 'rowid < :after'])} ORDER BY rowid DESC "
                f"LIMIT {limit + 1}", {**params, "after": after})]
    else:
        keys = list(head[:limit + 1])
    more = len(keys) > limit
    keys = keys[:limit]
    rows = [_ResultRow(*row) for row in _driver(connection).execute(
        f"SELECT {_RESULT_COLUMNS} FROM documents_fts_ids i JOIN documents d ON d.id = i.document_id "
        f"WHERE i.rowid IN (SELECT value FROM json_each(?)) ORDER BY i.rowid DESC", (json.dumps(keys),))
    ] if keys else []
    results = _results(rows, query.parsed.words() if query.parsed else [])
    next_cursor = ROWID_KEYSET.encode((keys[-1],)) if more else None
    return {"total": total, "results": results, "facets": facets, "facets_over": min(total, FACET_SAMPLE),
            "next_cursor": next_cursor}


def _driver(connection: Connection) -> sqlite3.Connection:
    """The driver's own connection, for statements whose rows are plain integers, which SQLAlchemy's row
    objects would only wrap."""
    return connection.connection.driver_connection


def _sqlite_matches(connection: Connection, table: str, clauses: list[str], params: dict[str, Any]
                    ) -> tuple[array, int]:
    """The newest `HEAD` matches' rowids and how many match in all."""
    driver, where = _driver(connection), _where(clauses)
    # As one row (a JSON array): one step of the statement instead of one a match, and as many fewer
    # hand-overs of the interpreter's lock, which the driver lets go at every step.
    listed = driver.execute(f"SELECT json_group_array(rowid) FROM (SELECT rowid FROM {table} {where} "
                            f"ORDER BY rowid DESC LIMIT {HEAD})", params).fetchone()[0]
    head = array("q", json.loads(listed))
    total = len(head) if len(head) < HEAD else driver.execute(
        f"SELECT count(*) FROM {table} {where}", params).fetchone()[0]
    return head, total


def _sqlite_facets(connection: Connection, sample: Sequence[int], facet_index: FacetIndex | None
                   ) -> dict[str, list[dict[str, Any]]]:
    """The commonest values of each facet among the documents with these rowids: from memory when
    `facet_index` is current, else in SQL."""
    facets = facet_index.counts(sample, FACET_SIZE) if facet_index is not None else None
    if facets is not None:
        return facets
    facets = {name: [] for name in FACETS}
    for row in connection.execute(text(f"""
        SELECT facet, value, n FROM (
            SELECT v.facet, v.value, c.n,
                   row_number() OVER (PARTITION BY v.facet ORDER BY c.n DESC, v.value) AS r
            FROM (SELECT f.value AS id, count(*) AS n
                  FROM (SELECT value AS doc FROM json_each(:sample)) AS m
                  JOIN documents_fts_facets f ON f.doc = m.doc GROUP BY f.value) AS c
            JOIN documents_fts_values v ON v.id = c.id)
        WHERE r <= {FACET_SIZE} ORDER BY facet, r"""), {"sample": json.dumps(list(sample))}):
        facets[row.facet].append({"value": row.value, "count": row.n})
    return facets


# ------------------------------------------------------------------------------------------ PostgreSQL

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


_WORD_REST = re.compile(r"\w*")


def snippet(body: str | None, words: list[str], *, width: int = 240) -> list[tuple[str, bool]]:
    """A piece of `body` around the first of `words`, cut into (text, is a matched word) parts: a matched
    word is one that starts with one of `words`, without case."""
    body = body or ""
    if not words:
        return [(_shorten(body, width), False)]
    wanted = tuple(sorted({word.lower() for word in words}, key=len, reverse=True))
    starts = _word_starts(_lowered(body), wanted, first_only=True)
    start = max(0, starts[0] - width // 3) if starts else 0
    piece = _shorten(body[start:], width)
    if start:
        piece = "…" + piece
    parts: list[tuple[str, bool]] = []
    position = 0
    for at in _word_starts(_lowered(piece), wanted):
        if at < position:
            continue
        end = _WORD_REST.match(piece, at).end()
        if at > position:
            parts.append((piece[position:at], False))
        parts.append((piece[at:end], True))
        position = end
    if position < len(piece):
        parts.append((piece[position:], False))
    return parts


def _lowered(value: str) -> str:
    lowered = value.lower()
    # A letter whose lower case is longer ("İ") would shift every offset after it.
    return lowered if len(lowered) == len(value) else "".join(char.lower()[0] for char in value)


def _word_starts(lowered: str, wanted: tuple[str, ...], *, first_only: bool = False) -> list[int]:
    """Where the words of `lowered` that start with one of `wanted` start, in order (the first only).

    String searches rather than a regular expression of the words: a search's words are new to each
    query, and compiling their pattern would cost more than the search."""
    found: set[int] = set()
    for word in wanted:
        at = lowered.find(word)
        while at != -1:
            if at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
                found.add(at)
                if first_only:
                    break
            at = lowered.find(word, at + 1)
    ordered = sorted(found)
    return ordered[:1] if first_only else ordered


def _shorten(value: str, width: int) -> str:
    value = " ".join(value[: width * 2].split())
    return value if len(value) <= width else value[:width].rsplit(" ", 1)[0] + "…"
