"""The LMS: a grade import file for Moodle (``lms.csv``) and a lesson's questions as Moodle XML.

``lms.csv`` holds one row per trainee with the columns Moodle's grade import (CSV) maps:
an identifier (``Email address`` and/or ``ID number`` when the roster gave them, else
``Username``, the trainee id), the full name, one column per lesson (points) and the
course total. In Moodle: *Grades ▸ Import ▸ CSV file*, map the identifier to the user
field of the same name and each lesson to its grade item.

:func:`moodle_xml` writes a lesson's questions in Moodle XML (*Question bank ▸
Import ▸ Moodle XML*): single and multiple choice (a wrong tick costs what a right
one earns, as here), matching and categorize (as matching), numeric (with its
tolerance), free text as an essay with the rubric as grader information; ordering and
value/cost have no core Moodle type and are listed as not exported.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kam_lessons.content import (
    Categorize,
    FreeText,
    Lesson,
    Matching,
    MultipleChoice,
    Numeric,
    QuestionBase,
    SingleChoice,
    load_lesson,
)
from kam_lessons.errors import KamError
from kam_lessons.spreadsheet import csv_text
from kam_lessons.storage import is_safe_id, write_atomic

if TYPE_CHECKING:
    from kam_lessons.grades import Gradebook


def lms_csv(book: Gradebook) -> str:
    """Return ``lms.csv``: per trainee, the ids Moodle matches on and each lesson's points."""
    trainees = {t.trainee_id: t for t in book.trainees}
    emails = any(t.email for t in book.trainees)
    idnumbers = any(t.idnumber for t in book.trainees)
    ids = (["Email address"] if emails else []) + (["ID number"] if idnumbers else [])
    ids = ids or ["Username"]
    lessons = list(dict.fromkeys(r.lesson for r in book.rows))
    rows = []
    for total in book.totals():
        trainee = trainees.get(total.trainee_id)
        row: dict[str, object] = {
            "Email address": trainee.email if trainee else "",
            "ID number": trainee.idnumber if trainee else "",
            "Username": total.trainee_id,
            "Full name": total.name,
        }
        row.update({lid: total.lessons.get(lid, 0.0) for lid in lessons})
        row["Course total"] = total.score
        rows.append(
            {k: v for k, v in row.items() if k in (*ids, "Full name", *lessons, "Course total")}
        )
    return csv_text(rows, [*ids, "Full name", *lessons, "Course total"])


@dataclass(frozen=True)
class MoodleExport:
    """A lesson as Moodle XML, and the questions it could not carry."""

    xml: str
    exported: list[str]
    skipped: list[tuple[str, str]]  # (question id, type)


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = text
    return el


def _head(root: ET.Element, kind: str, lesson: Lesson, q: QuestionBase) -> ET.Element:
    el = ET.SubElement(root, "question", {"type": kind})
    _text(el, "name", f"{lesson.lesson} {q.id}")
    _text(el, "questiontext", q.prompt, "markdown")
    _text(el, "generalfeedback", q.explain, "markdown")
    ET.SubElement(el, "defaultgrade").text = f"{q.points:g}"
    ET.SubElement(el, "idnumber").text = f"{lesson.lesson}.{q.id}"
    return el


def _fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _choice(root: ET.Element, lesson: Lesson, q: SingleChoice | MultipleChoice) -> None:
    el = _head(root, "multichoice", lesson, q)
    single = isinstance(q, SingleChoice)
    ET.SubElement(el, "single").text = "true" if single else "false"
    ET.SubElement(el, "shuffleanswers").text = "true"
    ET.SubElement(el, "answernumbering").text = "abc"
    key = {q.answer} if isinstance(q.answer, str) else set(q.answer or ())
    share = 100 / max(1, len(key))
    for option in q.options:
        right = option.id in key
        fraction = (100 if right else 0) if single else (share if right else -share)
        answer = ET.SubElement(
            el, "answer", {"fraction": _fraction(fraction), "format": "markdown"}
        )
        ET.SubElement(answer, "text").text = option.text


def _matching(root: ET.Element, lesson: Lesson, q: Matching | Categorize) -> None:
    el = _head(root, "matching", lesson, q)
    ET.SubElement(el, "shuffleanswers").text = "true"
    targets = {c.id: c.text for c in q.targets()}
    key = q.answer or {}
    for item in q.items:
        sub = ET.SubElement(el, "subquestion", {"format": "markdown"})
        ET.SubElement(sub, "text").text = item.text
        _text(sub, "answer", targets.get(key.get(item.id, ""), ""))
    used = set(key.values())
    for tid, text in targets.items():  # choices no item takes: distractors
        if tid not in used:
            sub = ET.SubElement(el, "subquestion", {"format": "markdown"})
            ET.SubElement(sub, "text").text = ""
            _text(sub, "answer", text)


def _numeric(root: ET.Element, lesson: Lesson, q: Numeric) -> None:
    el = _head(root, "numerical", lesson, q)
    answer = ET.SubElement(el, "answer", {"fraction": "100"})
    ET.SubElement(answer, "text").text = f"{q.answer if q.answer is not None else 0:g}"
    ET.SubElement(answer, "tolerance").text = f"{q.tolerance:g}"
    if q.unit:
        units = ET.SubElement(el, "units")
        unit = ET.SubElement(units, "unit")
        ET.SubElement(unit, "multiplier").text = "1"
        ET.SubElement(unit, "unit_name").text = q.unit


def _essay(root: ET.Element, lesson: Lesson, q: FreeText) -> None:
    el = _head(root, "essay", lesson, q)
    ET.SubElement(el, "responseformat").text = "editor"
    ET.SubElement(el, "responsefieldlines").text = "15"
    _text(el, "graderinfo", "\n".join(f"- {item}" for item in q.rubric), "markdown")


def moodle_xml(lesson: Lesson) -> MoodleExport:
    """Return a lesson's questions as Moodle XML, in a category named after the lesson."""
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", {"type": "category"})
    _text(category, "category", f"$course$/KAM/{lesson.lesson} ({lesson.lang})")
    exported: list[str] = []
    skipped: list[tuple[str, str]] = []
    for q in lesson.questions:
        if isinstance(q, SingleChoice | MultipleChoice):
            _choice(root, lesson, q)
        elif isinstance(q, Matching | Categorize):
            _matching(root, lesson, q)
        elif isinstance(q, Numeric):
            _numeric(root, lesson, q)
        elif isinstance(q, FreeText):
            _essay(root, lesson, q)
        else:
            skipped.append((q.id, q.type))
            continue
        exported.append(q.id)
    ET.indent(root)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    return MoodleExport(text + "\n", exported, skipped)


def exported_types() -> Sequence[str]:
    """Return the question types Moodle XML carries (the rest are listed as not exported)."""
    return ("single", "multiple", "matching", "categorize", "numeric", "text")


def write_moodle(lesson_id: str, lang: str, out: Path | None = None) -> tuple[MoodleExport, Path]:
    """Write a lesson's questions as Moodle XML (default ``<lesson>.<lang>.moodle.xml``)."""
    if not is_safe_id(lesson_id):
        raise KamError(None, "--lesson", "errors.lesson_missing", lesson=lesson_id, lang=lang)
    result = moodle_xml(load_lesson(lesson_id, lang))
    path = Path(out) if out is not None else Path(f"{lesson_id}.{lang}.moodle.xml")
    write_atomic(path, result.xml)
    return result, path
