"""Stories: copies of one story across sites, with their MinHash signatures, and merged quotes and events.

Revision ID: 0003
Revises: 0002
Create Date: 2025-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _merged(table: str) -> list[sa.SchemaItem]:
    """The columns every merged item has: its story and place, its counts, the copies carrying it."""
    return [
        sa.Column("story_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("story_id", "position", name=f"pk_{table}"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=f"fk_{table}_story_id_stories",
                                ondelete="CASCADE"),
    ]


def upgrade() -> None:
    op.create_table(
        "story_members",
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("publisher_name", sa.Text(), nullable=True),
        sa.Column("original_source_name", sa.Text(), nullable=True),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("copy", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_story_members"),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])

    op.create_table(
        "stories",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("original_document_id", sa.Text(), nullable=False),
        sa.Column("original_source", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("story", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_published", "stories", ["published"])

    op.create_table(
        "story_quotes",
        *_merged("story_quotes"),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
    )
    op.create_index("ix_story_quotes_speaker", "story_quotes", ["speaker"])

    op.create_table(
        "story_events",
        *_merged("story_events"),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("actor_name", sa.Text(), nullable=True),
        sa.Column("recipient_name", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
    )
    op.create_index("ix_story_events_type", "story_events", ["type"])


def downgrade() -> None:
    op.drop_index("ix_story_events_type", table_name="story_events")
    op.drop_table("story_events")
    op.drop_index("ix_story_quotes_speaker", table_name="story_quotes")
    op.drop_table("story_quotes")
    op.drop_index("ix_stories_published", table_name="stories")
    op.drop_table("stories")
    op.drop_index("ix_story_members_story_id", table_name="story_members")
    op.drop_table("story_members")
