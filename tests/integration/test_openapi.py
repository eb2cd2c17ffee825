"""The committed OpenAPI document is current, valid 3.1, and documents every operation fully."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from pl_api.cli import render_openapi
from pl_api.config import load_settings

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
FIX = "run `pl-api openapi export` (in .venv: .venv/bin/pl-api openapi export) and commit openapi/openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}
UNVERSIONED = {"RemoveTeamMember", "SwitchOffSchoolPlugin"}  # plain switches and links: no version, no If-Match


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    """The document as `pl-api openapi export` writes it: with the default config file's plugins."""
    from pl_api.app import create_app

    settings = load_settings(config_file=COMMITTED.parents[1] / "pl-api.toml", environ={})
    return create_app(settings).openapi_schema.to_schema()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_committed_document_is_current(document: dict[str, Any]) -> None:
    assert COMMITTED.exists(), f"openapi/openapi.json is missing: {FIX}"
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(document), f"openapi/openapi.json is stale: {FIX}"


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(json.loads(json.dumps(document)))


def test_every_operation_has_id_tag_and_problem_responses(document: dict[str, Any]) -> None:
    ids: list[str] = []
    for path, method, operation in _operations(document):
        where = f"{method.upper()} {path}"
        assert operation.get("operationId"), where
        assert operation.get("tags"), where
        ids.append(operation["operationId"])
        if path.startswith("/v1/"):
            assert {"400", "401", "403"} <= set(operation["responses"]), where
            if "{" in path:
                assert "404" in operation["responses"], where
            if method in {"patch", "delete"} and "{" in path and operation["operationId"] not in UNVERSIONED:
                assert "412" in operation["responses"], where
    assert len(ids) == len(set(ids)), "operation ids must be unique"


def test_every_string_parameter_is_constrained(document: dict[str, Any]) -> None:
    """A free-form string parameter lets NUL bytes and the like reach the database: each needs a pattern or enum."""
    loose = []
    for path, method, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            schema = json.dumps(parameter["schema"])
            if '"string"' in schema and not any(k in schema for k in ('"pattern"', '"enum"', '"format"')):
                loose.append(f"{method.upper()} {path} {parameter['name']}")
    assert loose == []


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for key, value in node.items() if key != "pattern" for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_patterns_read_the_same_in_python_and_json_schema(document: dict[str, Any]) -> None:
    """`\\s`, `\\d`, `\\w` and `\\b` cover Unicode in Python (which validates) but ASCII in JSON Schema tools (which
    read the document): a value one accepts the other refuses. Spell character classes out instead."""
    shorthand = re.compile(r"(?<!\\)(?:\\\\)*\\[sSdDwWbB]")
    assert sorted({p for p in _patterns(document) if shorthand.search(p)}) == []


def test_request_schemas_refuse_unknown_fields(document: dict[str, Any]) -> None:
    """Every JSON request body is `additionalProperties: false`, as validation is, even where two plugins name
    their schemas alike (the document then names them by module, e.g. `pl_api_tlc_meeting_schemas_MeetingCreate`).
    The OAuth token form is not: RFC 6749 says unknown parameters are ignored."""
    schemas = document["components"]["schemas"]
    open_bodies = []
    for path, method, operation in _operations(document):
        media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        name = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
        if name in schemas and schemas[name].get("additionalProperties") is not False:
            open_bodies.append(f"{method.upper()} {path} {name}")
    assert open_bodies == []
