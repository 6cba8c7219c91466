"""outbox rows may carry a file to upload (the daily summary chart); per-campaign anomaly settings

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns: a plain ADD COLUMN on both backends, no table rebuild.
    op.add_column("outbox", sa.Column("attachment", sa.LargeBinary(), nullable=True))
    op.add_column("outbox", sa.Column("attachment_name", sa.String(200), nullable=True))
    op.add_column("campaign", sa.Column("anomaly_settings", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("campaign", "anomaly_settings")
    op.drop_column("outbox", "attachment_name")
    op.drop_column("outbox", "attachment")
