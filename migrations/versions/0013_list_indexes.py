"""indexes that lead with the tenant: keyset pages in id order, and rows by staff member or activity

Every tenant-owned table has an index on ``tenant_id`` alone, which a query planner without statistics (SQLite's,
by default) may choose for ``tenant_id = ? AND staff_id = ?`` and then read every row of the tenant. These indexes
on both columns are the better choice for it, and serve PostgreSQL (and Citus, distributed by tenant) as well.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_tenant_id_id', ['tenant_id', 'id'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_tenant_id_id', ['tenant_id', 'id'], unique=False)

    with op.batch_alter_table('participations', schema=None) as batch_op:
        batch_op.create_index('ix_participations_tenant_id_staff_id', ['tenant_id', 'staff_id'], unique=False)
        batch_op.create_index('ix_participations_tenant_id_activity_id', ['tenant_id', 'activity_id'], unique=False)

    with op.batch_alter_table('staff_memberships', schema=None) as batch_op:
        batch_op.create_index('ix_staff_memberships_tenant_id_staff_id', ['tenant_id', 'staff_id'], unique=False)

    with op.batch_alter_table('activity_priorities', schema=None) as batch_op:
        batch_op.create_index('ix_activity_priorities_tenant_id_activity_id', ['tenant_id', 'activity_id'], unique=False)

    with op.batch_alter_table('activity_elements', schema=None) as batch_op:
        batch_op.create_index('ix_activity_elements_tenant_id_activity_id', ['tenant_id', 'activity_id'], unique=False)

    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.create_index('ix_team_members_tenant_id_staff_id', ['tenant_id', 'staff_id'], unique=False)
        batch_op.create_index('ix_team_members_tenant_id_team_id', ['tenant_id', 'team_id'], unique=False)

    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index('ix_goals_tenant_id_staff_id', ['tenant_id', 'staff_id'], unique=False)

    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.create_index('ix_reflections_tenant_id_staff_id', ['tenant_id', 'staff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_index('ix_reflections_tenant_id_staff_id')

    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index('ix_goals_tenant_id_staff_id')

    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.drop_index('ix_team_members_tenant_id_team_id')
        batch_op.drop_index('ix_team_members_tenant_id_staff_id')

    with op.batch_alter_table('activity_elements', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_elements_tenant_id_activity_id')

    with op.batch_alter_table('activity_priorities', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_priorities_tenant_id_activity_id')

    with op.batch_alter_table('staff_memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_memberships_tenant_id_staff_id')

    with op.batch_alter_table('participations', schema=None) as batch_op:
        batch_op.drop_index('ix_participations_tenant_id_activity_id')
        batch_op.drop_index('ix_participations_tenant_id_staff_id')

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_tenant_id_id')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_tenant_id_id')
