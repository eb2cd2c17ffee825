"""docs/configuration.md is generated from the settings types, and says what every setting is."""

from __future__ import annotations

from pathlib import Path

import msgspec

from pl_api.config import Settings
from pl_api.config_reference import configuration_markdown, field_docstrings

ROOT = Path(__file__).resolve().parents[2]


def test_the_configuration_reference_is_current() -> None:
    committed = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert committed == configuration_markdown(), "run `pl-api config reference` and commit docs/configuration.md"


def test_every_setting_is_documented_with_its_variable_and_default() -> None:
    text = configuration_markdown()
    for section in msgspec.structs.fields(Settings):
        documented = field_docstrings(section.type)
        for field in msgspec.structs.fields(section.type):
            if field.name == "settings":
                continue  # the plugins' own tables, documented as plugins.<slug>.<key>
            assert documented.get(field.name), f"{section.name}.{field.name} needs a docstring"
            row = next(line for line in text.splitlines() if line.startswith(f"| `{section.name}.{field.name}` |"))
            assert f"PL_API_{section.name.upper()}_{field.name.upper()}" in row
    assert "`database.pool_size` | `PL_API_DATABASE_POOL_SIZE` | int, 1-200 | `10` |" in text
