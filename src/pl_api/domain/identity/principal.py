"""The authenticated caller, and what a user may do in which school."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Grants:
    """A user's permissions: those held trust-wide, and those held in particular schools."""

    trust_wide: frozenset[str] = frozenset()
    by_school: Mapping[UUID, frozenset[str]] = field(default_factory=dict)

    def holds(self, permission: str, school_id: UUID | None) -> bool:
        """Whether the user holds ``permission`` for a row of ``school_id`` (``None``: a row of no school)."""
        if permission in self.trust_wide:
            return True
        return school_id is not None and permission in self.by_school.get(school_id, frozenset())

    def anywhere(self, permission: str) -> bool:
        """Whether the user holds ``permission`` trust-wide or in at least one school."""
        return permission in self.trust_wide or any(permission in p for p in self.by_school.values())

    def schools_with(self, permission: str) -> frozenset[UUID] | None:
        """The schools where the user holds ``permission``; ``None`` when they hold it trust-wide."""
        if permission in self.trust_wide:
            return None
        return frozenset(school for school, perms in self.by_school.items() if permission in perms)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: which tenant it acts in, who it is, and what it may do.

    An integration client (``client_id``) carries scopes and sees the whole tenant; a user
    (``staff_id``) acts as a staff member, with the ``grants`` of that staff member's roles.
    """

    tenant_id: UUID
    client_id: UUID | None = None
    scopes: frozenset[str] = frozenset()
    staff_id: UUID | None = None
    grants: Grants | None = None

    @property
    def actor(self) -> str:
        """Who is acting, as the audit log and rate limits name them: ``client:<id>`` or ``staff:<id>``."""
        return f"client:{self.client_id}" if self.client_id else f"staff:{self.staff_id}"

    @property
    def is_user(self) -> bool:
        """Whether a staff member is calling (rather than an integration client)."""
        return self.staff_id is not None
