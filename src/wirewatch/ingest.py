"""Streaming ingest: documents in, records stored, in constant memory, resumable at any moment.

The readers stream documents; they are cut into batches of ``batch_size``; a batch whose documents are
all stored already is skipped before any work is done on it (so a killed run, started again, goes on
where it stopped); the engine (``wirewatch.engines``) turns each batch into records; each batch is one
database transaction. A SIGKILL between two commits loses at most the batches in flight, which the next
run does again; a document is stored once, under its id, however often it is ingested.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import select

from .document import Document, stable_id
from .engines import make_engine
from .readers import ReadOptions, iter_documents
from .settings import Settings

__all__ = ["IngestCounts", "ingest_paths", "estimate_documents"]


@dataclass
class IngestCounts:
    read: int = 0
    unreadable: int = 0
    skipped: int = 0            # stored by an earlier run: not read again
    grouped: int = 0            # stored records an earlier (killed) run had not yet put in a story
    outcomes: dict[str, int] = field(default_factory=dict)   # inserted, updated, unchanged, failed

    def as_dict(self) -> dict[str, int]:
        return {"read": self.read, "unreadable": self.unreadable, "already stored": self.skipped,
                **self.outcomes}


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _input_id(doc: Document) -> bool:
    """Whether the document's id is derived from its bytes (then a stored id means the same input)."""
    return not doc.hints.get("id") and doc.record.id == stable_id(doc.hints.get("url"), doc.raw)


def stored_ids(store, ids: list[str]) -> set[str]:
    from .store.models import TABLES

    documents = TABLES["documents"]
    with store.engine.connect() as connection:
        return set(connection.execute(select(documents.c.id).where(documents.c.id.in_(ids))).scalars())


def stored_records(store, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records of a batch that are in the store now (a refused one is not)."""
    present = stored_ids(store, [record["id"] for record in records])
    return [record for record in records if record["id"] in present]


def ingest_paths(paths: Iterable[str | os.PathLike], settings: Settings, store, *, options: ReadOptions,
                 engine: str = "local", workers: int = 1, scheduler: str | None = None,
                 refresh: bool = False, store_batch: Callable[[list[dict[str, Any]]], dict[str, int]] | None = None,
                 on_batch: Callable[[IngestCounts, int], None] | None = None) -> IngestCounts:
    """Read, run and store every document of ``paths``; ``on_batch(counts, n)`` after each batch.

    refresh: run documents again even when their input is stored already (after a pipeline change).
    store_batch: stores one batch of record dicts and returns its outcome counts (default: add_many).
    """
    counts = IngestCounts()
    store_batch = store_batch or store.add_many

    def fresh_batches() -> Iterator[list[Document]]:
        for batch in _batched(iter_documents(paths, options), settings.batch_size):
            if not refresh:
                known = stored_ids(store, [doc.record.id for doc in batch if _input_id(doc)])
                if known:
                    kept = [doc for doc in batch if not (doc.record.id in known and _input_id(doc))]
                    counts.skipped += len(batch) - len(kept)
                    if on_batch:
                        on_batch(counts, len(batch) - len(kept))
                    batch = kept
            if batch:
                yield batch

    from .stories import StoryIndex, sync_stories

    # the story index lives across batches; what a killed run stored but did not group is grouped first
    stories = StoryIndex(store)
    counts.grouped = sync_stories(store, index=stories)
    runner = make_engine(settings, engine=engine, workers=workers, scheduler=scheduler)
    try:
        for records in runner.map(fresh_batches()):
            for record in records:
                readable = bool(record.get("text")) or not record.get("errors")
                if readable:
                    counts.read += 1
                else:
                    counts.unreadable += 1
            for key, value in store_batch(records).items():
                counts.outcomes[key] = counts.outcomes.get(key, 0) + value
            # reposts: each record joins its story (copies of one article across sites); a record that
            # could not be stored is left out, so the stories only ever name stored documents
            stories.add_many(stored_records(store, records))
            if on_batch:
                on_batch(counts, len(records))
    finally:
        runner.close()
    return counts


# inputs whose documents are one a file; JSON Lines are counted by line; feeds and archives are not
_CONTAINERS = (".warc", ".warc.gz", ".arc", ".arc.gz", ".rss", ".atom", ".xml")


def estimate_documents(paths: Iterable[str | os.PathLike], limit_seconds: float = 2.0) -> int | None:
    """How many documents the inputs hold, for the progress bar's ETA; None when a feed or an archive
    (or a walk longer than ``limit_seconds``) makes it unknown without reading it all."""
    import time

    began, total = time.monotonic(), 0
    for item in paths:
        root = Path(item)
        walk = (p for p in root.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(root).parts)) if root.is_dir() else [root]
        for path in walk:
            name = path.name.lower()
            if name.endswith(_CONTAINERS):
                return None
            if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
                if name.endswith(".gz"):
                    return None
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
            if time.monotonic() - began > limit_seconds:
                return None
    return total
