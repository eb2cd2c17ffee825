"""Step libraries: imported as JSON or CSV, exported in the shape they were imported, versioned by edition."""

from __future__ import annotations

import csv
import io
import re
import uuid

from coaching_helpers import World, problem, snapshot


async def test_the_csv_import_builds_the_tree_in_order(world: World) -> None:
    library = world.library
    assert (library["name"], library["edition"], library["school_id"]) == ("Get Better Faster", 1, world.school_id)
    tree = [
        (s["code"], [(k["code"], [p["code"] for p in k["steps"]]) for k in s["skills"]]) for s in library["strands"]
    ]
    assert tree == [("R", [("R1", ["R1.1", "R1.2"]), ("R2", ["R2.1"])]), ("Q", [("Q1", ["Q1.1"])])]
    greet = library["strands"][0]["skills"][0]["steps"][0]
    assert greet["success_criteria"] == ["Every pupil greeted", "Do Now on the board"]
    assert greet["video_url"] == "https://video.example/r11"
    assert greet["element_ids"] == [world.elements[0]]
    fetched = await world.clients["coachee"].get(f"/v1/coaching/libraries/{library['id']}")
    assert fetched.status_code == 200 and fetched.json() == library


async def test_exports_import_again_as_a_new_edition(world: World) -> None:
    lead, library_id = world.clients["lead"], world.library["id"]
    exported = (await lead.get(f"/v1/coaching/libraries/{library_id}/export")).json()
    assert exported["name"] == "Get Better Faster" and "id" not in exported["strands"][0]
    second = await lead.create("/v1/coaching/libraries", exported | {"edition": 2})
    assert second["strands"][0]["skills"][0]["steps"][0]["element_ids"] == [world.elements[0]]

    response = await lead.get(f"/v1/coaching/libraries/{library_id}/export", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["step_code"] for r in rows] == ["R1.1", "R1.2", "R2.1", "Q1.1"]
    assert rows[0]["success_criteria"] == "Every pupil greeted|Do Now on the board"
    third = await lead.create(
        "/v1/coaching/libraries/csv",
        {"name": "Get Better Faster", "edition": 3, "school_id": world.school_id, "csv": response.text},
    )
    strip = lambda lib: [  # noqa: E731
        [(k["title"], [(p["title"], p["success_criteria"], p["element_ids"]) for p in k["steps"]]) for k in s["skills"]]
        for s in lib["strands"]
    ]
    assert strip(third) == strip(world.library)
    listed = (await lead.get("/v1/coaching/libraries", params={"school_id": world.school_id})).json()
    assert sorted(item["edition"] for item in listed["items"]) == [1, 2, 3]


async def test_bad_imports_are_refused_and_write_nothing(world: World) -> None:
    lead = world.clients["lead"]
    step = {"title": "Cold call", "element_ids": [str(uuid.uuid4())]}
    body = {
        "name": "Mine",
        "school_id": world.school_id,
        "strands": [{"title": "S", "skills": [{"title": "K", "steps": [step]}]}],
    }
    before = await snapshot(world)
    found = problem(await lead.post("/v1/coaching/libraries", json=body), 422, "unprocessable")
    assert found["errors"][0]["field"] == "element_ids"
    duplicate = body | {
        "name": "Get Better Faster",
        "strands": [{"title": "S", "skills": [{"title": "K", "steps": [{"title": "x"}]}]}],
    }
    found = problem(await lead.post("/v1/coaching/libraries", json=duplicate), 409, "conflict")
    assert "new edition" in found["detail"]
    for text, says in (
        ("strand,skill\nA,B\n", "the header lacks step"),
        ("strand,skill,step\nA,,C\n", "row 2 needs a strand, a skill and a step"),
        ("strand,skill,step\nA,B,C,D\n", "row 2 has more cells"),
        ("strand,skill,step,element_ids\nA,B,C,not-a-uuid\n", "a row is invalid"),
        ("strand,skill,step\n", "no steps"),
    ):
        csv_body = {"name": "Mine", "school_id": world.school_id, "csv": text}
        found = problem(await lead.post("/v1/coaching/libraries/csv", json=csv_body), 422, "unprocessable")
        assert says in found["detail"], found
    problem(await lead.post("/v1/coaching/libraries", json=body | {"bogus": 1}), 400, "invalid-request")
    assert await snapshot(world) == before


async def test_who_may_import_and_delete(world: World) -> None:
    body = {
        "name": "Small",
        "school_id": world.school_id,
        "strands": [{"title": "S", "skills": [{"title": "K", "steps": [{"title": "x"}]}]}],
    }
    problem(await world.clients["coach"].post("/v1/coaching/libraries", json=body), 403, "forbidden")
    trust_wide = {k: v for k, v in body.items() if k != "school_id"}
    problem(await world.clients["lead"].post("/v1/coaching/libraries", json=trust_wide), 403, "forbidden")
    small = await world.clients["lead"].create("/v1/coaching/libraries", body)
    problem(await world.clients["coach"].delete(f"/v1/coaching/libraries/{small['id']}"), 403, "forbidden")
    assert (await world.clients["lead"].delete(f"/v1/coaching/libraries/{small['id']}")).status_code == 204
    problem(await world.clients["lead"].get(f"/v1/coaching/libraries/{small['id']}"), 404, "not-found")


async def test_a_library_in_use_cannot_be_deleted(world: World) -> None:
    rel = await world.relationship()
    await world.clients["coach"].create(
        f"/v1/coaching/relationships/{rel['id']}/assignments", {"step_id": world.step("Q1.1")}
    )
    before = await snapshot(world)
    found = problem(
        await world.clients["lead"].delete(f"/v1/coaching/libraries/{world.library['id']}"), 409, "conflict"
    )
    assert "stays for their record" in found["detail"]
    assert await snapshot(world) == before


async def test_csv_the_reader_cannot_parse_is_a_422_naming_csv(world: World) -> None:
    lead = world.clients["lead"]
    for text, says in (
        ("strand,skill,step\nA\rB,C,D\n", "row 2 needs a strand"),  # a carriage return ends a row, as in a file
        ("strand,skill,step\nA,B,C\nA,B," + "x" * 200_000 + "\n", "line 3 cannot be read"),  # a cell too large
    ):
        csv_body = {"name": "Odd", "school_id": world.school_id, "csv": text}
        found = problem(await lead.post("/v1/coaching/libraries/csv", json=csv_body), 422, "unprocessable")
        assert found["errors"][0]["field"] == "csv" and says in found["detail"], found


async def test_video_urls_are_checked_as_the_document_describes_them(world: World) -> None:
    """Tools read the document's pattern as JSON Schema does (`\\s` is ASCII whitespace there, Unicode in Python):
    a URL they take as valid must be taken, and one they refuse must be refused."""
    lead = world.clients["lead"]
    document = (await lead.get("/openapi.json")).json()["components"]["schemas"]
    documented = re.compile(document["StepIn"]["properties"]["video_url"]["pattern"], re.ASCII)
    for n, url in enumerate(["https://vid\u00e9o.example/x", "https://a\u0085b", "https://a b", "https://a\u00a0b"]):
        steps = [{"title": "Greet", "video_url": url}]
        body = {
            "name": f"Urls {n}",
            "school_id": world.school_id,
            "strands": [{"title": "S", "skills": [{"title": "K", "steps": steps}]}],
        }
        answer = await lead.post("/v1/coaching/libraries", json=body)
        assert (answer.status_code == 201) == bool(documented.search(url)), (url, answer.text[:300])
