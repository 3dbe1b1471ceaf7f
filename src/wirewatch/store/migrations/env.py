"""Alembic environment for wirewatch's store.

`Store` runs it programmatically with its own open connection in `config.attributes["connection"]`, so that
the migration shares the store's engine settings (SQLite pragmas) and transaction. A developer can also
point the `alembic` command at this directory with `sqlalchemy.url` set, e.g. to write a new revision:
`alembic -x url=sqlite:///dev.sqlite revision --autogenerate -m "..."` with an ini naming this
`script_location`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from wirewatch.store.models import Base
from wirewatch.store.store import create_store_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("wirewatch migrations need a database: set sqlalchemy.url or pass -x url=...")
    return url


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_store_engine(_url())
    try:
        with engine.begin() as connection:
            _migrate(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
