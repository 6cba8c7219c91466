"""due rows a scheduler pass failed on, held back with a growing delay instead of failing the whole batch

Revision ID: 0023_held_rows
Revises: 0022_feedback_items
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_held_rows"
down_revision: str | None = "0022_feedback_items"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "held_row",
        sa.Column("pass_name", sa.String(40), primary_key=True),
        sa.Column("row_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(120), nullable=False),
        sa.Column("failed_at", _INSTANT, nullable=False),
        sa.Column("next_retry_at", _INSTANT, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("held_row")
