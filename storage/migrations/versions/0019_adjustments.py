"""cause & adjustment of incidents: the adjustments, and what a pace incident names

Revision ID: 0019_adjustments
Revises: 0018_source_plan
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_adjustments"
down_revision: str | None = "0018_source_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)
_AMOUNT = sa.BigInteger()  # hundredths, storage.types.Amount


def upgrade() -> None:
    op.add_column("incident", sa.Column("subjects", sa.Text(), nullable=True))
    op.create_table(
        "incident_adjustment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("cause", sa.String(20), nullable=False),
        sa.Column("happened", sa.String(2000), nullable=False),
        sa.Column("adjustment", sa.String(2000), nullable=False),
        sa.Column("owner_id", sa.String(32), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("subjects", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("extra_budget", _AMOUNT, nullable=True),
        sa.Column("budget_line", sa.String(20), nullable=True),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("task.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
    )
    op.create_index("ix_incident_adjustment_campaign_id", "incident_adjustment", ["campaign_id"])
    op.create_index("ix_incident_adjustment_incident_id", "incident_adjustment", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_adjustment_incident_id", table_name="incident_adjustment")
    op.drop_index("ix_incident_adjustment_campaign_id", table_name="incident_adjustment")
    op.drop_table("incident_adjustment")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("subjects")
