"""The report's header: CONFIDENTIAL, the account's name, the case file, what follows."""

from __future__ import annotations

from kam_lessons.i18n import t
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import tag
from kam_lessons.workshop.page import Output, html_output


def render(lang: str, found: Findings) -> list[Output]:
    """Return the header: CONFIDENTIAL, the account's name, the case file, the contents."""
    notes = (
        [tag("p", t(lang, "workshop.team_notes", notes=found.case.notes))]
        if found.case.notes.strip()
        else []
    )
    return [
        html_output(
            tag(
                "div",
                tag("strong", t(lang, "workshop.confidential")),
                t(lang, "workshop.confidential_note"),
                cls="kam-confidential",
            ),
            tag("h1", t(lang, "workshop.title", account=found.case.name)),
            tag("p", t(lang, "workshop.case_file", file=found.path.name), cls="kam-muted"),
            *notes,
            tag("p", t(lang, "workshop.contents")),
            style=True,
        )
    ]
