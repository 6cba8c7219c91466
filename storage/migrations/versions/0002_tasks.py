"""tasks, task history, milestones, pending table imports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def _campaign_fk() -> sa.Column:
    return sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("owner_id", sa.String(32), nullable=False),
        sa.Column("collaborators", sa.String(500), server_default="", nullable=False),
        sa.Column("due_at", _INSTANT, nullable=False),
        sa.Column("deliverable", sa.String(2000), server_default="", nullable=False),
        sa.Column("phase", sa.String(20), nullable=True),
        sa.Column("phase_label", sa.String(100), nullable=True),
        sa.Column("notes", sa.String(4000), server_default="", nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("blocked_reason", sa.String(2000), nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
    )
    op.create_index("ix_task_campaign", "task", ["campaign_id", "status"])
    op.create_index("ix_task_owner_due", "task", ["owner_id", "status", "due_at"])

    op.create_table(
        "task_status_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("task.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(32), nullable=False),
        sa.Column("at", _INSTANT, nullable=False),
        sa.Column("reason", sa.String(2000), nullable=True),
    )
    op.create_index("ix_task_status_change_task_id", "task_status_change", ["task_id"])

    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.UniqueConstraint("campaign_id", "name", name="uq_milestone_name"),
    )
    op.create_index("ix_milestone_campaign_id", "milestone", ["campaign_id"])

    op.create_table(
        "table_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
    )
    op.create_index("ix_table_import_campaign_id", "table_import", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("table_import")
    op.drop_table("milestone")
    op.drop_table("task_status_change")
    op.drop_table("task")
