"""``make bench``: how fast the trainer's pipeline and a lesson are. Prints figures only.

Measures, on a synthetic cohort of trainees who answered every lesson (answers drawn from
the key with mistakes mixed in): building the workbooks, grading the cohort, scoring alone,
and executing one lesson notebook with papermill (what a trainee waits for at start-up).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kam_lessons.answers import AnswerEntry, AnswerFile, answers_path, write_answers
from kam_lessons.content import ValueCost, load_lesson
from kam_lessons.gradebook import grade_cohort, write_gradebook
from kam_lessons.methods import METHOD_IDS
from kam_lessons.scoring import score_lesson
from kam_lessons.workbook import ANSWERS_DIR, build_cohort, lesson_notebooks


def _answers(lesson, rnd: random.Random) -> dict[str, object]:
    out: dict[str, object] = {}
    for q in lesson.questions:
        if not q.auto_scored:
            out[q.id] = "A written answer."
        elif isinstance(q, ValueCost):
            ratings = {
                m: {"value": rnd.randrange(0, 101, 5), "cost": rnd.randrange(0, 101, 5)}
                for m in METHOD_IDS
            }
            out[q.id] = {"case": q.case, "ratings": ratings, "lead": rnd.sample(METHOD_IDS, 2)}
        elif rnd.random() < 0.7:
            out[q.id] = q.answer if not isinstance(q.answer, tuple) else list(q.answer)
        elif hasattr(q, "options"):
            out[q.id] = rnd.choice([o.id for o in q.options])
    return out


def _timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(trainees: int = 200) -> None:
    """Run the benchmark and print its figures."""
    rnd = random.Random(7)
    lessons = list(lesson_notebooks())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        roster = root / "roster.csv"
        rows = [f"t{i:04d},Trainee {i},{'ru' if i % 3 == 0 else 'en'}" for i in range(trainees)]
        roster.write_text("trainee_id,name,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
        start = time.perf_counter()
        build_cohort(roster, root / "cohort")
        build_s = time.perf_counter() - start
        for i in range(trainees):
            for lid in lessons:
                lesson = load_lesson(lid, "en")
                stamp = "2026-01-01T00:00:00+00:00"
                record = AnswerFile(
                    trainee_id=f"t{i:04d}",
                    lesson=lid,
                    answers={
                        q: AnswerEntry(value=v, saved_at=stamp)
                        for q, v in _answers(lesson, rnd).items()
                    },
                )
                write_answers(
                    answers_path(root / "cohort" / f"t{i:04d}" / ANSWERS_DIR, lid), record
                )
        grade_s, book = _timed(lambda: grade_cohort(root / "cohort"))
        write_gradebook(book, root / "grades")
        lesson = load_lesson(lessons[0], "en")
        sample = [_answers(lesson, rnd) for _ in range(1000)]
        score_s, _ = _timed(lambda: [score_lesson(lesson, a) for a in sample])
        os.environ["KAM_CACHE"] = str(root / "chart-cache")
        cold_s = _execute(lesson_notebooks()[lessons[0]], root)
        warm_s = _execute(lesson_notebooks()[lessons[0]], root)
    n = trainees * len(lessons)
    per_nb = 1000 * build_s / n
    per_file = 1000 * grade_s / n
    print(f"cohort: {trainees} trainees x {len(lessons)} lessons ({n} workbooks)")
    print(f"build (papermill, prepare only): {build_s:.2f} s  ({per_nb:.1f} ms/notebook)")
    print(f"grade (read + score + CSVs):     {grade_s:.2f} s  ({per_file:.2f} ms/answers file)")
    print(f"score only:                      {score_s * 1000:.0f} us per lesson's answers")
    print(
        f"open {lessons[0]} (papermill run):  {cold_s:.1f} s first time on a machine, "
        f"{warm_s:.1f} s after (chart cached)"
    )


def _execute(notebook: Path, root: Path) -> float:
    import papermill

    start = time.perf_counter()
    papermill.execute_notebook(
        str(notebook),
        str(root / "run.ipynb"),
        cwd=str(root),
        progress_bar=False,
        kernel_name="python3",
    )
    return time.perf_counter() - start


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
