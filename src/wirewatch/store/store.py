"""A database of document records: SQLite by default, PostgreSQL when a URL names one.

The store keeps each record whole (what `get` gives back) and spread over one table per kind of object in
it, for SQL queries. Adding is idempotent: a record is compared with what is stored by the SHA-256 of its
canonical JSON, so re-running the pipeline over the same input changes nothing, and a record that did change
replaces all of its old rows in the same transaction.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import JSON, Engine, create_engine, delete, event, func, insert, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from wirewatch.store.models import TABLES

__all__ = ["Store", "StoreError", "open_store", "default_db_url", "content_hash", "create_store_engine"]

DB_ENV = "WIREWATCH_DB"
DEFAULT_DB_URL = "sqlite:///wirewatch.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: it only has to be the same for every process migrating the same PostgreSQL database.
_MIGRATION_LOCK = 0x77697265  # "wire"
_STATUSES = ("inserted", "unchanged", "updated")
# Stored JSON keeps non-ASCII text as is: news in Russian or Arabic would otherwise grow sixfold.
_store_json = functools.partial(json.dumps, ensure_ascii=False, allow_nan=False)


class StoreError(Exception):
    """The store could not open its database, or refused a record.

    A refused record's batch is rolled back whole, and what earlier batches stored is kept.
    doc_id (str | None): the refused record's `id`, None when it has none or no one record is to blame.
    """

    def __init__(self, message: str, *, doc_id: str | None = None):
        super().__init__(message)
        self.doc_id = doc_id


def _refused(doc_id: str | None, reason: str) -> StoreError:
    subject = f"document {doc_id!r}" if doc_id is not None else "a record"
    return StoreError(f"cannot store {subject}: {reason}; nothing of its batch was written", doc_id=doc_id)


def default_db_url() -> str:
    """The database `Store()` opens: $WIREWATCH_DB, else wirewatch.sqlite in the current directory."""
    return os.environ.get(DB_ENV) or DEFAULT_DB_URL


def content_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the record as canonical JSON: sorted keys, no spaces, UTF-8, no NaN."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def create_store_engine(url: str) -> Engine:
    """An engine for `url` (a SQLAlchemy URL, or a path taken as a SQLite file) with the store's settings."""
    url = _as_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _make_parent_dir(parsed.database)
    engine = create_engine(url, json_serializer=_store_json)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        # With the driver's own transaction handling off, SQLAlchemy has to open each transaction itself;
        # this is what makes DDL and SAVEPOINT transactional in sqlite3 before Python 3.12.
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return engine


def _as_url(url: str) -> str:
    return url if "://" in url else f"sqlite:///{url}"


def _make_parent_dir(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # Off by default in SQLite, and without it ON DELETE CASCADE would leave a replaced record's
        # old rows behind.
        cursor.execute("PRAGMA foreign_keys=ON")
        # Readers (a datasette, an analyst's notebook) do not block the pipeline writing, nor it them.
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest Alembic revision shipped with this package."""
    config = Config()
    # configparser would read a '%' in the path as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Two processes opening a fresh database at once would otherwise both create the tables.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as exc:
        raise StoreError(
            f"cannot bring {where} to this wirewatch's schema: {exc}. A database written by a newer "
            "wirewatch needs that version (or a new database)"
        ) from exc
    except DBAPIError as exc:
        raise StoreError(f"cannot open {where} as a wirewatch store: {exc.orig}") from exc


class Store:
    """Document records in a database, brought to the current schema when opened.

    url (str | None): a SQLAlchemy URL ("sqlite:///out.sqlite", "postgresql+psycopg://user@host/db"), or a
        file path taken as SQLite; None for `default_db_url()`. A PostgreSQL schema other than the default
        is chosen through the URL: "...?options=-csearch_path%3Dmy_schema".
    """

    def __init__(self, url: str | None = None):
        self.url = _as_url(url or default_db_url())
        self.engine = create_store_engine(self.url)
        try:
            upgrade_schema(self.engine)
        except Exception:
            self.engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def add(self, record: dict[str, Any]) -> str:
        """Store one record (the contract's dict); returns "inserted", "unchanged" or "updated"."""
        return self._store([record])[0]

    def add_many(self, records: Iterable[dict[str, Any]]) -> dict[str, int]:
        """Store records in one transaction: all of them, or (raising `StoreError`) none.

        Returns how many were inserted, unchanged and updated.
        """
        counts = dict.fromkeys(_STATUSES, 0)
        for status in self._store(records):
            counts[status] += 1
        return counts

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """The record stored under `doc_id`, as it was added; None if there is none."""
        documents = TABLES["documents"]
        with self.engine.connect() as connection:
            query = select(documents.c.record).where(documents.c.id == doc_id)
            return connection.execute(query).scalar_one_or_none()

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every stored record, by id, read in chunks rather than all at once."""
        documents = TABLES["documents"]
        query = select(documents.c.record).order_by(documents.c.id)
        with self.engine.connect() as connection:
            yield from connection.execution_options(yield_per=200).execute(query).scalars()

    def count(self, table: str = "documents") -> int:
        """How many rows `table` holds (one of `stats()`'s keys)."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}: the store has {', '.join(TABLES)}")
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(TABLES[table])).scalar_one()

    def stats(self) -> dict[str, int]:
        """Rows per table, documents first."""
        with self.engine.connect() as connection:
            return {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in TABLES.items()
            }

    def dump(self) -> list[tuple[Any, ...]]:
        """Every row of every table as (table, *columns), sorted, JSON as canonical text.

        Equal dumps mean equal content, whatever the backend or the order records were added in.
        """
        rows: list[tuple[Any, ...]] = []
        with self.engine.connect() as connection:
            for name, table in TABLES.items():
                is_json = [isinstance(column.type, JSON) for column in table.columns]
                table_rows = [
                    (name, *(_canonical(value) if json_ else value for value, json_ in zip(row, is_json)))
                    for row in connection.execute(select(table))
                ]
                rows.extend(sorted(table_rows, key=_sort_key))
        return rows

    def _store(self, records: Iterable[dict[str, Any]]) -> list[str]:
        statuses: list[str] = []
        try:
            with self.engine.begin() as connection:
                for record in records:
                    statuses.append(self._write(connection, record))
        except DBAPIError as exc:
            # From the connection or the commit, not from one record: no single one is to blame.
            raise StoreError(f"the database failed a batch, none of which was written: {exc.orig}") from exc
        return statuses

    def _write(self, connection: Connection, record: dict[str, Any]) -> str:
        doc_id, digest, rows = prepare_rows(record)
        documents = TABLES["documents"]
        try:
            query = select(documents.c.content_hash).where(documents.c.id == doc_id)
            stored = connection.execute(query).scalar_one_or_none()
            if stored == digest:
                return "unchanged"
            if stored is not None:
                # The foreign keys cascade, so this removes every row of the old version.
                connection.execute(delete(documents).where(documents.c.id == doc_id))
            for name, table in TABLES.items():
                if rows[name]:
                    connection.execute(insert(table), rows[name])
        # The driver raises ValueError or OverflowError itself (text it cannot encode, an int past 64 bits).
        except (SQLAlchemyError, ValueError, OverflowError) as exc:
            reason = exc.orig if isinstance(exc, DBAPIError) else exc
            raise _refused(doc_id, f"the database refused it: {reason}") from exc
        return "updated" if stored is not None else "inserted"


def open_store(url: str | None = None) -> Store:
    """Open (creating or upgrading it as needed) the store at `url`, or at `default_db_url()`."""
    return Store(url)


def _canonical(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[bool, Any], ...]:
    # None sorts first and is never compared with a value, which Python refuses for str or int.
    return tuple((value is not None, value if value is not None else 0) for value in row)


# Records to rows. Each shape names the fields a record object maps to columns, with their types, and the
# nested objects whose fields become prefixed columns ("cue" -> cue_start, cue_end, cue_text). Checking
# the types here, not in the database, makes SQLite (which stores anything anywhere) refuse exactly what
# PostgreSQL refuses, with a message naming the field.
_SPAN = {"start": int, "end": int, "text": str}
_ACTOR = {"entity_id": str, "name": str, "country": str, "sector": str}
_Fields = dict[str, type]
_SHAPES: dict[str, tuple[_Fields, dict[str, _Fields]]] = {
    "entities": ({"id": str, "name": str, "type": str, "country": str, "sector": str}, {}),
    "mentions": (_SPAN, {}),
    "times": ({**_SPAN, "type": str, "value": str}, {}),
    "quotes": (
        {"kind": str, **_SPAN, "date": str},
        {"cue": _SPAN, "speaker": {"entity_id": str, "name": str, **_SPAN}},
    ),
    "events": (
        {"type": str, "mode": str, "status": str, "date": str, **_SPAN, "confidence": float},
        {
            "actor": _ACTOR,
            "recipient": _ACTOR,
            "location": {"name": str, "country": str, "lat": float, "lon": float},
        },
    ),
    "errors": ({"stage": str, "message": str}, {}),
}
_KIND_NAMES = {str: "a string", int: "an integer", float: "a number"}
# PostgreSQL's integer columns hold 32 bits and SQLite's 64: the narrower bound keeps both alike, and no
# text has two billion characters to point into.
_INT_RANGE = range(-(2**31), 2**31)


class _Invalid(Exception):
    """A field of the record breaks the contract; the message names it by its path."""


def prepare_rows(record: dict[str, Any]) -> tuple[str, str, dict[str, list[dict[str, Any]]]]:
    """The record's id, content hash and rows per table; `StoreError` if it breaks the contract."""
    if not isinstance(record, dict):
        raise _refused(None, f"it is a {type(record).__name__}, not a dict")
    doc_id = record.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise _refused(None, f"its id must be a non-empty string, got {_short(doc_id)}")
    try:
        digest = content_hash(record)
    except (TypeError, ValueError) as exc:
        raise _refused(doc_id, f"it is not plain JSON: {exc}") from exc
    try:
        return doc_id, digest, _rows(doc_id, digest, record)
    except _Invalid as exc:
        raise _refused(doc_id, str(exc)) from None


def _rows(doc_id: str, digest: str, record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    publisher = _object(record, "publisher", "")
    original_source = _object(record, "original_source", "")
    document = {key: _value(record, key, str, "") for key in ("source", "title", "published", "section")}
    rows["documents"].append(
        {
            "id": doc_id,
            **document,
            "publisher_name": _value(publisher, "name", str, "publisher"),
            "original_source_name": _value(original_source, "name", str, "original_source"),
            "authors": _strings(record, "authors"),
            "language": _value(record, "language", str, ""),
            "text": _value(record, "text", str, "", required=True),
            "boilerplate": _strings(record, "boilerplate"),
            "record": record,
            "content_hash": digest,
        }
    )
    for position, entity in enumerate(_list(record, "entities", "")):
        where = f"entities[{position}]"
        row = _flatten(entity, where, *_SHAPES["entities"], children=("mentions",))
        entity_id = row.pop("id")
        if entity_id is None:
            raise _Invalid(f"{where}.id is missing: quotes and events refer to entities by it")
        rows["entities"].append({"document_id": doc_id, "entity_id": entity_id, "position": position, **row})
        for index, mention in enumerate(_list(entity, "mentions", where)):
            mention_row = _flatten(mention, f"{where}.mentions[{index}]", *_SHAPES["mentions"])
            rows["mentions"].append(
                {"document_id": doc_id, "entity_id": entity_id, "position": index, **mention_row}
            )
    for name in ("times", "quotes", "events", "errors"):
        for position, item in enumerate(_list(record, name, "")):
            row = _flatten(item, f"{name}[{position}]", *_SHAPES[name])
            rows[name].append({"document_id": doc_id, "position": position, **row})
    return rows


def _flatten(
    obj: Any, where: str, fields: _Fields, nested: dict[str, _Fields], children: tuple[str, ...] = ()
) -> dict[str, Any]:
    """One row's columns for `obj`; keys the shape does not know go to `extra`, so none is lost."""
    if not isinstance(obj, dict):
        raise _Invalid(f"{where} must be an object, got {_short(obj)}")
    row = {key: _value(obj, key, kind, where) for key, kind in fields.items()}
    known = fields.keys() | nested.keys() | set(children)
    extra = {key: value for key, value in obj.items() if key not in known}
    for name, sub_fields in nested.items():
        sub = _object(obj, name, where)
        sub_where = f"{where}.{name}"
        row.update({f"{name}_{key}": _value(sub, key, kind, sub_where) for key, kind in sub_fields.items()})
        sub_extra = {key: value for key, value in sub.items() if key not in sub_fields}
        if sub_extra:
            extra[name] = sub_extra
    row["extra"] = extra or None
    return row


def _value(obj: dict[str, Any], key: str, kind: type, where: str, *, required: bool = False) -> Any:
    value = obj.get(key)
    path = f"{where}.{key}" if where else key
    if value is None:
        if required:
            raise _Invalid(f"{path} is missing")
        return None
    # bool is an int to Python, never an offset or a confidence to us.
    if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else kind):
        raise _Invalid(f"{path} must be {_KIND_NAMES[kind]}, got {_short(value)}")
    if kind is str and "\x00" in value:
        raise _Invalid(f"{path} holds a NUL character, which PostgreSQL's text columns cannot store")
    if kind is int and value not in _INT_RANGE:
        raise _Invalid(f"{path} is out of range (32-bit integers), got {_short(value)}")
    return float(value) if kind is float else value


def _object(obj: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    """A nested object, {} when it is null or absent."""
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Invalid(f"{f'{where}.{key}' if where else key} must be an object or null, got {_short(value)}")
    return value


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(f"{f'{where}.{key}' if where else key} must be a list, got {_short(value)}")
    return value


def _strings(record: dict[str, Any], key: str) -> list[str]:
    values = _list(record, key, "")
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise _Invalid(f"{key}[{index}] must be a string, got {_short(value)}")
    return values


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
