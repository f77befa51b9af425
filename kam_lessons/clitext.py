"""The words of the command line that click itself prints, in the user's language.

click marks its own messages (``Usage:``, ``Missing option``, ``Show this message and
exit.``…) for gettext; :func:`install` answers those lookups from the catalogue
(``exercises/i18n/<lang>/click.yaml``, keyed by click's English text), so a trainer with
``KAM_LANG=ru`` gets click's usage errors and help headings in Russian too.
"""

from __future__ import annotations

import importlib

from kam_lessons.i18n import area

# click's modules that call gettext (``_``) or ``ngettext`` for what they print.
CLICK_MODULES = ("core", "exceptions", "decorators", "types", "parser", "formatting", "termui")


def install(lang: str) -> None:
    """Make click print its own messages in ``lang`` (English where the catalogue has none)."""
    words = area(lang, "click")

    def gettext(message: str) -> str:
        return words.get(f"click.{message}", message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
