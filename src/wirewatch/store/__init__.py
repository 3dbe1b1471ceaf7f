"""Document records in SQLite or PostgreSQL: `open_store(url).add(record)`, idempotent and queryable."""

from wirewatch.store.store import Store, StoreError, content_hash, default_db_url, open_store

__all__ = ["Store", "StoreError", "open_store", "default_db_url", "content_hash"]
