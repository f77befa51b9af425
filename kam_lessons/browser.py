"""Headless Chromium as the bench and the browser tests drive it (Debian's, via Playwright).

Never a browser Playwright downloads: the machine's ``chromium``, started without the
background networking a closed network refuses.
"""

from __future__ import annotations

import shutil
from typing import Any

#: The machine's Chromium (Debian's package).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: What it is started with: no sandbox (as root), no GPU, nothing fetched in the background.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Any) -> Any:
    """Start headless Chromium with Playwright (``sync_playwright()`` as ``playwright``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
