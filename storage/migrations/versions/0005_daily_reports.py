"""daily reports: reporters, sources, reports and their revisions, the summary's next fire time

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)
_AMOUNT = sa.BigInteger()  # hundredths, storage.types.Amount


def _campaign_fk() -> sa.Column:
    return sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.add_column("campaign", sa.Column("next_summary_at", _INSTANT, nullable=True))
    op.create_index("ix_campaign_next_summary_at", "campaign", ["next_summary_at"])

    op.create_table(
        "campaign_reporter",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("tz", sa.String(64), nullable=True),
        sa.Column("next_prompt_at", _INSTANT, nullable=True),
        sa.UniqueConstraint("campaign_id", "user_id", name="uq_campaign_reporter"),
    )
    op.create_index("ix_campaign_reporter_campaign_id", "campaign_reporter", ["campaign_id"])
    op.create_index("ix_campaign_reporter_next_prompt_at", "campaign_reporter", ["next_prompt_at"])

    op.create_table(
        "report_source",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("campaign_id", "name", name="uq_report_source"),
    )
    op.create_index("ix_report_source_campaign_id", "report_source", ["campaign_id"])

    op.create_table(
        "daily_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_fk(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("reporter_id", sa.String(32), nullable=False),
        sa.Column("exposure", sa.BigInteger(), nullable=True),
        sa.Column("clicks", sa.BigInteger(), nullable=True),
        sa.Column("participants", sa.BigInteger(), nullable=True),
        sa.Column("conversions", sa.BigInteger(), nullable=True),
        sa.Column("new_members", sa.BigInteger(), nullable=True),
        sa.Column("sales", _AMOUNT, nullable=True),
        sa.Column("spend", _AMOUNT, nullable=True),
        sa.Column("feedback", sa.String(3000), server_default="", nullable=False),
        sa.Column("feedback_type", sa.String(20), nullable=True),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
        sa.UniqueConstraint("campaign_id", "day", "source", "reporter_id", name="uq_daily_report"),
    )
    op.create_index("ix_daily_report_campaign_day", "daily_report", ["campaign_id", "day"])

    op.create_table(
        "daily_report_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("daily_report.id", ondelete="CASCADE"), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(32), nullable=False),
        sa.Column("at", _INSTANT, nullable=False),
    )
    op.create_index("ix_daily_report_revision_report_id", "daily_report_revision", ["report_id"])


def downgrade() -> None:
    op.drop_table("daily_report_revision")
    op.drop_table("daily_report")
    op.drop_table("report_source")
    op.drop_table("campaign_reporter")
    op.drop_index("ix_campaign_next_summary_at", table_name="campaign")
    op.drop_column("campaign", "next_summary_at")
