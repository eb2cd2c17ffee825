"""A tenant's identity providers: the issuers whose tokens sign in its staff."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class IdentityProvider(TenantEntity):
    """An OpenID Connect issuer (e.g. Microsoft Entra, Google Workspace) trusted to sign in a tenant's staff.

    A token is accepted when its ``iss`` and ``aud`` match a provider and it is signed by a key of the
    provider's JWKS; ``staff_claim`` names the claim that says which staff member it is.
    """

    __tablename__ = "identity_providers"
    __table_args__ = (UniqueConstraint("issuer", "audience"),)

    issuer: Mapped[str] = mapped_column(String(500))
    audience: Mapped[str] = mapped_column(String(500))
    jwks_uri: Mapped[str | None] = mapped_column(String(1000))
    """Where the signing keys are; when empty, found by OIDC discovery from the issuer."""
    staff_claim: Mapped[str] = mapped_column(String(100), default="email")
    """``email`` (or another claim holding the work email, e.g. ``preferred_username``), or ``sub``."""
