"""Turning a bearer credential into a ``Principal`` (API keys, pl-api's own tokens, providers' tokens),
and managing what makes them: tokens for staff, a tenant's identity providers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.config import AuthSettings
from pl_api.db.row_security import bind_tenant
from pl_api.domain.identity.models import IdentityProvider
from pl_api.domain.identity.principal import Grants, Principal
from pl_api.domain.identity.roles import RolePermissions
from pl_api.domain.identity.tokens import (
    CLIENT_SUBJECT,
    STAFF_SUBJECT,
    InvalidToken,
    IssuedToken,
    ProviderKeys,
    issue_token,
    unverified_issuer,
    verify_own_token,
    verify_provider_token,
)
from pl_api.domain.staff.models import Staff
from pl_api.domain.tenants.keys import KEY_SCHEME
from pl_api.domain.tenants.models import ApiClient, Tenant
from pl_api.domain.tenants.scopes import within
from pl_api.domain.tenants.service import find_client_by_key


async def authenticate(
    session: AsyncSession, credential: str, settings: AuthSettings, keys: ProviderKeys, roles: RolePermissions
) -> Principal:
    """The caller a bearer credential proves; ``InvalidToken`` saying why when it proves nobody."""
    if credential.startswith(f"{KEY_SCHEME}_"):
        client = await find_client_by_key(session, credential)
        if client is None:
            raise InvalidToken("the API key is not valid; ask your administrator for a new one")
        return Principal(tenant_id=client.tenant_id, client_id=client.id, scopes=frozenset(client.scopes))
    issuer = unverified_issuer(credential)
    if issuer == settings.issuer:
        return await _own_token(session, credential, settings, roles)
    return await _provider_token(session, credential, issuer, settings, keys, roles)


async def _own_token(session: AsyncSession, token: str, settings: AuthSettings, roles: RolePermissions) -> Principal:
    claims = verify_own_token(settings, token)
    tenant_id = _uuid(claims.get("tid"), "tid")
    subject = str(claims["sub"])
    if subject.startswith(CLIENT_SUBJECT):
        client = await session.get(ApiClient, _uuid(subject.removeprefix(CLIENT_SUBJECT), "sub"))
        if client is None or client.revoked_at is not None or client.tenant_id != tenant_id:
            raise InvalidToken("the client this token was issued to no longer exists or was revoked")
        still_granted = [s for s in str(claims.get("scope", "")).split() if within(s, client.scopes)]
        return Principal(tenant_id=tenant_id, client_id=client.id, scopes=frozenset(still_granted))
    if subject.startswith(STAFF_SUBJECT):
        staff_id = _uuid(subject.removeprefix(STAFF_SUBJECT), "sub")
        await bind_tenant(session, tenant_id)
        staff = await session.scalar(select(Staff).where(Staff.tenant_id == tenant_id, Staff.id == staff_id))
        return await _user(session, staff, roles)
    raise InvalidToken("the token's subject names neither a staff member nor a client")


async def _provider_token(
    session: AsyncSession, token: str, issuer: str, settings: AuthSettings, keys: ProviderKeys, roles: RolePermissions
) -> Principal:
    providers = list(await session.scalars(select(IdentityProvider).where(IdentityProvider.issuer == issuer)))
    if not providers:
        raise InvalidToken(f"tokens of the issuer {issuer} are not accepted here")
    key = await keys.key_for(token, issuer, providers[0].jwks_uri)
    failure: InvalidToken | None = None
    for provider in providers:  # one issuer (e.g. Google) may serve several tenants, told apart by audience
        try:
            claims = verify_provider_token(settings, token, key, issuer, provider.audience)
        except InvalidToken as exc:
            failure = exc
            continue
        return await _user(session, await _staff_of(session, provider, claims), roles)
    assert failure is not None
    raise failure


async def _staff_of(session: AsyncSession, provider: IdentityProvider, claims: dict[str, Any]) -> Staff | None:
    value = claims.get(provider.staff_claim)
    if not isinstance(value, str) or not value:
        raise InvalidToken(f"the token carries no {provider.staff_claim} claim to name a staff member")
    await bind_tenant(session, provider.tenant_id)
    column = Staff.sso_subject if provider.staff_claim == "sub" else Staff.email
    wanted = value if provider.staff_claim == "sub" else value.lower()
    return await session.scalar(select(Staff).where(Staff.tenant_id == provider.tenant_id, column == wanted))


async def principal_of(session: AsyncSession, staff: Staff, roles: RolePermissions) -> Principal:
    """The caller an active staff member is, with the grants of their roles (``InvalidToken`` if they left or
    were erased): for reading on their behalf without a request of theirs, as their calendar feed does."""
    return await _user(session, staff, roles)


async def _user(session: AsyncSession, staff: Staff | None, roles: RolePermissions) -> Principal:
    if staff is None:
        raise InvalidToken("the token names no staff member of this trust or school")
    if staff.status == "erased":
        raise InvalidToken("the staff member this token names was erased")
    if staff.status != "active":
        raise InvalidToken("the staff member this token names has left")
    kind = await session.scalar(select(Tenant.kind).where(Tenant.id == staff.tenant_id))
    by_school = {m.school_id: roles.of(m.roles) for m in staff.memberships}
    trust_wide = roles.of(staff.trust_roles)
    if kind == "school":  # a standalone school: its roles reach everything the tenant holds
        trust_wide = trust_wide.union(*by_school.values())
    return Principal(
        tenant_id=staff.tenant_id, staff_id=staff.id, grants=Grants(trust_wide=trust_wide, by_school=by_school)
    )


def _uuid(value: Any, claim: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError as exc:
        raise InvalidToken(f"the token's {claim} claim is not an id") from exc


async def issue_staff_token(
    session: AsyncSession, settings: AuthSettings, staff_id: UUID, minutes: int | None = None
) -> IssuedToken:
    """A token pl-api signs for an active staff member, for development and the embedded default."""
    staff = await session.get(Staff, staff_id)
    if staff is None:
        raise LookupError(f"no staff member with id {staff_id}")
    if staff.status != "active":
        raise LookupError(f"staff member {staff_id} has {'been erased' if staff.status == 'erased' else 'left'}")
    return issue_token(settings, staff.tenant_id, f"{STAFF_SUBJECT}{staff.id}", minutes or settings.user_token_minutes)


async def add_identity_provider(
    session: AsyncSession, tenant_id: UUID, issuer: str, audience: str, jwks_uri: str | None, staff_claim: str
) -> IdentityProvider:
    """Trust an OIDC issuer to sign in a tenant's staff, and commit."""
    if await session.get(Tenant, tenant_id) is None:
        raise LookupError(f"no tenant with id {tenant_id}")
    for name, value in (("issuer", issuer), ("jwks_uri", jwks_uri)):
        if value is not None and not value.startswith(("https://", "http://localhost", "http://127.0.0.1")):
            raise ValueError(f"{name} must be an https URL")
    provider = IdentityProvider(
        tenant_id=tenant_id, issuer=issuer, audience=audience, jwks_uri=jwks_uri, staff_claim=staff_claim
    )
    session.add(provider)
    try:
        await session.commit()
    except IntegrityError as exc:
        raise ValueError(f"the issuer {issuer} with audience {audience} is already trusted") from exc
    return provider


async def identity_providers(session: AsyncSession, tenant_id: UUID | None = None) -> list[IdentityProvider]:
    """The identity providers trusted, of one tenant or all."""
    stmt = select(IdentityProvider).order_by(IdentityProvider.id)
    if tenant_id is not None:
        stmt = stmt.where(IdentityProvider.tenant_id == tenant_id)
    return list(await session.scalars(stmt))


async def remove_identity_provider(session: AsyncSession, provider_id: UUID) -> None:
    """Stop trusting an identity provider, and commit."""
    provider = await session.get(IdentityProvider, provider_id)
    if provider is None:
        raise LookupError(f"no identity provider with id {provider_id}")
    await session.delete(provider)
    await session.commit()
