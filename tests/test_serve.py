"""``kam serve``: links, tokens and refusals, the kernel socket, and the lessons in Chromium.

Two cohorts of two trainees (lessons 1 and 2), built once: one in practice mode (James,
English; Anna, Russian), one in assessment mode. Each is served by ``kam serve`` on
127.0.0.1 for the module, and stopped (its kernels too) at the end.
"""

from __future__ import annotations

import asyncio
import csv
import html
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from kam_lessons.browser import ARGS, CHROMIUM
from kam_lessons.content import load_lesson
from kam_lessons.serve import (
    ALLOWED_MESSAGES,
    NO_KERNEL,
    V1_PROTOCOL,
    load_tokens,
    message_type,
    rewrite_lesson_page,
    warm_page,
    warm_shell,
)

LESSONS = ("01_stages", "02_methods")
ROSTER = "trainee_id,name,lang\njames,James Okafor,en\nanna,Анна Смирнова,ru\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Server:
    """``kam serve DIR`` in a subprocess, for as long as the tests need it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kam_lessons.cli",
                "serve",
                str(folder),
                "--port",
                str(self.port),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "KAM_LANG": "en"},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def wait_ready(self) -> None:
        _wait(
            lambda: any("ready" in x for x in self.lines) or self.proc.poll() is not None,
            240,
            "kam serve to be ready",
        )
        assert self.proc.poll() is None, "\n".join(self.lines)

    def links(self) -> dict[str, str]:
        with (self.folder / "links.csv").open(encoding="utf-8") as fh:
            return {row["trainee_id"]: row["url"] for row in csv.DictReader(fh)}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _build(root: Path, mode: str) -> Path:
    from kam_lessons.workbook import build_cohort, lesson_notebooks

    roster = root / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    notebooks = {k: v for k, v in lesson_notebooks().items() if k in LESSONS}
    out = root / mode
    build_cohort(roster, out, mode=mode, notebooks=notebooks)
    return out


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The practice and the assessment cohort, each served (started side by side)."""
    root = tmp_path_factory.mktemp("serve")
    started = {mode: Server(_build(root, mode)) for mode in ("practice", "assessment")}
    try:
        for server in started.values():
            server.wait_ready()
        yield started
    finally:
        for server in started.values():
            server.stop()


def _get(url: str, cookie: str | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


# -- no browser ---------------------------------------------------------------------------
def test_message_types_are_read_in_both_framings():
    header = json.dumps({"msg_type": "execute_request"}).encode()
    parts = [b"shell", header, b"{}", b"{}", b"{}"]
    offsets = [8 * (1 + len(parts) + 1)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    v1 = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    v1 += b"".join(parts)
    assert message_type(v1, V1_PROTOCOL) == "execute_request"
    legacy = json.dumps({"header": {"msg_type": "comm_msg"}, "content": {}})
    assert message_type(legacy) == "comm_msg"
    assert message_type(b"\x00garbage", V1_PROTOCOL) == ""
    assert "execute_request" not in ALLOWED_MESSAGES


def test_tokens_are_kept_private_and_stable(tmp_path):
    from kam_lessons.roster import Trainee

    people = [Trainee("a", "A", "en"), Trainee("b", "B", "ru")]
    first = load_tokens(tmp_path, people)
    assert load_tokens(tmp_path, people) == first
    assert len(set(first.values())) == 2 and all(len(v) >= 32 for v in first.values())
    assert (tmp_path / ".kam-serve.json").stat().st_mode & 0o077 == 0


def test_the_lesson_page_is_rewritten_under_the_trainee_and_loads_nothing_from_the_internet():
    page = (
        '<html lang="en"><head><title>x</title>'
        '<link rel="stylesheet" href="https://cdn.example/fa.css" type="text/css" />'
        '<script src="/voila/static/voila.js"></script></head><body data-base-url="/voila/">'
        '<script id="jupyter-config-data">{"baseUrl": "/", "fullStaticUrl": "/voila/static"}'
        "</script>"
        '<script type="application/vnd.voila.cell-output+json">'
        '{"data": {"text/markdown": "# Hello <b>x</b>"}}</script></body></html>'
    )
    out = rewrite_lesson_page(page, "/t/anna/v/", "ru", "Урок")
    assert "https://" not in out and '"/voila/' not in out
    assert '"baseUrl": "/t/anna/v/"' in out and '"/t/anna/v/voila/static"' in out
    assert '<html lang="ru">' in out and "<title>Урок</title>" in out
    assert "<h1>Hello &lt;b&gt;x&lt;/b&gt;</h1>" in out  # prose shown at once, escaped


_KERNEL_ID = "0123abcd-0000-4000-8000-00000000beef"
_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>01_stages</title>'
    '<script src="/voila/templates/lab/static/voila-style.js?v=1"></script></head>'
    '<body class="jp-Notebook" data-base-url="/voila/" data-voila="voila">'
    '<script id="jupyter-config-data" type="application/json">'
    f'{{"appVersion": "0.5.13", "baseUrl": "/", "kernelId": "{_KERNEL_ID}", '
    '"fullStaticUrl": "/voila/static"}</script>'
    '<div cell-index="1"><script type="application/vnd.voila.cell-output+json">'
    '{"data": {"text/markdown": "the answer is B"}}</script></div>'
    '<script src="/voila/static/voila.js"></script></body></html>'
)


@pytest.mark.parametrize("renders", [True, False])
def test_the_shell_is_made_from_a_full_pool_and_ready_waits_for_its_refill(
    tmp_path, monkeypatch, renders
):
    from kam_lessons.serve.upstream import VoilaServer

    for name in ("anna/01_stages.ipynb", "anna/02_methods.ipynb"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    calls, shells, ready = [], [], []
    server = VoilaServer(
        tmp_path,
        1,
        on_ready=lambda: ready.append(1),
        shell_from="anna/01_stages.ipynb",
        on_shell=shells.append,
    )

    def call(path, method="GET"):
        calls.append((path, method, server.filled))
        if not renders:
            raise OSError("no page")
        return _PAGE.encode() if "render" in path else b""

    monkeypatch.setattr(server, "_call", call)
    server.filled = 1
    server._check()  # one pool of two is full: no page is asked for yet
    assert not calls and not ready
    server.filled = 2
    server._check()
    assert server.shell_done.wait(10)
    assert calls[0] == ("voila/render/anna/01_stages.ipynb", "GET", 2)
    if renders:
        assert calls[1] == (f"voila/api/shutdown/{_KERNEL_ID}", "POST", 2)
        assert len(shells) == 1 and NO_KERNEL in shells[0] and not ready  # refill pending
        server.filled = 3
        server._check()
    else:
        assert not shells
    assert ready == [1]
    server.stop()


def test_the_shell_keeps_voilas_scripts_and_nothing_of_the_notebook():
    kernel = "0123abcd-0000-4000-8000-00000000beef"
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>01_stages</title>'
        '<script src="/voila/templates/lab/static/voila-style.js?v=1"></script></head>'
        '<body class="jp-Notebook" data-base-url="/voila/" data-voila="voila">'
        '<script id="jupyter-config-data" type="application/json">'
        f'{{"appVersion": "0.5.13", "baseUrl": "/", "kernelId": "{kernel}", '
        '"fullStaticUrl": "/voila/static"}</script>'
        '<div cell-index="1"><script type="application/vnd.voila.cell-output+json">'
        '{"data": {"text/markdown": "the answer is B"}}</script></div>'
        '<script src="/voila/static/voila.js"></script></body></html>'
    )
    shell = warm_shell(page)
    assert shell is not None
    assert "cell-index" not in shell and "answer" not in shell and "01_stages" not in shell
    assert kernel not in shell and NO_KERNEL in shell
    out = warm_page(shell, "/t/anna/v/", "ru")
    assert '<html lang="ru">' in out and '"baseUrl": "/t/anna/v/"' in out
    assert '"/voila/' not in out  # Voilà's scripts under its version: kept for good
    assert '"/t/anna/v/voila/static/_v0.5.13/voila.js"' in out
    assert '"fullStaticUrl": "/t/anna/v/voila/static/_v0.5.13"' in out
    assert warm_shell("<html><body>not Voilà's</body></html>") is None


def test_serve_refuses_a_folder_that_is_not_a_cohort_and_a_port_in_use(runner, tmp_path):
    from kam_lessons.cli import main

    result = runner.invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    cohort = _build(tmp_path, "practice")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(main, ["serve", str(cohort), "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port}" in result.output and "Traceback" not in result.output


def test_links_are_private_and_every_other_request_is_refused(servers):
    server = servers["practice"]
    links = server.links()
    assert set(links) == {"james", "anna"}
    assert (server.folder / "links.csv").stat().st_mode & 0o077 == 0
    james, anna = links["james"], links["anna"]
    token = james.split("token=")[1]
    status, body, headers = _get(james)
    assert status == 200 and b"James Okafor" in body
    cookie = headers["Set-Cookie"].split(";")[0]
    assert _get(f"{server.base}/t/james/lesson/01_stages", cookie)[0] == 200
    refused = [
        f"{server.base}/",
        f"{server.base}/t/james/",  # no token
        f"{server.base}/t/james/?token=wrong{token}",
        f"{server.base}/t/anna/?token={token}",  # James's token on Anna's course
        anna.replace("/t/anna/", "/t/james/"),  # Anna's token on James's course
        f"{server.base}/t/nobody/?token={token}",
        f"{server.base}/voila/render/james/01_stages.ipynb",
        f"{server.base}/links.csv",
        f"{server.base}/cohort.json",
    ]
    for url in refused:
        assert _get(url)[0] == 403, url
    with_cookie = [
        f"{server.base}/t/anna/lesson/01_stages",  # the other trainee's lesson
        f"{server.base}/t/anna/",
        f"{server.base}/t/james/lesson/09_nothing",
        f"{server.base}/t/james/v/voila/render/anna/01_stages.ipynb",
        f"{server.base}/t/james/v/voila/render/james/01_stages.ipynb",
        f"{server.base}/t/james/v/voila/tree",
        f"{server.base}/t/james/v/voila/files/james/answers/01_stages.json",
        f"{server.base}/t/james/v/api/contents/james",
        f"{server.base}/t/james/v/voila/static/../../cohort.json",
        f"{server.base}/t/james/v/api/kernels",
    ]
    for url in with_cookie:
        assert _get(url, cookie)[0] == 403, url


def test_the_course_page_warms_the_browser_with_a_shell_of_no_lesson(servers):
    server = servers["assessment"]
    links = server.links()
    status, _, headers = _get(links["james"])
    assert status == 200
    cookie = headers["Set-Cookie"].split(";")[0]
    course = _wait(
        lambda: (b := _get(f"{server.base}/t/james/", cookie)[1]) and b'id="kam-warm"' in b and b,
        60,
        "the course page's warm-up frame",
    )
    assert b'id="kam-warm"' in course
    status, shell, headers = _get(f"{server.base}/t/james/warm", cookie)
    assert status == 200 and headers["X-Frame-Options"] == "SAMEORIGIN"
    text = shell.decode("utf-8")
    assert "cell-index" not in text and "cell-output" not in text
    assert NO_KERNEL in text and '"baseUrl": "/t/james/v/"' in text
    assert not re.findall(r'"kernelId": "(?!' + NO_KERNEL + ")", text)
    assert 'href="https://' not in text and 'src="https://' not in text
    anna = _get(links["anna"])[2]["Set-Cookie"].split(";")[0]
    status, shell, _ = _get(f"{server.base}/t/anna/warm", anna)  # made from another's page
    assert status == 200 and b"james" not in shell.lower() and b'<html lang="ru">' in shell
    assert _get(f"{server.base}/t/james/warm")[0] == 403  # no token
    assert _get(f"{server.base}/t/anna/warm", cookie)[0] == 403  # another trainee's
    assert _get(f"{server.base}/t/james/v/api/kernels/{NO_KERNEL}", cookie)[0] == 404
    assert _get(f"{server.base}/t/james/v/api/kernels/{NO_KERNEL}")[0] == 403
    script = re.search(r'"(/t/james/v/voila/static/_v[^"/]+/voila\.js)"', text)
    assert script, "Voilà's script under its version"
    status, _, headers = _get(server.base + script.group(1), cookie)
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert _get(server.base + script.group(1))[0] == 403


def test_the_kernel_socket_refuses_code_and_other_trainees(servers, tmp_path):
    import tornado.httpclient
    import tornado.websocket

    server = servers["practice"]
    links = server.links()
    _, _, headers = _get(links["james"])
    cookie = headers["Set-Cookie"].split(";")[0]
    _, anna_page, _ = _get(links["anna"].replace("/?token=", "/lesson/01_stages?token="))
    anna_kernel = re.search(rb'"kernelId": "([0-9a-f-]{36})"', anna_page).group(1).decode()
    _, page, _ = _get(f"{server.base}/t/james/lesson/01_stages", cookie)
    kernel = re.search(rb'"kernelId": "([0-9a-f-]{36})"', page).group(1).decode()
    witness = tmp_path / "ran"

    def message(msg_type: str, content: dict) -> str:
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "",
            "session": "s",
            "version": "5.3",
            "date": "",
        }
        return json.dumps(
            {
                "header": header,
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )

    async def talk() -> None:
        ws_base = server.base.replace("http://", "ws://")
        other = tornado.httpclient.HTTPRequest(
            f"{ws_base}/t/james/v/api/kernels/{anna_kernel}/channels", headers={"Cookie": cookie}
        )
        with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
            await tornado.websocket.websocket_connect(other)
        assert refused.value.code == 403
        request = tornado.httpclient.HTTPRequest(
            f"{ws_base}/t/james/v/api/kernels/{kernel}/channels?session_id=s",
            headers={"Cookie": cookie},
        )
        ws = await tornado.websocket.websocket_connect(request)
        await ws.write_message(message("kernel_info_request", {}))
        while True:  # the socket works: the kernel answers what widgets may ask
            reply = await asyncio.wait_for(ws.read_message(), 60)
            assert reply is not None
            if json.loads(reply)["header"]["msg_type"] == "kernel_info_reply":
                break
        code = f"open({str(witness)!r}, 'w').write('x')"
        await ws.write_message(message("execute_request", {"code": code, "silent": False}))
        while True:  # refused: the front closes the socket, nothing reaches the kernel
            reply = await asyncio.wait_for(ws.read_message(), 60)
            if reply is None:
                break
            assert json.loads(reply)["header"]["msg_type"] not in ("execute_reply", "execute_input")
        assert ws.close_code == 4403
        ws.close()

    asyncio.run(talk())
    assert not witness.exists()


# -- in Chromium ------------------------------------------------------------------------
pytestmark_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="no Chromium here"
)


def _question(page, number: int):
    return (
        page.locator(".kam-prompt")
        .nth(number - 1)
        .locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
    )


def _numbers(lesson_id: str, lang: str) -> dict[str, tuple[int, str]]:
    """``{question id: (number on the page, type)}``."""
    lesson = load_lesson(lesson_id, lang)
    shown = [qid for s in lesson.sections for qid in s.questions]
    return {qid: (n, lesson.question(qid).type) for n, qid in enumerate(shown, start=1)}


def _open_lesson(page, course_url: str, lesson_id: str) -> None:
    page.goto(course_url)
    page.click(f"a[href='lesson/{lesson_id}']")
    total = len(load_lesson(lesson_id, "en").questions)
    page.wait_for_function(
        f"document.querySelectorAll('.kam-prompt').length >= {total} && "
        "document.querySelectorAll('.kam-progress').length >= 2",
        timeout=120_000,
    )


def _saved(folder: Path, trainee: str, lesson_id: str) -> dict:
    path = folder / trainee / "answers" / f"{lesson_id}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["answers"]
    except (OSError, ValueError, KeyError):
        return {}


def _answer(page, folder: Path, trainee: str, lesson_id: str, qid: str, n: int, kind: str):
    box = _question(page, n)
    box.scroll_into_view_if_needed()
    if kind == "single":
        box.locator(".widget-radio-box label").nth(0).click()
    elif kind == "multiple":
        box.locator(".widget-label-basic").nth(0).click()  # the option's text ticks its box
    elif kind in ("matching", "categorize"):
        if box.locator("select").count():
            box.locator("select").nth(0).select_option(index=1)
        else:
            box.locator(".kam-toggle button").nth(0).click()
    elif kind == "ordering":
        box.get_by_role("button", name="↓").nth(0).click()
    elif kind == "numeric":
        box.locator("input[type=text]").fill("3")
    elif kind == "text":
        box.locator("textarea").fill("I would agree a joint plan.")
    elif kind == "value_cost":
        box.locator("button").filter(has_text=re.compile("Rate the rest|Оценить")).click()
        box.locator(".widget-toggle-button").nth(0).click()
    _wait(lambda: qid in _saved(folder, trainee, lesson_id), 60, f"{qid} saved")


@pytestmark_browser
def test_a_trainee_answers_every_type_reloads_and_kam_grade_counts_them(servers):
    from playwright.sync_api import expect, sync_playwright

    from kam_lessons.gradebook import grade_cohort

    server = servers["practice"]
    folder, url = server.folder, server.links()["james"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            answered: dict[str, list[str]] = {}
            for lesson_id in LESSONS:
                _open_lesson(page, url, lesson_id)
                done: set[str] = set()
                for qid, (n, kind) in _numbers(lesson_id, "en").items():
                    if kind not in done:
                        _answer(page, folder, "james", lesson_id, qid, n, kind)
                        done.add(kind)
                        answered.setdefault(lesson_id, []).append(qid)
                if lesson_id == "01_stages":  # Check: item by item, right and wrong
                    qid = next(
                        q
                        for q in answered[lesson_id]
                        if _numbers(lesson_id, "en")[q][1] == "multiple"
                    )
                    box = _question(page, _numbers(lesson_id, "en")[qid][0])
                    box.get_by_role("button", name="Check").click()
                    expect(box.locator(".kam-items li")).not_to_have_count(0, timeout=30_000)
                    assert box.locator(".kam-item-wrong, .kam-item-right").count() >= 2
            kinds = {k for lid in LESSONS for _, k in _numbers(lid, "en").values()}
            assert kinds >= {
                "single",
                "multiple",
                "matching",
                "ordering",
                "categorize",
                "numeric",
                "text",
                "value_cost",
            }
            for lesson_id in LESSONS:  # a reload restores every answer
                page.goto(url.split("?")[0] + f"lesson/{lesson_id}")
                restored = page.get_by_text("Your saved answer")
                expect(restored).to_have_count(len(answered[lesson_id]), timeout=120_000)
            browser.close()
        finally:
            if browser.is_connected():
                browser.close()
    book = grade_cohort(folder)
    counts = {row.lesson: row.answered for row in book.rows if row.trainee_id == "james"}
    assert counts == {lid: len(qids) for lid, qids in answered.items()}


_PLAIN = re.compile(r"[^*_`\[\]()#\n|>]{30,}")


def _readable(text: str) -> str:
    """Return text with JSON's \\u escapes and HTML's entities decoded, as a reader sees it."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text)


def _frame_text(frame: str | bytes) -> str:
    """Return a kernel websocket frame as text (v1 binary framing: every part decoded)."""
    if isinstance(frame, str):
        return _readable(frame)
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    parts = [frame[a:b] for a, b in itertools.pairwise(offsets)]
    return _readable("\n".join(p.decode("utf-8", "replace") for p in parts))


def _english_words(text: str) -> set[str]:
    allowed = {"KAM", "Key", "Account", "Management", "CRM", "Kestrel", "Windows", "Doors"}
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed}


@pytestmark_browser
def test_assessment_serves_no_key_and_a_russian_trainee_sees_no_english(servers):
    from playwright.sync_api import sync_playwright

    server = servers["assessment"]
    url = server.links()["anna"]
    secrets: list[str] = []
    for lesson_id in LESSONS:
        for q in load_lesson(lesson_id, "ru").questions:
            secrets += [q.explain, *getattr(q, "rubric", ())]
    # a plain run of words from each (Markdown marks split it), searched in the decoded text
    secrets = [m[0].strip() for s in secrets if (m := _PLAIN.findall(s))]
    assert len(secrets) > 10
    received: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1300, "height": 1000})
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda r: urls.append(r.url))

            def frames(ws) -> None:
                ws.on("framereceived", lambda frame: received.append(_frame_text(frame)))

            page.on("websocket", frames)
            for lesson_id in LESSONS:
                _open_lesson(page, url, lesson_id)
                assert page.locator("button").filter(has_text="Проверить").count() == 0
                english = _english_words(page.inner_text("body"))
                assert not english, f"English on {lesson_id}: {sorted(english)[:20]}"
                # answer one question; what comes back over the socket is in `received`
                box = _question(page, 1)
                box.locator(".widget-radio-box label").nth(0).click()
                _wait(
                    lambda lid=lesson_id: _saved(server.folder, "anna", lid), 60, "an answer saved"
                )
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
            browser.close()
        finally:
            if browser.is_connected():
                browser.close()
    served = [
        _readable(_get(u, cookie)[1].decode("utf-8", "replace"))
        for u in sorted(set(urls))
        if u.startswith(server.base)
    ]
    everything = "\n".join(served + received)
    assert len(served) > 5 and received
    leaked = [s for s in secrets if s in everything]
    assert not leaked, leaked[:3]
