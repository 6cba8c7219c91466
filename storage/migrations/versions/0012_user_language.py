"""a person's own language (`/campaign language`)

Revision ID: 0012_user_language
Revises: 0011_incident_plan_snapshot
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_user_language"
down_revision: str | None = "0011_incident_plan_snapshot"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_language",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_user_language_user_id", "user_language", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_user_language_user_id", table_name="user_language")
    op.drop_table("user_language")
