"""the risk register (风险预案表) and satisfaction answers (满意度)

Revision ID: 0021_risks_satisfaction
Revises: 0020_readiness
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_risks_satisfaction"
down_revision: str | None = "0020_readiness"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def _campaign_fk() -> sa.Column:
    return sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "campaign_risk",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("likelihood", sa.String(10), nullable=False),
        sa.Column("impact", sa.String(10), nullable=False),
        sa.Column("mitigation", sa.String(1000), nullable=False),
        sa.Column("owner_id", sa.String(32), nullable=True),
        sa.Column("trigger", sa.String(300), nullable=False, server_default=""),
        sa.Column("incident_kind", sa.String(20), nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
    )
    op.create_index("ix_campaign_risk_campaign_id", "campaign_risk", ["campaign_id"])
    op.create_table(
        "satisfaction_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("answered_at", _INSTANT, nullable=False),
        sa.UniqueConstraint("campaign_id", "user_id", name="uq_satisfaction_answer_user"),
    )
    op.create_index("ix_satisfaction_answer_campaign_id", "satisfaction_answer", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_satisfaction_answer_campaign_id", table_name="satisfaction_answer")
    op.drop_table("satisfaction_answer")
    op.drop_index("ix_campaign_risk_campaign_id", table_name="campaign_risk")
    op.drop_table("campaign_risk")
