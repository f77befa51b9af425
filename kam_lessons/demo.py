"""The demo: build the sample cohort, fill in the sample answer sets, grade it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from kam_lessons.answers import AnswerEntry, AnswerFile, answers_path, now, write_answers
from kam_lessons.errors import KamError
from kam_lessons.gradebook import Gradebook, grade_and_report
from kam_lessons.paths import data_dir
from kam_lessons.storage import read_yaml
from kam_lessons.workbook import ANSWERS_DIR, MANIFEST, build_cohort

DATA = data_dir()


@dataclass(frozen=True)
class DemoResult:
    """Where the demo put things, and the graded cohort."""

    workbooks: Path
    grades: Path
    gradebook: Gradebook
    written: list[Path]


def fill_sample_answers(cohort_dir: Path, samples: Path) -> int:
    """Write each sample answer set (``samples/<trainee>/<lesson>.yaml``) as an answers file.

    Returns:
        How many answers files were written.
    """
    count = 0
    for folder in sorted(p for p in samples.iterdir() if p.is_dir()):
        target = cohort_dir / folder.name
        if not target.is_dir():
            raise KamError(folder, None, "errors.sample_unknown_trainee", trainee=folder.name)
        for path in sorted(folder.glob("*.yaml")):
            data = read_yaml(path)
            answers = data.get("answers") if isinstance(data, dict) else None
            if not isinstance(answers, dict):
                raise KamError(path, "answers", "errors.sample_no_answers")
            stamp = now()
            record = AnswerFile(
                trainee_id=folder.name,
                lesson=path.stem,
                answers={q: AnswerEntry(value=v, saved_at=stamp) for q, v in answers.items()},
                updated=stamp,
            )
            write_answers(answers_path(target / ANSWERS_DIR, path.stem), record)
            count += 1
    return count


def run_demo(out: Path, data: Path = DATA, lang: str = "en") -> DemoResult:
    """Build the sample cohort in ``out/workbooks``, answer it, grade it into ``out/grades``.

    The grades folder gets what ``kam grade`` writes: the gradebook (CSVs and xlsx), a
    feedback page per trainee and the cohort report (``lang``: the report's language).
    """
    out = Path(out)
    workbooks, grades = out / "workbooks", out / "grades"
    if workbooks.exists():
        if not (workbooks / MANIFEST).exists():
            raise KamError(workbooks, None, "errors.out_not_cohort")
        shutil.rmtree(workbooks)  # the demo's own cohort, rebuilt from scratch every time
    build_cohort(data / "roster.csv", workbooks, lang="en", mode="practice")
    fill_sample_answers(workbooks, data / "sample_answers")
    book, written = grade_and_report(workbooks, grades, lang)
    return DemoResult(workbooks, grades, book, written)
