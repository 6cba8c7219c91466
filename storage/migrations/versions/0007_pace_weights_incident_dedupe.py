"""per-campaign phase weights for the expected pace; one unresolved incident per automatic check

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_OPEN_DEDUPE = sa.text("dedupe_key IS NOT NULL AND status != 'resolved'")


def upgrade() -> None:
    op.add_column("campaign", sa.Column("pace_weights", sa.Text(), nullable=True))
    op.create_index("uq_incident_open_dedupe", "incident", ["campaign_id", "dedupe_key"], unique=True,
                    sqlite_where=_OPEN_DEDUPE, postgresql_where=_OPEN_DEDUPE)


def downgrade() -> None:
    op.drop_index("uq_incident_open_dedupe", table_name="incident")
    op.drop_column("campaign", "pace_weights")
