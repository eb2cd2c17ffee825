"""``docs/configuration.md``, generated from the settings types so it can never fall behind them.

Each setting's meaning is the docstring written under its field in ``pl_api.config``; its type,
bounds and default come from msgspec's view of the field.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from typing import Any

import msgspec
from msgspec import inspect as mi

from pl_api.config import Settings, env_var_name

INTRO = """\
# Configuration

<!-- Generated from the settings types by `pl-api config reference`; do not edit by hand. -->

pl-api reads a TOML file — `$PL_API_CONFIG`, or `./pl-api.toml` when that variable is unset
and the file exists — and then environment variables, which win. Every setting `key` in
section `[section]` can be set as `PL_API_SECTION_KEY`. Lists may be given to a variable as
JSON (`["https://a.example"]`) or comma-separated. An invalid value stops start-up with one
line naming the key and what was expected, e.g.

```
Error: invalid configuration: server.port (or PL_API_SERVER_PORT): Expected `int`, got `str`
```

Unknown keys in the file are refused the same way, so a typo never passes silently.
"""

EXAMPLE = """\
## Example

```toml
[database]
url = "postgresql+asyncpg://pl_api_app@db.internal/pl_api"
migration_url = "postgresql+asyncpg://pl_api_owner@db.internal/pl_api"
pool_size = 20

[server]
host = "0.0.0.0"
workers = 2

[http]
cors_origins = ["https://cpd.oakfield.example"]
rate_limit_store = "redis"

[logging]
format = "json"

[metrics]
enabled = true
token = "a-long-random-string-prometheus-sends"

[plugins]
enabled = ["tlc"]
```
"""


def field_docstrings(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of a class body (``name: type = default`` then a string)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = _markdown(following.value.value)
    return found


def _markdown(docstring: str) -> str:
    """A docstring as one line of Markdown (reStructuredText's double backquotes become single)."""
    return " ".join(inspect.cleandoc(docstring).split()).replace("``", "`")


def describe_type(info: mi.Type) -> str:
    """A reader's name for a setting's type, with its bounds."""
    if isinstance(info, mi.IntType):
        low = info.ge if info.ge is not None else info.gt
        high = info.le if info.le is not None else info.lt
        return f"int, {low}-{high}" if low is not None and high is not None else "int"
    if isinstance(info, mi.StrType):
        return f"string, at least {info.min_length} characters" if info.min_length else "string"
    if isinstance(info, mi.BoolType):
        return "bool"
    if isinstance(info, mi.LiteralType):
        return " or ".join(f"`{v}`" for v in info.values)
    if isinstance(info, mi.ListType):
        return f"list of {describe_type(info.item_type)}s"
    return type(info).__name__.removesuffix("Type").lower()


def _default(field: mi.Field) -> str:
    value: Any = field.default_factory() if field.default is msgspec.NODEFAULT else field.default
    if value == "":
        return "empty"
    return f"`{msgspec.json.encode(value).decode() if not isinstance(value, str) else value}`"


def configuration_markdown() -> str:
    """The whole of ``docs/configuration.md``."""
    lines = [INTRO]
    for section in mi.type_info(Settings).fields:  # type: ignore[attr-defined]
        struct: mi.StructType = section.type
        docs = field_docstrings(struct.cls)
        lines += [
            f"## `[{section.name}]`",
            "",
            _markdown(struct.cls.__doc__ or ""),
            "",
            "| TOML key | variable | type | default | meaning |",
            "|---|---|---|---|---|",
        ]
        for field in struct.fields:
            if isinstance(field.type, mi.DictType):
                key, variable, kind, default = (
                    f"{section.name}.<slug>.<key>",
                    env_var_name(section.name, "<slug>_<key>"),
                    "per plugin",
                    "per plugin",
                )
            else:
                key, variable = f"{section.name}.{field.name}", env_var_name(section.name, field.name)
                kind, default = describe_type(field.type), _default(field)
            meaning = docs.get(field.name)
            if meaning is None:
                raise ValueError(f"{struct.cls.__name__}.{field.name} has no docstring to document it with")
            lines.append(f"| `{key}` | `{variable}` | {kind} | {default} | {meaning} |")
        lines.append("")
    lines.append(EXAMPLE)
    return "\n".join(lines)
