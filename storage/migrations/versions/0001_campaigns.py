"""campaigns, KPI targets, status history

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Money and targets are hundredths in a BIGINT (storage.types.Amount); instants are UTC (UTCDateTime).
_AMOUNT = sa.BigInteger()
_INSTANT = sa.DateTime(timezone=True)
_LIVE = sa.text("status NOT IN ('closed', 'cancelled')")


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), server_default="", nullable=False),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("theme", sa.String(3000), server_default="", nullable=False),
        sa.Column("objective", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("warmup_start", sa.Date(), nullable=True),
        sa.Column("burst_start", sa.Date(), nullable=True),
        sa.Column("longtail_start", sa.Date(), nullable=True),
        sa.Column("owner_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("budget", _AMOUNT, nullable=False),
        sa.Column("contingency_pct", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
        sa.Column("approved_by", sa.String(32), nullable=True),
        sa.Column("approved_at", _INSTANT, nullable=True),
        sa.Column("announcement_channel", sa.String(32), nullable=True),
        sa.Column("announcement_ts", sa.String(32), nullable=True),
    )
    op.create_index("ix_campaign_channel", "campaign", ["channel_id"])
    op.create_index("ix_campaign_status", "campaign", ["status"])
    op.create_index(
        "uq_campaign_live_name",
        "campaign",
        ["team_id", sa.text("lower(name)")],
        unique=True,
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )

    op.create_table(
        "kpi_target",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("target", _AMOUNT, nullable=False),
        sa.UniqueConstraint("campaign_id", "metric", name="uq_kpi_target_metric"),
    )
    op.create_index("ix_kpi_target_campaign_id", "kpi_target", ["campaign_id"])

    op.create_table(
        "campaign_status_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(32), nullable=False),
        sa.Column("at", _INSTANT, nullable=False),
    )
    op.create_index("ix_campaign_status_change_campaign_id", "campaign_status_change", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("campaign_status_change")
    op.drop_table("kpi_target")
    op.drop_table("campaign")
