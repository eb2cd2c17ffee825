"""plugins switched off per school

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 16:55:35.671712
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import pl_api.db.base


revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "school_plugins",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=31), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", pl_api.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_school_plugins_school_id_schools"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_school_plugins_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("school_id", "slug", name=op.f("pk_school_plugins")),
    )
    with op.batch_alter_table("school_plugins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_plugins_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("school_plugins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_plugins_tenant_id"))

    op.drop_table("school_plugins")
