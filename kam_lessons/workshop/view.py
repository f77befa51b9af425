"""What the workshop notebook calls: open a client case, then show it part by part.

The workshop notebook (``notebooks/workshop.ipynb``) is a parameters cell and one-liners::

    workshop = open_workshop(case, lang)
    workshop.header()        # CONFIDENTIAL, the account's name, the case file
    workshop.square()        # 1. the square
    workshop.stage()         # 2. stage diagnosis
    workshop.risk()          # 3. uncoupling risk
    workshop.methods()       # 4. methods plan
    workshop.preparation()   # 5. preparation and completeness
    workshop.plan()          # 6. the account plan, one page to take away

The analyses run once, when the case opens (:func:`~kam_lessons.workshop.findings.analyse`);
each call shows one part (:mod:`kam_lessons.workshop.render`). A bad case file (or an
unknown language) never shows a traceback: :func:`open_workshop` returns a
:class:`WorkshopProblem`, which shows one message naming the file, the field, what was
found and what is allowed.
"""

from __future__ import annotations

from pathlib import Path

from kam_lessons.errors import KamError
from kam_lessons.i18n import DEFAULT_LANG, t
from kam_lessons.settings import check_lang
from kam_lessons.standin import CannotOpen
from kam_lessons.workshop.findings import Findings, analyse
from kam_lessons.workshop.loading import load_case
from kam_lessons.workshop.markup import tag
from kam_lessons.workshop.page import Output, html_output, show
from kam_lessons.workshop.render import PARTS, render_part
from kam_lessons.workshop.schema import ClientCase


class Workshop:
    """One client case, opened in one language: shows the six parts of the workshop."""

    def __init__(self, case: ClientCase, path: Path | str, lang: str) -> None:
        self.lang = lang
        self.findings: Findings = analyse(case, path)

    @property
    def case(self) -> ClientCase:
        """Return the case."""
        return self.findings.case

    def header(self) -> None:
        """Show CONFIDENTIAL, the account's name, the case file and what follows."""
        show(self.render("header"))

    def square(self) -> None:
        """Show part 1: the square, each scorer's point, the spread and the consensus."""
        show(self.render("square"))

    def stage(self) -> None:
        """Show part 2: the stage, the evidence, contradictions and the next stage."""
        show(self.render("stage"))

    def risk(self) -> None:
        """Show part 3: the warning signs weighed by stage, with counter-actions and rules."""
        show(self.render("risk"))

    def methods(self) -> None:
        """Show part 4: value against cost of the five methods, and what to lead with."""
        show(self.render("methods"))

    def preparation(self) -> None:
        """Show part 5: the preparation questions, the decision unit, competitors, completeness."""
        show(self.render("preparation"))

    def plan(self) -> None:
        """Show part 6: the account plan, one page to take away."""
        show(self.render("plan"))

    def render(self, part: str) -> list[Output]:
        """Return what a part shows (one of :data:`PARTS`), without displaying it."""
        return render_part(self.lang, self.findings, part)

    def text(self, part: str) -> str:
        """Return everything a part shows as one string (HTML and SVG), e.g. for tests."""
        return "\n".join(out.data for out in self.render(part))


class WorkshopProblem(CannotOpen):
    """Stands in for a case that could not be opened: the first call shows what is wrong."""

    calls = PARTS

    def render(self, part: str = "header") -> list[Output]:
        """Return the message (the same for every part): what is wrong and how to fix it."""
        return [
            html_output(
                tag("p", tag("strong", t(self.lang, "workshop.cannot_open")), cls="kam-bad"),
                tag("pre", self.error.render(self.lang)),
                tag("p", t(self.lang, "workshop.fix_hint")),
                style=True,
            )
        ]

    def text(self, part: str = "header") -> str:
        """Return the message as one string."""
        return "\n".join(out.data for out in self.render(part))

    def display(self) -> None:
        """Show the message in the notebook."""
        show(self.render())


def open_workshop(case_path: str | Path, lang: str = DEFAULT_LANG) -> Workshop | WorkshopProblem:
    """Open a client case for the workshop; on bad input return a stand-in that explains it.

    Args:
        case_path: The case's YAML file.
        lang: A language with a catalogue (``en``, ``ru``).

    Returns:
        The :class:`Workshop`, or a :class:`WorkshopProblem` whose first call shows one
        message naming the file, the field, what was found and what is allowed.
    """
    try:
        check_lang(lang)
        path = Path(case_path)
        case = load_case(path)
    except KamError as err:
        return WorkshopProblem(err, lang)
    return Workshop(case, path, lang)
