"""calendar: terms per school, closures, planned series, calendar feeds

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 21:42:01.456826
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import pl_api.db.base
from sqlalchemy.dialects import postgresql

revision: str = '0011'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('closures',
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_closures_school_id_schools'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_closures_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closures'))
    )
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closures_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_closures_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_closures_tenant_starts_on', ['tenant_id', 'starts_on'], unique=False)

    op.create_table('activity_series',
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('term_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('stream', sa.String(length=15), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('leader_staff_id', sa.Uuid(), nullable=True),
    sa.Column('mechanisms', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('priority_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('element_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('participant_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('cost_pence', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('interval', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('week_of_month', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('timezone', sa.String(length=60), nullable=False),
    sa.Column('term_time_only', sa.Boolean(), nullable=False),
    sa.Column('skipped', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['leader_staff_id'], ['staff.id'], name=op.f('fk_activity_series_leader_staff_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_activity_series_school_id_schools'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_activity_series_team_id_teams'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_activity_series_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['terms.id'], name=op.f('fk_activity_series_term_id_terms'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_series'))
    )
    with op.batch_alter_table('activity_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_series_leader_staff_id'), ['leader_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_series_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_series_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_series_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_series_term_id'), ['term_id'], unique=False)

    op.create_table('calendar_feeds',
    sa.Column('staff_id', sa.Uuid(), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(staff_id IS NULL) <> (team_id IS NULL)', name=op.f('ck_calendar_feeds_one_owner')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_calendar_feeds_staff_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_calendar_feeds_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_calendar_feeds_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_staff_id'), ['staff_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_calendar_feeds_team_id'), ['team_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_calendar_feeds_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('series_date', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_activities_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_activities_series_id_activity_series'), 'activity_series', ['series_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('terms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_terms_school_id'), ['school_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_terms_school_id_schools'), 'schools', ['school_id'], ['id'], ondelete='RESTRICT')



def downgrade() -> None:
    with op.batch_alter_table('terms', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_terms_school_id_schools'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_terms_school_id'))
        batch_op.drop_column('school_id')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activities_series_id_activity_series'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_activities_series_id'))
        batch_op.drop_column('series_date')
        batch_op.drop_column('series_id')

    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_team_id'))
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_staff_id'))

    op.drop_table('calendar_feeds')
    with op.batch_alter_table('activity_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_series_term_id'))
        batch_op.drop_index(batch_op.f('ix_activity_series_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_activity_series_team_id'))
        batch_op.drop_index(batch_op.f('ix_activity_series_school_id'))
        batch_op.drop_index(batch_op.f('ix_activity_series_leader_staff_id'))

    op.drop_table('activity_series')
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.drop_index('ix_closures_tenant_starts_on')
        batch_op.drop_index(batch_op.f('ix_closures_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_closures_school_id'))

    op.drop_table('closures')
