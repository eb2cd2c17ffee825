"""Who sees and changes what in coaching: the plugin's privacy rules, in one place.

- A relationship is seen by its coach and coachee, and by ``coaching.manage`` holders in its school
  (who set relationships up); integration clients see every relationship.
- Its notes (drop-ins, meetings and step assignments) are the coach's and the coachee's. Others read
  them only when the coachee shared them (``notes_shared``): ``coaching.shared`` holders in the school,
  and integration clients (which act for the school's leadership). Anyone else gets 404, exactly as
  for a row that does not exist.
- Drop-ins, meetings and steps are written by the relationship's coach (or a client).
- The sharing choices are the coachee's alone.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ColumnElement, or_, true

from pl_api.plugin import Forbidden, NotFound, TenantScope
from pl_api_coaching.models import CoachingRelationship

NOTE_READERS = "coaching.shared"
MANAGERS = "coaching.manage"


def _user(db: TenantScope) -> tuple[UUID, frozenset[UUID] | None, frozenset[UUID] | None] | None:
    """For a user: their staff id, and the schools where they manage and read shared notes (None: all)."""
    principal = db.principal
    if principal is None or principal.grants is None or principal.staff_id is None:
        return None
    grants = principal.grants
    return principal.staff_id, grants.schools_with(MANAGERS), grants.schools_with(NOTE_READERS)


def visible_relationships(db: TenantScope) -> ColumnElement[bool]:
    """The relationships the caller may see."""
    user = _user(db)
    if user is None:
        return true()
    staff_id, managed, _ = user
    rel = CoachingRelationship
    in_managed = true() if managed is None else rel.school_id.in_(managed)
    return or_(rel.coach_staff_id == staff_id, rel.coachee_staff_id == staff_id, in_managed)


async def relationship(db: TenantScope, relationship_id: UUID) -> CoachingRelationship:
    """A relationship the caller may see, or 404."""
    found = await db.session.scalar(
        db.select(CoachingRelationship).where(CoachingRelationship.id == relationship_id, visible_relationships(db))
    )
    if found is None:
        raise NotFound(f"no coaching relationship with id {relationship_id}")
    return found


def is_party(db: TenantScope, rel: CoachingRelationship) -> bool:
    """Whether the caller is the relationship's coach or coachee."""
    principal = db.principal
    return principal is not None and principal.staff_id in (rel.coach_staff_id, rel.coachee_staff_id)


def may_read_notes(db: TenantScope, rel: CoachingRelationship) -> bool:
    """Coach and coachee always; leaders and clients only when the coachee shared the notes."""
    if is_party(db, rel):
        return True
    if not rel.notes_shared:
        return False
    user = _user(db)
    if user is None:
        return True
    readers = user[2]
    return readers is None or rel.school_id in readers


async def notes_of(db: TenantScope, relationship_id: UUID) -> CoachingRelationship:
    """A relationship whose notes the caller may read; otherwise 404 (they are not the caller's to know of)."""
    rel = await relationship(db, relationship_id)
    if not may_read_notes(db, rel):
        raise NotFound(
            f"no coaching notes of relationship {relationship_id} for you: notes are the coach's and the "
            "coachee's, and others read them only when the coachee shares them"
        )
    return rel


def ensure_coach(db: TenantScope, rel: CoachingRelationship) -> None:
    """Only the relationship's coach (or an integration client) records drop-ins, meetings and steps."""
    principal = db.principal
    if principal is not None and principal.grants is not None and principal.staff_id != rel.coach_staff_id:
        raise Forbidden("only the coach of this relationship records its drop-ins, meetings and steps")


def ensure_coach_or_manager(db: TenantScope, rel: CoachingRelationship) -> None:
    """The coach, or a ``coaching.manage`` holder in the relationship's school (403 otherwise)."""
    principal = db.principal
    if principal is None or principal.grants is None or principal.staff_id == rel.coach_staff_id:
        return
    if not principal.grants.holds(MANAGERS, rel.school_id):
        raise Forbidden(f"only the coach, or a holder of {MANAGERS} at school {rel.school_id}, may do this")


def ensure_coachee(db: TenantScope, rel: CoachingRelationship) -> None:
    """Only the coachee decides what of their coaching is shared; nobody acts for them."""
    principal = db.principal
    if principal is None or principal.staff_id != rel.coachee_staff_id:
        raise Forbidden("only the coachee decides what of their coaching is shared")
