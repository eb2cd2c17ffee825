"""Case-pupil data is the group's only; the PD lead sees studies, stages and outputs; erasure blanks what a
staff member wrote (``POST /v1/staff/{id}/erase``); reports escape what users typed."""

from __future__ import annotations

from uuid import UUID

from lesson_study_helpers import World, ok, problem, snapshot


async def _taught(world: World) -> tuple[str, str, list[str]]:
    study = await world.study("case_pupils_chosen")
    base = f"/v1/lesson-study/studies/{study['id']}"
    ana, pupils = world.clients["ana"], study["case_pupils"]
    lesson = await ana.create(f"{base}/lessons", world.lesson_body(study))
    url = f"/v1/lesson-study/lessons/{lesson['id']}"
    await ok(await ana.post(f"{url}/taught", json={"taught_at": "2026-10-05T09:00:00Z", "minutes": 50}))
    await world.clients["ben"].create(f"{url}/observations", {"case_pupil_id": pupils[0], "notes": "Ben saw this."})
    await ana.create(f"{url}/interviews", {"case_pupil_id": pupils[1], "notes": "<script>alert(1)</script> # [x](y)"})
    return base, url, pupils


async def test_case_pupil_data_is_the_groups_only(world: World) -> None:
    base, url, _ = await _taught(world)
    lead, outsider, api = world.clients["lead"], world.clients["outsider"], world.api
    for reader in (lead, api):
        assert (await reader.get(base)).status_code == 200
        lesson = await ok(await reader.get(url))
        assert lesson["status"] == "interviewed" and lesson["predictions"] is None and lesson["plan"] is None
        for private in (f"{base}/case-pupils", f"{base}/planning-sessions", f"{url}/evidence", f"{url}/discussion"):
            problem(await reader.get(private), 404, "not-found")
        report = await ok(await reader.get(f"{base}/report"))
        assert report["includes_case_pupil_data"] is False and report["case_pupils"] is None
        assert "Pupil A" not in str(report) and "Ben saw" not in (await reader.get(f"{base}/report/markdown")).text
    for url_ in (base, url, f"{base}/report"):
        problem(await outsider.get(url_), 404, "not-found")
    assert (await ok(await outsider.get("/v1/lesson-study/studies")))["items"] == []
    assert len((await ok(await lead.get("/v1/lesson-study/studies")))["items"]) == 1
    evidence = await ok(await world.clients["coach"].get(f"{url}/evidence"))
    assert [o["notes"] for o in evidence["observations"]] == ["Ben saw this."]
    before = await snapshot(world)
    problem(await lead.patch(base, json={"title": "Mine now"}), 403, "forbidden")
    problem(
        await outsider.post(
            f"{url}/observations", json={"case_pupil_id": evidence["observations"][0]["case_pupil_id"], "notes": "x"}
        ),
        404,
        "not-found",
    )
    assert await snapshot(world) == before


async def test_reports_escape_what_users_typed(world: World) -> None:
    base, _, _ = await _taught(world)
    ana = world.clients["ana"]
    await ok(await ana.patch(base, json={"title": "<b>Bold</b> & *stars*"}))
    page = (await ana.get(f"{base}/report/html")).text
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; &amp; *stars*" in page
    markdown = await ana.get(f"{base}/report/markdown")
    for served in (markdown, await ana.get(f"{base}/report/html")):
        policy = served.headers["content-security-policy"]
        assert policy.startswith("default-src 'none';") and "script" not in policy and "style" not in policy
    text = markdown.text
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\# \\[x\\]\\(y\\)" in text
    assert text.startswith("# &lt;b&gt;Bold&lt;/b&gt; &amp; \\*stars\\*")


async def test_erasure_blanks_what_the_staff_member_wrote(world: World) -> None:
    base, url, _ = await _taught(world)
    async with world.app.state.sessions() as session:
        sections = await world.app.state.plugin_host.export_sections(
            session, world.api.tenant_id, UUID(world.staff["ben"])
        )
    exported = sections["lesson_study"]
    assert [o["notes"] for o in exported["observations"]] == ["Ben saw this."] and len(exported["studies"]) == 1
    erased = await ok(await world.api.post(f"/v1/staff/{world.staff['ben']}/erase"))
    assert erased["plugins"]["lesson_study"] == 1
    evidence = await ok(await world.clients["ana"].get(f"{url}/evidence"))
    assert evidence["observations"][0]["notes"] is None
    assert evidence["interviews"][0]["notes"].startswith("<script>")  # ana's note is kept
    assert (await ok(await world.clients["ana"].get(base)))["status"] == "lessons"
