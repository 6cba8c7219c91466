"""the review (复盘): budget lines, each report's budget line, lessons

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)
_AMOUNT = sa.BigInteger()  # hundredths, storage.types.Amount


def _campaign_fk() -> sa.Column:
    return sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.add_column("daily_report", sa.Column("budget_line", sa.String(20), nullable=True))

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("line", sa.String(20), nullable=False),
        sa.Column("planned", _AMOUNT, nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
        sa.UniqueConstraint("campaign_id", "line", name="uq_budget_line"),
    )
    op.create_index("ix_budget_line_campaign_id", "budget_line", ["campaign_id"])

    op.create_table(
        "campaign_lesson",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("author_id", sa.String(32), nullable=False),
        sa.Column("worked", sa.String(3000), nullable=False, server_default=""),
        sa.Column("fell_short", sa.String(3000), nullable=False, server_default=""),
        sa.Column("next_time", sa.String(3000), nullable=False, server_default=""),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
        sa.UniqueConstraint("campaign_id", "author_id", name="uq_campaign_lesson_author"),
    )
    op.create_index("ix_campaign_lesson_campaign_id", "campaign_lesson", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_lesson_campaign_id", table_name="campaign_lesson")
    op.drop_table("campaign_lesson")
    op.drop_index("ix_budget_line_campaign_id", table_name="budget_line")
    op.drop_table("budget_line")
    op.drop_column("daily_report", "budget_line")
