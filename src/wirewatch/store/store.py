"""A database of document records: SQLite by default, PostgreSQL when a URL names one.

The store keeps each record whole (what `get` gives back) and spread over one table per kind of object in
it, for SQL queries. Adding is idempotent: a record is compared with what is stored by the SHA-256 of its
canonical JSON, so re-running the pipeline over the same input changes nothing, and a record that did change
replaces all of its old rows in the same transaction.

It also keeps actors (`add_actors`: imported dictionaries and lists, and people learned from records), one row
per role in the `actors` table, which the pipeline's knowledge base reads (`open_existing_store`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import (
    JSON,
    Engine,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from wirewatch.actors.kb import Actor
from wirewatch.store.models import TABLES, StoredActor

__all__ = [
    "Store",
    "StoreError",
    "open_store",
    "open_existing_store",
    "database_exists",
    "default_db_url",
    "content_hash",
    "create_store_engine",
    "actor_role_key",
]

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

    # ------------------------------------------------------------------------------------ actors

    def add_actors(self, actors: Iterable[Actor]) -> tuple[int, int]:
        """Store actor roles in one transaction; returns (inserted, unchanged).

        A role is keyed by its actor's `id` and `actor_role_key`; one stored already with the same content
        is unchanged, so importing the same file twice changes nothing. One stored with other content (the
        file was edited: a new source line, a corrected name) is replaced, keeping its place in the order,
        and counts as inserted. A role given twice in `actors` is stored once; the repeat counts as
        unchanged. Rows go in batches, so a 30,000-role dictionary takes about a second on SQLite.

        An error raised while iterating `actors` (a bad line of a list) is raised as it is, and nothing of
        this call is stored; `StoreError` when the database refuses a role.
        """
        table = StoredActor.__table__
        imported_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        inserted = unchanged = 0
        seen: set[tuple[str, str]] = set()
        iterator = iter(actors)

        def next_chunk() -> list[Actor]:
            try:
                return list(islice(iterator, _ACTOR_BATCH))
            except Exception as exc:          # the parser's, not the database's: raised as it is
                raise _FromSource() from exc

        try:
            with self.engine.begin() as connection:
                position = connection.execute(select(func.max(table.c.position))).scalar_one()
                position = -1 if position is None else position
                while chunk := next_chunk():
                    rows: dict[tuple[str, str], dict[str, Any]] = {}
                    for actor in chunk:
                        row = _actor_row(actor)
                        key = (row["id"], row["role_key"])
                        if key in seen:
                            unchanged += 1
                            continue
                        seen.add(key)
                        rows[key] = row
                    ids = sorted({actor_id for actor_id, _ in rows})
                    stored = {
                        (row.id, row.role_key): row
                        for row in connection.execute(select(table).where(table.c.id.in_(ids)))
                    }
                    new: list[dict[str, Any]] = []
                    changed: list[dict[str, Any]] = []
                    for key, row in rows.items():
                        old = stored.get(key)
                        if old is None:
                            position += 1
                            new.append({**row, "position": position, "imported_at": imported_at})
                        elif all(getattr(old, name) == row[name] for name in _ACTOR_CONTENT):
                            unchanged += 1
                        else:
                            changed.append({**row, "k_id": key[0], "k_role_key": key[1],
                                            "imported_at": imported_at})
                    if new:
                        connection.execute(insert(table), new)
                    if changed:
                        statement = (
                            update(table)
                            .where(and_(table.c.id == bindparam("k_id"),
                                        table.c.role_key == bindparam("k_role_key")))
                            .values({name: bindparam(name) for name in (*_ACTOR_CONTENT, "imported_at")})
                        )
                        connection.execute(statement, changed)
                    inserted += len(new) + len(changed)
        except _FromSource as wrapper:
            # Nothing of this call was written (the transaction rolled back); the caller sees its own error.
            raise wrapper.__cause__ from None  # type: ignore[misc]
        except (SQLAlchemyError, ValueError, OverflowError) as exc:
            reason = f"the database refused them: {exc.orig}" if isinstance(exc, DBAPIError) else str(exc)
            raise StoreError(f"cannot store the actors: {reason}; none of them was written") from exc
        return inserted, unchanged

    def iter_actors(self) -> Iterator[Actor]:
        """Every stored actor role, in the order they were first stored."""
        table = StoredActor.__table__
        query = select(table).order_by(table.c.position, table.c.id, table.c.role_key)
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=1000).execute(query):
                yield _actor_from_row(row)

    def count_actors(self) -> int:
        """How many actor roles the store holds."""
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(StoredActor.__table__)).scalar_one()

    def actors_version(self) -> tuple[int, str | None]:
        """(roles stored, when the latest was stored): changes whenever `add_actors` writes anything."""
        table = StoredActor.__table__
        with self.engine.connect() as connection:
            count, latest = connection.execute(select(func.count(), func.max(table.c.imported_at))).one()
        return count, latest

    # ------------------------------------------------------------------------------------ records

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


def database_exists(url: str | None = None) -> bool:
    """False for a SQLite URL whose file is not there (or an in-memory database); True otherwise.

    A server's database is taken to exist: finding out means connecting, which `open_existing_store` does.
    """
    parsed = make_url(_as_url(url or default_db_url()))
    if parsed.get_backend_name() != "sqlite":
        return True
    database = parsed.database or ""
    if database in ("", ":memory:"):
        return False
    if database.startswith("file:"):
        database = database[len("file:"):].split("?", 1)[0]
    return Path(database).expanduser().is_file()


def open_existing_store(url: str | None = None) -> Store | None:
    """The store at `url` as it is, or None when there is none to read actors from; never creates one.

    None for a SQLite file that does not exist, an in-memory database, and a database without the
    `actors` table (not a wirewatch store, or one from before actors were stored). Nothing is migrated:
    an older store is read as it is, and is upgraded only when something opens it to write (`Store`).
    A server that cannot be reached raises `StoreError`.
    """
    url = _as_url(url or default_db_url())
    if not database_exists(url):
        return None
    connect_args: dict[str, Any] = {}
    if make_url(url).get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = 5
    store = Store.__new__(Store)
    store.url = url
    store.engine = create_engine(url, json_serializer=_store_json, connect_args=connect_args)
    if store.engine.dialect.name == "sqlite":
        # Only the per-connection pragma: journal_mode would be a write to the file.
        event.listen(store.engine, "connect", _configure_sqlite_reader)
    try:
        with store.engine.connect() as connection:
            present = inspect(connection).has_table(StoredActor.__tablename__)
    except DBAPIError as exc:
        store.engine.dispose()
        where = store.engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot open {where} to read its actors: {exc.orig}") from exc
    except Exception:
        store.engine.dispose()
        raise
    if not present:
        store.engine.dispose()
        return None
    return store


def _configure_sqlite_reader(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


class _FromSource(Exception):
    """An error raised by the iterable given to `add_actors` (a parser's), carried out of the transaction."""


# Actors to rows and back. Roles are read and written this many at a time: few enough for SQLite's limit
# on bound parameters in `id IN (...)`, many enough that a dictionary is a few dozen statements.
_ACTOR_BATCH = 500
_ACTOR_CONTENT = ("name", "aliases", "country", "sector", "role", "kind", "start", "end", "source", "code",
                  "other_sectors", "fallback")


def actor_role_key(actor: Actor) -> str:
    """What tells one referent's roles apart in the store: "role|start|end|country|sector|code|fallback".

    Everything that makes a role mean something else is in it; names and the source are not, so a role
    whose file line moved, or whose name was corrected, replaces its old row rather than adding one.
    """
    parts = (actor.role, _iso(actor.start), _iso(actor.end), actor.country, actor.sector, actor.code)
    return "|".join("" if part is None else part for part in parts) + ("|fallback" if actor.fallback else "|")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _actor_row(actor: Actor) -> dict[str, Any]:
    row = {
        "id": actor.id,
        "role_key": actor_role_key(actor),
        "name": actor.name,
        "aliases": list(actor.aliases),
        "country": actor.country,
        "sector": actor.sector,
        "role": actor.role,
        "kind": actor.kind,
        "start": _iso(actor.start),
        "end": _iso(actor.end),
        "source": actor.source,
        "code": actor.code,
        "other_sectors": list(actor.other_sectors),
        "fallback": bool(actor.fallback),
    }
    texts = [actor.id, actor.name, actor.kind, actor.source, *actor.aliases, *actor.other_sectors]
    texts += [value for value in (actor.country, actor.sector, actor.role, actor.code) if value is not None]
    bad = next((value for value in texts if not isinstance(value, str)), None)
    if bad is not None:
        raise ValueError(f"actor {actor.id!r}: its names and codes must be text, got {_short(bad)}")
    if "\x00" in "".join(texts):
        raise ValueError(f"actor {actor.id!r} holds a NUL character, which PostgreSQL's text columns cannot store")
    if not actor.id or not actor.name:
        raise ValueError(f"an actor needs an id and a name, got {actor.id!r}, {actor.name!r}")
    return row


def _actor_from_row(row: Any) -> Actor:
    return Actor(
        id=row.id,
        name=row.name,
        aliases=tuple(row.aliases or ()),
        country=row.country,
        sector=row.sector,
        role=row.role,
        kind=row.kind,
        start=date.fromisoformat(row.start) if row.start else None,
        end=date.fromisoformat(row.end) if row.end else None,
        source=row.source,
        code=row.code,
        other_sectors=tuple(row.other_sectors or ()),
        fallback=bool(row.fallback),
    )


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
