"""In JupyterLab, as a trainee: run the lesson, answer, restart the kernel, the answer is back.

Drives Debian's Chromium with Playwright. Skipped where no Chromium is installed, except
in CI (``CI=true``), where ``.ci/run`` installs it and a skip would hide a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Chromium: .ci/run installs Debian's chromium")
    pytest.skip("no Chromium here (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server as `make lab` starts it, on a copy of notebooks/."""
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    (tmp_path / "cfg" / "custom").mkdir(parents=True)
    shutil.copy(ROOT / "jupyter" / "custom" / "custom.css", tmp_path / "cfg" / "custom")
    port, token = _free_port(), "kamtest"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "KAM_CACHE": str(tmp_path / "cache"),
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.custom_css=True",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    yield base, token, folder
    proc.terminate()
    proc.wait(timeout=20)


def _question(page, number: int):
    return (
        page.locator(".kam-prompt")
        .nth(number - 1)
        .locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
    )


def _run_all(page, restart: bool) -> None:
    if restart:
        page.get_by_text("Kernel", exact=True).first.click()
        page.get_by_text("Restart Kernel and Run All Cells…").click()
        page.locator(".jp-Dialog button.jp-mod-accept").click()
    else:
        page.get_by_text("Run", exact=True).first.click()
        page.get_by_text("Run All Cells", exact=True).click()
    page.wait_for_selector(".kam-progress", timeout=120_000)
    page.wait_for_function("document.querySelectorAll('.kam-prompt').length >= 18", timeout=120_000)


def test_an_answer_survives_a_kernel_restart(lab):
    from playwright.sync_api import expect, sync_playwright

    base, token, folder = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(f"{base}/lab/tree/01_stages.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_timeout(2000)
        _run_all(page, restart=False)
        # no Python in sight: hidden inputs leave no placeholder line
        for code in ("open_lesson", "lesson.section("):
            expect(page.get_by_text(code, exact=False).filter(visible=True)).to_have_count(0)
        box = _question(page, 4)
        box.scroll_into_view_if_needed()
        choice = box.locator("input[type=radio]").nth(2)
        choice.check()
        label = choice.evaluate("e => e.parentElement.textContent.trim()")
        page.wait_for_timeout(500)
        assert "Saved" in box.inner_text()
        saved = json.loads((folder / "answers" / "01_stages.json").read_text(encoding="utf-8"))
        assert "q04" in saved["answers"]
        _run_all(page, restart=True)
        box = _question(page, 4)
        # the re-run replaces the old outputs: wait for the restored state, not a fixed time
        expect(box.get_by_text("Your saved answer")).to_be_visible(timeout=120_000)
        checked = box.locator("input[type=radio]:checked")
        expect(checked).to_have_count(1)
        assert checked.evaluate("e => e.parentElement.textContent.trim()") == label
        assert "1 of 18 answered" in page.locator(".kam-progress").first.text_content()
        browser.close()
