"""Stories in the store: the index's tables (`story_members`, `stories`, `story_quotes`, `story_events`).

`assign_stories(store, records)` groups records (stored or not) into the store's stories; `iter_stories`
reads them back; `sync_stories` groups the stored records the stories lack (after a run was killed between
storing a batch and grouping it); `rebuild_stories` makes them anew from every stored record. A long run
(an ingest) keeps one `StoryIndex(store)` and calls its `add_many` per batch rather than `assign_stories`,
which reads the index from the store each time.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import JSON, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from wirewatch.stories.index import Change, Member, StoryIndex
from wirewatch.stories.merge import Copy, Story
from wirewatch.stories.signature import Signature
from wirewatch.store.models import STORY_TABLES, TABLES
from wirewatch.store.store import Store, StoreError, _canonical, _sort_key

__all__ = ["StoreBackend", "assign_stories", "sync_stories", "iter_stories", "get_story", "story_of",
           "rebuild_stories", "story_stats", "dump_stories"]

# Ids per `IN (...)`: under SQLite's limit on bound parameters.
_CHUNK = 500
_MEMBERS = STORY_TABLES["story_members"]
_STORIES = STORY_TABLES["stories"]
_QUOTES = STORY_TABLES["story_quotes"]
_EVENTS = STORY_TABLES["story_events"]


def _chunks(values: Iterable[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


class StoreBackend:
    """A `StoryIndex`'s state in a store's story tables."""

    def __init__(self, store: Store, scheme: str = ""):
        self.store = store
        self.engine = store.engine
        self.scheme = scheme          # the index's signature parameters, written beside each signature

    def load(self) -> Iterator[tuple[Member, str]]:
        columns = [_MEMBERS.c[name] for name in
                   ("document_id", "story_id", "content_hash", "shingles", "signature", "scheme")]
        query = select(*columns).order_by(_MEMBERS.c.document_id)
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=2000).execute(query):
                signature = Signature.from_bytes(bytes(row.signature), row.shingles) if row.signature else None
                yield Member(row.document_id, row.story_id, row.content_hash, row.shingles, signature), row.scheme

    def copies(self, document_ids: list[str]) -> dict[str, Copy]:
        found: dict[str, Copy] = {}
        with self.engine.connect() as connection:
            for chunk in _chunks(document_ids):
                query = select(_MEMBERS.c.document_id, _MEMBERS.c.copy).where(_MEMBERS.c.document_id.in_(chunk))
                for doc_id, data in connection.execute(query):
                    found[doc_id] = Copy.from_dict(data)
        return found

    def write(self, change: Change) -> None:
        try:
            with self.engine.begin() as connection:
                gone = sorted(change.removed | {story.id for story in change.stories})
                for chunk in _chunks(gone):
                    for table in (_QUOTES, _EVENTS):
                        connection.execute(delete(table).where(table.c.story_id.in_(chunk)))
                    connection.execute(delete(_STORIES).where(_STORIES.c.id.in_(chunk)))
                stories, quotes, events = _story_rows(change.stories)
                for table, rows in ((_STORIES, stories), (_QUOTES, quotes), (_EVENTS, events)):
                    if rows:
                        connection.execute(insert(table), rows)
                members = [_member_row(member, copy, self.scheme) for member, copy in change.members]
                for chunk in _chunks([row["document_id"] for row in members]):
                    connection.execute(delete(_MEMBERS).where(_MEMBERS.c.document_id.in_(chunk)))
                if members:
                    connection.execute(insert(_MEMBERS), members)
                if change.moved:
                    statement = (update(_MEMBERS).where(_MEMBERS.c.document_id == bindparam("k_document_id"))
                                 .values(story_id=bindparam("k_story_id")))
                    connection.execute(statement, [{"k_document_id": doc_id, "k_story_id": story_id}
                                                   for doc_id, story_id in sorted(change.moved.items())])
        except (SQLAlchemyError, ValueError, OverflowError) as exc:
            reason = exc.orig if isinstance(exc, DBAPIError) else exc
            raise StoreError(f"cannot store the stories: {reason}; nothing of this batch was written") from exc

    def story(self, story_id: str) -> Story | None:
        with self.engine.connect() as connection:
            data = connection.execute(select(_STORIES.c.story).where(_STORIES.c.id == story_id)).scalar_one_or_none()
        return Story.from_dict(data) if data is not None else None

    def stories(self) -> Iterator[Story]:
        query = select(_STORIES.c.story).order_by(_STORIES.c.id)
        with self.engine.connect() as connection:
            for data in connection.execution_options(yield_per=500).execute(query).scalars():
                yield Story.from_dict(data)


def _member_row(member: Member, copy: Copy, scheme: str) -> dict[str, Any]:
    return {
        "document_id": member.document_id,
        "story_id": member.story_id,
        "content_hash": member.content_hash,
        "scheme": scheme,
        "shingles": member.size,
        "signature": member.signature.to_bytes() if member.signature is not None else None,
        "url": copy.url,
        "publisher_name": copy.publisher,
        "original_source_name": copy.original_source,
        "published": copy.published,
        "title": copy.title,
        "copy": copy.to_dict(),
    }


def _story_rows(stories: list[Story]) -> tuple[list[dict], list[dict], list[dict]]:
    story_rows, quote_rows, event_rows = [], [], []
    for story in stories:
        story_rows.append({"id": story.id, "original_document_id": story.original,
                           "original_source": story.original_source, "title": story.title,
                           "published": story.published, "copies": story.copies,
                           "independent_sources": story.independent_sources, "story": story.to_dict()})
        for position, quote in enumerate(story.quotes):
            quote_rows.append({"story_id": story.id, "position": position, "kind": quote.kind,
                               "speaker": quote.speaker, "text": quote.text, "date": quote.date,
                               "copies": quote.copies, "independent_sources": quote.independent_sources,
                               "documents": quote.documents})
        for position, event in enumerate(story.events):
            event_rows.append({"story_id": story.id, "position": position, "type": event.type,
                               "status": event.status, "actor_name": (event.actor or {}).get("name"),
                               "recipient_name": (event.recipient or {}).get("name"), "date": event.date,
                               "text": event.text, "copies": event.copies,
                               "independent_sources": event.independent_sources, "documents": event.documents})
    return story_rows, quote_rows, event_rows


def assign_stories(store: Store, records: Iterable[dict[str, Any]], *, index: StoryIndex | None = None,
                   ) -> dict[str, str]:
    """Group `records` into the store's stories (one transaction); each record's id -> its story's id.

    index: a `StoryIndex(store)` kept across calls, so the index is not read from the store each time.
    Adding the same records again changes nothing.
    """
    records = list(records)
    index = index if index is not None else StoryIndex(store)
    return dict(zip((record["id"] for record in records), index.add_many(records)))


def iter_stories(store: Store) -> Iterator[Story]:
    """Every stored story, by id."""
    return StoreBackend(store).stories()


def get_story(store: Store, story_id: str) -> Story | None:
    return StoreBackend(store).story(story_id)


def story_of(store: Store, document_id: str) -> str | None:
    """The id of the story a document belongs to; None if it is in none."""
    with store.engine.connect() as connection:
        query = select(_MEMBERS.c.story_id).where(_MEMBERS.c.document_id == document_id)
        return connection.execute(query).scalar_one_or_none()


def rebuild_stories(store: Store, *, batch_size: int = 500, **parameters: Any) -> int:
    """Drop every story and group every stored record anew; returns how many stories there are.

    parameters: `StoryIndex`'s (signer, threshold, ...), for a store to be regrouped with others. Each
    batch is its own transaction; a rebuild that was stopped is finished by running it again.
    """
    with store.engine.begin() as connection:
        for table in reversed(STORY_TABLES.values()):
            connection.execute(delete(table))
    index = StoryIndex(store, **parameters)
    for batch in _chunks(store.iter_records(), batch_size):
        index.add_many(batch)
    return story_stats(store)["stories"]


def story_stats(store: Store) -> dict[str, int]:
    """Rows per story table."""
    with store.engine.connect() as connection:
        return {name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in STORY_TABLES.items()}


def dump_stories(store: Store) -> list[tuple[Any, ...]]:
    """Every row of the story tables as (table, *columns), sorted, JSON as canonical text (as `Store.dump`)."""
    rows: list[tuple[Any, ...]] = []
    with store.engine.connect() as connection:
        for name, table in STORY_TABLES.items():
            is_json = [isinstance(column.type, JSON) for column in table.columns]
            table_rows = [
                (name, *(_canonical(value) if json_ else bytes(value) if isinstance(value, memoryview) else value
                         for value, json_ in zip(row, is_json)))
                for row in connection.execute(select(table))
            ]
            rows.extend(sorted(table_rows, key=_sort_key))
    return rows


def sync_stories(store: Store, *, index: StoryIndex | None = None, batch_size: int = 500) -> int:
    """Group every stored record the stories lack or hold in an older version; returns how many.

    What a run stopped between storing a batch and grouping it (a killed ingest) left out is caught up
    here: the story tables keep each copy's `content_hash`, the same as `documents.content_hash`.
    """
    documents = TABLES["documents"]
    query = (
        select(documents.c.id)
        .select_from(documents.outerjoin(_MEMBERS, _MEMBERS.c.document_id == documents.c.id))
        .where(or_(_MEMBERS.c.document_id.is_(None), _MEMBERS.c.content_hash != documents.c.content_hash))
        .order_by(documents.c.id)
    )
    with store.engine.connect() as connection:
        doc_ids = list(connection.execute(query).scalars())
    if doc_ids:
        index = index if index is not None else StoryIndex(store)
        for chunk in _chunks(doc_ids, min(batch_size, _CHUNK)):
            with store.engine.connect() as connection:
                rows = connection.execute(select(documents.c.record).where(documents.c.id.in_(chunk))
                                          .order_by(documents.c.id))
                records = list(rows.scalars())
            index.add_many(records)
    return len(doc_ids)
