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

HELP_LANG = os.environ.get("KAM_LANG", "en")
clitext.install(HELP_LANG)  # click's own words in the trainer's language


def _help(key: str) -> str:
    """Return a command's or option's help text in the trainer's language (``KAM_LANG``)."""
    return t(HELP_LANG, f"cli.help.{key}")


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


@click.group(help=_help("main"))
def main() -> None:
    """Run the ``kam`` command."""


@main.command(help=_help("build"))
@click.option(
    "--roster", type=click.Path(path_type=Path), required=True, help=_help("build_roster")
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help=_help("build_out"))
@click.option("--lang", default=None, help=_help("build_lang"))
@click.option(
    "--mode",
    default=None,
    help=_help("build_mode"),
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


@main.command(help=_help("grade"))
@click.argument("cohort", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help=_help("grade_out"))
@click.option(
    "--manual",
    type=click.Path(path_type=Path),
    multiple=True,
    help=_help("grade_manual"),
)
@click.option("--release", is_flag=True, help=_help("grade_release"))
@click.option("--no-reports", is_flag=True, help=_help("grade_no_reports"))
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


@main.command(help=_help("serve"))
@click.argument("cohort", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help=_help("serve_host"))
@click.option("--port", default=8866, type=int, show_default=True, help=_help("serve_port"))
@click.option(
    "--preheat",
    default=1,
    type=int,
    show_default=True,
    help=_help("serve_preheat"),
)
@click.option("--open", "open_browser", is_flag=True, help=_help("serve_open"))
@reports_errors
def serve(cohort: Path, host: str, port: int, preheat: int, open_browser: bool) -> None:
    """Serve a cohort (Voilà behind a front that checks each trainee's token)."""
    from kam_lessons.serve import serve_cohort

    serve_cohort(
        cohort,
        host=host,
        port=port,
        preheat=preheat,
        lang=_lang(),
        echo=click.echo,
        open_browser=open_browser,
    )


@main.command(help=_help("demo"))
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


@main.group(name="export", help=_help("export"))
def export_group() -> None:
    """Run the ``kam export`` commands."""


@export_group.command("moodle", help=_help("export_moodle"))
@click.option("--lesson", "lesson_id", required=True, help=_help("export_lesson"))
@click.option("--lang", default=None, help=_help("export_lang"))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help=_help("export_out"),
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


@main.group(name="case", help=_help("case"))
def case_group() -> None:
    """Run the ``kam case`` commands."""


@case_group.command("new", help=_help("case_new"))
@click.argument("name")
@click.option(
    "--lang",
    default=None,
    help=_help("case_new_lang"),
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("cases"),
    show_default=True,
    help=_help("case_new_dir"),
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
    from kam_lessons.paths import PROJECT_ROOT as root

    return path.resolve().parent == root / "cases" and (root / ".gitignore").exists()


@case_group.command("check", help=_help("case_check"))
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


@case_group.command("report", help=_help("case_report"))
@click.argument("case_file", metavar="CASE.yaml", type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help=_help("case_report_out")
)
@click.option("--lang", default=None, help=_help("case_report_lang"))
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


def run() -> None:  # pragma: no cover - the process's own end; tested as a process
    """Run the ``kam`` command as a process, and end the process at once when it is done.

    By then every file is written and closed; what is left is the interpreter taking
    apart what the command built (a last garbage collection over a graded cohort, every
    module), which costs more than short commands take. So the process ends with
    ``os._exit`` and the command's exit status, once the output is flushed.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = _exit_status(exc.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be shown
            code = code or 1
    os._exit(code)


def _exit_status(code: object) -> int:
    """Return the exit status ``sys.exit(code)`` gives (a text is printed, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    run()
