"""The state machines of meetings and plan items, and the problems their invalid moves raise.

Every refusal is raised before anything is written, so a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pl_api.plugin import Conflict

MEETING_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({"scheduled"}), "in_progress"),
    "close": (frozenset({"in_progress"}), "closed"),
    "cancel": (frozenset({"scheduled"}), "cancelled"),
    "reschedule": (frozenset({"scheduled"}), "scheduled"),
}
"""For each action on a meeting: the states it may start from, and the state it leads to."""

ITEM_MOVES: dict[str, frozenset[str]] = {
    "proposed": frozenset({"active", "dropped"}),
    "active": frozenset({"tried", "adapted", "dropped"}),
    "tried": frozenset({"embedded", "adapted", "dropped"}),
    "adapted": frozenset({"active", "dropped"}),
    "embedded": frozenset(),
    "dropped": frozenset(),
}
"""For each state of a plan item, the states it may move to: proposed -> active -> tried -> embedded;
an active or tried item may be adapted (and then goes back to active); anything not finished may be dropped."""

ITEM_STATES = tuple(ITEM_MOVES)


class InvalidTransition(Conflict):
    """A meeting or plan item cannot make this move from its current state."""

    slug: ClassVar[str] = "tlc-invalid-transition"
    default_title: ClassVar[str] = "Not allowed in the current state"


class MeetingIncomplete(Conflict):
    """A meeting cannot close yet: attendance, reports or plan updates are missing."""

    slug: ClassVar[str] = "tlc-meeting-incomplete"
    default_title: ClassVar[str] = "The meeting is not ready to close"


def meeting_move(status: str, action: str) -> str:
    """The state ``action`` leads a meeting in ``status`` to; 409 if it may not."""
    allowed, target = MEETING_MOVES[action]
    if status not in allowed:
        raise InvalidTransition(
            f"a {status.replace('_', ' ')} meeting cannot {action}: only a meeting that is "
            f"{' or '.join(sorted(s.replace('_', ' ') for s in allowed))} can"
        )
    return target


def require_in_progress(status: str, what: str) -> None:
    """``what`` is recorded only while a meeting is in progress; 409 otherwise."""
    if status != "in_progress":
        hint = "; start the meeting first" if status == "scheduled" else ""
        state = status.replace("_", " ")
        raise InvalidTransition(f"{what} can be recorded only while the meeting is in progress (it is {state}){hint}")


def item_move(current: str, target: str) -> None:
    """A plan item may move from ``current`` to ``target``; 409 naming the allowed moves if not."""
    if target == current:
        return
    allowed = ITEM_MOVES[current]
    if target not in allowed:
        options = ", ".join(sorted(allowed)) if allowed else "nothing: it is finished"
        raise InvalidTransition(f"a plan item that is {current} cannot become {target}; it may become {options}")


def missing_for_close(
    present: Iterable[str], reported: Iterable[str], plan_updated: Iterable[str], recorded: bool
) -> str | None:
    """Why a meeting cannot close (attendance, then a report or pass and a plan update from each member
    present), or None when it can."""
    if not recorded:
        return "record attendance first (PUT …/attendance)"
    present_set = set(present)
    no_report = sorted(present_set - set(reported))
    no_plan = sorted(present_set - set(plan_updated))
    reasons = []
    if no_report:
        reasons.append(f"a report or pass from {', '.join(no_report)} (PUT …/reports/{{staff_id}})")
    if no_plan:
        reasons.append(f"an updated action plan from {', '.join(no_plan)} (a plan item created or changed in it)")
    return "still needs " + "; and ".join(reasons) if reasons else None
