"""The analyst's workbench as one FastAPI app: the JSON API under /api, pages, feeds, and its OpenAPI schema.

`create_app(db_url, token=None)` opens (and migrates) the store; reads need nothing, and writes
(`POST /api/documents`) need `Authorization: Bearer <token>`, the token given or `WIREWATCH_TOKEN`; with
neither, writes are refused. Every failure is an HTTP error with a `detail` that says what was wrong (JSON
under /api and /feeds, a page elsewhere); no failure is an empty 200.
"""

from __future__ import annotations

import contextlib
import gc
import hmac
import json
import os
import threading
from typing import Any, ContextManager
from urllib.parse import unquote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import event
from sqlalchemy.engine import Connection
from starlette.exceptions import HTTPException as StarletteHTTPException

from wirewatch import __version__
from wirewatch.service.digest import DigestError
from wirewatch.service.search import FACETS, FacetIndex, SearchCache, SearchError, SqliteChanges
from wirewatch.service.templating import STATIC, environment
from wirewatch.service.watch import WatchError
from wirewatch.store import Store, StoreError

__all__ = ["create_app", "TOKEN_ENV", "connection", "render", "read_or_404"]

TOKEN_ENV = "WIREWATCH_TOKEN"
_SECURITY_HEADERS = {
    # Nothing but this server's own files runs or loads on its pages, whatever a document holds.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_JSON_PREFIXES = ("/api/", "/feeds/", "/openapi.json")
DESCRIPTION = """Search the stored records (full text with facets and cursor pagination), read a record,
its quotes, events and actors, and a coverage timeline. Reads need no token; `POST /api/documents` runs the
pipeline on a document and stores it, with `Authorization: Bearer <WIREWATCH_TOKEN>`."""


def connection(request: Request) -> ContextManager[Connection]:
    """A connection to the store for one request: `with connection(request) as db:`."""
    return request.app.state.store.engine.connect()


def read_or_404(request: Request, read, key: str, missing: str):
    """`read(connection, key)`, or a 404 saying `missing` (e.g. "no document with id") when it is None."""
    with connection(request) as db:
        value = read(db, key)
    if value is None:
        raise HTTPException(404, f"{missing} {key!r} in this store")
    return value


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    page = request.app.state.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(page, status_code=status_code)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(_JSON_PREFIXES)


def _error(request: Request, status_code: int, detail: Any, headers: dict[str, str] | None = None):
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)
    message = detail if isinstance(detail, str) else "; ".join(
        f"{'.'.join(str(part) for part in item.get('loc', ()))}: {item.get('msg')}" for item in detail)
    return render(request, "error.html", status_code, status=status_code, message=message)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    # The raw errors may hold the rejected input as non-JSON types (bytes, exceptions in `ctx`).
    return [{"loc": list(error.get("loc", ())), "msg": str(error.get("msg")), "type": str(error.get("type"))}
            for error in exc.errors()]


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _error(request, 422, _validation_detail(exc))

    for kind in (SearchError, WatchError, DigestError, StoreError):
        @app.exception_handler(kind)
        async def refused(request: Request, exc: Exception):
            return _error(request, 422, str(exc))

    @app.exception_handler(Exception)
    async def broken(request: Request, exc: Exception):
        return _error(request, 500, f"internal error ({type(exc).__name__}): the server log has the details")



class Guard:
    """ASGI middleware: refuses a NUL in the path or query (PostgreSQL cannot hold one in text, and no name
    or query has one) and adds the security headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        query = scope.get("query_string", b"").decode("latin-1")
        if "\x00" in scope.get("path", "") or "\x00" in unquote(query):
            body = json.dumps({"detail": "the request holds a NUL character (%00)"}).encode()
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"), *_HEADERS]})
            return await send({"type": "http.response.body", "body": body})

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(item for item in _HEADERS if item[0] not in present)]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


_HEADERS = [(name.lower().encode(), value.encode()) for name, value in _SECURITY_HEADERS.items()]


def check_token(request: Request) -> None:
    """Refuse a write unless it carries the configured bearer token."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, f"writes are off on this server: start it with {TOKEN_ENV} set to a token, "
                                 "and send it as 'Authorization: Bearer <token>'")
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "this needs 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "the bearer token is not this server's", headers={"WWW-Authenticate": "Bearer"})


# SQLite pages read through memory maps (shared by the server's threads and processes through the page
# cache) rather than copied into each connection's own cache.
_SQLITE_MMAP_BYTES = 1 << 30


def _search_cache(store: Store) -> tuple[SearchCache, SqliteChanges | None, FacetIndex | None]:
    """The answers cache and the facet index: on a SQLite file, current until the file changes (answers
    kept at most 10 minutes); elsewhere answers for 30 seconds and facets counted in SQL."""
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return SearchCache(ttl=30.0), None, None

    @event.listens_for(store.engine, "connect")
    def _map(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA mmap_size = {_SQLITE_MMAP_BYTES}")

    store.engine.dispose()          # connections opened before the listener (the migration's) go
    changes = SqliteChanges(url.database)
    facet_index = FacetIndex(store.engine, changes.generation, FACETS)
    return SearchCache(ttl=600.0, generation=changes.generation), changes, facet_index


def create_app(db_url: str | None = None, token: str | None = None) -> FastAPI:
    """The workbench on the store at `db_url` (default: the `db` setting); `token` (else $WIREWATCH_TOKEN)
    allows writes."""
    from wirewatch.service import api, pages
    from wirewatch.service.hot import HotReads

    if db_url is None:
        from wirewatch.settings import load_settings

        db_url = load_settings().db
    store = Store(db_url)
    cache, changes, facet_index = _search_cache(store)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        if facet_index is not None:
            facet_index.prepare()
        # What is loaded by now (the framework, the models, the templates: 100,000 objects) lives as long as
        # the server: kept out of the garbage collector's full passes, each of which would otherwise stop
        # every request for tens of milliseconds.
        gc.collect()
        gc.freeze()
        yield
        if changes is not None:
            changes.close()
        store.close()

    app = FastAPI(title="wirewatch", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan)
    app.state.store = store
    app.state.token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    app.state.templates = environment()
    app.state.pipeline_lock = threading.Lock()
    app.state.search_cache = cache
    app.state.facet_index = facet_index
    app.state.changes = changes
    app.state.reads_inline = store.engine.dialect.name == "sqlite"
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _install_errors(app)
    app.add_middleware(HotReads)
    app.add_middleware(Guard)
    app.include_router(api.router)
    app.include_router(pages.router)

    return app
