"""Grade a cohort from its answers files, without executing any notebook.

Writes, into the output folder:

- ``gradebook.csv``: one row per trainee × lesson — ``trainee_id, name, lang, lesson,
  score, max_score, percent, answered, total, awaiting_manual, status``;
- ``questions.csv``: one row per trainee × question — points, max and whether answered;
- ``manual.csv``: every written answer, with its rubric, for a trainer to mark (and the
  marks already given), and ``marks.json``, the marks kept between runs;
- ``items.csv``: the item analysis; ``lms.csv``: grades for Moodle's import;
- ``gradebook.xlsx``: a summary sheet, one sheet per lesson and the manual sheet;
- with reports: ``feedback/<trainee_id>.html`` and ``report.html``.

The trainer's marks (typed into ``manual.csv`` or the workbook's manual sheet, or given
with ``--manual``) are merged before anything is written: see :mod:`kam_lessons.marks`.

A missing answers file means nothing answered yet. Any other file that cannot be
trusted is reported for that trainee and lesson (``status`` says what is wrong, in a
short, printable line) and the rest of the cohort is still graded: a damaged, huge or
deeply nested file, a special file (FIFO, device) or a link out of the cohort in its
place, an answers folder that is a file, text that is not valid Unicode, answers of the
wrong form, to unknown questions or in another mode. The CSVs and ``marks.json`` are
written as a set: all new, or (if one cannot be written) all as they were.
"""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kam_lessons.answers import AnswerFile, check_owner, read_answers
from kam_lessons.content import FreeText, Lesson, load_lesson
from kam_lessons.errors import KamError, visible
from kam_lessons.grades import (
    GRADE_COLUMNS,
    QUESTION_COLUMNS,
    STATUS_NOT_STARTED,
    STATUS_OK,
    Gradebook,
    GradeRow,
    LessonResult,
    ManualRow,
    percent,
)
from kam_lessons.i18n import t
from kam_lessons.marks import (
    MANUAL_COLUMNS,
    MANUAL_SHEET,
    MARKS_FILE,
    Key,
    Mark,
    MarkBook,
    OpenAnswer,
    Rejected,
    answer_id,
    merge_marks,
    remember_written,
    rubric_label,
)
from kam_lessons.numbers import format_number
from kam_lessons.progress import progress
from kam_lessons.roster import Trainee
from kam_lessons.scoring import LessonScore, QuestionScore, score_lesson
from kam_lessons.spreadsheet import csv_field, csv_rows, xlsx_bytes
from kam_lessons.storage import write_all_or_none
from kam_lessons.workbook import ANSWERS_DIR, read_cohort
from kam_lessons.worker import can_fork, collector_paused, start

if TYPE_CHECKING:
    from kam_lessons.items import ItemAnalysis

#: Question ids listed in a status before the rest are counted.
MAX_LISTED = 8
#: The longest status cell (a trainer reads it in a spreadsheet).
MAX_STATUS = 500


def _course_references(ref: str, lang: str) -> Mapping[str, Any] | None:
    """Return a course case's reference ratings (the case code is loaded only if needed)."""
    from kam_lessons.casebook import reference_ratings

    return reference_ratings(ref, lang)


def _listing(lang: str, ids: list[str]) -> str:
    """Return question ids for a status: the first few, then how many more."""
    shown = ", ".join(visible(i) for i in ids[:MAX_LISTED])
    rest = len(ids) - MAX_LISTED
    return t(lang, "grade.more", shown=shown, n=rest) if rest > 0 else shown


def _status(prefix: str, text: str) -> str:
    status = f"{prefix}: {text}"
    return status if len(status) <= MAX_STATUS else status[: MAX_STATUS - 1] + "…"


@dataclass(frozen=True)
class _Shape:
    """What grading needs to know of a lesson's questions, worked out once per lesson."""

    ids: frozenset[str]
    free_text: tuple[int, ...]  # positions of the written answers a trainer marks

    @classmethod
    def of(cls, lesson: Lesson) -> _Shape:
        """Return the shape of ``lesson`` (worked out once per lesson object)."""
        kept = _SHAPES.get(id(lesson))
        if kept is not None and kept[0] is lesson:
            return kept[1]
        free = tuple(n for n, q in enumerate(lesson.questions) if isinstance(q, FreeText))
        shape = cls(frozenset(q.id for q in lesson.questions), free)
        if len(_SHAPES) > 256:  # lessons made by hand (tests) come and go: keep it small
            _SHAPES.clear()
        _SHAPES[id(lesson)] = (lesson, shape)
        return shape


#: Each lesson's shape, by the lesson object (the lessons are loaded once per process).
_SHAPES: dict[int, tuple[Lesson, _Shape]] = {}


@dataclass(frozen=True)
class _Folder:
    """A trainee's answers folder, looked at once for all the trainee's lessons."""

    path: str
    linked: bool  # the trainee's folder or its answers folder is a symlink
    problem: KamError | None


def _answers_folder(cohort_dir: Path, trainee_id: str) -> _Folder:
    home = os.path.join(cohort_dir, trainee_id)
    folder = os.path.join(home, ANSWERS_DIR)
    problem = None
    if os.path.exists(folder) and not os.path.isdir(folder):
        problem = KamError(Path(folder), None, "errors.answers_folder_not_folder")
    return _Folder(folder, os.path.islink(home) or os.path.islink(folder), problem)


def _locate(root: Path, folder: _Folder, lesson_id: str) -> Path | None:
    """Return a trainee's answers file (``None`` if there is none yet), or raise :class:`KamError`.

    ``root`` is the cohort's folder, resolved: a file reached through a link must lie in it.
    """
    if folder.problem is not None:
        raise folder.problem
    name = os.path.join(folder.path, f"{lesson_id}.json")
    try:
        info: os.stat_result | None = os.lstat(name)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    path = Path(name)
    linked = folder.linked or (info is not None and stat.S_ISLNK(info.st_mode))
    if linked and not path.resolve().is_relative_to(root):
        raise KamError(path, None, "errors.outside_cohort")
    return None if info is None else path


def _warnings(
    data: AnswerFile,
    values: Mapping[str, object],
    shape: _Shape,
    result: LessonScore,
    cohort_mode: str,
    lang: str,
) -> list[str]:
    """Return what makes a readable answers file not fully trustworthy."""
    warnings = []
    malformed = [q.question_id for q in result.questions if not q.well_formed]
    unknown = sorted(set(values) - shape.ids)
    if malformed:
        warnings.append(t(lang, "grade.malformed", questions=_listing(lang, malformed)))
    if unknown:
        warnings.append(t(lang, "grade.unknown", questions=_listing(lang, unknown)))
    other_modes = sorted(m for m in data.modes() if m != cohort_mode)
    if other_modes:
        found = ", ".join(visible(m)[:20] for m in other_modes[:3])
        warnings.append(t(lang, "grade.mode", found=found, expected=cohort_mode))
    if data.repaired:
        warnings.append(t(lang, "grade.repaired", n=data.repaired))
    return warnings


def _read_and_score(
    root: Path,
    folder: _Folder,
    trainee_id: str,
    lesson: Lesson,
    shape: _Shape,
    cohort_mode: str,
    lang: str,
) -> tuple[dict[str, object], LessonScore, str, KamError | None]:
    """Read and score one answers file: values, score, the gradebook's status, any problem.

    Whatever the file holds, this returns: a file that cannot be read or scored scores
    0 with an ``error:`` status, so one trainee's file never stops the cohort.
    """
    try:
        path = _locate(root, folder, lesson.lesson)
        if path is None:
            return {}, score_lesson(lesson, {}), STATUS_NOT_STARTED, None
        data = read_answers(path)
        mismatch = check_owner(path, data, trainee_id, lesson.lesson)
        if mismatch is not None:
            raise mismatch
        values = data.values()
        try:
            result = score_lesson(lesson, values, _course_references)
        except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
            detail = type(exc).__name__
            raise KamError(path, None, "errors.answers_unscorable", detail=detail) from None
        warnings = _warnings(data, values, shape, result, cohort_mode, lang)
    except KamError as err:
        status = _status("error", err.problems[0].text(lang))
        return {}, score_lesson(lesson, {}), status, err
    except OSError as exc:
        unread = KamError(exc.filename, None, "errors.cannot_read", detail=exc.strerror or str(exc))
        return {}, score_lesson(lesson, {}), _status("error", unread.problems[0].text(lang)), unread
    if not warnings:
        return values, result, STATUS_OK, None
    detail = "; ".join(warnings)
    return (
        values,
        result,
        _status("warning", detail),
        KamError(path, None, "grade.warning", detail=detail),
    )


Graded = tuple[dict[str, object], LessonScore, str, KamError | None]


def _grade_pairs(
    cohort_dir: Path, mode: str, lang: str, pairs: Sequence[tuple[Trainee, str]], label: str = ""
) -> list[Graded]:
    """Read and score each (trainee, lesson) pair: values, score, status and any problem.

    With a ``label``, a long run shows a progress bar that says it.
    """
    root = cohort_dir.resolve()
    folders: dict[str, _Folder] = {}
    out = []
    shown = progress(pairs, len(pairs), label) if label else pairs
    for trainee, lesson_id in shown:
        lesson = load_lesson(lesson_id, trainee.lang)
        shape = _Shape.of(lesson)
        tid = trainee.trainee_id
        folder = folders.get(tid)
        if folder is None:
            folder = folders[tid] = _answers_folder(cohort_dir, tid)
        out.append(_read_and_score(root, folder, tid, lesson, shape, mode, lang))
    return out


#: The share of a cohort this process grades when a second one grades the rest: the
#: second also pickles its results, a fifth of the time it takes to grade them.
MINE = 0.55


def _grade_all(
    cohort_dir: Path, mode: str, lang: str, pairs: list[tuple[Trainee, str]], beside: bool
) -> list[Graded]:
    """Grade every pair; with ``beside``, a second process grades the last pairs.

    Those come back pickled through a pipe (so that process takes a little less than
    half: :data:`MINE`); should it fail, its part is graded here.
    """
    label = t(lang, "grade.progress")
    if not (beside and can_fork()):
        return _grade_pairs(cohort_dir, mode, lang, pairs, label)
    half = round(len(pairs) * MINE)
    theirs = pairs[half:]
    other = start(
        lambda: pickle.dumps(_grade_pairs(cohort_dir, mode, lang, theirs), pickle.HIGHEST_PROTOCOL),
        None,
        lang,
    )
    try:
        mine = _grade_pairs(cohort_dir, mode, lang, pairs[:half], label)
    finally:
        data = other.result()
    rest = pickle.loads(data) if data else _grade_pairs(cohort_dir, mode, lang, theirs)
    return mine + rest


def grade_cohort(
    cohort_dir: Path,
    lang: str = "en",
    marks: MarkBook | None = None,
    manual: Sequence[Path] = (),
    beside: bool = False,
) -> Gradebook:
    """Grade every trainee × lesson of a built cohort, with the trainer's marks merged.

    Args:
        cohort_dir: the folder ``kam build`` made.
        lang: the language of the statuses and problems reported to the trainer.
        marks: the marks kept from earlier grades (``OUT/marks.json``); none by default.
        manual: marks files the trainer filled in (``manual.csv``, ``gradebook.xlsx``),
            merged in order over ``marks``; a bad row is a problem, the rest is merged.
        beside: a cohort of :data:`PARALLEL_FROM` trainees or more is graded by two
            processes (on a machine with a second core).
    """
    cohort_dir = Path(cohort_dir)
    cohort = read_cohort(cohort_dir)
    book = Gradebook(marks=marks if marks is not None else MarkBook(), mode=cohort.mode)
    book.trainees = list(cohort.trainees)
    pairs = [(t, lid) for t in cohort.trainees for lid in cohort.lessons]
    parallel = beside and len(cohort.trainees) >= PARALLEL_FROM
    graded = []
    open_answers: dict[Key, OpenAnswer] = {}
    for (trainee, lesson_id), (values, result, status, problem) in zip(
        pairs, _grade_all(cohort_dir, cohort.mode, lang, pairs, parallel), strict=True
    ):
        lesson = load_lesson(lesson_id, trainee.lang)
        shape = _Shape.of(lesson)
        if problem is not None:
            book.problems.append(problem)
        graded.append((trainee, lesson, shape, values, result, status))
        for n in shape.free_text:
            q, qs = lesson.questions[n], result.questions[n]
            if qs.answered:
                assert isinstance(q, FreeText)
                text = str(values.get(q.id))
                key = (trainee.trainee_id, lesson_id, q.id)
                open_answers[key] = OpenAnswer(q.points, len(q.rubric), answer_id(text))
    book.mark_problems.extend(merge_marks(book.marks, manual, open_answers))
    for trainee, lesson, shape, values, result, status in graded:
        book.results.append(
            _apply_marks(book, trainee, lesson, shape, values, result, status, lang)
        )
    return book


def _apply_marks(
    book: Gradebook,
    trainee: Trainee,
    lesson: Lesson,
    shape: _Shape,
    values: dict[str, object],
    result: LessonScore,
    status: str,
    lang: str,
) -> LessonResult:
    """Count the marks given to this lesson's answers; record its rows in ``book``."""
    tid, lid = trainee.trainee_id, lesson.lesson
    marked = result
    given: dict[str, Mark] = {}
    changed = set()
    free = [n for n in shape.free_text if result.questions[n].answered]
    if free:
        scores = list(result.questions)
        for n in free:
            q = lesson.questions[n]
            assert isinstance(q, FreeText)
            text = str(values.get(q.id))
            current = answer_id(text)
            mark = book.marks.get((tid, lid, q.id))
            if mark is not None and mark.answer_id == current:
                given[q.id] = mark
                scores[n] = QuestionScore(q.id, mark.points, q.points, True)
            elif mark is not None:
                changed.add(q.id)
                book.mark_problems.append(
                    KamError(
                        f"{tid}/{lid}",
                        q.id,
                        "marks.changed",
                        points=format_number(mark.points, lang),
                    )
                )
            book.manual.append(
                _manual_row(trainee, lesson, q, text, current, mark, book.marks.rejected, lang)
            )
        if given:
            marked = LessonScore(result.lesson, tuple(scores))
    book.rows.append(_row(trainee, lid, marked, status))
    return LessonResult(trainee, lesson, values, marked, status, given, frozenset(changed))


def _manual_row(
    trainee: Trainee,
    lesson: Lesson,
    q: FreeText,
    text: str,
    current: str,
    mark: Mark | None,
    rejected: Mapping[Key, Rejected],
    lang: str,
) -> ManualRow:
    """Return the manual row of an answer: blank to mark, its mark, or flagged as changed."""
    rubric = " | ".join(f"{rubric_label(i)}: {item}" for i, item in enumerate(q.rubric))
    given: tuple[float | str | None, str, str]  # points, rubric items, comment
    if mark is not None and mark.answer_id == current:
        given = (mark.points, " ".join(rubric_label(i) for i in mark.rubric), mark.comment)
        state = t(lang, "marks.state.marked")
    else:
        state = ""
        if mark is not None:
            state = t(lang, "marks.state.changed", points=format_number(mark.points, lang))
        typed = rejected.get((trainee.trainee_id, lesson.lesson, q.id))
        given = (None, "", "")
        if typed is not None:
            state = t(lang, "marks.state.rejected", reason=typed.problem.text(lang))
            given = (typed.points, typed.rubric_items, typed.comment)
    return ManualRow(
        trainee.trainee_id,
        trainee.name,
        lesson.lesson,
        q.id,
        q.points,
        rubric,
        text,
        given[0],
        given[1],
        given[2],
        current,
        state,
    )


def _row(trainee: Trainee, lesson_id: str, result: LessonScore, status: str) -> GradeRow:
    return GradeRow(
        trainee.trainee_id,
        trainee.name,
        trainee.lang,
        lesson_id,
        result.score,
        result.max_score,
        percent(result.score, result.max_score),
        result.answered,
        result.total,
        result.awaiting_manual,
        status,
    )


def gradebook_files(book: Gradebook, analysis: ItemAnalysis | None = None) -> dict[str, str]:
    """Return the text files of a gradebook, by name: the CSVs, ``items.csv``, ``marks.json``.

    ``analysis`` is the cohort's item analysis, if already made (it is made here if not).
    """
    from kam_lessons.items import analyse_items, items_csv
    from kam_lessons.lms import lms_csv

    return {
        "gradebook.csv": csv_rows(
            ([getattr(r, c) for c in GRADE_COLUMNS] for r in book.rows), GRADE_COLUMNS
        ),
        "questions.csv": questions_csv(book),
        "manual.csv": csv_rows((m.cells() for m in book.manual), MANUAL_COLUMNS),
        "items.csv": items_csv(analysis or analyse_items(book)),
        "lms.csv": lms_csv(book),
        MARKS_FILE: book.marks.to_json(),
    }


def questions_csv(book: Gradebook) -> str:
    """Return ``questions.csv``: one row per trainee × question, points, max and answered.

    A cohort's hundreds of thousands of rows are written from parts made once: each
    lesson's question cells and each trainee's id, made safe and quoted.
    """
    lines = [csv_rows((), QUESTION_COLUMNS)]
    parts: dict[int, list[tuple[str, str]]] = {}
    for r in book.results:
        fixed = parts.get(id(r.lesson))
        if fixed is None:
            lid = csv_field(r.lesson.lesson)
            fixed = parts[id(r.lesson)] = [
                (f"{lid},{csv_field(q.id)},{csv_field(q.type)},", f",{csv_field(q.points)},")
                for q in r.lesson.questions
            ]
        head = csv_field(r.trainee.trainee_id) + ","
        lines.extend(
            f'{head}{mid}{csv_field(qs.points)}{tail}"{qs.answered}"\n'
            for (mid, tail), qs in zip(fixed, r.score.questions, strict=True)
        )
    return "".join(lines)


SUMMARY_SHEET = "summary"


def gradebook_xlsx(book: Gradebook, manual: Sequence[Sequence[object]]) -> bytes:
    """Return ``gradebook.xlsx``'s bytes: summary, one sheet per lesson, the manual sheet."""
    lessons = list(dict.fromkeys(r.lesson for r in book.rows))
    summary_cols = [
        "trainee_id",
        "name",
        *lessons,
        "score",
        "max_score",
        "percent",
        "answered",
        "total",
        "awaiting_manual",
    ]
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[object]]]] = [
        (SUMMARY_SHEET, summary_cols, [[e.cell(c) for c in summary_cols] for e in book.totals()])
    ]
    per_lesson: dict[str, tuple[list[str], list[list[object]]]] = {}
    for r, row in zip(book.results, book.rows, strict=True):
        entry = per_lesson.get(row.lesson)
        if entry is None:  # the banks are parallel: one lesson's questions in every language
            entry = per_lesson[row.lesson] = ([q.id for q in r.lesson.questions], [])
        points = [qs.points for qs in r.score.questions]
        entry[1].append([row.trainee_id, row.lang, row.score, row.max_score, *points])
    for lesson in lessons:
        qids, rows = per_lesson.get(lesson, ([], []))
        sheets.append((lesson, ["trainee_id", "lang", "score", "max_score", *qids], rows))
    sheets.append((MANUAL_SHEET, list(MANUAL_COLUMNS), manual))
    return xlsx_bytes(sheets)


def write_gradebook(
    book: Gradebook,
    out: Path,
    lang: str = "en",
    beside: bool = False,
    analysis: ItemAnalysis | None = None,
) -> list[Path]:
    """Write the gradebook into ``out`` as a set: its CSVs, ``marks.json`` and the workbook.

    The files (``gradebook.csv``, ``questions.csv``, ``manual.csv``, ``items.csv``,
    ``lms.csv``, ``marks.json``, ``gradebook.xlsx``) are all new or, if one cannot be
    written, all as they were: a trainer never marks answers in a ``manual.csv`` older
    than the gradebook, and no mark is lost. With ``beside``, the workbook is made in a
    second process while this one makes the CSVs. ``analysis``: the item analysis, if
    already made.
    """
    out = Path(out)
    xlsx = out / "gradebook.xlsx"
    workbook = start(
        lambda: gradebook_xlsx(book, [m.cells() for m in book.manual]),
        KamError(xlsx, None, "grade.workbook_failed"),
        lang,
        beside=beside,
    )
    try:
        files: dict[str, str | bytes] = {**gradebook_files(book, analysis)}
    finally:
        data = workbook.result()
    assert data is not None  # a workbook that could not be made raised above
    files[xlsx.name] = data
    write_all_or_none({out / name: content for name, content in files.items()})
    remember_written(out, clean=not book.marks.rejected)
    return [out / name for name in files if name != MARKS_FILE]


def summary_table(book: Gradebook, lang: str = "en") -> str:
    """Return a plain-text table: one line per trainee with each lesson's score and the total."""
    lessons = list(dict.fromkeys(r.lesson for r in book.rows))
    maxima: dict[str, float] = {}
    for r in book.rows:
        maxima[r.lesson] = max(maxima.get(r.lesson, 0.0), r.max_score)
    header = [
        t(lang, "grade.table.trainee"),
        *[f"{lid} /{maxima[lid]:g}" for lid in lessons],
        t(lang, "grade.table.total"),
        "%",
        t(lang, "grade.table.answered"),
        t(lang, "grade.table.manual"),
    ]
    lines = [header]
    for entry in book.totals():
        lines.append(
            [
                entry.trainee_id,
                *[f"{entry.lessons.get(lid, 0):g}" for lid in lessons],
                f"{entry.score:g}/{entry.max_score:g}",
                f"{entry.percent:g}",
                f"{entry.answered}/{entry.total}",
                str(entry.awaiting_manual),
            ]
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        )
        for row in lines
    )


def grade_and_report(
    cohort_dir: Path,
    out: Path,
    lang: str = "en",
    manual: Sequence[Path] = (),
    release: bool = False,
    reports: bool = True,
) -> tuple[Gradebook, list[Path]]:
    """Do what ``kam grade`` does: grade with the marks, write the gradebook and the reports.

    The marks are those kept in ``out/marks.json``, then those typed into ``out``'s own
    ``manual.csv`` and ``gradebook.xlsx`` (the one saved last wins), then ``manual``.

    Args:
        cohort_dir: the folder ``kam build`` made.
        out: the grades folder.
        lang: the language of messages and of the cohort report.
        manual: marks files the trainer filled in elsewhere.
        release: in an assessment cohort, show the key and explanations in feedback.
        reports: write the feedback pages and ``report.html`` too.

    Returns:
        The graded cohort and the files written (the feedback folder as one entry).
    """
    from kam_lessons.marks import files_to_read, load_marks

    out = Path(out)
    with collector_paused():
        marks = load_marks(out / MARKS_FILE)
        book = grade_cohort(cohort_dir, lang, marks, files_to_read(out, manual), beside=True)
        beside = len(book.trainees) >= PARALLEL_FROM
        if not reports:
            return book, write_gradebook(book, out, lang, beside)
        from kam_lessons.cohort_report import write_report
        from kam_lessons.feedback import FEEDBACK_DIR, write_feedback
        from kam_lessons.items import analyse_items

        folder = out / FEEDBACK_DIR
        pages = start(
            lambda: write_feedback(book, out, release, lang),
            KamError(folder, None, "grade.feedback_failed"),
            lang,
            beside=beside,
        )
        try:
            analysis = analyse_items(book)
            written = write_gradebook(book, out, lang, beside, analysis)
            written.append(write_report(book, out, lang, analysis))
        finally:
            pages.result()
    return book, [*written, folder]


#: From this many trainees a second process shares the work (a fork costs ~10 ms).
PARALLEL_FROM = 100
