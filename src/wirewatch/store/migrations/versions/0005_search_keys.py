"""SQLite search in the order it is read: index rowids that sort newest first, and facet values per document.

Searches come back newest first, and 0004's index handed out rowids in the order documents arrived, so a
search for a common word looked up every match's date to find the newest twenty. Here the rowid that
`documents_fts` and `documents_fts_ids` share *is* the sort key: the document's `published` as seconds
(its Julian day times 86,400; undated documents 0) times 2**24, plus its place among documents of the same
second. FTS5 walks a word's matches in rowid order, so the newest page is read straight off the index, a
cursor is a rowid, and a date range is a rowid range.

Facets (source, country, actor, type) get a table of their own, `documents_fts_facets` (document rowid,
value id; a value's text is in `documents_fts_values` once), filled by triggers on `documents`, `entities`
and `events`, so counting a facet over a search's newest matches reads two integers a value and no record.
The store replaces a record whole (its document row and, by cascade, its children), so a document's
facet rows go with its document row.

PostgreSQL keeps 0004's tsvector table, ordered by its `published` index; this revision changes nothing there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Room for this many documents of one and the same `published` second (all of a day, for day-precise dates).
BUCKET = 1 << 24
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
SOURCE = "coalesce({row}.original_source_name, {row}.publisher_name)"
ACTOR_TYPES = "('PERSON', 'ORG')"


def sort_key_sql(published: str) -> str:
    """SQL for a `published` value's bucket: a date as precise as given is padded to a full second
    ("2020-08" is 2020-08-01T00:00:00); anything SQLite cannot read as a date counts as undated.
    `wirewatch.service.search.sort_key` computes the same in Python."""
    head = f"substr({published}, 1, 19)"
    day = f"julianday({head} || substr('0000-01-01T00:00:00', length({head}) + 1))"
    return (f"(CASE WHEN {published} IS NULL OR {published} = '' OR {day} IS NULL THEN 0 "
            f"ELSE CAST(round({day} * 86400) AS INTEGER) END * {BUCKET})")


def _add_document(row: str) -> str:
    key = sort_key_sql(f"{row}.published")
    source = SOURCE.format(row=row)
    return f"""
    INSERT INTO documents_fts_ids (rowid, document_id, stored_at)
    SELECT coalesce((SELECT max(rowid) + 1 FROM documents_fts_ids WHERE rowid >= k.key AND rowid < k.key + {BUCKET}),
                    k.key), {row}.id, {_NOW}
    FROM (SELECT {key} AS key) AS k;
    INSERT INTO documents_fts (rowid, title, body)
    SELECT rowid, coalesce({row}.title, ''), {row}.text FROM documents_fts_ids WHERE document_id = {row}.id;
    INSERT OR IGNORE INTO documents_fts_values (facet, value) SELECT 'source', {source} WHERE {source} IS NOT NULL;
    INSERT OR IGNORE INTO documents_fts_facets (doc, value)
    SELECT i.rowid, v.id FROM documents_fts_ids i JOIN documents_fts_values v ON v.facet = 'source' AND v.value = {source}
    WHERE i.document_id = {row}.id;
"""


def _remove_document(row: str) -> str:
    return f"""
    DELETE FROM documents_fts_facets WHERE doc = (SELECT rowid FROM documents_fts_ids WHERE document_id = {row}.id);
    INSERT INTO documents_fts (documents_fts, rowid, title, body)
    SELECT 'delete', rowid, coalesce({row}.title, ''), {row}.text FROM documents_fts_ids WHERE document_id = {row}.id;
    DELETE FROM documents_fts_ids WHERE document_id = {row}.id;
"""


def _facet(facet: str, value: str, document_id: str, condition: str) -> str:
    return f"""
    INSERT OR IGNORE INTO documents_fts_values (facet, value) SELECT '{facet}', {value} WHERE {condition};
    INSERT OR IGNORE INTO documents_fts_facets (doc, value)
    SELECT i.rowid, v.id FROM documents_fts_ids i JOIN documents_fts_values v ON v.facet = '{facet}' AND v.value = {value}
    WHERE i.document_id = {document_id} AND {condition};
"""


_ENTITY_FACETS = (_facet("country", "new.country", "new.document_id", "new.country IS NOT NULL")
                  + _facet("actor", "new.name", "new.document_id",
                           f"new.name IS NOT NULL AND new.type IN {ACTOR_TYPES}"))
_EVENT_FACETS = _facet("type", "new.type", "new.document_id", "new.type IS NOT NULL")
# A document row changed in place (the store never does this; an analyst's SQL might): its entities' and
# events' facets come back under its new rowid.
_REFACET = f"""
    INSERT OR IGNORE INTO documents_fts_values (facet, value)
    SELECT 'country', country FROM entities WHERE document_id = new.id AND country IS NOT NULL
    UNION SELECT 'actor', name FROM entities WHERE document_id = new.id AND name IS NOT NULL AND type IN {ACTOR_TYPES}
    UNION SELECT 'type', type FROM events WHERE document_id = new.id AND type IS NOT NULL;
    INSERT OR IGNORE INTO documents_fts_facets (doc, value)
    SELECT i.rowid, v.id FROM documents_fts_ids i JOIN (
        SELECT 'country' AS facet, country AS value FROM entities WHERE document_id = new.id
        UNION SELECT 'actor', name FROM entities WHERE document_id = new.id AND type IN {ACTOR_TYPES}
        UNION SELECT 'type', type FROM events WHERE document_id = new.id
    ) AS f JOIN documents_fts_values v ON v.facet = f.facet AND v.value = f.value
    WHERE i.document_id = new.id;
"""
_WATCHED = "id, title, text, published, publisher_name, original_source_name"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER documents_fts_{trigger}")
    op.execute("DROP TABLE documents_fts")
    op.execute("ALTER TABLE documents_fts_ids RENAME TO documents_fts_ids_0004")
    op.execute("DROP INDEX documents_fts_ids_stored_at")
    op.execute("CREATE TABLE documents_fts_ids (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE, "
               "stored_at TEXT NOT NULL)")
    op.execute("CREATE INDEX documents_fts_ids_stored_at ON documents_fts_ids (stored_at)")
    op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content = '', "
               "tokenize = 'unicode61 remove_diacritics 2')")
    op.execute("CREATE TABLE documents_fts_values (id INTEGER PRIMARY KEY, facet TEXT NOT NULL, "
               "value TEXT NOT NULL, UNIQUE (facet, value))")
    op.execute("CREATE TABLE documents_fts_facets (doc INTEGER NOT NULL, value INTEGER NOT NULL, "
               "PRIMARY KEY (doc, value)) WITHOUT ROWID")
    op.execute("CREATE INDEX documents_fts_facets_value ON documents_fts_facets (value, doc)")
    # Documents already stored keep when they were stored; ties in a second take their id's order.
    key = sort_key_sql("d.published")
    op.execute(f"""
        INSERT INTO documents_fts_ids (rowid, document_id, stored_at)
        SELECT k.key + row_number() OVER (PARTITION BY k.key ORDER BY k.id) - 1, k.id, k.stored_at
        FROM (SELECT {key} AS key, d.id AS id, coalesce(o.stored_at, {_NOW}) AS stored_at
              FROM documents d LEFT JOIN documents_fts_ids_0004 o ON o.document_id = d.id) AS k""")
    op.execute("DROP TABLE documents_fts_ids_0004")
    op.execute("INSERT INTO documents_fts (rowid, title, body) SELECT i.rowid, coalesce(d.title, ''), d.text "
               "FROM documents_fts_ids i JOIN documents d ON d.id = i.document_id")
    source = SOURCE.format(row="d")
    op.execute(f"""
        INSERT OR IGNORE INTO documents_fts_values (facet, value)
        SELECT 'source', {source} FROM documents d WHERE {source} IS NOT NULL
        UNION SELECT 'country', country FROM entities WHERE country IS NOT NULL
        UNION SELECT 'actor', name FROM entities WHERE name IS NOT NULL AND type IN {ACTOR_TYPES}
        UNION SELECT 'type', type FROM events WHERE type IS NOT NULL""")
    op.execute(f"""
        INSERT OR IGNORE INTO documents_fts_facets (doc, value)
        SELECT i.rowid, v.id FROM documents_fts_ids i JOIN (
            SELECT d.id AS document_id, 'source' AS facet, {source} AS value FROM documents d
            UNION ALL SELECT document_id, 'country', country FROM entities
            UNION ALL SELECT document_id, 'actor', name FROM entities WHERE type IN {ACTOR_TYPES}
            UNION ALL SELECT document_id, 'type', type FROM events
        ) AS f ON f.document_id = i.document_id
        JOIN documents_fts_values v ON v.facet = f.facet AND v.value = f.value""")
    op.execute(f"CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN {_add_document('new')} END")
    op.execute(f"CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN {_remove_document('old')} END")
    op.execute(f"CREATE TRIGGER documents_fts_update AFTER UPDATE OF {_WATCHED} ON documents BEGIN "
               f"{_remove_document('old')} {_add_document('new')} {_REFACET} END")
    op.execute(f"CREATE TRIGGER documents_fts_entity AFTER INSERT ON entities BEGIN {_ENTITY_FACETS} END")
    op.execute(f"CREATE TRIGGER documents_fts_event AFTER INSERT ON events BEGIN {_EVENT_FACETS} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for trigger in ("insert", "delete", "update", "entity", "event"):
        op.execute(f"DROP TRIGGER documents_fts_{trigger}")
    for table in ("documents_fts_facets", "documents_fts_values", "documents_fts", "documents_fts_ids"):
        op.execute(f"DROP TABLE {table}")
    # 0004's own tables and triggers, rebuilt from the documents.
    from importlib.util import module_from_spec, spec_from_file_location
    from pathlib import Path

    spec = spec_from_file_location("wirewatch_migration_0004", Path(__file__).with_name("0004_service.py"))
    previous = module_from_spec(spec)
    spec.loader.exec_module(previous)
    previous._upgrade_sqlite()
