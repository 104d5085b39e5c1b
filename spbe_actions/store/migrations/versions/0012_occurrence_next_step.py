"""the sweep's next-step date: each occurrence says when its reminder step may next change

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 18:30:00

``occurrence.next_step_on`` (NULL: not yet looked at) with an index for the sweep's two reads, and triggers
that reset it to NULL whenever what decides the steps changes under any writer (the lifecycle, the schedule,
the spreadsheet, SQL by hand): ``status`` or ``due`` updated, or a "seen" event added. And an index on the
outbox by person and kind for the update by which a new digest supersedes the person's older ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE = [
    """CREATE TRIGGER occurrence_next_step_reset AFTER UPDATE OF status, due ON occurrence
    FOR EACH ROW WHEN NEW.next_step_on IS NOT NULL AND (NEW.status IS NOT OLD.status OR NEW.due IS NOT OLD.due)
    BEGIN UPDATE occurrence SET next_step_on = NULL WHERE id = NEW.id; END""",
    """CREATE TRIGGER occurrence_seen_next_step_reset AFTER INSERT ON occurrence_event
    FOR EACH ROW WHEN NEW.event = 'seen'
    BEGIN UPDATE occurrence SET next_step_on = NULL WHERE id = NEW.occurrence_id AND next_step_on IS NOT NULL;
    END""",
]
POSTGRESQL = [
    """CREATE FUNCTION occurrence_next_step_reset() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.next_step_on := NULL; RETURN NEW; END $$""",
    """CREATE TRIGGER occurrence_next_step_reset BEFORE UPDATE OF status, due ON occurrence
    FOR EACH ROW WHEN (NEW.next_step_on IS NOT NULL
        AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.due IS DISTINCT FROM OLD.due))
    EXECUTE FUNCTION occurrence_next_step_reset()""",
    """CREATE FUNCTION occurrence_seen_next_step_reset() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE occurrence SET next_step_on = NULL WHERE id = NEW.occurrence_id AND next_step_on IS NOT NULL;
    RETURN NULL; END $$""",
    """CREATE TRIGGER occurrence_seen_next_step_reset AFTER INSERT ON occurrence_event
    FOR EACH ROW WHEN (NEW.event = 'seen') EXECUTE FUNCTION occurrence_seen_next_step_reset()""",
]


def upgrade() -> None:
    with op.batch_alter_table("occurrence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_step_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_occurrence_next_step", ["status", "next_step_on", "due"], unique=False)
    # a new digest supersedes the same person's waiting digests of its kind: without this index that update
    # walked every queued message once per new digest (quadratic in the first day's queue)
    op.create_index("ix_outbox_person_kind", "outbox", ["person_id", "kind"], unique=False)
    for sql in POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(sql)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for name, on in (
        ("occurrence_seen_next_step_reset", "occurrence_event"),
        ("occurrence_next_step_reset", "occurrence"),
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {on}" if pg else ""))
        if pg:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index("ix_outbox_person_kind", table_name="outbox")
    with op.batch_alter_table("occurrence", schema=None) as batch_op:
        batch_op.drop_index("ix_occurrence_next_step")
        batch_op.drop_column("next_step_on")
