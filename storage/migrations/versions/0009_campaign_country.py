"""campaign country for public holidays (NULL follows the time zone, '' is none)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaign", sa.Column("country", sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column("campaign", "country")
