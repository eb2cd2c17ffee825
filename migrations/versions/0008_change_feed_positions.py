"""a feed position per event, in commit order

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_positions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("last_position", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_event_positions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_event_positions")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.BigInteger(), nullable=True))
    # Events written before this revision take positions in id order (their commit order is not known).
    op.execute(
        "UPDATE events SET position = (SELECT count(*) FROM events AS earlier "
        "WHERE earlier.tenant_id = events.tenant_id AND earlier.id <= events.id)"
    )
    op.execute(
        "INSERT INTO event_positions (tenant_id, last_position) "
        "SELECT tenant_id, max(position) FROM events GROUP BY tenant_id"
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("position", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_events_tenant_id_position"), ["tenant_id", "position"])


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_events_tenant_id_position"), type_="unique")
        batch_op.drop_column("position")

    op.drop_table("event_positions")
