"""The server-rendered pages: search, an article with its evidence highlighted, an actor, events, API docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from wirewatch.service.api import Cursor, Documents, Events, get_record
from wirewatch.service.app import connection, read_or_404, render
from wirewatch.service.highlight import body_marks, cut, title_marks
from wirewatch.service.queries import entity_dossier, list_events
from wirewatch.service.search import search_documents, snippet, timeline

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
# A coverage chart by day over more days than this is drawn by month.
_MAX_DAYS = 120


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, query: Documents, cursor: Cursor = None):
    cache = request.app.state.search_cache
    with connection(request) as db:
        found = search_documents(db, query, cursor=cursor, limit=20, cache=cache,
                                 facet_index=request.app.state.facet_index)
        series = cache.get(("timeline", query, "day"), lambda: timeline(db, query, interval="day"))
        if len(series) > _MAX_DAYS:
            series = cache.get(("timeline", query, "month"), lambda: timeline(db, query, interval="month"))
    words = query.parsed.words() if query.parsed else []
    # The answer may be the cache's: annotated in a copy.
    found = {**found, "results": [{**hit, "parts": snippet(hit["snippet"], words, width=10**6)}
                                  for hit in found["results"]]}
    params = {"q": query.q, "source": query.source, "country": query.country, "actor": query.actor,
              "type": query.type, "from": query.date_from, "to": query.date_to}
    return render(request, "search.html", found=found, params=params, series=series, query=query)


def _source_line(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not value.get("name"):
        return None
    evidence = [f"{item.get('rule')}: “{item.get('text')}”" for item in value.get("evidence") or []
                if isinstance(item, dict)]
    return {"name": value["name"], "evidence": "\n".join(evidence)}


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document_page(request: Request, document_id: Annotated[str, Path(max_length=500)]):
    record = read_or_404(request, get_record, document_id, "no document with id")
    return render(request, "document.html", record=record,
                  title_pieces=cut(record.get("title"), title_marks(record)),
                  body_pieces=cut(record.get("text"), body_marks(record)),
                  publisher=_source_line(record.get("publisher")),
                  original_source=_source_line(record.get("original_source")))


@router.get("/entities/{name:path}", response_class=HTMLResponse)
def entity_page(request: Request, name: Annotated[str, Path(max_length=500)]):
    dossier = read_or_404(request, entity_dossier, name, "no entity named")
    return render(request, "entity.html", entity=dossier)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, query: Events, cursor: Cursor = None):
    with connection(request) as db:
        found = list_events(db, query, cursor=cursor, limit=100)
    params = {"actor": query.actor, "recipient": query.recipient, "type": query.type, "status": query.status,
              "country": query.country, "from": query.date_from, "to": query.date_to}
    return render(request, "events.html", found=found, params=params)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """The OpenAPI schema as a page of its own (Swagger UI would load its scripts from a CDN)."""
    schema = request.app.openapi()
    operations = [{"method": method.upper(), "path": path, **operation}
                  for path, methods in schema.get("paths", {}).items() for method, operation in methods.items()]
    return render(request, "docs.html", schema=schema, operations=operations)
