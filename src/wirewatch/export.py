"""Streaming exports of the store: documents, quotes, events and stories as JSON Lines, CSV or Parquet.

Rows are produced one stored record at a time (the store reads in chunks) and written as they come;
Parquet is written in row groups of ``PARQUET_ROWS``, so memory stays flat however large the store.
The events table has POLECAT-like columns: one row an event, its actors' names and codes side by side.
"""
from __future__ import annotations

import csv
import json
from typing import IO, Any, Callable, Iterable, Iterator

__all__ = ["EXPORTS", "FORMATS", "COLUMNS", "export_rows", "write_rows"]

FORMATS = ("jsonl", "csv", "parquet")
PARQUET_ROWS = 5000

COLUMNS: dict[str, list[str]] = {
    "documents": ["id", "url", "title", "published", "publisher", "original_source", "section", "language",
                  "authors", "entity_count", "time_count", "quote_count", "event_count", "errors", "text"],
    "quotes": ["quote_id", "document_id", "published", "kind", "speaker_name", "speaker_entity_id",
               "speaker_text", "cue", "date", "in_title", "start", "end", "text"],
    "stories": ["story_id", "original", "original_source", "title", "published", "copies",
                "independent_sources", "sources", "documents", "quotes", "events"],
    "events": ["event_id", "date", "type", "mode", "status", "actor_name", "actor_country", "actor_sector",
               "recipient_name", "recipient_country", "recipient_sector", "place", "place_country", "lat",
               "lon", "confidence", "document_id", "published", "start", "end", "evidence"],
}


def _name(value: dict | None) -> str | None:
    return (value or {}).get("name")


def document_rows(records: Iterable[dict]) -> Iterator[dict[str, Any]]:
    for r in records:
        yield {"id": r["id"], "url": r.get("url") or r.get("source"), "title": r.get("title"),
               "published": r.get("published"), "publisher": _name(r.get("publisher")),
               "original_source": _name(r.get("original_source")), "section": r.get("section"),
               "language": r.get("language"), "authors": "; ".join(r.get("authors") or []),
               "entity_count": len(r.get("entities") or []), "time_count": len(r.get("times") or []),
               "quote_count": len(r.get("quotes") or []), "event_count": len(r.get("events") or []),
               "errors": "; ".join(f"{e['stage']}: {e['message']}" for e in r.get("errors") or []),
               "text": r.get("text")}


def quote_rows(records: Iterable[dict]) -> Iterator[dict[str, Any]]:
    for r in records:
        for n, q in enumerate(r.get("quotes") or []):
            speaker = q.get("speaker") or {}
            yield {"quote_id": f"{r['id']}:q{n}", "document_id": r["id"], "published": r.get("published"),
                   "kind": q["kind"], "speaker_name": speaker.get("name"),
                   "speaker_entity_id": speaker.get("entity_id"), "speaker_text": speaker.get("text"),
                   "cue": (q.get("cue") or {}).get("text"), "date": q.get("date"),
                   "in_title": bool(q.get("in_title")), "start": q["start"], "end": q["end"], "text": q["text"]}


def event_rows(records: Iterable[dict]) -> Iterator[dict[str, Any]]:
    for r in records:
        for n, e in enumerate(r.get("events") or []):
            actor, recipient, place = e.get("actor") or {}, e.get("recipient") or {}, e.get("location") or {}
            yield {"event_id": f"{r['id']}:e{n}", "date": e.get("date"), "type": e["type"], "mode": e.get("mode"),
                   "status": e.get("status"), "actor_name": actor.get("name"),
                   "actor_country": actor.get("country"), "actor_sector": actor.get("sector"),
                   "recipient_name": recipient.get("name"), "recipient_country": recipient.get("country"),
                   "recipient_sector": recipient.get("sector"), "place": place.get("name"),
                   "place_country": place.get("country"), "lat": place.get("lat"), "lon": place.get("lon"),
                   "confidence": e.get("confidence"), "document_id": r["id"], "published": r.get("published"),
                   "start": e["start"], "end": e["end"], "evidence": e["text"]}


def story_rows(stories: Iterable) -> Iterator[dict[str, Any]]:
    """One row a story: its original, its counts, and its copies, outlets, quotes and events as lists."""
    for story in stories:
        yield {"story_id": story.id, "original": story.original, "original_source": story.original_source,
               "title": story.title, "published": story.published, "copies": story.copies,
               "independent_sources": story.independent_sources, "sources": list(story.sources),
               "documents": [{k: d.get(k) for k in ("id", "url", "publisher", "original_source", "published")}
                             for d in story.documents],
               "quotes": [q.to_dict() for q in story.quotes], "events": [e.to_dict() for e in story.events]}


EXPORTS: dict[str, Callable[[Iterable[dict]], Iterator[dict[str, Any]]]] = {
    "documents": document_rows, "quotes": quote_rows, "events": event_rows,
}


def export_rows(store, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one export, streamed from the store."""
    if what == "stories":
        from .stories import iter_stories

        return story_rows(iter_stories(store))
    if what not in EXPORTS:
        raise ValueError(f"unknown export {what!r}: choose one of {', '.join([*EXPORTS, 'stories'])}")
    return EXPORTS[what](store.iter_records())


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str] | None, fmt: str, out: IO) -> int:
    """Write ``rows`` to ``out`` (text for jsonl/csv, binary for parquet); the number of rows written."""
    if fmt == "jsonl":
        count = 0
        for count, row in enumerate(rows, 1):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return count
    if fmt == "csv":
        return _write_csv(rows, columns, out)
    if fmt == "parquet":
        return _write_parquet(rows, columns, out)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _write_csv(rows: Iterable[dict[str, Any]], columns: list[str] | None, out: IO) -> int:
    writer = None
    count = 0
    for count, row in enumerate(rows, 1):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=columns or list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
    if writer is None and columns:
        csv.DictWriter(out, fieldnames=columns).writeheader()
    return count


_INTEGERS = {"start", "end", "entity_count", "time_count", "quote_count", "event_count", "copies",
             "independent_sources"}
_FLOATS = {"lat", "lon", "confidence"}
_BOOLEANS = {"in_title"}


def _write_parquet(rows: Iterable[dict[str, Any]], columns: list[str] | None, out: IO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def kind(name: str):
        return (pa.int64() if name in _INTEGERS else pa.float64() if name in _FLOATS
                else pa.bool_() if name in _BOOLEANS else pa.string())

    def value(name: str, v: Any) -> Any:
        if v is None or name in _INTEGERS or name in _FLOATS or name in _BOOLEANS:
            return v
        return _cell(v) if isinstance(v, (list, dict)) else str(v)

    writer, schema, count = None, None, 0
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        table = pa.Table.from_pylist([{k: value(k, row.get(k)) for k in schema.names} for row in chunk],
                                     schema=schema)
        writer.write_table(table)
        chunk.clear()

    for count, row in enumerate(rows, 1):
        if writer is None:
            # a fixed schema from the column names: a column empty in the first rows keeps its type
            schema = pa.schema([(name, kind(name)) for name in columns or list(row)])
            writer = pq.ParquetWriter(out, schema)
        chunk.append(row)
        if len(chunk) >= PARQUET_ROWS:
            flush()
    if writer is None:
        writer = pq.ParquetWriter(out, pa.schema([(name, kind(name)) for name in columns or []]))
    elif chunk:
        flush()
    writer.close()
    return count
