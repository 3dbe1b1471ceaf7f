"""The JSON API: search, records, quotes, events, actors, timelines, ingest, and watch feeds."""

from __future__ import annotations

from typing import Annotated, Any, Literal


from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.engine import Connection
from starlette.concurrency import run_in_threadpool

from wirewatch.service.app import check_token, connection, read_or_404
from wirewatch.service.digest import collect, parse_since, render_atom
from wirewatch.service.queries import EventQuery, QuoteQuery, entity_dossier, list_events, list_quotes
from wirewatch.service.search import INTERVALS, DocumentQuery, search_documents, search_paused, timeline
from wirewatch.service.watch import get_watch, list_watches

__all__ = ["router", "ISO_PREFIX", "Documents", "Events", "Cursor", "TEXT_MAX", "CURSOR_MAX", "SEARCH_LIMIT"]

router = APIRouter()
# An ISO 8601 date or time, as precise as wanted: 2020, 2020-08, 2020-08-31, 2020-08-31T15:37.
ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$"
# The limits on parameters, which `hot` keeps too.
TEXT_MAX = 500
CURSOR_MAX = 2000
SEARCH_LIMIT = (1, 100)
_TEXT = {"max_length": TEXT_MAX}


def _text(description: str) -> Any:
    return Query(description=description, **_TEXT)


From = Annotated[str | None, Query(alias="from", pattern=ISO_PREFIX, description="Earliest date, inclusive.")]
To = Annotated[str | None, Query(alias="to", pattern=ISO_PREFIX, description="Latest date, inclusive.")]
Cursor = Annotated[str | None, Query(max_length=CURSOR_MAX, description="next_cursor of the previous page.")]


async def document_query(
        q: Annotated[str | None, _text("Words (all needed), \"phrases\", prefix*, -excluded.")] = None,
        source: Annotated[str | None, _text("Outlet: the original source, else the publisher.")] = None,
        country: Annotated[str | None, _text("A country code an entity of the document has.")] = None,
        actor: Annotated[str | None, _text("An entity's canonical name in the document.")] = None,
        type: Annotated[str | None, _text("An event type the document has (PLOVER).")] = None,
        date_from: From = None, date_to: To = None) -> DocumentQuery:
    """The document filters /api/documents, /api/timeline and the search page share (a dependency)."""
    return DocumentQuery(q=q, source=source, country=country, actor=actor, type=type, date_from=date_from,
                         date_to=date_to)


async def event_query(
        actor: Annotated[str | None, _text("The actor's canonical name.")] = None,
        recipient: Annotated[str | None, _text("The recipient's canonical name.")] = None,
        type: Annotated[str | None, _text("PLOVER event type.")] = None,
        status: Annotated[str | None, _text("asserted, negated, hypothetical, future or reported.")] = None,
        country: Annotated[str | None, _text("The actor's, recipient's or place's country code.")] = None,
        date_from: From = None, date_to: To = None) -> EventQuery:
    """The event filters /api/events and the events page share (a dependency)."""
    return EventQuery(actor=actor, recipient=recipient, type=type, status=status, country=country,
                      date_from=date_from, date_to=date_to)


Documents = Annotated[DocumentQuery, Depends(document_query)]
Events = Annotated[EventQuery, Depends(event_query)]


@router.get("/api/documents", tags=["documents"])
async def documents(request: Request, query: Documents, cursor: Cursor = None,
                    limit: Annotated[int, Query(ge=SEARCH_LIMIT[0], le=SEARCH_LIMIT[1])] = 20) -> dict[str, Any]:
    """Full-text search, newest first: `total`, a page of `results`, `facets` counts over every match
    (source, country, actor, type) and `next_cursor` (null on the last page)."""
    state = request.app.state
    options = {"cursor": cursor, "limit": limit, "cache": state.search_cache, "facet_index": state.facet_index}
    if not state.reads_inline:
        # A database server's search waits on the network: a worker thread waits for it.
        def search() -> dict[str, Any]:
            with connection(request) as db:
                return search_documents(db, query, **options)

        return JSONResponse(await run_in_threadpool(search))
    # On SQLite a search is a few milliseconds of this process's own work, done here on the event loop, a
    # statement at a time with a pause between them for the requests waiting. Handed to a worker thread it
    # would fight the loop for the interpreter's lock at every step of its statements (benchmarks/api_load.py,
    # 16 clients on 2 cores: search p99 about 200 ms in a worker thread, 70 to 90 ms here). `hot.HotReads`
    # answers most such searches before they reach this route.
    with connection(request) as db:
        return JSONResponse(await search_paused(db, query, **options))


@router.get("/api/documents/{document_id:path}", tags=["documents"])
async def document(request: Request, document_id: Annotated[str, Path(max_length=TEXT_MAX)]) -> dict[str, Any]:
    """The stored record, as the contract (shared/spec/record.md) has it."""
    def read() -> Any:
        with connection(request) as db:
            return db.execute(text("SELECT record FROM documents WHERE id = :id"), {"id": document_id}).scalar()

    # One read by primary key: on SQLite a tenth of a millisecond, less than a hand-over to a thread.
    stored = read() if request.app.state.reads_inline else await run_in_threadpool(read)
    if stored is None:
        raise HTTPException(404, f"no document with id {document_id!r} in this store")
    # SQLite gives the stored JSON text, which goes out as it is; PostgreSQL's driver gives the object.
    if isinstance(stored, str):
        return Response(stored, media_type="application/json")
    return JSONResponse(stored)


def get_record(db: Connection, document_id: str) -> dict[str, Any] | None:
    from wirewatch.service.queries import json_value

    value = db.execute(text("SELECT record FROM documents WHERE id = :id"), {"id": document_id}).scalar()
    return json_value(value)


class NewDocument(BaseModel):
    """One document to read: its text or its HTML, and what is known of it."""

    text: str | None = Field(None, description="Plain text (chrome and all: the pipeline cleans it).")
    html: str | None = Field(None, description="An HTML page.")
    url: str | None = Field(None, max_length=4000)
    title: str | None = Field(None, max_length=4000)
    date: str | None = Field(None, pattern=ISO_PREFIX, description="The document's date when it has none.")
    format: Literal["auto", "text", "html"] = "auto"


@router.post("/api/documents", status_code=201, tags=["documents"],
             dependencies=[Depends(check_token), Depends(HTTPBearer(auto_error=False))],
             responses={401: {"description": "No bearer token, or not this server's."},
                        403: {"description": "Writes are off: the server has no token."},
                        422: {"description": "Neither text nor html, or a record the store refused."}})
def ingest(request: Request, document: Annotated[NewDocument, Body()]) -> dict[str, Any]:
    """Run the pipeline on the document and store its record: `{id, status, title, url}` where status is
    inserted, updated or unchanged."""
    content = document.text if document.text is not None else document.html
    if not content or not content.strip() or (document.text is not None and document.html is not None):
        raise HTTPException(422, "give the document as exactly one of 'text' and 'html', not empty")
    form = "html" if document.html is not None and document.format == "auto" else document.format
    # Parsing is fast enough per document; one at a time keeps the shared spaCy pipeline's state simple.
    with request.app.state.pipeline_lock:
        record = read_content(content, format=form, date=document.date, url=document.url, title=document.title)
    status = request.app.state.store.add(record)
    request.app.state.search_cache.clear()
    return {"id": record["id"], "status": status, "title": record.get("title"),
            "url": f"/api/documents/{record['id']}"}


def read_content(content: str, **options: Any) -> dict[str, Any]:
    """The record of a document given as its content. Never `wirewatch.read`, which takes a string naming
    an existing file for that file: a client must not make the server read its own files."""
    from wirewatch.api import _options, make_pipeline
    from wirewatch.readers import document_from_text
    from wirewatch.settings import load_settings

    settings = load_settings()
    return make_pipeline(settings)(document_from_text(content, _options(settings, **options))).record.to_dict()


@router.get("/api/quotes", tags=["quotes and events"])
def quotes(request: Request, speaker: Annotated[str | None, _text("The speaker's canonical name.")] = None,
           q: Annotated[str | None, _text("Words the quote holds.")] = None, cursor: Cursor = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """Quotes, newest document first, each with its speaker, cue, date and document."""
    with connection(request) as db:
        return list_quotes(db, QuoteQuery(speaker=speaker, q=q), cursor=cursor, limit=limit)


@router.get("/api/events", tags=["quotes and events"])
def events(request: Request, query: Events, cursor: Cursor = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """Events, newest document first; dates are the event's own where the text gives a calendar date."""
    with connection(request) as db:
        return list_events(db, query, cursor=cursor, limit=limit)


@router.get("/api/entities/{name:path}", tags=["actors"])
def entity(request: Request, name: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
    """An actor by canonical name (record entity ids are per document): its types and codes with their
    provenance (the records' `evidence`, the knowledge base's roles), counts, quotes, events, activity."""
    return read_or_404(request, entity_dossier, name, "no entity named")


@router.get("/api/timeline", tags=["documents"])
def coverage(request: Request, query: Documents,
             interval: Literal[tuple(INTERVALS)] = "day") -> list[dict[str, Any]]:  # type: ignore[valid-type]
    """Per interval: `{date, count, total, ratio}`: matching documents, all documents, and their ratio."""
    with connection(request) as db:
        return request.app.state.search_cache.get(("timeline", query, interval),
                                                  lambda: timeline(db, query, interval=interval))


@router.get("/api/watches", tags=["watches"])
def watches(request: Request) -> list[dict[str, Any]]:
    """The watchlists (`wirewatch watch add`)."""
    return [watch.to_dict() for watch in list_watches(request.app.state.store.engine)]


@router.get("/feeds/{name}.atom", tags=["watches"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}, 404: {"description": "No such watch."}})
def feed(request: Request, name: Annotated[str, Path(max_length=100)],
         since: Annotated[str, Query(max_length=40, description="A span ago (1d, 12h) or an ISO date.")] = "7d"):
    """A watch's digest as an Atom feed: its quotes and events stored since `since`."""
    from wirewatch.service.watch import WatchError

    engine = request.app.state.store.engine
    try:
        watch = get_watch(engine, name)
    except WatchError as exc:
        raise HTTPException(404, str(exc)) from None
    digest = collect(engine, watch, parse_since(since))
    base = str(request.base_url).rstrip("/")
    body = render_atom(digest, base_url=base, feed_url=str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
