"""The workbench's tables: a full-text index of the documents, and the analysts' watchlists.

The index is kept by the database itself (triggers on `documents`), so every way of storing a record keeps
it current without the store knowing of it. SQLite: a contentless FTS5 table `documents_fts` (with its
shadow tables `documents_fts_*`) whose rowids are those of `documents_fts_ids` (document id, stored_at):
the index holds no second copy of the text, and finding a match's id reads a small row. PostgreSQL: a table `documents_fts` of one `tsvector` a document
(the title weighted above the body; the 'simple' configuration, so names are not stemmed) with a GIN
index. Both keep `stored_at`, when the current version of the document was stored (ISO 8601 UTC), which
is what a digest's "new since" means: the record's own `published` is when the news happened.

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# A tsvector holds at most 1 MB; the first 300,000 characters of a body stay far below it.
_PG_BODY_CHARS = 300_000

_SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
# The index's own row per document: its FTS rowid (an INTEGER PRIMARY KEY, so VACUUM keeps it, which it
# does not promise for `documents`' implicit rowid), its id and when it was stored.
_SQLITE_INSERT = f"""
    INSERT INTO documents_fts_ids (document_id, stored_at) VALUES (new.id, {_SQLITE_NOW});
    INSERT INTO documents_fts (rowid, title, body)
    SELECT rowid, coalesce(new.title, ''), new.text FROM documents_fts_ids WHERE document_id = new.id;
"""
# A contentless FTS5 table forgets a row by being given the values it indexed.
_SQLITE_DELETE = """
    INSERT INTO documents_fts (documents_fts, rowid, title, body)
    SELECT 'delete', rowid, coalesce(old.title, ''), old.text FROM documents_fts_ids WHERE document_id = old.id;
    DELETE FROM documents_fts_ids WHERE document_id = old.id;
"""

_PG_VECTOR = (f"setweight(to_tsvector('simple', coalesce({{row}}.title, '')), 'A') || "
              f"setweight(to_tsvector('simple', left({{row}}.text, {_PG_BODY_CHARS})), 'B')")
_PG_NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""
_PG_FUNCTION = f"""
CREATE FUNCTION documents_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM documents_fts WHERE document_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO documents_fts (document_id, stored_at, tsv)
        VALUES (NEW.id, {_PG_NOW}, {_PG_VECTOR.format(row='NEW')});
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_watchlists"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_sqlite() -> None:
    op.execute("CREATE TABLE documents_fts_ids (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE, "
               "stored_at TEXT NOT NULL)")
    op.execute("CREATE INDEX documents_fts_ids_stored_at ON documents_fts_ids (stored_at)")
    op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content = '', "
               "tokenize = 'unicode61 remove_diacritics 2')")
    op.execute(f"INSERT INTO documents_fts_ids (document_id, stored_at) SELECT id, {_SQLITE_NOW} FROM documents")
    op.execute("INSERT INTO documents_fts (rowid, title, body) SELECT i.rowid, coalesce(d.title, ''), d.text "
               "FROM documents_fts_ids i JOIN documents d ON d.id = i.document_id")
    op.execute(f"CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN {_SQLITE_INSERT} END")
    op.execute(f"CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN {_SQLITE_DELETE} END")
    op.execute(f"CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN "
               f"{_SQLITE_DELETE} {_SQLITE_INSERT} END")


def _upgrade_postgresql() -> None:
    op.execute("CREATE TABLE documents_fts (document_id TEXT PRIMARY KEY, stored_at TEXT NOT NULL, "
               "tsv TSVECTOR NOT NULL)")
    op.execute("CREATE INDEX documents_fts_tsv ON documents_fts USING GIN (tsv)")
    op.execute("CREATE INDEX documents_fts_stored_at ON documents_fts (stored_at)")
    op.execute(f"INSERT INTO documents_fts (document_id, stored_at, tsv) "
               f"SELECT d.id, {_PG_NOW}, {_PG_VECTOR.format(row='d')} FROM documents AS d")
    op.execute(_PG_FUNCTION)
    op.execute("CREATE TRIGGER documents_fts_sync AFTER INSERT OR UPDATE OF id, title, text OR DELETE "
               "ON documents FOR EACH ROW EXECUTE FUNCTION documents_fts_sync()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER documents_fts_sync ON documents")
        op.execute("DROP FUNCTION documents_fts_sync()")
        op.execute("DROP TABLE documents_fts")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER documents_fts_{trigger}")
        op.execute("DROP TABLE documents_fts")
        op.execute("DROP TABLE documents_fts_ids")
    op.drop_table("watchlists")
