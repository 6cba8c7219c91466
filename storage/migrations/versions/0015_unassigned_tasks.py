"""a task may have no owner yet (imported unassigned)

Revision ID: 0015_unassigned_tasks
Revises: 0014_card_threads
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_unassigned_tasks"
down_revision: str | None = "0014_card_threads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch mode: SQLite alters a column by copying the table.
    with op.batch_alter_table("task") as batch:
        batch.alter_column("owner_id", existing_type=sa.String(32), nullable=True)


def downgrade() -> None:
    # An unassigned task goes to its campaign's owner: a NOT NULL column needs someone.
    op.execute("UPDATE task SET owner_id = (SELECT campaign.owner_id FROM campaign "
               "WHERE campaign.id = task.campaign_id) WHERE owner_id IS NULL")
    with op.batch_alter_table("task") as batch:
        batch.alter_column("owner_id", existing_type=sa.String(32), nullable=False)
