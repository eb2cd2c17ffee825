"""Step libraries in and out: JSON and CSV import, the tree the API shows, and exports that import again."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import UUID

import msgspec

from pl_api.plugin import FrameworkElement, TenantScope, Unprocessable, field_problem
from pl_api_coaching import library_schemas as ls
from pl_api_coaching.models import CoachingLibrary, CoachingLibraryItem, CoachingStepElement

CSV_COLUMNS = (
    "strand_code",
    "strand",
    "skill_code",
    "skill",
    "step_code",
    "step",
    "text",
    "success_criteria",
    "video_url",
    "element_ids",
)


async def build_library(db: TenantScope, data: ls.LibraryImport) -> CoachingLibrary:
    """A new library and its items from the import body; element ids must name this tenant's elements (422)."""
    wanted = {e for strand in data.strands for skill in strand.skills for step in skill.steps for e in step.element_ids}
    await db.require_all(FrameworkElement, wanted, "element_ids")
    library = CoachingLibrary(
        tenant_id=db.tenant_id,
        school_id=data.school_id,
        name=data.name,
        edition=data.edition,
        description=data.description,
    )
    items: list[CoachingLibraryItem] = []

    def add(kind: str, parent: CoachingLibraryItem | None, node: Any, **extra: Any) -> CoachingLibraryItem:
        item = CoachingLibraryItem(
            tenant_id=db.tenant_id,
            library_id=library.id,
            parent_id=parent.id if parent else None,
            kind=kind,
            position=len(items),
            code=node.code,
            title=node.title,
            success_criteria=[],
            **extra,
        )
        items.append(item)
        return item

    for strand in data.strands:
        strand_item = add("strand", None, strand)
        for skill in strand.skills:
            skill_item = add("skill", strand_item, skill)
            for step in skill.steps:
                step_item = add("step", skill_item, step, text=step.text, video_url=step.video_url)
                step_item.success_criteria = list(step.success_criteria)
                step_item.element_links = [
                    CoachingStepElement(tenant_id=db.tenant_id, step_id=step_item.id, element_id=e)
                    for e in dict.fromkeys(step.element_ids)
                ]
    library.items = items
    return library


def _children(items: list[CoachingLibraryItem], parent: UUID | None, kind: str) -> list[CoachingLibraryItem]:
    return sorted((i for i in items if i.parent_id == parent and i.kind == kind), key=lambda i: i.position)


def library_tree(library: CoachingLibrary) -> ls.Library:
    """The library with its strands, skills and steps, in order."""
    items = list(library.items)
    strands = [
        ls.Strand(
            id=strand.id,
            code=strand.code,
            title=strand.title,
            skills=[
                ls.Skill(
                    id=skill.id,
                    code=skill.code,
                    title=skill.title,
                    steps=[
                        ls.Step(
                            id=step.id,
                            code=step.code,
                            title=step.title,
                            text=step.text,
                            success_criteria=list(step.success_criteria),
                            video_url=step.video_url,
                            element_ids=step.element_ids,
                        )
                        for step in _children(items, skill.id, "step")
                    ],
                )
                for skill in _children(items, strand.id, "skill")
            ],
        )
        for strand in _children(items, None, "strand")
    ]
    summary = msgspec.convert(library, ls.LibrarySummary, from_attributes=True)
    return ls.Library(**msgspec.structs.asdict(summary), strands=strands)


def export_json(library: CoachingLibrary) -> ls.LibraryImport:
    """The library in the shape ``POST /v1/coaching/libraries`` takes (no ids), to copy or re-import it."""
    tree = library_tree(library)
    return ls.LibraryImport(
        name=tree.name,
        edition=tree.edition,
        school_id=tree.school_id,
        description=tree.description,
        strands=[
            ls.StrandIn(
                title=strand.title,
                code=strand.code,
                skills=[
                    ls.SkillIn(
                        title=skill.title,
                        code=skill.code,
                        steps=[
                            ls.StepIn(
                                title=step.title,
                                code=step.code,
                                text=step.text,
                                success_criteria=step.success_criteria,
                                video_url=step.video_url,
                                element_ids=step.element_ids,
                            )
                            for step in skill.steps
                        ],
                    )
                    for skill in strand.skills
                ],
            )
            for strand in tree.strands
        ],
    )


def export_csv(library: CoachingLibrary) -> str:
    """The library as CSV: one row per step, the header ``CSV_COLUMNS``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for strand in library_tree(library).strands:
        for skill in strand.skills:
            for step in skill.steps:
                writer.writerow(
                    [
                        strand.code or "",
                        strand.title,
                        skill.code or "",
                        skill.title,
                        step.code or "",
                        step.title,
                        step.text or "",
                        "|".join(step.success_criteria),
                        step.video_url or "",
                        " ".join(str(e) for e in step.element_ids),
                    ]
                )
    return out.getvalue()


def parse_csv(data: ls.LibraryCsvImport) -> ls.LibraryImport:
    """The CSV import as the JSON one; a malformed row is a 422 naming ``csv`` and the row."""
    # newline="" lets the reader see line ends as they are, so a lone carriage return ends a row as in a file.
    reader = csv.DictReader(io.StringIO(data.csv, newline=""))
    try:
        header = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as exc:  # e.g. a cell larger than the reader takes
        raise field_problem(Unprocessable, "csv", f"line {reader.line_num + 1} cannot be read: {exc}") from exc
    missing = [c for c in ("strand", "skill", "step") if c not in header]
    if missing:
        raise field_problem(
            Unprocessable, "csv", f"the header lacks {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}"
        )
    strands: dict[tuple[str, str], dict[tuple[str, str], list[dict[str, Any]]]] = {}
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise field_problem(Unprocessable, "csv", f"row {number} has more cells than the header")
        cell = {k: (v or "").strip() for k, v in row.items() if k}
        if not (cell.get("strand") and cell.get("skill") and cell.get("step")):
            raise field_problem(Unprocessable, "csv", f"row {number} needs a strand, a skill and a step")
        skills = strands.setdefault((cell.get("strand_code", ""), cell["strand"]), {})
        skills.setdefault((cell.get("skill_code", ""), cell["skill"]), []).append(
            {
                "title": cell["step"],
                "code": cell.get("step_code") or None,
                "text": cell.get("text") or None,
                "success_criteria": [c.strip() for c in cell.get("success_criteria", "").split("|") if c.strip()],
                "video_url": cell.get("video_url") or None,
                "element_ids": cell.get("element_ids", "").split(),
            }
        )
    if not strands:
        raise field_problem(Unprocessable, "csv", "no steps: give a header row and one row per step")
    body = {
        "name": data.name,
        "edition": data.edition,
        "school_id": str(data.school_id) if data.school_id else None,
        "description": data.description,
        "strands": [
            {
                "title": strand,
                "code": strand_code or None,
                "skills": [
                    {"title": skill, "code": skill_code or None, "steps": steps}
                    for (skill_code, skill), steps in skills.items()
                ],
            }
            for (strand_code, strand), skills in strands.items()
        ],
    }
    try:
        return msgspec.convert(body, ls.LibraryImport)
    except msgspec.ValidationError as exc:
        raise field_problem(Unprocessable, "csv", f"a row is invalid: {exc}") from exc
