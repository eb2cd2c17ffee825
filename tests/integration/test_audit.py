"""The audit log: every change the API makes is on record (who, what, when, which object) in the same
transaction, with the names of changed fields and nothing of what they hold; trust admins and clients
with ``audit:read`` list it, and nobody changes it.

The first test reads the mutating operations from the OpenAPI document, so a new operation is covered
the moment it exists (and fails here until it is given a body and leaves an entry).
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import Uuid, bindparam, select, text

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.db.tenant_scope import ACTOR, TenantScope
from pl_api.domain.audit.models import AuditEntry, record_audit
from pl_api.domain.events.models import EventRecord
from pl_api.domain.tenants.models import ApiClient
from pl_api.domain.tenants.service import create_client
from pl_api.domain.webhooks.models import WebhookDelivery
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TEST_AUTH
from tests.conftest import TenantClient, empty_database, new_tenant_client
from tests.integration.test_cross_tenant import _populate, body_for

NOW = "2026-10-01T16:00:00Z"
REFLECTION = "I froze when the deputy head walked in to observe my Year 9 lesson"
GIVEN, FAMILY, EMAIL = "Ngozi", "Adebayo-Whitfield", "ngozi.adebayo-whitfield@willow.example"
SAMPLE = PluginsSettings(enabled=["sample"])


# --- every mutating operation of the OpenAPI document ------------------------------------------------


@pytest.fixture(scope="module")
def sample_settings(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A database migrated with the sample plugin, so plugin routes and tables are covered too."""
    pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")
    with empty_database(database_kind, tmp_path_factory.mktemp("audit")) as url:
        settings = Settings(database=DatabaseSettings(url=url), plugins=SAMPLE, auth=TEST_AUTH)
        migrate.upgrade(settings.database, plugins=PluginHost.load(SAMPLE, environ={}))
        yield settings


@pytest.fixture(scope="module")
async def sample_app(sample_settings: Settings) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    app = create_app(sample_settings, PluginHost.load(SAMPLE, environ={}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield app, client
    await app.state.engine.dispose()
    if app.state.reads is not None:
        await app.state.reads.close()


IRREVERSIBLE = {"EraseStaff"}
"""Operations after which their object takes no more changes: done last."""
AFTER_THE_CREATES = {"SyncMemberships"}
"""Operations that name objects other creates make (a membership names a synced team and staff member)."""


def mutating_operations(app: Litestar) -> list[tuple[str, str, str, bool]]:
    """Every ``/v1`` POST, PUT, PATCH and DELETE as (operation id, method, path template, has a body), in
    an order that works: creates, then writes under an id, then updates, then deletes (innermost first)."""
    found = []
    for template, item in app.openapi_schema.to_schema()["paths"].items():
        if not template.startswith("/v1/"):
            continue
        for method in ("post", "put", "patch", "delete"):
            if method in item:
                found.append((item[method]["operationId"], method, template, "requestBody" in item[method]))

    def order(operation: tuple[str, str, str, bool]) -> tuple[int, int, str]:
        operation_id, method, template, _ = operation
        depth = template.count("{")
        phase = {"post": 1 if depth else 0, "put": 1, "patch": 2, "delete": 3}[method]
        if operation_id in IRREVERSIBLE:
            phase = 4
        if operation_id in AFTER_THE_CREATES:
            phase = 1
        return phase, -depth if method == "delete" else depth, template

    return sorted(found, key=order)


def body_of(operation_id: str, own: dict[str, str], made: dict[str, str]) -> dict[str, Any] | None:
    """A body that changes something, naming the populated objects (``own``) or those made here (``made``)."""
    school = own["school_id"]
    bodies: dict[str, dict[str, Any]] = {
        "CreateSchool": {"name": "Willow Primary"},
        "CreateStaff": {
            "given_name": GIVEN,
            "family_name": FAMILY,
            "email": EMAIL,
            "memberships": [{"school_id": school, "roles": ["teacher"]}],
        },
        "CreateTeam": {"name": "Science", "kind": "department", "school_id": school},
        "CreateFramework": {"name": "Our teaching framework"},
        "CreatePriority": {"school_id": school, "academic_year": "2026/27", "title": "Questioning"},
        "CreateActivity": {
            "title": "INSET: questioning",
            "kind": "inset_session",
            "stream": "whole_school",
            "starts_at": NOW,
            "duration_minutes": 60,
            "school_id": school,
            "participants": [{"staff_id": own["staff_id"], "status": "attended"}],
        },
        "CreateGoal": {"staff_id": own["staff_id"], "title": "Better questioning"},
        "CreateReflection": {"staff_id": own["staff_id"], "body": REFLECTION, "visibility": "leaders"},
        "AddParticipant": {"staff_id": made.get("staff_id", ""), "status": "attended"},
        "CreateFeedback": {"staff_id": own["staff_id"], "reaction": 4, "learning": 5},
        "SampleCreateNote": {"staff_id": own["staff_id"], "text": "Read Wiliam"},
        "SyncSchools": {"source": "audit", "records": [{"external_id": "A1", "name": "Synced school"}]},
        "SyncStaff": {
            "source": "audit",
            "records": [{"external_id": "S1", "given_name": "Sy", "family_name": "Nced", "email": "sy@sync.example"}],
        },
        "SyncTeams": {"source": "audit", "records": [{"external_id": "T1", "name": "Synced team", "kind": "class"}]},
        "SyncMemberships": {"source": "audit", "records": [{"team_external_id": "T1", "staff_external_id": "S1"}]},
        "CreateWebhookSubscription": {"url": "https://hooks.example/audit"},
        "CreateEvaluationPlan": {"priority_id": own["priority_id"]},
        "CreateCpdBudget": {"school_id": school, "academic_year": "2027/28", "amount_pence": 5000},
        "CreateTerm": {"name": "2026/27", "kind": "academic_year", "starts_on": "2026-09-01", "ends_on": "2027-07-23"},
        "CreateClosure": {"name": "INSET", "kind": "inset_day", "starts_on": "2027-01-04", "school_id": school},
        "CreateActivitySeries": {
            "title": "Department CPD",
            "kind": "team_meeting",
            "stream": "team",
            "duration_minutes": 60,
            "start_time": "15:30",
            "weekdays": ["TH"],
            "starts_on": "2026-10-01",
            "ends_on": "2026-10-31",
            "term_time_only": False,
            "school_id": school,
            "participant_ids": [own["staff_id"]],
        },
        "CreateCalendarFeed": {"team_id": own["team_id"]},
    }
    return bodies.get(operation_id) or body_for(operation_id, own)


async def _a_delivery(app: Litestar, tenant_id: uuid.UUID, subscription_id: str) -> str:
    """A delivery of one of the tenant's events to the subscription, as the worker would queue it."""
    async with app.state.sessions() as session:
        event_id = await session.scalar(select(EventRecord.id).where(EventRecord.tenant_id == tenant_id).limit(1))
        delivery = WebhookDelivery(tenant_id=tenant_id, subscription_id=uuid.UUID(subscription_id), event_id=event_id)
        session.add(delivery)
        await session.commit()
        return str(delivery.id)


async def entries_after(app: Litestar, tenant_id: uuid.UUID, after: uuid.UUID | None) -> list[AuditEntry]:
    async with app.state.sessions() as session:
        stmt = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id).order_by(AuditEntry.id)
        if after is not None:
            stmt = stmt.where(AuditEntry.id > after)
        return list(await session.scalars(stmt))


async def client_actor(app: Litestar, tenant_id: uuid.UUID) -> str:
    async with app.state.sessions() as session:
        client_id = await session.scalar(select(ApiClient.id).where(ApiClient.tenant_id == tenant_id))
    return f"client:{client_id}"


async def raw_audit_text(app: Litestar, tenant_id: uuid.UUID) -> str:
    """Every value of every audit row of a tenant, as the database holds it."""
    async with app.state.sessions() as session:
        query = text("SELECT * FROM audit_log WHERE tenant_id = :t").bindparams(bindparam("t", type_=Uuid()))
        rows = await session.execute(query, {"t": tenant_id})
        return "\n".join(" ".join(str(value) for value in row) for row in rows)


async def test_every_mutating_operation_leaves_an_audit_entry(
    sample_app: tuple[Litestar, httpx.AsyncClient],
) -> None:
    app, http = sample_app
    api = await new_tenant_client(app, http)
    actor = await client_actor(app, api.tenant_id)
    own = await _populate(app, api.tenant_id)
    made: dict[str, str] = {"slug": "sample"}
    object_of: dict[str, str] = {}  # item path template -> id of the object last written there
    templates = [t for t in app.openapi_schema.to_schema()["paths"] if t.startswith("/v1/")]
    last = (await entries_after(app, api.tenant_id, None))[-1].id
    operations = mutating_operations(app)
    assert len(operations) >= 30, operations

    for operation_id, method, template, has_body in operations:
        names = re.findall(r"{(\w+)}", template)
        if operation_id == "RedeliverWebhook":  # deliveries are made by the worker, not by an operation
            made["delivery_id"] = await _a_delivery(app, api.tenant_id, made["subscription_id"])
        missing = [n for n in names if n not in made]
        assert not missing, f"{operation_id}: no object made yet for {missing}; add a create to body_of"
        path = template
        for name in names:
            path = path.replace("{" + name + "}", made[name])
        kwargs: dict[str, Any] = {}
        if has_body:
            body = body_of(operation_id, own, made)
            assert body is not None, f"add a body for {operation_id} to body_of"
            kwargs["json"] = body
        if operation_id == "ImportOneRoster":  # its body is a zip file, not JSON
            kwargs["content"] = b"PK\x03\x04 a set whose import fails"
        response = await api.request(method.upper(), path, **kwargs)
        assert response.is_success, (operation_id, response.status_code, response.text)

        returned = response.json().get("id") if response.content and method != "delete" else None
        if method == "post" and returned:  # the new object's id names it in the paths below this one
            for item in templates:
                if match := re.fullmatch(re.escape(template) + r"/\{(\w+)\}", item):
                    made.setdefault(match.group(1), returned)
                    object_of[item] = returned
        named = {made[n] for n in names} | {object_of.get(template, ""), str(returned or "")}
        if response.content and "results" in response.json():  # a sync batch names its objects record by record
            named |= {str(r.get("id", "")) for r in response.json()["results"]}
        named.discard("")

        entries = await entries_after(app, api.tenant_id, last)
        assert entries, f"{operation_id} left no audit entry"
        assert {e.actor for e in entries} == {actor}, operation_id
        assert any(set(e.subject_id.split("/")) & named for e in entries), (operation_id, named, entries)
        last = entries[-1].id

    actions = {e.action for e in await entries_after(app, api.tenant_id, None)}
    assert actions == {"created", "updated", "deleted", "erased", "redelivered"}
    audit = await raw_audit_text(app, api.tenant_id)
    for secret in (REFLECTION, "Taken over", GIVEN, FAMILY, EMAIL, api.key, "Read Wiliam"):
        assert secret not in audit


# --- what an entry holds, and what it never holds ----------------------------------------------------


async def test_entries_name_objects_and_never_their_contents(app: Litestar, api: TenantClient) -> None:
    staff = await api.create("/v1/staff", {"given_name": GIVEN, "family_name": FAMILY, "email": EMAIL})
    reflection = await api.create("/v1/reflections", {"staff_id": staff["id"], "body": REFLECTION})
    await api.patch(f"/v1/reflections/{reflection['id']}", json={"body": REFLECTION + " again"})
    await api.patch(f"/v1/staff/{staff['id']}", json={"email": "n.whitfield@willow.example"})
    author = api.as_staff(app, staff["id"])
    private = await author.create("/v1/reflections", {"staff_id": staff["id"], "body": "Only mine to read"})
    async with app.state.sessions() as session:
        key_row = await session.scalar(select(ApiClient).where(ApiClient.tenant_id == api.tenant_id))
    assert key_row is not None

    audit = await raw_audit_text(app, api.tenant_id)
    secrets = [REFLECTION, "Only mine to read", GIVEN, FAMILY, EMAIL, "n.whitfield@willow.example"]
    secrets += [api.key, api.key.split("_", 2)[2], key_row.key_hash, author.key]
    assert [s for s in secrets if s in audit] == []
    assert reflection["id"] in audit and private["id"] in audit and staff["id"] in audit


async def test_an_update_lists_the_changed_fields_by_name(app: Litestar, api: TenantClient) -> None:
    staff = await api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "ab@school.example"})
    changed = await api.patch(f"/v1/staff/{staff['id']}", json={"given_name": "Ada", "job_title": "Head of Science"})
    assert changed.status_code == 200
    unchanged = await api.patch(f"/v1/staff/{staff['id']}", json={"given_name": "Ada"})
    assert unchanged.status_code == 200

    listed = (await api.get("/v1/audit", params={"subject_id": staff["id"]})).json()["items"]
    assert [(e["action"], e["subject_type"], e["changed_fields"]) for e in listed] == [
        ("created", "staff", []),
        ("updated", "staff", ["given_name", "job_title"]),
    ]


async def test_link_rows_are_on_record_when_lists_are_replaced(app: Litestar, api: TenantClient) -> None:
    a = await api.create("/v1/schools", {"name": "Ashgrove"})
    b = await api.create("/v1/schools", {"name": "Birchfield"})
    body = {"given_name": "A", "family_name": "B", "email": "ab@school.example"}
    staff = await api.create("/v1/staff", body | {"memberships": [{"school_id": a["id"], "roles": ["teacher"]}]})
    at_a, at_b = f"{staff['id']}/{a['id']}", f"{staff['id']}/{b['id']}"

    async def entries_of(changes: dict[str, Any]) -> set[tuple[str, str, str, tuple[str, ...]]]:
        last = (await entries_after(app, api.tenant_id, None))[-1].id
        assert (await api.patch(f"/v1/staff/{staff['id']}", json=changes)).status_code == 200
        entries = await entries_after(app, api.tenant_id, last)
        return {(e.action, e.subject_type, e.subject_id, tuple(e.changed_fields)) for e in entries}

    memberships = [{"school_id": a["id"], "roles": ["coach"]}, {"school_id": b["id"], "roles": ["teacher"]}]
    assert await entries_of({"memberships": memberships}) == {
        ("updated", "staff", staff["id"], ("memberships",)),
        ("updated", "staff_memberships", at_a, ("roles",)),
        ("created", "staff_memberships", at_b, ()),
    }
    assert await entries_of({"memberships": memberships[1:]}) == {
        ("updated", "staff", staff["id"], ("memberships",)),
        ("deleted", "staff_memberships", at_a, ()),
    }


async def test_a_refused_request_leaves_no_entry(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield", "urn": "100200"})
    await api.create("/v1/teams", {"name": "Maths", "kind": "department", "school_id": school["id"]})
    staff = await api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "ab@school.example"})
    before = [e.id for e in await entries_after(app, api.tenant_id, None)]

    refused = [
        await api.post("/v1/schools", json={"name": "Copy", "urn": "100200"}),  # 409, refused by the database
        await api.delete(f"/v1/schools/{school['id']}"),  # 409: the team still refers to it
        await api.post("/v1/goals", json={"staff_id": str(uuid.uuid4()), "title": "Nobody's"}),  # 422
        await api.patch(f"/v1/staff/{staff['id']}", json={"job_title": "X"}, headers={"If-Match": '"99"'}),  # 412
        await api.post("/v1/teams", json={"name": "No kind"}),  # 400
        await api.patch(f"/v1/schools/{uuid.uuid4()}", json={"name": "Nowhere"}),  # 404
    ]
    assert [r.status_code for r in refused] == [409, 409, 422, 412, 400, 404]
    assert [e.id for e in await entries_after(app, api.tenant_id, None)] == before


# --- explicit entries --------------------------------------------------------------------------------


async def test_record_audit_puts_an_action_on_record(app: Litestar, api: TenantClient) -> None:
    staff = await api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "ab@school.example"})
    async with app.state.sessions() as session:
        session.info[ACTOR] = "system:export"
        db = TenantScope(session, api.tenant_id)
        record_audit(db.session, db.tenant_id, action="exported", subject_type="staff", subject_id=staff["id"])
        await db.commit()
        with pytest.raises(ValueError, match="audit action"):
            record_audit(session, api.tenant_id, action="Exported all!", subject_type="staff", subject_id="x")

    listed = (await api.get("/v1/audit", params={"action": "exported"})).json()["items"]
    assert [(e["actor"], e["subject_type"], e["subject_id"]) for e in listed] == [
        ("system:export", "staff", staff["id"])
    ]


async def test_the_cli_and_tasks_act_as_system(app: Litestar, api: TenantClient) -> None:
    async with app.state.sessions() as session:
        client = await create_client(session, api.tenant_id, "MIS sync", ["staff:read"])
    listed = (await api.get("/v1/audit", params={"subject_id": str(client.client_id)})).json()["items"]
    assert [(e["actor"], e["action"], e["subject_type"]) for e in listed] == [("system", "created", "api_clients")]


# --- who may read it ---------------------------------------------------------------------------------


async def test_only_trust_admins_read_the_audit_log(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Ashgrove"})

    async def user(roles: list[str], trust_roles: list[str]) -> TenantClient:
        body = {
            "given_name": "U",
            "family_name": "Ser",
            "email": f"u{uuid.uuid4().hex[:10]}@school.example",
            "memberships": [{"school_id": school["id"], "roles": roles}],
            "trust_roles": trust_roles,
        }
        return api.as_staff(app, (await api.create("/v1/staff", body))["id"])

    for roles in (["teacher"], ["school_leader"], ["pd_lead", "coach", "team_lead"]):
        assert (await (await user(roles, [])).get("/v1/audit")).status_code == 403, roles
    assert (await (await user([], ["school_leader"])).get("/v1/audit")).status_code == 403
    admin = await user([], ["trust_admin"])
    response = await admin.get("/v1/audit")
    assert response.status_code == 200
    assert any(e["subject_id"] == school["id"] for e in response.json()["items"])
    # trust_admin held in one school reaches that school's rows; the log belongs to no school
    school_admin = await user(["trust_admin"], [])
    assert (await school_admin.get("/v1/audit")).json()["items"] == []


async def test_clients_need_the_audit_read_scope(app: Litestar, api: TenantClient) -> None:
    without = await new_tenant_client(app, api.http, ["staff:write", "schools:write"])
    forbidden = await without.get("/v1/audit")
    assert forbidden.status_code == 403
    assert "audit:read" in forbidden.json()["detail"]
    reader = await new_tenant_client(app, api.http, ["audit:read"])
    assert (await reader.get("/v1/audit")).status_code == 200
    with pytest.raises(ValueError, match="audit:write"):
        await new_tenant_client(app, api.http, ["audit:write"])


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_nobody_changes_the_log(api: TenantClient, method: str) -> None:
    entry = (await api.get("/v1/audit")).json()["items"][0]
    for path in ("/v1/audit", f"/v1/audit/{entry['id']}"):
        assert (await api.request(method, path, json={})).status_code in (404, 405)
    assert (await api.get("/v1/audit")).json()["items"][0] == entry


# --- listing: pages and filters ----------------------------------------------------------------------


def page_cursor(listed: dict[str, Any], after: int) -> str:
    """The cursor continuing after the first ``after`` items (the id of the last one, as the API encodes it)."""
    return base64.urlsafe_b64encode(uuid.UUID(listed["items"][after - 1]["id"]).bytes).decode().rstrip("=")


async def test_pages_follow_the_cursor_and_link(app: Litestar, api: TenantClient) -> None:
    for n in range(5):
        await api.create("/v1/schools", {"name": f"School {n}"})
    everything = (await api.get("/v1/audit")).json()
    assert everything["next_cursor"] is None
    seen: list[dict[str, Any]] = []
    response = await api.get("/v1/audit", params={"limit": 2})
    while True:
        page = response.json()
        seen += page["items"]
        if page["next_cursor"] is None:
            assert "link" not in response.headers
            break
        assert len(page["items"]) == 2
        link = re.fullmatch(r'<(.+)>; rel="next"', response.headers["link"])
        assert link is not None
        response = await api.get(link.group(1))
    assert seen == everything["items"]
    cursor_page = (await api.get("/v1/audit", params={"limit": 2, "cursor": page_cursor(everything, 2)})).json()
    assert cursor_page["items"] == everything["items"][2:4]
    assert [e["id"] for e in seen] == sorted(e["id"] for e in seen)


async def test_each_filter_narrows_the_list(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Ashgrove"})
    admin_body = {"given_name": "T", "family_name": "A", "email": "ta@school.example", "trust_roles": ["trust_admin"]}
    admin_id = (await api.create("/v1/staff", admin_body))["id"]
    admin = api.as_staff(app, admin_id)
    team = await admin.create("/v1/teams", {"name": "Maths", "kind": "department", "school_id": school["id"]})
    assert (await admin.put(f"/v1/teams/{team['id']}/members/{admin_id}", json={"role": "lead"})).status_code == 201
    assert (await admin.patch(f"/v1/teams/{team['id']}", json={"name": "Mathematics"})).status_code == 200
    everything = (await api.get("/v1/audit", params={"limit": 200})).json()["items"]

    async def listed(**params: str) -> list[tuple[str, str, str]]:
        response = await admin.get("/v1/audit", params=params)
        assert response.status_code == 200, response.text
        return [(e["action"], e["subject_type"], e["subject_id"]) for e in response.json()["items"]]

    membership = f"{team['id']}/{admin_id}"
    assert await listed(actor=f"staff:{admin_id}") == [
        ("created", "team", team["id"]),
        ("created", "team_members", membership),
        ("updated", "team", team["id"]),
    ]
    assert await listed(subject_type="team_members") == [("created", "team_members", membership)]
    assert await listed(subject_id=team["id"]) == [("created", "team", team["id"]), ("updated", "team", team["id"])]
    assert await listed(action="updated") == [("updated", "team", team["id"])]
    assert await listed(action="deleted") == []

    middle = everything[len(everything) // 2]["occurred_at"]
    later = await listed(**{"from": middle})
    earlier = await listed(to=middle)
    assert len(later) + len(earlier) == len(everything)
    assert later and earlier
    assert await listed(**{"from": "2000-01-01T00:00:00Z", "to": "2000-01-02T00:00:00+01:00"}) == []

    for bad in ({"actor": "alice"}, {"from": "yesterday"}, {"action": "Created"}, {"subject_type": "Staff Members"}):
        response = await admin.get("/v1/audit", params=bad)
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["field"] == next(iter(bad)), response.json()


async def test_another_tenants_entries_never_appear(app: Litestar, api: TenantClient, other_api: TenantClient) -> None:
    theirs = await _populate(app, other_api.tenant_id)
    school = await other_api.create("/v1/schools", {"name": "Theirs too"})
    await api.create("/v1/schools", {"name": "Ours"})
    mine = (await api.get("/v1/audit", params={"limit": 200})).json()["items"]
    assert mine
    their_ids = set(theirs.values()) | {school["id"]}
    assert [e for e in mine if set(e["subject_id"].split("/")) & their_ids] == []
    assert (await api.get("/v1/audit", params={"subject_id": school["id"]})).json()["items"] == []
    assert (await other_api.get("/v1/audit", params={"subject_id": school["id"]})).json()["items"] != []


async def test_time_bounds_at_the_edge_of_the_calendar_select_as_the_edge_does(api: TenantClient) -> None:
    await api.create("/v1/schools", {"name": "Edgeworth"})
    everything = (await api.get("/v1/audit")).json()["items"]
    assert everything
    # Just before year 1 and just after year 9999 once in UTC: valid RFC 3339, and nothing lies beyond them.
    for params, expected in (
        ({"to": "0001-01-01T00:00:00+00:01"}, []),
        ({"from": "0001-01-01T00:00:00+00:01"}, everything),
        ({"from": "9999-12-31T23:59:59-00:01"}, []),
        ({"to": "9999-12-31T23:59:59-00:01"}, everything),
    ):
        response = await api.get("/v1/audit", params=params)
        assert response.status_code == 200, (params, response.text)
        assert response.json()["items"] == expected, params
