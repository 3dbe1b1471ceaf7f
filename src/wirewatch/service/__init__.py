"""The analyst's workbench: a FastAPI service over the store (search, records, actors, events), server-rendered
pages, watchlists and their digests (mail and Atom). `wirewatch serve` runs it; `create_app` builds it."""

from wirewatch.service.app import create_app

__all__ = ["create_app"]
