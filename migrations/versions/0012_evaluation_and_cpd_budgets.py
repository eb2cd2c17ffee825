"""evaluation plans, follow-ups and cpd budgets

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:41:48.203239
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import pl_api.db.base
from sqlalchemy.dialects import postgresql

revision: str = '0012'
down_revision: str | Sequence[str] | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cpd_budgets',
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('academic_year', sa.String(length=7), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=True),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_cpd_budgets_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_cpd_budgets_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cpd_budgets')),
    sa.UniqueConstraint('school_id', 'academic_year', name=op.f('uq_cpd_budgets_school_id_academic_year'))
    )
    with op.batch_alter_table('cpd_budgets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cpd_budgets_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cpd_budgets_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('evaluation_plans',
    sa.Column('activity_id', sa.Uuid(), nullable=True),
    sa.Column('priority_id', sa.Uuid(), nullable=True),
    sa.Column('summary', sa.String(length=2000), nullable=True),
    sa.Column('measures', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_evaluation_plans_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['priority_id'], ['priorities.id'], name=op.f('fk_evaluation_plans_priority_id_priorities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_evaluation_plans_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_plans'))
    )
    with op.batch_alter_table('evaluation_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_plans_activity_id'), ['activity_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_evaluation_plans_priority_id'), ['priority_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_evaluation_plans_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('evaluation_follow_ups',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=30), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.String(length=2000), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['evaluation_plans.id'], name=op.f('fk_evaluation_follow_ups_plan_id_evaluation_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_evaluation_follow_ups_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_follow_ups'))
    )
    with op.batch_alter_table('evaluation_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_follow_ups_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_follow_ups_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evaluation_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_follow_ups_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_follow_ups_plan_id'))

    op.drop_table('evaluation_follow_ups')
    with op.batch_alter_table('evaluation_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_plans_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_plans_priority_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_plans_activity_id'))

    op.drop_table('evaluation_plans')
    with op.batch_alter_table('cpd_budgets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cpd_budgets_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_cpd_budgets_school_id'))

    op.drop_table('cpd_budgets')
