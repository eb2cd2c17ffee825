"""Technique libraries: the Embedding Formative Assessment preset, and reading one from CSV or JSON."""

from __future__ import annotations

import csv
import io

import msgspec

from pl_api.plugin import Unprocessable, field_problem
from pl_api_tlc.schemas import TechniqueCreate, TechniqueImport

CLARIFY = "Clarifying, sharing and understanding learning intentions and success criteria"
ELICIT = "Engineering effective discussions, activities and tasks that elicit evidence of learning"
FEEDBACK = "Providing feedback that moves learning forward"
PEERS = "Activating learners as instructional resources for one another"
OWNERS = "Activating learners as owners of their own learning"

FORMATIVE_ASSESSMENT: list[tuple[str, str, str]] = [
    (CLARIFY, "Learning intentions in pupils' words", "Pupils restate what the lesson is about before starting."),
    (CLARIFY, "Co-constructed success criteria", "The class builds the criteria from examples of work."),
    (CLARIFY, "Exemplars of strong and weak work", "Pupils rank anonymous work and say why."),
    (ELICIT, "No hands up", "The teacher chooses who answers, for example with named lolly sticks."),
    (ELICIT, "Mini whiteboards", "Every pupil answers at once, so every answer is seen."),
    (ELICIT, "Hinge questions", "A quick diagnostic question at the lesson's turning point decides what next."),
    (ELICIT, "ABCD cards", "Pupils hold up a card for a multiple-choice answer."),
    (FEEDBACK, "Comment-only marking", "Comments that say what to do next, without grades."),
    (FEEDBACK, "Find and fix", "The teacher marks where errors are, pupils find and correct them."),
    (FEEDBACK, "Closing-the-gap time", "Lesson time set aside for pupils to act on feedback."),
    (PEERS, "Two stars and a wish", "Peers name two strengths and one thing to improve."),
    (PEERS, "Pre-flight checklist", "A partner checks the work against the success criteria before it is handed in."),
    (PEERS, "Learning partners", "Pupils explain to and question each other in planned pairs."),
    (OWNERS, "Traffic lights", "Pupils show red, amber or green for how well they understand."),
    (OWNERS, "Learning logs", "Pupils write what they learned and what they are unsure of."),
    (OWNERS, "Self-assessment against criteria", "Pupils judge their own work against the success criteria."),
]
"""The five key strategies of formative assessment (Wiliam and Thompson), with techniques for each."""

CSV_FIELDS = ("strategy", "name", "description")


def techniques_to_import(data: TechniqueImport) -> list[TechniqueCreate]:
    """The techniques an import names, from exactly one of its sources; 422 naming the field otherwise."""
    given = [name for name in ("techniques", "csv", "preset") if getattr(data, name) is not None]
    if len(given) != 1:
        raise field_problem(Unprocessable, "techniques", "give exactly one of `techniques`, `csv` or `preset`")
    if data.preset is not None:
        return [TechniqueCreate(strategy=s, name=n, description=d) for s, n, d in FORMATIVE_ASSESSMENT]
    if data.csv is not None:
        return from_csv(data.csv)
    return list(data.techniques or [])


def from_csv(text: str) -> list[TechniqueCreate]:
    """Techniques from CSV text with the header ``strategy,name,description`` (description optional)."""
    reader = csv.DictReader(io.StringIO(text.strip()))
    header = [h.strip() for h in reader.fieldnames or []]
    if header[:2] != ["strategy", "name"] or not set(header) <= set(CSV_FIELDS):
        raise field_problem(Unprocessable, "csv", "the first line must be the header strategy,name[,description]")
    techniques = []
    for line, row in enumerate(reader, start=2):
        values: dict[str, str | None] = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if None in row:
            raise field_problem(Unprocessable, "csv", f"line {line} has more columns than the header")
        values["description"] = values.get("description") or None
        try:
            techniques.append(msgspec.convert(values, TechniqueCreate))
        except msgspec.ValidationError as exc:
            raise field_problem(Unprocessable, "csv", f"line {line}: {exc}") from exc
    if not techniques:
        raise field_problem(Unprocessable, "csv", "holds no techniques after its header")
    return techniques
