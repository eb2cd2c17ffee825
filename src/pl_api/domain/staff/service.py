"""Rules for staff that hold however they are written: memberships, email case, leaving."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.schools.models import School
from pl_api.domain.staff import models, schemas
from pl_api.http.problems import Unprocessable, field_problem

DUPLICATE = "a staff member with this email or (source, external_id) already exists in your tenant"


async def build_memberships(db: TenantScope, memberships: list[schemas.MembershipIn]) -> list[models.StaffMembership]:
    """Membership rows for a staff member; each school once, and in the tenant."""
    school_ids = [m.school_id for m in memberships]
    if len(set(school_ids)) != len(school_ids):
        raise field_problem(Unprocessable, "memberships", "lists the same school more than once")
    await db.require_all(School, school_ids, "memberships")
    return [
        models.StaffMembership(tenant_id=db.tenant_id, school_id=m.school_id, roles=sorted(set(m.roles)))
        for m in memberships
    ]


def normalise(changes: dict[str, Any]) -> dict[str, Any]:
    """Lower-case the email, de-duplicate roles, and date a departure that has no date."""
    if isinstance(changes.get("email"), str):
        changes["email"] = changes["email"].lower()
    if isinstance(changes.get("trust_roles"), list):
        changes["trust_roles"] = sorted(set(changes["trust_roles"]))
    if changes.get("status") == "left" and changes.get("left_on") is None:
        changes["left_on"] = datetime.now(UTC).date()
    return changes
