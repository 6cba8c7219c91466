"""a plan per source: its share of the targets and its budget

Revision ID: 0018_source_plan
Revises: 0017_targets
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_source_plan"
down_revision: str | None = "0017_targets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Hundredths in a BIGINT, like every amount (storage.types.Amount); NULL: no plan, as for existing sources.
    with op.batch_alter_table("report_source") as batch:
        batch.add_column(sa.Column("share_pct", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("budget", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_source") as batch:
        batch.drop_column("budget")
        batch.drop_column("share_pct")
