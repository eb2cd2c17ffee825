"""``reports:names`` is a scope a client gets only by name; ``reports`` has no write scope."""

from __future__ import annotations

import pytest

from pl_api.domain.tenants.scopes import known_scopes, validate_scopes, within


def test_reports_names_is_given_only_by_name() -> None:
    assert "reports:names" in known_scopes()
    assert validate_scopes(["reports:names", "reports:read"]) == ["reports:names", "reports:read"]
    assert not within("reports:names", ["*"])
    assert not within("reports:names", ["reports:read"])
    assert within("reports:names", ["reports:names"])
    assert within("reports:read", ["*"])


def test_reports_are_read_only() -> None:
    with pytest.raises(ValueError, match="reports:write"):
        validate_scopes(["reports:write"])
