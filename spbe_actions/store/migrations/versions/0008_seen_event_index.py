"""index on the audit trail by event kind: the sweep reads the "seen" events without walking open work

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 02:25:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_occurrence_event_kind", "occurrence_event", ["event", "occurrence_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_occurrence_event_kind", table_name="occurrence_event")
