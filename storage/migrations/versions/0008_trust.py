"""requests acted on once (event ids, modal submissions); the audit log

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "request_claim",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("at", _INSTANT, nullable=False),
    )
    op.create_index("ix_request_claim_at", "request_claim", ["at"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=True),
        sa.Column("actor_id", sa.String(32), nullable=True),
        sa.Column("at", _INSTANT, nullable=False),
        sa.Column("object_type", sa.String(20), nullable=False),
        sa.Column("object_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
    )
    op.create_index("ix_audit_campaign", "audit_entry", ["campaign_id", "id"])
    op.create_index("ix_audit_team", "audit_entry", ["team_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_team", table_name="audit_entry")
    op.drop_index("ix_audit_campaign", table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index("ix_request_claim_at", table_name="request_claim")
    op.drop_table("request_claim")
