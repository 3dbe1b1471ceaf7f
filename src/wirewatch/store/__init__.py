"""Document records in SQLite or PostgreSQL: `open_store(url).add(record)`, idempotent and queryable.

The store also keeps imported and learned actors (`Store.add_actors`), which the pipeline's knowledge base
reads through `open_existing_store`, which never creates a database.
"""

from wirewatch.store.store import (
    Store,
    StoreError,
    content_hash,
    database_exists,
    default_db_url,
    open_existing_store,
    open_store,
)

__all__ = ["Store", "StoreError", "open_store", "open_existing_store", "default_db_url", "content_hash",
           "database_exists"]
