"""``make bench`` (app part): how fast the served course is, in a headless Chromium.

``python -m kam_lessons.bench_app [--runs 5]`` builds a one-trainee cohort (practice,
lessons 1 and 2) in a temporary folder, serves it with ``kam serve`` on 127.0.0.1, and
measures, each as the median of ``--runs`` tries:

* **first text**: the first contentful paint of a lesson page, in a new browser profile
  (nothing cached: a first visit);
* **all widgets**: from the start of navigation until every question of the lesson and
  the progress line are on screen, opened directly (the page's address typed in);
* **the trainee's path**: a new profile opens the trainee's link (the course page, whose
  hidden frame runs Voilà's scripts once), then clicks lesson 1: from the click until
  every widget, both at once (as soon as the course page has loaded) and once the
  course page's warm-up has finished (its time is shown too);
* **Check → feedback**: from the click on Check until the verdict is shown;
* **slider → chart**: from a slider's move (a key press on its handle, as a drag step)
  until the chart has been redrawn.

Beside them, the floor: a bare Voilà page of one button, served the same way
(pre-started kernel), its first paint, its button on screen and a click's round trip.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, cast

from kam_lessons.browser import ARGS, CHROMIUM

#: Seconds between two visitors of a lesson: the pool's next kernel waits 2 s (the
#: server's refill delay), then takes a few seconds to start and run the lesson.
BETWEEN = 8.0

ROSTER = "trainee_id,name,lang\nbench,Bench Trainee,en\n"
FLOOR_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "floor",
            "metadata": {},
            "outputs": [],
            "source": (
                "import ipywidgets as w\n"
                "b = w.Button(description='Press')\n"
                "b.on_click(lambda _: setattr(b, 'description', 'Pressed ' + str(id(_))))\n"
                "b"
            ),
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}

# Recorded in the page: when every widget is on screen, when feedback or a chart changes.
WATCH = """
window.__kam = {};
const need = () => window.__kamNeed || 1e9;
new MutationObserver(() => {
  const k = window.__kam;
  if (!k.all && document.querySelectorAll('.kam-prompt').length >= need() &&
      document.querySelectorAll('.kam-progress').length >= 2) k.all = performance.now();
  if (!k.button && document.querySelector('.widget-button')) k.button = performance.now();
  if (k.t0 && !k.t1 && window.__kamDone && window.__kamDone()) k.t1 = performance.now();
}).observe(document, {childList: true, subtree: true, characterData: true, attributes: true});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Process:
    """A server process whose output is watched for a line."""

    def __init__(self, args: list[str], cwd: Path, ready: str):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            args,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.ready = ready
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def wait(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(self.ready in x for x in self.lines):
                return
            if self.proc.poll() is not None:
                raise RuntimeError("\n".join(self.lines[-20:]))
            time.sleep(0.1)
        raise RuntimeError(f"not ready in {timeout} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms" if values else "—"


def _spread(values: list[float]) -> str:
    return f"{min(values):.0f}–{max(values):.0f}" if values else ""


def _figure(label: str, values: list[float], target: str) -> tuple[str, str, str, str]:
    """Return one row of the table: what, the median, the spread, the target."""
    return (label, _median(values), _spread(values), target)


def _round_trip(page: Any, act: str, done: str) -> float:
    """Return ms from ``act`` (JS run in the page) until ``done`` (a JS condition) holds."""
    page.evaluate(
        f"() => {{ window.__kam.t1 = 0; window.__kamDone = () => ({done});"
        f" window.__kam.t0 = performance.now(); {act}; }}"
    )
    page.wait_for_function("window.__kam.t1 > 0", timeout=60_000, polling=10)
    return float(page.evaluate("window.__kam.t1 - window.__kam.t0"))


def measure_interactions(context: Any, base: str, runs: int) -> dict[str, list[float]]:
    """Check → feedback on lesson 1, slider → chart on lesson 2 (ms, one value per try)."""
    out: dict[str, list[float]] = {"check": [], "slider": []}
    page = context.new_page()
    page.add_init_script(WATCH)
    page.goto(f"{base}lesson/01_stages", wait_until="commit")
    page.wait_for_function(
        "document.querySelectorAll('.kam-progress').length >= 2", timeout=120_000
    )
    box = "document.querySelectorAll('.kam-prompt')[0].closest('.widget-vbox')"
    for n in range(runs):
        page.evaluate(f"{box}.querySelectorAll('.widget-radio-box input')[{n % 4}].click()")
        page.wait_for_function(f"!{box}.querySelector('.kam-feedback')", timeout=30_000)
        page.wait_for_function(f"{box}.innerText.includes('Saved')", timeout=30_000)
        out["check"].append(
            _round_trip(
                page,
                f"{box}.querySelector('button.widget-button').click()",
                f"!!{box}.querySelector('.kam-feedback')",
            )
        )
    page.goto(f"{base}lesson/02_methods", wait_until="commit")
    page.wait_for_function(
        "document.querySelectorAll('.kam-progress').length >= 2", timeout=120_000
    )
    page.wait_for_function("document.querySelector('.widget-slider .noUi-handle')", timeout=60_000)
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    page.evaluate(
        "window.__kamChart = () => (document.querySelector('.kam-chart') || {}).innerHTML || ''"
    )
    for n in range(runs):
        handle.focus()
        before = page.evaluate("window.__kamChart()")
        key = "ArrowRight" if n % 2 == 0 else "ArrowLeft"
        page.evaluate(f"window.__kamBefore = {json.dumps(before)}")
        out["slider"].append(
            _round_trip(
                page,
                "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', "
                f"{{key: '{key}', bubbles: true}}))",
                "window.__kamChart() !== window.__kamBefore",
            )
        )
    page.close()
    return out


def measure_floor(browser: Any, url: str, runs: int) -> dict[str, list[float]]:
    """The bare Voilà page of one button: first paint, button shown, click round trip."""
    out: dict[str, list[float]] = {"text": [], "all": [], "click": []}
    for n in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(WATCH)
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__kam && window.__kam.button", timeout=120_000, polling=50)
        out["all"].append(float(page.evaluate("window.__kam.button")))
        out["text"].append(
            float(page.evaluate("performance.getEntriesByName('first-paint')[0]?.startTime || 0"))
        )
        page.wait_for_timeout(300)
        out["click"].append(
            _round_trip(
                page,
                "window.__kamLabel = document.querySelector('.widget-button').innerText;"
                "document.querySelector('.widget-button').click()",
                "document.querySelector('.widget-button').innerText !== window.__kamLabel",
            )
        )
        context.close()
        if n < runs - 1:
            time.sleep(BETWEEN)  # the pool starts its next kernel
    return out


def main(argv: list[str] | None = None) -> None:
    """Run the app benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m kam_lessons.bench_app")
    parser.add_argument("--runs", type=int, default=5)
    ns = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("bench_app: no Chromium at /usr/bin/chromium (apt-get install chromium); skipped")
        return
    from playwright.sync_api import sync_playwright

    from kam_lessons.content import load_lesson
    from kam_lessons.workbook import build_cohort, lesson_notebooks

    work = Path(tempfile.mkdtemp(prefix="kam-bench-app-"))
    servers: list[_Process] = []
    try:
        (work / "roster.csv").write_text(ROSTER, encoding="utf-8")
        lessons = {k: v for k, v in lesson_notebooks().items() if k in ("01_stages", "02_methods")}
        build_cohort(work / "roster.csv", work / "cohort", notebooks=lessons)
        port = _free_port()
        started = time.perf_counter()
        app = _Process(
            [
                sys.executable,
                "-m",
                "kam_lessons.cli",
                "serve",
                str(work / "cohort"),
                "--port",
                str(port),
            ],
            work,
            "ready",
        )
        servers.append(app)
        floor_dir = work / "floor"
        floor_dir.mkdir()
        (floor_dir / "floor.ipynb").write_text(json.dumps(FLOOR_NOTEBOOK), encoding="utf-8")
        floor_port = _free_port()
        floor = _Process(
            [
                sys.executable,
                "-m",
                "voila",
                "--no-browser",
                f"--port={floor_port}",
                "--Voila.ip=127.0.0.1",
                "--VoilaConfiguration.preheat_kernel=True",
                "--VoilaConfiguration.default_pool_size=1",
                str(floor_dir),
            ],
            floor_dir,
            "is filled with",
        )
        servers.append(floor)
        app.wait()
        ready_s = time.perf_counter() - started
        floor.wait()
        with (work / "cohort" / "links.csv").open(encoding="utf-8") as fh:
            link = fh.read().splitlines()[1].split(",")[-1]
        base = link.split("?")[0]
        questions = len(load_lesson("01_stages", "en").questions)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                warm = browser.new_context()
                warm.new_page().goto(link)  # sets the trainee's cookie for the profile below
                cookies = warm.cookies()
                warm.close()
                lesson: dict[str, list[float]] = {
                    "text": [],
                    "all": [],
                    "after_load": [],
                    "warm": [],
                }
                path: dict[str, list[float]] = {"at_once": [], "warm": [], "after_warm": []}
                for _ in range(ns.runs):
                    context_url = f"{base}lesson/01_stages"
                    result = _measure_with_cookie(browser, context_url, questions, cookies)
                    for k, v in result.items():
                        lesson[k].append(v)
                    time.sleep(BETWEEN)  # the pool starts its next kernel, as between visitors
                    for key, value in _measure_path(browser, link, questions).items():
                        path[key].append(value)
                    time.sleep(BETWEEN)
                context = browser.new_context(viewport={"width": 1300, "height": 1000})
                context.add_cookies(cast(Any, cookies))
                inter = measure_interactions(context, base, ns.runs)
                context.close()
                floor_figures = measure_floor(
                    browser, f"http://127.0.0.1:{floor_port}/voila/render/floor.ipynb", ns.runs
                )
            finally:
                browser.close()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    rows = [
        ("server start to every lesson ready (1 trainee × 2 lessons)", f"{ready_s:.1f} s", "", ""),
        _figure("lesson 1: first text (first paint, new profile)", lesson["text"], "≤ 500 ms"),
        _figure(
            "lesson 1: every widget (18 questions), from navigation", lesson["all"], "≤ 1000 ms"
        ),
        _figure(
            "lesson 1: every widget, after the page loaded (DOMContentLoaded)",
            lesson["after_load"],
            "≤ 1000 ms",
        ),
        _figure("lesson 1: every widget, returning visitor (scripts cached)", lesson["warm"], ""),
        _figure(
            "trainee's path, new profile: course page → click lesson 1 at once → every widget",
            path["at_once"],
            "≤ 1000 ms",
        ),
        _figure("  the course page's warm-up (load → Voilà's scripts run)", path["warm"], ""),
        _figure(
            "trainee's path, new profile: click after the warm-up → every widget",
            path["after_warm"],
            "≤ 1000 ms",
        ),
        _figure("Check → feedback (q1)", inter["check"], "≤ 100 ms"),
        _figure("value/cost slider step → chart redrawn", inter["slider"], "≤ 150 ms"),
        _figure("floor: bare Voilà page, first paint", floor_figures["text"], ""),
        _figure("floor: its one button on screen", floor_figures["all"], ""),
        _figure("floor: button click → reply shown", floor_figures["click"], ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\nThe course as an app (kam serve, Voilà, headless Chromium), median of {ns.runs}:")
    for name, median, spread, target in rows:
        print(f"  {name:<{width}}  {median:>8}  {spread:>11}  {target}")


def _measure_with_cookie(browser: Any, url: str, questions: int, cookies: list) -> dict[str, float]:
    """Open a lesson in a new profile; return its first paint and all-widgets times (ms)."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.add_cookies(cast(Any, cookies))
    try:
        page = context.new_page()
        page.add_init_script(WATCH + f"window.__kamNeed = {questions};")
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__kam && window.__kam.all", timeout=120_000, polling=50)
        paint = page.evaluate(
            "performance.getEntriesByName('first-contentful-paint')[0]?.startTime || 0"
        )
        loaded = page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd || 0"
        )
        every = float(page.evaluate("window.__kam.all"))
        # a returning visitor: the same profile (Voilà's scripts cached) opens it again,
        # once the pool has started its next kernel
        page.wait_for_timeout(BETWEEN * 1000)
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__kam && window.__kam.all", timeout=120_000, polling=50)
        again = float(page.evaluate("window.__kam.all"))
        return {"text": float(paint), "all": every, "after_load": every - loaded, "warm": again}
    finally:
        context.close()


def _click_to_widgets(page: Any, questions: int) -> float:
    """Click lesson 1 on the course page; return ms from the click until every widget."""
    clicked = float(page.evaluate("Date.now()"))
    page.click("a.lesson >> nth=0")
    page.wait_for_function(
        f"window.__kam && window.__kam.all && location.pathname.endsWith('lesson/01_stages') "
        f"&& document.querySelectorAll('.kam-prompt').length >= {questions}",
        timeout=120_000,
        polling=50,
    )
    return float(page.evaluate("performance.timeOrigin + window.__kam.all")) - clicked


def _measure_path(browser: Any, link: str, questions: int) -> dict[str, float]:
    """The trainee's path in new profiles: the link (course page), then a click on lesson 1.

    Returns ms from the click until every widget, clicking as soon as the course page
    has loaded (``at_once``) and once its warm-up frame has run Voilà's scripts
    (``after_warm``), and how long that warm-up took after the course page loaded.
    """
    out: dict[str, float] = {}
    for wait in (False, True):
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        try:
            page = context.new_page()
            page.add_init_script(WATCH + f"window.__kamNeed = {questions};")
            page.goto(link)  # until the course page's load event
            if wait:
                loaded = float(page.evaluate("Date.now()"))
                page.wait_for_function(
                    "(() => { const f = document.getElementById('kam-warm');"
                    " return !f || !f.src || (f.contentWindow && f.contentWindow.jupyterapp); })()",
                    timeout=60_000,
                    polling=20,
                )
                out["warm"] = float(page.evaluate("Date.now()")) - loaded
                out["after_warm"] = _click_to_widgets(page, questions)
            else:
                out["at_once"] = _click_to_widgets(page, questions)
        finally:
            context.close()
        if not wait:
            time.sleep(BETWEEN)
    return out


if __name__ == "__main__":  # pragma: no cover
    main()
