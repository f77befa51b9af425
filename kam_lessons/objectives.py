"""The course's learning objectives against its lessons: where each is taught and tested.

Each section of a lesson names the objectives it teaches, and each question those it
tests (``objectives:`` in ``exercises/<lesson>.<lang>.yaml``); the objectives are listed
in ``exercises/objectives.<lang>.yaml``. :func:`coverage` puts them together, and
``python -m kam_lessons.objectives`` prints the objective × lesson table the README
shows (tests check that the README's copy is current).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kam_lessons.content import lesson_ids, load_lesson, load_objectives


@dataclass
class Coverage:
    """Where one objective is taught and tested in one language.

    Attributes:
        taught: ``(lesson, section)`` of every section that teaches it.
        scored: ``(lesson, question)`` of every auto-scored question that tests it.
        free_text: ``(lesson, question)`` of every free-text question that tests it.
    """

    taught: list[tuple[str, str]] = field(default_factory=list)
    scored: list[tuple[str, str]] = field(default_factory=list)
    free_text: list[tuple[str, str]] = field(default_factory=list)


def coverage(lang: str) -> dict[str, Coverage]:
    """Return, for every objective named anywhere in ``lang``, where it is taught and tested.

    Objectives of the objectives file come first, in its order; any id a lesson names
    that the file lacks follows (a test reports it as unknown).
    """
    found = {oid: Coverage() for oid in load_objectives(lang)}
    for lesson_id in lesson_ids():
        lesson = load_lesson(lesson_id, lang)
        for section in lesson.sections:
            for oid in section.objectives:
                found.setdefault(oid, Coverage()).taught.append((lesson_id, section.id))
        for question in lesson.questions:
            for oid in question.objectives:
                entry = found.setdefault(oid, Coverage())
                where = entry.scored if question.auto_scored else entry.free_text
                where.append((lesson_id, question.id))
    return found


def table_markdown(lang: str = "en") -> str:
    """Return the objective × lesson table: one row per lesson, its objectives and counts.

    Each objective is followed by the number of the lesson's auto-scored questions that
    test it; an objective the lesson teaches without asking has no number.
    """
    objectives = load_objectives(lang)
    found = coverage(lang)
    rows = [
        "| lesson | objectives | questions testing each (auto-scored) |",
        "|---|---|---|",
    ]
    for lid in lesson_ids():
        cells = []
        for oid in objectives:
            scored = sum(1 for lesson, _ in found[oid].scored if lesson == lid)
            taught = any(lesson == lid for lesson, _ in found[oid].taught)
            if scored:
                cells.append(f"`{oid}` {scored}")
            elif taught:
                cells.append(f"`{oid}`")
        rows.append(f"| `{lid}` | {len(cells)} | " + ", ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    """Print the objective × lesson table (for the README)."""
    print(table_markdown())


if __name__ == "__main__":
    main()
