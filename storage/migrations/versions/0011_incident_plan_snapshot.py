"""an incident keeps the emergency plan it was opened under

Revision ID: 0011_incident_plan_snapshot
Revises: 0010
Create Date: 2026-12-03

Incidents open before this revision get their campaign's plan as it is now: the nearest thing to the plan they
were opened under, and from here on editing the plan no longer moves their ladder.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_incident_plan_snapshot"
down_revision: str | None = "0010"  # 0010_review.py
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("incident", sa.Column("emergency_plan", sa.Text(), nullable=False, server_default="{}"))
    op.execute(
        "UPDATE incident SET emergency_plan = COALESCE((SELECT campaign.emergency_plan FROM campaign "
        "WHERE campaign.id = incident.campaign_id), '{}')"
    )


def downgrade() -> None:
    op.drop_column("incident", "emergency_plan")
