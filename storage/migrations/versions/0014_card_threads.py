"""outbox rows that edit a card or go in its thread

Revision ID: 0014_card_threads
Revises: 0013_campaign_language
Create Date: 2026-12-03

`anchor_key` names the outbox row of the card a message belongs to (its ts is learnt when that card is delivered);
`thread_ts` keeps the ts the message was threaded under, or the card it edited.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_card_threads"
down_revision: str | None = "0013_campaign_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("anchor_key", sa.String(200), nullable=True))
    op.add_column("outbox", sa.Column("thread_ts", sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column("outbox", "thread_ts")
    op.drop_column("outbox", "anchor_key")
