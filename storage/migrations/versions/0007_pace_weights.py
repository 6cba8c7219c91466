"""per-campaign phase weights for the expected pace

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


def upgrade() -> None:
    op.add_column("campaign", sa.Column("pace_weights", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("campaign", "pace_weights")
