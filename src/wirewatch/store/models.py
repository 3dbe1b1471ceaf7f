"""Tables that hold the document record (docs: shared/spec/record.md), one row per object in it.

The `documents.record` column keeps the whole record as it was added and is what `Store.get` returns; the
other tables spread the same record out so that it can be queried with SQL ("every quote by a named speaker",
"every ASSAULT in August"). Child rows are keyed by their document and their position in the record rather
than by a surrogate counter, so two stores filled with the same records hold the same rows whatever the
order, the backend or the number of updates. Fields a sub-object carries beyond the contract go to its
`extra` column (the contract allows added fields, and nothing in a record may be lost).

The Alembic migrations in `migrations/versions` are the source of truth for the schema; these models must
match them, which `tests/store/test_store.py` checks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (JSON, Boolean, Float, ForeignKeyConstraint, Index, Integer, LargeBinary, MetaData,
                        String, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Fixed constraint names, so that later migrations (and SQLite's batch mode, which recreates tables) can
# refer to them by name on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = [
    "Base",
    "Document",
    "Entity",
    "Mention",
    "TimeExpression",
    "Quote",
    "Event",
    "RecordError",
    "StoredActor",
    "TABLES",
    "StoryMember",
    "Story",
    "StoryQuote",
    "StoryEvent",
    "STORY_TABLES",
    "Watch",
]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, str: Text}


def _document_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_published", "published"),
        Index("ix_documents_source", "source"),
    )

    id: Mapped[str] = mapped_column(primary_key=True)
    source: Mapped[str | None]
    title: Mapped[str | None]
    # Kept as the ISO 8601 text of the record: its precision varies ("2020", "2020-08-31T15:37") and a
    # timestamp column would invent the missing parts. ISO text also sorts in time order.
    published: Mapped[str | None]
    publisher_name: Mapped[str | None]
    original_source_name: Mapped[str | None]
    section: Mapped[str | None]
    authors: Mapped[list[Any]]
    language: Mapped[str | None]
    text: Mapped[str]
    boilerplate: Mapped[list[Any]]
    record: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (_document_fk(), Index("ix_entities_name", "name"))

    document_id: Mapped[str] = mapped_column(primary_key=True)
    # The record's own entity id: quotes and events point at it, so it is the natural key to join on.
    entity_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None]
    type: Mapped[str | None]
    country: Mapped[str | None]
    sector: Mapped[str | None]
    extra: Mapped[dict[str, Any] | None]


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["document_id", "entity_id"],
            ["entities.document_id", "entities.entity_id"],
            ondelete="CASCADE",
        ),
    )

    document_id: Mapped[str] = mapped_column(primary_key=True)
    entity_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None]
    extra: Mapped[dict[str, Any] | None]


class TimeExpression(Base):
    __tablename__ = "times"
    __table_args__ = (_document_fk(),)

    document_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None]
    type: Mapped[str | None]
    value: Mapped[str | None]
    extra: Mapped[dict[str, Any] | None]


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        _document_fk(),
        Index("ix_quotes_speaker_name", "speaker_name"),
        Index("ix_quotes_document_id_speaker_entity_id", "document_id", "speaker_entity_id"),
    )

    document_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str | None]
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None]
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None]
    # Not a foreign key to entities: a dangling id is a pipeline bug, and refusing the whole record for
    # it would lose the rest of its evidence.
    speaker_entity_id: Mapped[str | None]
    speaker_name: Mapped[str | None]
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_text: Mapped[str | None]
    date: Mapped[str | None]
    extra: Mapped[dict[str, Any] | None]


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        _document_fk(),
        Index("ix_events_type", "type"),
        Index("ix_events_actor_name", "actor_name"),
    )

    document_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str | None]
    mode: Mapped[str | None]
    status: Mapped[str | None]
    actor_entity_id: Mapped[str | None]
    actor_name: Mapped[str | None]
    actor_country: Mapped[str | None]
    actor_sector: Mapped[str | None]
    recipient_entity_id: Mapped[str | None]
    recipient_name: Mapped[str | None]
    recipient_country: Mapped[str | None]
    recipient_sector: Mapped[str | None]
    date: Mapped[str | None]
    location_name: Mapped[str | None]
    location_country: Mapped[str | None]
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None]
    confidence: Mapped[float | None] = mapped_column(Float)
    extra: Mapped[dict[str, Any] | None]


class RecordError(Base):
    __tablename__ = "errors"
    __table_args__ = (_document_fk(),)

    document_id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    stage: Mapped[str | None]
    message: Mapped[str | None]
    extra: Mapped[dict[str, Any] | None]


class StoredActor(Base):
    """One role of an imported or learned actor (`wirewatch.actors.Actor`), as `Store.add_actors` keeps it.

    Not one of the record tables (`TABLES`): actors are knowledge the pipeline reads, not a document's
    content. A referent's roles share `id`; `role_key` tells them apart (see `store.actor_role_key`).
    Dates are ISO 8601 text (NULL is an open bound); `position` is the order roles were first stored in,
    so that a knowledge base built from the store ranks equal matches as the imported file did.
    """

    __tablename__ = "actors"
    __table_args__ = (Index("ix_actors_name", "name"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    role_key: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str]
    aliases: Mapped[list[Any]]
    country: Mapped[str | None]
    sector: Mapped[str | None]
    role: Mapped[str | None]
    kind: Mapped[str]
    start: Mapped[str | None]
    end: Mapped[str | None]
    source: Mapped[str]
    code: Mapped[str | None]
    other_sectors: Mapped[list[Any]]
    fallback: Mapped[bool] = mapped_column(Boolean)
    # ISO 8601 UTC time the role was stored (or last replaced): text, as `documents.published` is.
    imported_at: Mapped[str]


# In dependency order: parents before children, for inserting and for reporting.
TABLES = {
    model.__tablename__: model.__table__
    for model in (Document, Entity, Mention, TimeExpression, Quote, Event, RecordError)
}


# ------------------------------------------------------------------------------------------ stories
# Copies of one story across sites (`wirewatch.stories`). Not record tables (`TABLES`): a story is made
# from many records and changes when a copy is added, so `Store.add` never writes these; the stories
# package does (`wirewatch.stories.store`). No foreign key to `documents`: storing a record replaces its
# row, and a story must not lose its copies to that.


class StoryMember(Base):
    """One document of a story, with its MinHash signature, so the index is read back, not recomputed."""

    __tablename__ = "story_members"
    __table_args__ = (Index("ix_story_members_story_id", "story_id"),)

    document_id: Mapped[str] = mapped_column(primary_key=True)
    story_id: Mapped[str]
    # The record's `content_hash`: the same record added again changes nothing.
    content_hash: Mapped[str] = mapped_column(String(64))
    # The signature's parameters ("minhash-affine32-w5-p128-s1"); a store made with others is rebuilt.
    scheme: Mapped[str]
    shingles: Mapped[int] = mapped_column(Integer)
    # num_perm 32-bit values, little-endian; NULL for a text too short to be matched.
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    url: Mapped[str | None]
    publisher_name: Mapped[str | None]
    original_source_name: Mapped[str | None]
    published: Mapped[str | None]
    title: Mapped[str | None]
    # What the story needs of the record (`wirewatch.stories.merge.Copy`): its quotes and events too.
    copy: Mapped[dict[str, Any]]


class Story(Base):
    __tablename__ = "stories"
    __table_args__ = (Index("ix_stories_published", "published"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    original_document_id: Mapped[str]
    original_source: Mapped[str | None]
    title: Mapped[str | None]
    published: Mapped[str | None]
    copies: Mapped[int] = mapped_column(Integer)
    independent_sources: Mapped[int] = mapped_column(Integer)
    # The whole story (`wirewatch.stories.Story.to_dict()`), as `iter_stories` gives it back.
    story: Mapped[dict[str, Any]]


def _story_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE")


class _MergedItem:
    """What a story's quote or event row has besides its own fields: its place, counts and copies."""

    # sort_order: these columns first, as the migration creates them.
    story_id: Mapped[str] = mapped_column(primary_key=True, sort_order=-1)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, sort_order=-1)
    copies: Mapped[int] = mapped_column(Integer, sort_order=-1)
    independent_sources: Mapped[int] = mapped_column(Integer, sort_order=-1)
    # [{"document_id", "position"}]: where each copy carries it (its index in that record's list).
    documents: Mapped[list[Any]] = mapped_column(sort_order=-1)


class StoryQuote(_MergedItem, Base):
    """A quote merged over a story's copies, counted once however many carry it."""

    __tablename__ = "story_quotes"
    __table_args__ = (_story_fk(), Index("ix_story_quotes_speaker", "speaker"))

    kind: Mapped[str | None]
    speaker: Mapped[str | None]
    text: Mapped[str | None]
    date: Mapped[str | None]


class StoryEvent(_MergedItem, Base):
    """An event merged over a story's copies."""

    __tablename__ = "story_events"
    __table_args__ = (_story_fk(), Index("ix_story_events_type", "type"))

    type: Mapped[str | None]
    status: Mapped[str | None]
    actor_name: Mapped[str | None]
    recipient_name: Mapped[str | None]
    date: Mapped[str | None]
    text: Mapped[str | None]


# The story tables, parents before children.
STORY_TABLES = {model.__tablename__: model.__table__ for model in (StoryMember, Story, StoryQuote, StoryEvent)}


class Watch(Base):
    """An analyst's watchlist (`wirewatch watch add`); `wirewatch.service.watch` reads and writes it."""

    __tablename__ = "watchlists"

    name: Mapped[str] = mapped_column(primary_key=True)
    entities: Mapped[list[Any]]
    countries: Mapped[list[Any]]
    types: Mapped[list[Any]]
    keywords: Mapped[list[Any]]
    created_at: Mapped[str]
