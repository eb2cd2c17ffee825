"""Who may see a reflection: the one place that rule lives.

A reflection belongs to its author. ``visibility`` says whom they share it with: ``private``
(nobody), ``coach``, ``team`` or ``leaders``. An integration client acts for the school's
leadership, so it sees only reflections shared with leaders.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from pl_api.domain.reflections.models import Reflection
from pl_api.http.auth import Principal

VISIBLE_TO_CLIENTS = ("leaders",)


def visible_reflections(principal: Principal) -> ColumnElement[bool]:
    """The SQL condition selecting the reflections ``principal`` may see."""
    return Reflection.visibility.in_(VISIBLE_TO_CLIENTS)
