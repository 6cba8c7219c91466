"""a campaign's language for what it says in its channel, its review and its PDF

Revision ID: 0013_campaign_language
Revises: 0012_user_language
Create Date: 2026-12-03

A locale code ('en', 'zh-CN', 'zh-TW'); NULL (every campaign created before this revision) follows the owner's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_campaign_language"
down_revision: str | None = "0012_user_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaign", sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("campaign", "language")
