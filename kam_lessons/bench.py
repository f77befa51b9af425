"""``make bench``: how fast the trainer's commands are, as a trainer meets them. Prints figures.

Every figure is a whole process, from start to exit (``kam grade`` as typed in a
terminal), the median of several runs, printed beside its floor, the least that work
could cost on this machine, and the ratio of the two:

- ``kam --help`` and ``kam grade --no-reports`` of the demo cohort, beside ``python -c "import
  pydantic, yaml, click"`` (a command cannot start faster than its libraries load);
- ``kam grade --no-reports`` of 200 and 2,000 trainees × the course, beside one process
  that reads the same answers files with ``json.load`` and scores them in one loop (the
  target, 1.5×, is for 200; from 100 trainees ``kam grade`` shares its work with a second
  process, while the floor is one loop on one core);
- ``kam grade`` with its reports (feedback pages, report.html, gradebook.xlsx) of 2,000
  trainees beside the same floor, and the size of report.html (target ≤ 5 MB);
- ``kam build`` of 200 trainees, beside one process calling papermill's
  ``execute_notebook(..., prepare_only=True)`` for the same notebooks.

The package's bytecode is compiled first, as a trainer's every run but the very first
has it. The synthetic answers are well-formed (each question's right or wrong example answer,
from the type table), so grading is timed, not warnings.
"""

from __future__ import annotations

import compileall
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kam_lessons.answers import AnswerEntry, AnswerFile, answers_path, write_answers
from kam_lessons.casebook import reference_ratings
from kam_lessons.content import load_lesson
from kam_lessons.roster import read_roster
from kam_lessons.workbook import (
    ANSWERS_DIR,
    Cohort,
    lesson_notebooks,
    read_cohort,
    write_manifest,
)

STAMP = "2026-01-01T00:00:00+00:00"
PY = sys.executable
KAM = [PY, "-m", "kam_lessons.cli"]

FLOOR_GRADE = """
import json, sys
from pathlib import Path
from kam_lessons.casebook import reference_ratings
from kam_lessons.content import load_lesson
from kam_lessons.scoring import score_lesson
root = Path(sys.argv[1])
manifest = json.load(open(root / "cohort.json", encoding="utf-8"))
for t in manifest["trainees"]:
    for lid in manifest["lessons"]:
        lesson = load_lesson(lid, t["lang"])
        path = root / t["trainee_id"] / "answers" / f"{lid}.json"
        data = json.load(open(path, encoding="utf-8"))
        values = {q: e["value"] for q, e in data["answers"].items()}
        score_lesson(lesson, values, reference_ratings)
"""

FLOOR_BUILD = """
import sys
from pathlib import Path
import papermill
out = Path(sys.argv[1])
notebooks = sorted(Path(sys.argv[2]).glob("[0-9][0-9]_*.ipynb"))
for n in range(int(sys.argv[3])):
    folder = out / f"t{n:04d}"
    folder.mkdir(parents=True)
    for nb in notebooks:
        papermill.execute_notebook(str(nb), str(folder / nb.name), prepare_only=True,
                                   parameters={"trainee_id": f"t{n:04d}"}, progress_bar=False,
                                   kernel_name="python3", language="python")
"""


@dataclass(frozen=True)
class Figure:
    """One measured command beside its floor."""

    name: str
    seconds: float
    floor_name: str
    floor_seconds: float
    target: float | None  # None: a figure shown for scale, with no target of its own

    @property
    def ratio(self) -> float:
        """Return how many times the floor the command takes."""
        return self.seconds / self.floor_seconds if self.floor_seconds else float("inf")

    def line(self) -> str:
        """Return the figure as one line of the table."""
        if self.target is None:
            verdict = "no target"
        else:
            ok = "ok" if self.ratio <= self.target else "OVER"
            verdict = f"target <= {self.target:g}x, {ok}"
        return (
            f"{self.name:<34} {self.seconds:7.2f} s   {self.floor_name:<30} "
            f"{self.floor_seconds:7.2f} s   {self.ratio:5.2f}x ({verdict})"
        )


def run(args: list[str], repeat: int = 5) -> float:
    """Return the median wall time of running ``args`` as a process, ``repeat`` times."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_roster(path: Path, trainees: int) -> Path:
    """Write a roster of ``trainees`` synthetic trainees (every third one in Russian)."""
    rows = [f"t{i:04d},Trainee {i},{'ru' if i % 3 == 0 else 'en'}" for i in range(trainees)]
    path.write_text("trainee_id,name,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def answer_cohort(cohort: Path, seed: int = 7) -> int:
    """Write an answers file for every trainee × lesson: right or wrong example answers."""
    rnd = random.Random(seed)
    built = read_cohort(cohort)
    count = 0
    for trainee in built.trainees:
        for lid in built.lessons:
            lesson = load_lesson(lid, trainee.lang)
            answers = {}
            for q in lesson.questions:
                examples = q.examples(reference_ratings, trainee.lang)
                value = examples.right if rnd.random() < 0.7 else examples.wrong
                answers[q.id] = AnswerEntry(value=value, saved_at=STAMP, mode=built.mode)
            record = AnswerFile(
                trainee_id=trainee.trainee_id,
                lesson=lid,
                lang=trainee.lang,
                mode=built.mode,
                answers=answers,
            )
            write_answers(answers_path(cohort / trainee.trainee_id / ANSWERS_DIR, lid), record)
            count += 1
    return count


def compile_package() -> None:
    """Compile the package's bytecode first, as every run but a machine's very first has it.

    pip compiles the libraries it installs; the modules of an editable install are
    compiled by their first run, unless ``PYTHONDONTWRITEBYTECODE`` is set (as in some
    sandboxes), when every run would compile all of them again (~50 ms of each command).
    """
    compileall.compile_dir(str(Path(__file__).resolve().parent), quiet=1)


def main(sizes: tuple[int, ...] = (200, 2000)) -> None:
    """Run the benchmark and print its figures."""
    compile_package()
    figures: list[Figure] = []
    size_lines: list[str] = []
    imports = run([PY, "-c", "import pydantic, yaml, click"], repeat=9)
    lessons = len(lesson_notebooks())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        figures.append(
            Figure(
                "kam --help", run([*KAM, "--help"], 9), "import pydantic,yaml,click", imports, 1.5
            )
        )
        demo = root / "demo"
        subprocess.run([*KAM, "demo", "--out", str(demo)], check=True, capture_output=True)
        figures.append(
            Figure(
                "kam grade, demo cohort",
                run(
                    [
                        *KAM,
                        "grade",
                        str(demo / "workbooks"),
                        "--out",
                        str(root / "g"),
                        "--no-reports",
                    ],
                    9,
                ),
                "import pydantic,yaml,click",
                imports,
                3.0,
            )
        )
        for trainees in sizes:
            roster = write_roster(root / f"roster{trainees}.csv", trainees)
            cohort = root / f"cohort{trainees}"
            if trainees <= 200:
                build = run([*KAM, "build", "--roster", str(roster), "--out", str(cohort)], 1)
                floor_out = root / f"papermill{trainees}"
                floor = run(
                    [
                        PY,
                        "-c",
                        FLOOR_BUILD,
                        str(floor_out),
                        str(lesson_notebooks_dir()),
                        str(trainees),
                    ],
                    1,
                )
                figures.append(
                    Figure(
                        f"kam build, {trainees} trainees",
                        build,
                        "papermill prepare_only loop",
                        floor,
                        1.5,
                    )
                )
            else:
                # grading reads no notebook: a large cohort is its manifest and answers only
                cohort.mkdir()
                trainees_read = read_roster(roster, "en")
                write_manifest(
                    Cohort(cohort, "practice", list(lesson_notebooks()), trainees_read), cohort
                )
            answer_cohort(cohort)
            repeat = 3 if trainees <= 200 else 1
            grade = run(
                [*KAM, "grade", str(cohort), "--out", str(root / "grades"), "--no-reports"], repeat
            )
            floor = run([PY, "-c", FLOOR_GRADE, str(cohort)], repeat)
            figures.append(
                Figure(
                    f"kam grade, {trainees} x {lessons} lessons",
                    grade,
                    "json.load + scoring loop",
                    floor,
                    1.5 if trainees <= 200 else None,  # the target is for 200
                )
            )
            if trainees >= REPORTED_FROM:
                reported = root / f"reported{trainees}"
                with_reports = run([*KAM, "grade", str(cohort), "--out", str(reported)], 1)
                figures.append(
                    Figure(
                        f"kam grade + reports, {trainees}",
                        with_reports,
                        "json.load + scoring loop",
                        floor,
                        3.0,
                    )
                )
                size_lines.append(report_sizes(reported, trainees))
    print(f"whole-process times, median of several runs; {lessons} lessons")
    for figure in figures:
        print(figure.line())
    for line in size_lines:
        print(line)


#: From this many trainees the bench also times ``kam grade`` with its reports.
REPORTED_FROM = 2000
#: The largest report.html the trainer's browser should open for a big cohort.
REPORT_LIMIT = 5 * 1024 * 1024


def report_sizes(out: Path, trainees: int) -> str:
    """Return one line: the size of ``report.html`` (target <= 5 MB) and the feedback pages."""
    html = (out / "report.html").stat().st_size
    pages = list((out / "feedback").glob("*.html"))
    average = sum(p.stat().st_size for p in pages) / max(1, len(pages))
    verdict = "ok" if html <= REPORT_LIMIT else "OVER"
    return (
        f"report.html, {trainees} trainees: {html / 1024 / 1024:.2f} MB (target <= 5 MB, "
        f"{verdict}); {len(pages)} feedback pages, {average / 1024:.0f} KB each"
    )


def lesson_notebooks_dir() -> Path:
    """Return the folder of the lesson notebooks (for the papermill floor)."""
    return next(iter(lesson_notebooks().values())).parent


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (200, 2000))
