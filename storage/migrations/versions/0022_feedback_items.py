"""complaints from daily reports as feedback items (assign, resolve with a reply, escalate once)

Revision ID: 0022_feedback_items
Revises: 0021_risks_satisfaction
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_feedback_items"
down_revision: str | None = "0021_risks_satisfaction"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feedback_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("daily_report.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("reporter_id", sa.String(32), nullable=False),
        sa.Column("text", sa.String(3000), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_at", _INSTANT, nullable=False),
        sa.Column("due_at", _INSTANT, nullable=False),
        sa.Column("escalate_at", _INSTANT, nullable=True),
        sa.Column("escalated_at", _INSTANT, nullable=True),
        sa.Column("assignee_id", sa.String(32), nullable=True),
        sa.Column("assigned_by", sa.String(32), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(32), nullable=True),
        sa.Column("resolved_at", _INSTANT, nullable=True),
        sa.Column("updated_at", _INSTANT, nullable=False),
    )
    op.create_index("ix_feedback_item_campaign", "feedback_item", ["campaign_id", "status"])
    op.create_index("ix_feedback_item_escalate_at", "feedback_item", ["escalate_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_item_escalate_at", table_name="feedback_item")
    op.drop_index("ix_feedback_item_campaign", table_name="feedback_item")
    op.drop_table("feedback_item")
