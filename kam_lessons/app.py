"""``make app``: the course as an app for one learner on this machine, with no roster.

``python -m kam_lessons.app [--lang en|ru] [--port 8866] [--mode practice|assessment]``
builds (or refreshes, keeping answers) a one-trainee cohort in ``build/app/`` — the demo
trainee — and serves it with ``kam serve`` on 127.0.0.1, opening the link in this
machine's browser when there is one and printing it in any case.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
APP_HOME = ROOT / "build" / "app"
LEARNER = "learner"


def build_app_cohort(home: Path, lang: str, mode: str) -> Path:
    """Build the one-learner cohort in ``home`` (its answers kept); return the cohort folder."""
    from kam_lessons.workbook import build_cohort

    home.mkdir(parents=True, exist_ok=True)
    roster = home / "roster.csv"
    roster.write_text(
        f"trainee_id,name,lang\n{LEARNER},{t(lang, 'app.demo_name')},{lang}\n", encoding="utf-8"
    )
    cohort = home / f"cohort-{mode}"
    build_cohort(roster, cohort, lang=lang, mode=mode)
    return cohort


def main(argv: list[str] | None = None) -> None:
    """Build the demo learner's cohort and serve it until Ctrl+C."""
    from kam_lessons.serve import serve_cohort

    parser = argparse.ArgumentParser(prog="python -m kam_lessons.app", description=__doc__)
    parser.add_argument("--lang", default=os.environ.get("KAM_LANG", "en"))
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--mode", default="practice")
    ns = parser.parse_args(argv)
    try:
        cohort = build_app_cohort(APP_HOME, ns.lang, ns.mode)
        serve_cohort(cohort, port=ns.port, lang=ns.lang, open_browser=True)
    except KamError as err:
        print(err.render(ns.lang), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
