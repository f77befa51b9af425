"""In JupyterLab as ``make lab`` starts it: the course opens from copies and is never written.

Drives Debian's Chromium with Playwright: run a lesson, answer, wait until autosave has
saved the notebook, then check that no tracked notebook changed (``git status``), that
the saved copy holds no outputs, that a kernel restart brings the answer back, that
closing the tab asks nothing, and that there are no terminals. Skipped where no
Chromium is installed, except in CI (``CI=true``), where a skip would hide a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kam_lessons.browser import ARGS, CHROMIUM
from kam_lessons.lab import course_copy, lab_command, lab_settings

from .conftest import ROOT

pytestmark = pytest.mark.browser


if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Chromium: .ci/run installs Debian's chromium")
    pytest.skip("no Chromium here (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tracked_notebooks() -> tuple[str, dict[str, str]]:
    """``git status`` of notebooks/ and a hash of every notebook there."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "notebooks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    hashes = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
    }
    return status, hashes


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server started as `make lab` starts it (the course, from copies)."""
    folder = course_copy(tmp_path / "course")
    (tmp_path / "cfg" / "custom").mkdir(parents=True)
    shutil.copy(ROOT / "jupyter" / "custom" / "custom.css", tmp_path / "cfg" / "custom")
    port, token = _free_port(), "kamtest"
    args, env = lab_command(
        folder,
        port,
        config=tmp_path / "cfg",
        settings=lab_settings(tmp_path / "settings"),
        workspaces=tmp_path / "ws",
    )
    args.append(f"--IdentityProvider.token={token}")
    env = {**env, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "KAM_CACHE": str(tmp_path / "c")}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield base, token, folder
    finally:
        for kernel in json.loads(_api(base, token, "kernels") or "[]"):  # kernels die with it
            _api(base, token, f"kernels/{kernel['id']}", "DELETE")
        proc.terminate()
        proc.wait(timeout=30)


def _api(base: str, token: str, path: str, method: str = "GET") -> str | None:
    request = urllib.request.Request(
        f"{base}/api/{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()
    except urllib.error.HTTPError as err:
        return None if err.code == 404 else ""


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


def test_a_lab_session_never_writes_the_course_and_answers_survive(lab):
    from playwright.sync_api import expect, sync_playwright

    base, token, folder = lab
    before = _tracked_notebooks()
    copy = folder / "01_stages.ipynb"
    assert _api(base, token, "terminals") is None  # terminals are off
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(f"{base}/lab/tree/01_stages.ipynb?token={token}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.wait_for_function(  # the kernel is up before Run All
                "document.querySelector('.jp-Notebook .jp-Cell') !== null && "
                "document.body.innerText.includes('| Idle')",
                timeout=120_000,
            )
            saved_at = copy.stat().st_mtime_ns  # before Run All makes the tab dirty
            _run_all(page, restart=False)
            for code in ("open_lesson", "lesson.section("):  # no Python in sight
                expect(page.get_by_text(code, exact=False).filter(visible=True)).to_have_count(0)
            box = _question(page, 4)
            box.scroll_into_view_if_needed()
            choice = box.locator("input[type=radio]").nth(2)
            choice.check()
            label = choice.evaluate("e => e.parentElement.textContent.trim()")
            expect(box.get_by_text("Saved")).to_be_visible(timeout=30_000)
            answers = folder / "answers" / "01_stages.json"
            assert "q04" in json.loads(answers.read_text(encoding="utf-8"))["answers"]
            # autosave has run (the file was saved, the tab is clean): the save kept the
            # generated notebook as it was, outputs out, and nothing tracked changed
            page.wait_for_function(
                "document.querySelectorAll('.jp-mod-dirty').length === 0", timeout=60_000
            )
            deadline = time.monotonic() + 60
            while copy.stat().st_mtime_ns == saved_at and time.monotonic() < deadline:
                time.sleep(0.2)
            assert copy.stat().st_mtime_ns != saved_at, "autosave never saved the notebook"
            nb = json.loads(copy.read_text(encoding="utf-8"))
            assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
            assert "widgets" not in nb["metadata"]
            assert _tracked_notebooks() == before
            # a kernel restart brings the answer back
            _run_all(page, restart=True)
            box = _question(page, 4)
            expect(box.get_by_text("Your saved answer")).to_be_visible(timeout=120_000)
            checked = box.locator("input[type=radio]:checked")
            expect(checked).to_have_count(1)
            assert checked.evaluate("e => e.parentElement.textContent.trim()") == label
            # closing the tab asks nothing (the notebook is saved, answers always are)
            page.wait_for_function(
                "document.querySelectorAll('.jp-mod-dirty').length === 0", timeout=60_000
            )
            tab = page.locator(".lm-TabBar-tab.jp-mod-current .lm-TabBar-tabCloseIcon").first
            tab.click()
            expect(page.locator(".jp-Notebook")).to_have_count(0, timeout=30_000)
            expect(page.locator(".jp-Dialog")).to_have_count(0)
        finally:
            browser.close()
    assert _tracked_notebooks() == before
