"""sign-off: a campaign's approvers and the changes they asked for

Revision ID: 0016_signoff
Revises: 0015_unassigned_tasks
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_signoff"
down_revision: str | None = "0015_unassigned_tasks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _campaign_fk() -> sa.Column:
    return sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "campaign_approver",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("campaign_id", "user_id", name="uq_campaign_approver"),
    )
    op.create_index("ix_campaign_approver_campaign_id", "campaign_approver", ["campaign_id"])
    op.create_table(
        "campaign_change_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_campaign_change_request_campaign_id", "campaign_change_request", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_change_request_campaign_id", table_name="campaign_change_request")
    op.drop_table("campaign_change_request")
    op.drop_index("ix_campaign_approver_campaign_id", table_name="campaign_approver")
    op.drop_table("campaign_approver")
