"""The document record's tables: documents and the objects in each record.

Revision ID: 0001
Revises:
Create Date: 2025-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _position_key(table: str) -> list[sa.SchemaItem]:
    """The key every per-document list uses: its document and its index in the record's list."""
    return [
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "position", name=f"pk_{table}"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=f"fk_{table}_document_id_documents",
            ondelete="CASCADE",
        ),
    ]


def _span(prefix: str = "") -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}start", sa.Integer(), nullable=True),
        sa.Column(f"{prefix}end", sa.Integer(), nullable=True),
        sa.Column(f"{prefix}text", sa.Text(), nullable=True),
    ]


def _actor(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}_entity_id", sa.Text(), nullable=True),
        sa.Column(f"{prefix}_name", sa.Text(), nullable=True),
        sa.Column(f"{prefix}_country", sa.Text(), nullable=True),
        sa.Column(f"{prefix}_sector", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("publisher_name", sa.Text(), nullable=True),
        sa.Column("original_source_name", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("boilerplate", sa.JSON(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_source", "documents", ["source"])

    op.create_table(
        "entities",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("sector", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("document_id", "entity_id", name="pk_entities"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_entities_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_entities_name", "entities", ["name"])

    op.create_table(
        "mentions",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        *_span(),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("document_id", "entity_id", "position", name="pk_mentions"),
        sa.ForeignKeyConstraint(
            ["document_id", "entity_id"],
            ["entities.document_id", "entities.entity_id"],
            name="fk_mentions_document_id_entity_id_entities",
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "times",
        *_position_key("times"),
        *_span(),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
    )

    op.create_table(
        "quotes",
        *_position_key("quotes"),
        sa.Column("kind", sa.Text(), nullable=True),
        *_span(),
        *_span("cue_"),
        sa.Column("speaker_entity_id", sa.Text(), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        *_span("speaker_"),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
    )
    op.create_index("ix_quotes_speaker_name", "quotes", ["speaker_name"])
    op.create_index(
        "ix_quotes_document_id_speaker_entity_id", "quotes", ["document_id", "speaker_entity_id"]
    )

    op.create_table(
        "events",
        *_position_key("events"),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        *_actor("actor"),
        *_actor("recipient"),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("location_country", sa.Text(), nullable=True),
        sa.Column("location_lat", sa.Float(), nullable=True),
        sa.Column("location_lon", sa.Float(), nullable=True),
        *_span(),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
    )
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_actor_name", "events", ["actor_name"])

    op.create_table(
        "errors",
        *_position_key("errors"),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
    )


def downgrade() -> None:
    for table in ("errors", "events", "quotes", "times", "mentions", "entities", "documents"):
        op.drop_table(table)
