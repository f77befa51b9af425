"""The ``kam`` command: each sub-command is one call to the function that does the work.

Bad input ends with one message on standard error naming the file, the place and the
fix, and exit status 2; never a traceback. Messages are in ``KAM_LANG`` (default English).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from kam_lessons import clitext
from kam_lessons.errors import KamError, visible
from kam_lessons.i18n import t

EXIT_BAD_INPUT = 2

clitext.install(os.environ.get("KAM_LANG", "en"))  # click's own words in the trainer's language


def _lang() -> str:
    """Return the language of messages: a command's ``--lang`` if it set one, else ``KAM_LANG``."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and "kam_lang" in ctx.meta:
        return ctx.meta["kam_lang"]
    return os.environ.get("KAM_LANG", "en")


def _speak(lang: str | None) -> str:
    """Make ``lang`` (default: ``KAM_LANG``) this command's language, and return it."""
    chosen = lang or _lang()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["kam_lang"] = chosen
    return chosen


def say(key: str, **params: Any) -> None:
    """Print a catalogue message to standard output (values shown with controls visible)."""
    shown = {k: v if isinstance(v, int | float) else visible(str(v)) for k, v in params.items()}
    click.echo(t(_lang(), key, **shown))


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`KamError` into its message on standard error and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:  # e.g. `kam case check x.yaml | head -1`: not the user's mistake
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except KamError as err:
            click.echo(err.render(_lang()), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:  # a folder given for a file, a file for a folder, no rights
            key = (
                "errors.cannot_read"
                if isinstance(exc, IsADirectoryError)
                else "errors.cannot_write"
            )
            problem = KamError(exc.filename, None, key, detail=exc.strerror or str(exc))
            click.echo(problem.render(_lang()), err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


@click.group(
    help="KAM Workbook: build trainees' workbooks, grade a cohort, workshop a client case."
)
def main() -> None:
    """Run the ``kam`` command."""


@main.command(help="Build one workbook folder per trainee of a roster.")
@click.option("--roster", type=click.Path(path_type=Path), required=True, help="Roster CSV.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Cohort folder.")
@click.option(
    "--lang", default=None, help="Language if the roster gives none [default: KAM_LANG, else en]."
)
@click.option(
    "--mode",
    default=None,
    help="practice or assessment [a new cohort: practice; a rebuilt one keeps its mode].",
)
@reports_errors
def build(roster: Path, out: Path, lang: str | None, mode: str | None) -> None:
    """Build workbooks."""
    from kam_lessons.workbook import build_cohort

    started = time.perf_counter()
    result = build_cohort(roster, out, lang=lang or _lang(), mode=mode)
    say(
        "cli.built",
        trainees=len(result.cohort.trainees),
        lessons=len(result.cohort.lessons),
        out=out,
        added=len(result.added),
        refreshed=len(result.refreshed),
        seconds=f"{time.perf_counter() - started:.2f}",
    )


@main.command(help="Grade every trainee of a built cohort from their answers files.")
@click.argument("cohort", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder for grades.")
@click.option(
    "--manual",
    type=click.Path(path_type=Path),
    multiple=True,
    help="A manual.csv or gradebook.xlsx holding your marks (OUT's own are always read).",
)
@click.option("--release", is_flag=True, help="Assessment: show the key in feedback pages.")
@click.option("--no-reports", is_flag=True, help="Gradebook only: no feedback, no report.")
@reports_errors
def grade(
    cohort: Path, out: Path, manual: tuple[Path, ...], release: bool, no_reports: bool
) -> None:
    """Grade a cohort, merge the trainer's marks, write feedback and the cohort report."""
    from kam_lessons.gradebook import grade_and_report, summary_table

    started = time.perf_counter()
    book, written = grade_and_report(
        cohort, out, _lang(), manual=manual, release=release, reports=not no_reports
    )
    _report_grades(book, summary_table(book, _lang()), written, time.perf_counter() - started)


def _report_grades(
    book: Any, table: str, written: list[Path], seconds: float, key: str = "cli.graded"
) -> None:
    click.echo(table)
    for problem in book.problems:
        click.echo(problem.render(_lang()), err=True)
    say(key, rows=len(book.rows), seconds=f"{seconds:.2f}")
    if book.problems:
        say("cli.unreadable", problems=len(book.problems))
    for problem in book.mark_problems:
        click.echo(problem.render(_lang()), err=True)
    if book.mark_problems:
        say("marks.problems", problems=len(book.mark_problems))
    for path in written:
        click.echo(f"  {path}")


@main.command(help="Build the sample cohort, fill in the sample answers and grade it.")
@click.option(
    "--out", type=click.Path(path_type=Path), default=Path("build/demo"), show_default=True
)
@reports_errors
def demo(out: Path) -> None:
    """Run the demo."""
    from kam_lessons.demo import run_demo
    from kam_lessons.gradebook import summary_table

    started = time.perf_counter()
    result = run_demo(out)
    _report_grades(
        result.gradebook,
        summary_table(result.gradebook, _lang()),
        result.written,
        time.perf_counter() - started,
        "cli.demo_done",
    )
    say("cli.demo_where", workbooks=result.workbooks, grades=result.grades)


# ---------------------------------------------------------------------------
# kam export: a lesson's questions for an LMS.


@main.group(name="export", help="Export a lesson's questions for an LMS.")
def export_group() -> None:
    """Run the ``kam export`` commands."""


@export_group.command("moodle", help="Write a lesson's questions as Moodle XML.")
@click.option("--lesson", "lesson_id", required=True, help="The lesson, e.g. 01_stages.")
@click.option("--lang", default=None, help="Language [default: KAM_LANG, else en].")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="The XML file [default: <lesson>.<lang>.moodle.xml].",
)
@reports_errors
def export_moodle(lesson_id: str, lang: str | None, out: Path | None) -> None:
    """Export a lesson's questions as Moodle XML."""
    from kam_lessons.lms import write_moodle

    lang = _speak(lang)
    result, path = write_moodle(lesson_id, lang, out)
    for qid, qtype in result.skipped:
        say("lms.not_exported", question=qid, type=qtype)
    say("lms.exported", n=len(result.exported), path=path)


# ---------------------------------------------------------------------------
# kam case: workshop a real client account (confidential).


@main.group(name="case", help="Workshop a client case: start one, check it, report on it.")
def case_group() -> None:
    """Run the ``kam case`` commands."""


@case_group.command(
    "new", help="Write a blank, commented client case NAME.yaml (confidential; cases/ is ignored)."
)
@click.argument("name")
@click.option(
    "--lang",
    default=None,
    help="Language of the comments and messages [default: KAM_LANG, else en].",
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("cases"),
    show_default=True,
    help="Folder for the case.",
)
@reports_errors
def case_new(name: str, lang: str | None, folder: Path) -> None:
    """Start a client case from the blank template."""
    from kam_lessons.workshop.template import new_case

    lang = _speak(lang)
    path = new_case(name, folder, lang)
    say("cli.case_created", path=path)
    say("cli.case_ignored" if _in_ignored_cases(path) else "cli.case_not_ignored")


def _in_ignored_cases(path: Path) -> bool:
    """Whether ``path`` is in the ``cases/`` folder this project's .gitignore ignores."""
    root = Path(__file__).resolve().parent.parent
    return path.resolve().parent == root / "cases" and (root / ".gitignore").exists()


@case_group.command(
    "check", help="Check a client case: OK and how complete it is, or every problem."
)
@click.argument("case_file", metavar="CASE.yaml", type=click.Path(path_type=Path))
@reports_errors
def case_check(case_file: Path) -> None:
    """Validate a client case file."""
    from kam_lessons.workshop.loading import load_case
    from kam_lessons.workshop.preparation import measure_completeness

    case = load_case(case_file)
    _report_completeness(case_file, case.name, measure_completeness(case))


def _report_completeness(path: Path, account: str, sections: Any) -> None:
    say("cli.case_ok", path=path, account=account)
    for item in sections:
        click.echo(
            "  "
            + t(
                _lang(),
                "case.explain.prep.completeness",
                section=t(_lang(), f"case.sections.{item.section}"),
                known=item.known,
                total=item.total,
            )
        )
    known, total = sum(c.known for c in sections), sum(c.total for c in sections)
    say("cli.case_known", known=known, total=total, percent=round(100 * known / total))


@case_group.command(
    "report", help="Run the workshop notebook on a case; write its HTML report and notebook."
)
@click.argument("case_file", metavar="CASE.yaml", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Report folder.")
@click.option(
    "--lang", default=None, help="Language of the report and messages [default: KAM_LANG, else en]."
)
@reports_errors
def case_report(case_file: Path, out: Path, lang: str | None) -> None:
    """Render a client case's workshop report."""
    from kam_lessons.workshop.report import render_report

    lang = _speak(lang)
    started = time.perf_counter()
    result = render_report(case_file, out, lang)
    say(
        "cli.case_reported",
        account=result.account,
        html=result.html,
        notebook=result.notebook,
        seconds=f"{time.perf_counter() - started:.1f}",
    )


if __name__ == "__main__":  # pragma: no cover
    main()
