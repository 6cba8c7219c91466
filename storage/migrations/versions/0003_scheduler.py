"""scheduler: outbox, next-fire columns, per-campaign reminder settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("blocks", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _INSTANT, nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", _INSTANT, nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("sent_at", _INSTANT, nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_key"),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])
    op.add_column("campaign", sa.Column("next_event_at", _INSTANT, nullable=True))
    op.add_column("campaign", sa.Column("reminder_settings", sa.Text(), nullable=True))
    op.create_index("ix_campaign_next_event_at", "campaign", ["next_event_at"])
    op.add_column("task", sa.Column("owner_tz", sa.String(64), nullable=True))
    op.add_column("task", sa.Column("next_reminder_at", _INSTANT, nullable=True))
    op.create_index("ix_task_next_reminder_at", "task", ["next_reminder_at"])
    op.add_column("milestone", sa.Column("next_reminder_at", _INSTANT, nullable=True))
    op.create_index("ix_milestone_next_reminder_at", "milestone", ["next_reminder_at"])


def downgrade() -> None:
    op.drop_index("ix_milestone_next_reminder_at", table_name="milestone")
    op.drop_column("milestone", "next_reminder_at")
    op.drop_index("ix_task_next_reminder_at", table_name="task")
    op.drop_column("task", "next_reminder_at")
    op.drop_column("task", "owner_tz")
    op.drop_index("ix_campaign_next_event_at", table_name="campaign")
    op.drop_column("campaign", "reminder_settings")
    op.drop_column("campaign", "next_event_at")
    op.drop_table("outbox")
