"""indexes for the lists: keyset pages of a tenant's activities and staff in id order

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-01 22:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_tenant_id_id', ['tenant_id', 'id'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_tenant_id_id', ['tenant_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_tenant_id_id')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_tenant_id_id')
