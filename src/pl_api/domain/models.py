"""Every core table, imported so that ``Base.metadata`` is complete for migrations and tests."""

from __future__ import annotations

from pl_api.db.base import Base
from pl_api.domain.schools.models import School
from pl_api.domain.tenants.models import ApiClient, Tenant

__all__ = ["ApiClient", "Base", "School", "Tenant"]
