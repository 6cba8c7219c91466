"""incidents, their events, the campaign's emergency plan

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("description", sa.String(2000), nullable=False),
        sa.Column("reporter_id", sa.String(32), nullable=False),
        sa.Column("responder_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.Column("updated_at", _INSTANT, nullable=False),
        sa.Column("acknowledged_by", sa.String(32), nullable=True),
        sa.Column("acknowledged_at", _INSTANT, nullable=True),
        sa.Column("resolved_by", sa.String(32), nullable=True),
        sa.Column("resolved_at", _INSTANT, nullable=True),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("stepped_at", _INSTANT, nullable=False),
        sa.Column("reminded_at", _INSTANT, nullable=True),
        sa.Column("next_step_at", _INSTANT, nullable=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=True),
        sa.Column("message_channel", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
    )
    op.create_index("ix_incident_campaign", "incident", ["campaign_id", "status"])
    op.create_index("ix_incident_dedupe", "incident", ["campaign_id", "dedupe_key"])
    op.create_index("ix_incident_next_step_at", "incident", ["next_step_at"])

    op.create_table(
        "incident_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("actor_id", sa.String(32), nullable=True),
        sa.Column("at", _INSTANT, nullable=False),
        sa.Column("detail", sa.String(500), nullable=True),
    )
    op.create_index("ix_incident_event_incident_id", "incident_event", ["incident_id"])

    op.add_column("campaign", sa.Column("emergency_plan", sa.Text(), nullable=True))


def downgrade() -> None:
    # Not a batch copy: on SQLite that would rebuild `campaign` without its expression index on lower(name).
    # SQLite 3.35+ and PostgreSQL both drop a plain column in place.
    op.drop_column("campaign", "emergency_plan")
    op.drop_table("incident_event")
    op.drop_table("incident")
