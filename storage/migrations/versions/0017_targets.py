"""rate, lift and extra-total targets; the report figures they need

Revision ID: 0017_targets
Revises: 0016_signoff
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_targets"
down_revision: str | None = "0016_signoff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIGURES = ("new_customers", "brand_searches", "repeat_buyers")


def upgrade() -> None:
    op.create_table(
        "campaign_goal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("goal", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("target", sa.BigInteger(), nullable=False),
        sa.Column("baseline", sa.BigInteger(), nullable=True),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "goal", name="uq_campaign_goal"),
    )
    op.create_index("ix_campaign_goal_campaign_id", "campaign_goal", ["campaign_id"])
    with op.batch_alter_table("daily_report") as batch:
        for name in _FIGURES:
            batch.add_column(sa.Column(name, sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_report") as batch:
        for name in reversed(_FIGURES):
            batch.drop_column(name)
    op.drop_index("ix_campaign_goal_campaign_id", table_name="campaign_goal")
    op.drop_table("campaign_goal")
