"""The core's controllers, in the order the docs list them."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from pl_api.domain.schools.controller import SchoolController

CORE_CONTROLLERS: list[ControllerRouterHandler] = [
    SchoolController,
]
