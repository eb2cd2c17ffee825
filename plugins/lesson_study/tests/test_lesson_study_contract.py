"""The OpenAPI document says exactly what the lesson study routes accept: unknown fields are refused, and a
link the document's pattern allows is accepted (and one it refuses is a 400 naming the field)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lesson_study_helpers import World, ok, problem

from pl_api.app import create_app
from pl_api.config import load_settings

ROOT = Path(__file__).resolve().parents[3]
LINKS = [
    "https://example.org/lesson-study",
    "https://example.org/é",
    "https://example.org/a\x1fb",  # a control character that Python's `\s` counts as a space
    "https://example.org/a\u00a0b",
    "https://example.org/a\ufeffb",  # a space for the JSON Schema regex, not for Python's `\s`
    "https://example.org/a b",
]


def _resolve(document: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    name = content["schema"]["$ref"].rsplit("/", 1)[-1]
    found: dict[str, Any] = document["components"]["schemas"][name]
    return found


def test_request_bodies_refuse_unknown_fields_in_the_configured_document() -> None:
    """With pl-api.toml's plugins, the TLC plugin also has an `ObservationCreate`: lesson study's is
    documented under a longer name, and still as refusing unknown fields."""
    document = create_app(load_settings(config_file=ROOT / "pl-api.toml", environ={})).openapi_schema.to_schema()
    bodies = {
        f"{method.upper()} {path}": _resolve(document, operation["requestBody"]["content"]["application/json"])
        for path, item in document["paths"].items()
        if path.startswith("/v1/lesson-study/")
        for method, operation in item.items()
        if isinstance(operation, dict) and "requestBody" in operation
    }
    assert "POST /v1/lesson-study/lessons/{lesson_id}/observations" in bodies
    assert {route: body.get("additionalProperties") for route, body in bodies.items()} == dict.fromkeys(bodies, False)


async def test_links_are_accepted_exactly_as_documented(world: World) -> None:
    document = world.app.openapi_schema.to_schema()
    pattern = document["components"]["schemas"]["EvidenceItem"]["properties"]["url"]["pattern"]
    assert "\\s" not in pattern  # `\s` means different characters in Python and in the JSON Schema regex
    study = await world.study()
    base = f"/v1/lesson-study/studies/{study['id']}"
    ana = world.clients["ana"]
    for link in LINKS:
        body = {"evidence": [{"title": "EEF guidance", "url": link}]}
        response = await ana.patch(base, json=body)
        if re.fullmatch(pattern, link):
            assert (await ok(response))["evidence"][0]["url"] == link
        else:
            found = problem(response, 400, "invalid-request")
            assert "url" in found["errors"][0]["field"], (link, found)
    assert [re.fullmatch(pattern, link) is not None for link in LINKS] == [True, True, False, False, False, False]
