"""Audit log schemas."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from pl_api.http.pagination import Page


class AuditEntry(msgspec.Struct):
    """One action on one object: who took it, when, and, for an update, which fields changed (never
    their values)."""

    id: UUID
    occurred_at: datetime
    actor: str
    """`client:<id>` (an API client), `staff:<id>` (a user), or `system` / `system:<task>` (the CLI, a task)."""
    action: str
    """`created`, `updated` or `deleted`, or an action recorded on purpose such as `exported`."""
    subject_type: str
    """The kind of object: a resource (`staff`, `activity`) or a table of links (`team_members`)."""
    subject_id: str
    """The object's id; for a link, the ids it joins separated by `/` (`<team_id>/<staff_id>`)."""
    changed_fields: list[str]
    """For `updated`: the names of the fields that changed."""


class AuditEntryPage(Page[AuditEntry]):
    """A page of audit entries."""
