"""The case-pupil rule: pupils appear only under a pseudonym, and an MIS reference only as a keyed hash.

A pseudonym is accepted only if it has one of these shapes, so a real name can never pass:

- ``Pupil A`` … ``Pupil Z`` (a capital letter, optionally followed by one digit: ``Pupil B2``);
- ``P1`` … ``P99`` or ``CP1`` … ``CP99``;
- one of the deployment's code words (setting ``code_words``; by default the Greek letters ``Alpha`` …
  ``Omega``).

Everything else (``Jamie``, ``Jamie S``, ``J. Smith``, a UPN such as ``A123456789012``) is refused with a
422 naming ``pseudonym``. An MIS reference (UPN or the MIS's own pupil id) is never stored: only
``HMAC-SHA256(mis_reference_key, tenant id + ":" + reference)``, so the same pupil is recognised again
within the tenant while the reference cannot be read back, and without the key cannot even be guessed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from uuid import UUID

from pl_api.plugin import Unprocessable, field_problem
from pl_api_lesson_study.settings import LessonStudySettings

SHAPES = re.compile(r"^(?:Pupil [A-Z][0-9]?|C?P[1-9][0-9]?)$")
RULE = "a pseudonym is 'Pupil A' to 'Pupil Z' (optionally with one digit), 'P1' to 'P99', 'CP1' to 'CP99'"


def check_pseudonym(pseudonym: str, settings: LessonStudySettings) -> str:
    """The pseudonym, if it has a safe shape; otherwise a 422 saying which shapes are allowed."""
    if SHAPES.match(pseudonym) or pseudonym in settings.code_words:
        return pseudonym
    words = ", ".join(settings.code_words[:4]) + (" …" if len(settings.code_words) > 4 else "")
    raise field_problem(
        Unprocessable,
        "pseudonym",
        f"case pupils are never named: {RULE}, or a code word ({words}); "
        "anything that could be a pupil's name or MIS identifier is refused",
    )


def hash_reference(settings: LessonStudySettings, tenant_id: UUID, reference: str) -> str:
    """The keyed hash of an MIS reference, or a 422 when this deployment keeps no key."""
    if settings.mis_reference_key is None:
        raise field_problem(
            Unprocessable,
            "mis_reference",
            "this deployment keeps no MIS references: leave mis_reference out, or ask the operator to set "
            "plugins.lesson_study.mis_reference_key",
        )
    message = f"{tenant_id}:{reference.strip().upper()}".encode()
    return hmac.new(settings.mis_reference_key.encode(), message, hashlib.sha256).hexdigest()
