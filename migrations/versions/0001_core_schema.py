"""core schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 15:52:06.434700
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import pl_api.db.base
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
    )
    op.create_table(
        "api_clients",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key_prefix", sa.String(length=32), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "scopes", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("revoked_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_api_clients_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("key_prefix", name=op.f("uq_api_clients_key_prefix")),
    )
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_clients_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "frameworks",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_frameworks_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frameworks")),
    )
    with op.batch_alter_table("frameworks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_frameworks_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "schools",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("urn", sa.String(length=6), nullable=True),
        sa.Column("laestab", sa.String(length=7), nullable=True),
        sa.Column("phase", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_schools_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("tenant_id", "source", "external_id", name=op.f("uq_schools_tenant_id_source_external_id")),
        sa.UniqueConstraint("tenant_id", "urn", name=op.f("uq_schools_tenant_id_urn")),
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schools_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "staff",
        sa.Column("given_name", sa.String(length=200), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("trn", sa.String(length=7), nullable=True),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column(
            "trust_roles", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("source", sa.String(length=50), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_staff_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("tenant_id", "email", name=op.f("uq_staff_tenant_id_email")),
        sa.UniqueConstraint("tenant_id", "source", "external_id", name=op.f("uq_staff_tenant_id_source_external_id")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "framework_elements",
        sa.Column("framework_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["frameworks.id"],
            name=op.f("fk_framework_elements_framework_id_frameworks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["framework_elements.id"],
            name=op.f("fk_framework_elements_parent_id_framework_elements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_framework_elements_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_elements")),
        sa.UniqueConstraint("framework_id", "code", name=op.f("uq_framework_elements_framework_id_code")),
    )
    with op.batch_alter_table("framework_elements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_elements_framework_id"), ["framework_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_framework_elements_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_framework_elements_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "goals",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_goals_staff_id_staff"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_goals_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goals_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "priorities",
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("academic_year", sa.String(length=7), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column(
            "evidence_sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("owner_staff_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_staff_id"], ["staff.id"], name=op.f("fk_priorities_owner_staff_id_staff"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_priorities_school_id_schools"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_priorities_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priorities")),
    )
    with op.batch_alter_table("priorities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priorities_academic_year"), ["academic_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_priorities_owner_staff_id"), ["owner_staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_priorities_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_priorities_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "staff_memberships",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column(
            "roles", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_staff_memberships_school_id_schools"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_memberships_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_staff_memberships_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("staff_id", "school_id", name=op.f("pk_staff_memberships")),
    )
    with op.batch_alter_table("staff_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_memberships_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_memberships_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "teams",
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_teams_school_id_schools"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_teams_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("tenant_id", "source", "external_id", name=op.f("uq_teams_tenant_id_source_external_id")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teams_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "activities",
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("stream", sa.String(length=15), nullable=False),
        sa.Column("starts_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("leader_staff_id", sa.Uuid(), nullable=True),
        sa.Column(
            "mechanisms", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("cost_pence", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_staff_id"], ["staff.id"], name=op.f("fk_activities_leader_staff_id_staff"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_activities_school_id_schools"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_activities_team_id_teams"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_activities_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_leader_staff_id"), ["leader_staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_activities_tenant_starts_at", ["tenant_id", "starts_at"], unique=False)

    op.create_table(
        "goal_elements",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("element_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["element_id"],
            ["framework_elements.id"],
            name=op.f("fk_goal_elements_element_id_framework_elements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_elements_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_goal_elements_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("goal_id", "element_id", name=op.f("pk_goal_elements")),
    )
    with op.batch_alter_table("goal_elements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_elements_element_id"), ["element_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goal_elements_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "priority_elements",
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("element_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["element_id"],
            ["framework_elements.id"],
            name=op.f("fk_priority_elements_element_id_framework_elements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priorities.id"],
            name=op.f("fk_priority_elements_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_priority_elements_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("priority_id", "element_id", name=op.f("pk_priority_elements")),
    )
    with op.batch_alter_table("priority_elements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priority_elements_element_id"), ["element_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_priority_elements_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_team_members_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_members_team_id_teams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_team_members_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", "staff_id", name=op.f("pk_team_members")),
    )
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_members_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_team_members_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "activity_elements",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("element_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_elements_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["element_id"],
            ["framework_elements.id"],
            name=op.f("fk_activity_elements_element_id_framework_elements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_activity_elements_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("activity_id", "element_id", name=op.f("pk_activity_elements")),
    )
    with op.batch_alter_table("activity_elements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_elements_element_id"), ["element_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_elements_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "activity_priorities",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_priorities_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priorities.id"],
            name=op.f("fk_activity_priorities_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_activity_priorities_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("activity_id", "priority_id", name=op.f("pk_activity_priorities")),
    )
    with op.batch_alter_table("activity_priorities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_priorities_priority_id"), ["priority_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_priorities_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("reaction", sa.Integer(), nullable=False),
        sa.Column("learning", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=2000), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_feedback_activity_id_activities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_feedback_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_feedback_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("activity_id", "staff_id", name=op.f("uq_feedback_activity_id_staff_id")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "participations",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("minutes_credited", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_participations_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_participations_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_participations_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
        sa.UniqueConstraint("activity_id", "staff_id", name=op.f("uq_participations_activity_id_staff_id")),
    )
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participations_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participations_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participations_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "reflections",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("goal_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("written_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_reflections_activity_id_activities"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_reflections_goal_id_goals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_reflections_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_reflections_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
    )
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reflections_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reflections_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reflections_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reflections_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflections_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_staff_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_goal_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_activity_id"))

    op.drop_table("reflections")
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participations_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_participations_staff_id"))
        batch_op.drop_index(batch_op.f("ix_participations_activity_id"))

    op.drop_table("participations")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_staff_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_activity_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("activity_priorities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_priorities_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_activity_priorities_priority_id"))

    op.drop_table("activity_priorities")
    with op.batch_alter_table("activity_elements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_elements_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_activity_elements_element_id"))

    op.drop_table("activity_elements")
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_members_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_team_members_staff_id"))

    op.drop_table("team_members")
    with op.batch_alter_table("priority_elements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_elements_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_priority_elements_element_id"))

    op.drop_table("priority_elements")
    with op.batch_alter_table("goal_elements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_elements_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_goal_elements_element_id"))

    op.drop_table("goal_elements")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_tenant_starts_at")
        batch_op.drop_index(batch_op.f("ix_activities_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_activities_team_id"))
        batch_op.drop_index(batch_op.f("ix_activities_school_id"))
        batch_op.drop_index(batch_op.f("ix_activities_leader_staff_id"))
        batch_op.drop_index(batch_op.f("ix_activities_kind"))

    op.drop_table("activities")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_teams_school_id"))

    op.drop_table("teams")
    with op.batch_alter_table("staff_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_memberships_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_staff_memberships_school_id"))

    op.drop_table("staff_memberships")
    with op.batch_alter_table("priorities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priorities_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_priorities_school_id"))
        batch_op.drop_index(batch_op.f("ix_priorities_owner_staff_id"))
        batch_op.drop_index(batch_op.f("ix_priorities_academic_year"))

    op.drop_table("priorities")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_goals_staff_id"))

    op.drop_table("goals")
    with op.batch_alter_table("framework_elements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_elements_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_framework_elements_parent_id"))
        batch_op.drop_index(batch_op.f("ix_framework_elements_framework_id"))

    op.drop_table("framework_elements")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_tenant_id"))

    op.drop_table("staff")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_tenant_id"))

    op.drop_table("schools")
    with op.batch_alter_table("frameworks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frameworks_tenant_id"))

    op.drop_table("frameworks")
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_clients_tenant_id"))

    op.drop_table("api_clients")
    op.drop_table("tenants")
