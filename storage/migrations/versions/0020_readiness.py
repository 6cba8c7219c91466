"""readiness: the checklist (准备清单), and milestones with an owner and an outcome (hit / missed)

Revision ID: 0020_readiness
Revises: 0019_adjustments
Create Date: 2026-12-03

Existing campaigns get their handbook items when their checklist is first looked at (bot.readiness.service.checklist
`ensure_seeded`), so this migration holds no copy of the handbook.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_readiness"
down_revision: str | None = "0019_adjustments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(40), nullable=True),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("owner_id", sa.String(32), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_at", _INSTANT, nullable=True),
        sa.Column("done_by", sa.String(32), nullable=True),
        sa.Column("next_reminder_at", _INSTANT, nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", _INSTANT, nullable=False),
        sa.UniqueConstraint("campaign_id", "key", name="uq_checklist_item_key"),
    )
    op.create_index("ix_checklist_item_campaign", "checklist_item", ["campaign_id"])
    op.create_index("ix_checklist_item_next_reminder_at", "checklist_item", ["next_reminder_at"])
    op.add_column("milestone", sa.Column("owner_id", sa.String(32), nullable=True))
    op.add_column("milestone", sa.Column("state", sa.String(10), nullable=False, server_default="open"))
    op.add_column("milestone", sa.Column("done_at", _INSTANT, nullable=True))
    op.add_column("milestone", sa.Column("done_by", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("milestone") as batch:
        batch.drop_column("done_by")
        batch.drop_column("done_at")
        batch.drop_column("state")
        batch.drop_column("owner_id")
    op.drop_index("ix_checklist_item_next_reminder_at", table_name="checklist_item")
    op.drop_index("ix_checklist_item_campaign", table_name="checklist_item")
    op.drop_table("checklist_item")
