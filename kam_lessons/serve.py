"""``kam serve``: a built cohort as a web app, one private link per trainee.

Two processes, one machine::

    browser ──HTTP/WS──▶ the front (this module, tornado, --host:--port)
                              │  checks the trainee's token (link or cookie),
                              │  forwards only that trainee's lesson pages, Voilà's
                              │  own static files, and the websockets of the kernels
                              │  it handed that trainee; drops every kernel message
                              │  but the widgets' (no execute_request ever passes)
                              ▼
                         Voilà (127.0.0.1:<random port>, its own secret token)
                              │  runs each trainee's notebook server-side, with
                              │  kernels pre-started and the lesson already run
                              ▼
                         one kernel per open lesson, cwd = the trainee's folder,
                         saving to ``<trainee>/answers/<lesson>.json`` (AnswerStore)

Links carry a token per trainee, kept in ``DIR/.kam-serve.json`` (owner only), so a
restarted server gives the same links; ``DIR/links.csv`` lists them (owner only).
Anything the front does not know, another trainee's page, a wrong or missing token:
HTTP 403. Nothing under ``DIR`` is ever listed or served as a file.

In assessment mode the notebook opens the lesson from the trainee's ``bank/`` file,
which holds no key, explanations or rubric: the kernel never has them, so no widget,
page or message can carry them.
"""

from __future__ import annotations

import contextlib
import csv
import hmac
import html
import io
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.roster import Trainee
from kam_lessons.storage import write_atomic
from kam_lessons.workbook import Cohort, read_cohort

SECRETS = ".kam-serve.json"
LINKS = "links.csv"
COOKIE = "kam_token"
#: What the browser may send to a kernel: the widgets' messages, nothing that runs code.
ALLOWED_MESSAGES = frozenset(
    {"comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request"}
)
#: The kernel id of the shell (:func:`warm_shell`): never one of Voilà's, answered 404.
NO_KERNEL = "00000000-0000-0000-0000-000000000000"
#: Seconds Voilà waits before starting the kernel that replaces one a page took: the page
#: is up (about 1 s) before the new kernel's start (a few seconds of CPU) competes with it.
REFILL_DELAY = 2.0
#: The websocket close code for a refused message (4000-4999: the application's own).
REFUSED = 4403
_ID = r"[A-Za-z0-9._-]{1,64}"
_KERNEL = r"[0-9a-f-]{36}"
#: Voilà's own files the page loads (no path from the cohort folder is among them).
_STATIC = re.compile(
    r"^(voila/static|voila/templates/[a-z]+/static|voila/labextensions|voila/api/themes)"
    r"/[A-Za-z0-9@._/~+-]+$"
)

#: Voilà's scripts under its version's folder (see ``_under``): ``voila/static/_v<v>/<file>``.
_VERSIONED = re.compile(r"^voila/static/_v[0-9A-Za-z.+-]{1,40}/([A-Za-z0-9@._/~+-]+)$")


@dataclass
class Served:
    """What the front serves: the cohort, each trainee's token, and the kernels handed out."""

    cohort: Cohort
    tokens: dict[str, str]
    upstream: str
    upstream_token: str
    kernels: dict[str, str] = field(default_factory=dict)  # kernel id -> trainee id
    shell: str | None = None  # Voilà's page with no cells and no kernel (see warm_shell)

    def trainee(self, trainee_id: str) -> Trainee | None:
        """Return the cohort's trainee of that id, or ``None``."""
        return next((x for x in self.cohort.trainees if x.trainee_id == trainee_id), None)


# -- tokens and links ---------------------------------------------------------------------
def load_tokens(folder: Path, trainees: list[Trainee]) -> dict[str, str]:
    """Return a secret token per trainee, made once and kept in ``DIR/.kam-serve.json`` (0600)."""
    path = folder / SECRETS
    tokens: dict[str, str] = {}
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        tokens = {k: v for k, v in data.get("tokens", {}).items() if isinstance(v, str)}
    changed = False
    for trainee in trainees:
        if len(tokens.get(trainee.trainee_id, "")) < 32:
            tokens[trainee.trainee_id] = secrets.token_urlsafe(24)
            changed = True
    if changed or not path.exists():
        write_atomic(path, json.dumps({"tokens": tokens}, indent=1) + "\n")
    os.chmod(path, 0o600)
    return tokens


def public_base(host: str, port: int) -> str:
    """Return the address trainees use: the host given, or this machine's name for all."""
    shown = socket.getfqdn() if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def trainee_url(base: str, trainee_id: str, token: str) -> str:
    """Return a trainee's private link."""
    return f"{base}/t/{trainee_id}/?token={token}"


def write_links(folder: Path, cohort: Cohort, tokens: dict[str, str], base: str) -> Path:
    """Write ``DIR/links.csv`` (``trainee_id,name,url``), readable by the owner only."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["trainee_id", "name", "url"])
    for x in cohort.trainees:
        writer.writerow(
            [x.trainee_id, x.name, trainee_url(base, x.trainee_id, tokens[x.trainee_id])]
        )
    path = folder / LINKS
    write_atomic(path, buf.getvalue())
    os.chmod(path, 0o600)
    return path


def check_port(host: str, port: int) -> None:
    """Raise :class:`KamError` if ``host:port`` cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise KamError(None, "--host", "app.errors.bad_host", host=host, detail=str(exc)) from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno in (98, 48):  # EADDRINUSE (Linux, macOS)
                raise KamError(
                    None, "--port", "app.errors.port_in_use", host=host, port=port
                ) from None
            raise KamError(
                None, "--host", "app.errors.bad_host", host=host, detail=exc.strerror or str(exc)
            ) from None


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the pages the front writes ---------------------------------------------------------
_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;
background:#f6f8fa}main{max-width:760px;margin:2em auto;background:#fff;padding:1.5em 2em;
border:1px solid #d0d7de;border-radius:8px}h1{font-size:1.5em;margin-top:0}
ol{padding-left:1.4em}li{margin:.7em 0}a.lesson{font-weight:600;color:#0b5cad;font-size:1.1em}
.progress{color:#57606a;margin-left:.5em}.bar{display:inline-block;width:120px;height:8px;
background:#eaeef2;border-radius:4px;vertical-align:middle;margin-left:.6em}
.bar span{display:block;height:8px;background:#1f883d;border-radius:4px}.note{color:#57606a}
"""


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{html.escape(title)}</title>'
        f"<style>{_PAGE_CSS}</style></head><body><main>{body}</main></body></html>"
    )


def forbidden_page(langs: list[str]) -> str:
    """Return the page of a refused request, in every language of the course."""
    parts = "".join(
        f"<h1>{html.escape(t(lang, 'app.forbidden_title'))}</h1>"
        f"<p>{html.escape(t(lang, 'app.forbidden'))}</p>"
        for lang in langs
    )
    return _page(langs[0], t(langs[0], "app.forbidden_title"), parts)


def lesson_progress(folder: Path, trainee: Trainee, lesson_id: str) -> tuple[str, int, int]:
    """Return a lesson's title and how many of its questions the trainee has answered."""
    from kam_lessons.answers import answers_path, read_answers
    from kam_lessons.content import load_lesson
    from kam_lessons.scoring import is_answered

    lesson = load_lesson(lesson_id, trainee.lang)
    values: dict[str, Any] = {}
    with contextlib.suppress(KamError, OSError):
        path = answers_path(folder / trainee.trainee_id / "answers", lesson_id)
        if path.exists():
            values = read_answers(path).values()
    answered = sum(is_answered(q, values.get(q.id)) for q in lesson.questions)
    return lesson.title, answered, len(lesson.questions)


# Once the course page is shown, a hidden frame runs Voilà's scripts (no kernel, no cells),
# once per tab, so the browser has them fetched and compiled when a lesson is opened.
_WARM = (
    '<iframe id="kam-warm" hidden aria-hidden="true" tabindex="-1" title="" '
    'style="display:none"></iframe><script>addEventListener("load",function(){'
    'try{if(sessionStorage.getItem("kam-warm"))return;sessionStorage.setItem("kam-warm","1");}'
    'catch(e){}document.getElementById("kam-warm").src="warm";});</script>'
)


def course_page(served: Served, trainee: Trainee) -> str:
    """Return a trainee's course page: the lessons with their progress, each a link."""
    lang = trainee.lang
    rows = []
    for lesson_id in served.cohort.lessons:
        try:
            title, answered, total = lesson_progress(served.cohort.path, trainee, lesson_id)
        except KamError:
            title, answered, total = lesson_id, 0, 0
        share = round(100 * answered / total) if total else 0
        progress = t(lang, "app.lesson_progress", answered=answered, total=total)
        rows.append(
            f'<li><a class="lesson" href="lesson/{html.escape(lesson_id)}">{html.escape(title)}</a>'
            f'<span class="progress">{html.escape(progress)}</span>'
            f'<span class="bar"><span style="width:{share}%"></span></span></li>'
        )
    who = t(lang, "app.course_for", name=trainee.name or trainee.trainee_id)
    body = (
        f"<h1>{html.escape(t(lang, 'app.course_title'))}</h1><p>{html.escape(who)}</p>"
        f'<p class="note">{html.escape(t(lang, f"app.mode_{served.cohort.mode}"))}</p>'
        f"<ol>{''.join(rows)}</ol>"
    )
    if served.shell is not None:
        body += _WARM
    return _page(lang, t(lang, "app.course_title"), body)


_APP_CSS = """
.kam-app-bar{position:sticky;top:0;z-index:1000;background:#fff;border-bottom:1px solid #d0d7de;
padding:6px 16px;font-family:system-ui,sans-serif}.kam-app-bar a{color:#0b5cad;text-decoration:none}
#kam-app-banner{display:none;position:fixed;bottom:0;left:0;right:0;z-index:1001;background:#fff8c5;
border-top:1px solid #d4a72c;padding:8px 16px;font-family:system-ui,sans-serif}
body[data-voila] #loading{display:none !important}
.jp-Cell-inputWrapper{display:none !important}
"""

# Watches the page: the app's own words in the trainee's language (a widget that cannot be
# shown, a lost connection), and a reload once the server is back (answers come from disk).
_APP_JS = """
(function(){
  var W = __WORDS__, lost = false;
  function banner(text){var b=document.getElementById('kam-app-banner'); if(!b) return;
    b.textContent=text; b.style.display=text?'block':'none';}
  function ping(){fetch('../ping',{cache:'no-store',credentials:'same-origin'}).then(function(r){
      if(r.status!==204) throw new Error(); if(lost){location.reload();} }).catch(function(){
      lost=true; banner(W.reconnecting);});}
  setInterval(ping, 5000);
  function fix(root){var walk=document.createTreeWalker(root,NodeFilter.SHOW_TEXT);var n;
    while((n=walk.nextNode())){if(n.nodeValue.indexOf('Error displaying widget')>=0){
      n.nodeValue=W.widget_error;}}}
  new MutationObserver(function(ms){ms.forEach(function(m){m.addedNodes.forEach(function(x){
    if(x.nodeType===1||x.nodeType===3){fix(x.nodeType===1?x:x.parentNode||document.body);}});});})
    .observe(document.documentElement,{childList:true,subtree:true,characterData:false});
})();
"""


_OUTPUT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.S
)


def _static_output(match: re.Match[str]) -> str:
    """Return a Markdown or SVG output as HTML the browser shows at once (no script needed).

    Widget views stay as they are: Voilà's script renders them once the kernel answers.
    """
    from kam_lessons.views.base import markdown_html

    try:
        data = json.loads(match.group(1)).get("data", {})
    except ValueError:
        return match.group(0)
    if "application/vnd.jupyter.widget-view+json" in data:
        return match.group(0)
    if "text/markdown" in data:
        return (
            '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output" '
            f'data-mime-type="text/markdown">{markdown_html(str(data["text/markdown"]))}</div>'
        )
    if "image/svg+xml" in data:
        svg = str(data["image/svg+xml"])
        if "<script" not in svg.lower():
            return f'<div class="jp-RenderedSVG jp-OutputArea-output">{svg}</div>'
    return match.group(0)


_VERSION = re.compile(r'"appVersion": "([0-9A-Za-z.+-]{1,40})"')


def _under(page: str, prefix: str) -> str:
    """Return a Voilà page with every URL of Voilà's under ``prefix``, and none to the internet.

    Voilà's own scripts (``voila/static/``, names without a hash) are put under a
    folder named after Voilà's version, so a browser may keep them for good: a new
    Voilà is new addresses.
    """
    version = _VERSION.search(page)
    page = page.replace('"/voila/', f'"{prefix}voila/')
    page = page.replace('"baseUrl": "/"', f'"baseUrl": "{prefix}"')
    if version:
        static = f"{prefix}voila/static"
        page = page.replace(f'"{static}/', f'"{static}/_v{version.group(1)}/')
        page = page.replace(f'"{static}"', f'"{static}/_v{version.group(1)}"')
    return re.sub(r'<link[^>]+href="https?://[^"]+"[^>]*>', "", page)


_CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S
)


def warm_shell(page: str) -> str | None:
    """Return Voilà's page as a shell: its head and its scripts, no cell and no kernel.

    The course page runs it in a hidden frame, so a lesson's scripts are in the browser
    (fetched, compiled, run once) before the trainee opens one. Nothing of the notebook
    is kept: the cells and the notebook's name are left out, and the kernel's id is
    :data:`NO_KERNEL`. ``None`` if ``page`` is not the page expected.
    """
    head_end = page.find("</head>")
    body = re.search(r"<body[^>]*>", page)
    config = _CONFIG.search(page)
    main = re.search(r'<script src="/voila/static/[a-z]+\.js"></script>', page)
    if head_end < 0 or not body or not config or not main:
        return None
    try:
        data = json.loads(config.group(1))
    except ValueError:
        return None
    data["kernelId"] = NO_KERNEL  # the front answers 404: the page's widget manager idles
    head = re.sub(r"<title>.*?</title>", "<title></title>", page[:head_end], count=1, flags=re.S)
    return (
        f'{head}</head>{body.group(0)}<script id="jupyter-config-data" type="application/json">'
        f"{json.dumps(data)}</script>{main.group(0)}</body></html>"
    )


def warm_page(shell: str, prefix: str, lang: str) -> str:
    """Return the shell for one trainee: Voilà's URLs under ``prefix``, in ``lang``."""
    page = _under(shell, prefix).replace(
        '<html lang="en">', f'<html lang="{html.escape(lang)}">', 1
    )
    return page.replace(
        "<title></title>", f"<title>{html.escape(t(lang, 'app.loading'))}</title>", 1
    )


def rewrite_lesson_page(page: str, prefix: str, lang: str, title: str) -> str:
    """Return Voilà's page for the front: every URL under ``prefix``, the app's own words.

    Args:
        page: the HTML Voilà rendered.
        prefix: where the front forwards Voilà's paths for this trainee (``/t/<id>/v/``).
        lang: the trainee's language.
        title: the lesson's title.
    """
    # the note on how to start a lesson in JupyterLab (Run All Cells) means nothing here
    page = re.sub(
        r'<div cell-index="1">.*?</div>(?=<div cell-index="2">)', "", page, count=1, flags=re.S
    )
    page = _under(_OUTPUT.sub(_static_output, page), prefix)
    page = page.replace('<html lang="en">', f'<html lang="{html.escape(lang)}">', 1)
    page = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", page, count=1)
    page = page.replace("Running ...", html.escape(t(lang, "app.loading")))
    words = {k: t(lang, f"app.{k}") for k in ("reconnecting", "widget_error")}
    script = _APP_JS.replace("__WORDS__", json.dumps(words, ensure_ascii=False))
    head = (
        '<meta name="referrer" content="no-referrer">'
        f"<style>{_APP_CSS}</style><script>{script}</script>"
    )
    page = page.replace("</head>", head + "</head>", 1)
    bar = (
        f'<div class="kam-app-bar"><a href="../">{html.escape(t(lang, "app.back"))}</a></div>'
        '<div id="kam-app-banner" role="status"></div>'
    )
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, page, count=1)


V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: The most parts a kernel message frame may declare (a widget's buffers are a few).
MAX_PARTS = 1024


def message_type(message: str | bytes, protocol: str | None = None) -> str:
    """Return the ``msg_type`` of a kernel websocket message ("" if it cannot be read).

    Reads both framings jupyter_server speaks: the v1 protocol (binary: offsets, the
    channel, then the header) and the legacy one (JSON text, or binary with buffers).
    """
    try:
        if protocol == V1_PROTOCOL:
            if not isinstance(message, bytes):
                return ""
            count = int.from_bytes(message[:8], "little")
            if not 3 <= count <= MAX_PARTS or len(message) < 8 * (count + 1):
                return ""
            offsets = [
                int.from_bytes(message[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(3)
            ]
            header = message[offsets[1] : offsets[2]].decode("utf-8")
            return str(json.loads(header)["msg_type"])
        if isinstance(message, bytes):
            count = struct.unpack_from("!I", message, 0)[0]
            if not 1 <= count <= MAX_PARTS:
                return ""
            starts = struct.unpack_from(f"!{count}I", message, 4)
            end = starts[1] if count > 1 else len(message)
            message = message[starts[0] : end].decode("utf-8")
        return str(json.loads(message)["header"]["msg_type"])
    except (ValueError, KeyError, TypeError, struct.error, IndexError, UnicodeDecodeError):
        return ""


def authorize(handler: Any, served: Served, trainee_id: str) -> Trainee | None:
    """Return the trainee if the request carries their token (``?token=`` or the cookie).

    A right token in the link also sets the cookie (HttpOnly, SameSite=Strict, only for
    that trainee's paths), so the pages and sockets the lesson opens carry it.
    """
    trainee = served.trainee(trainee_id)
    expected = served.tokens.get(trainee_id)
    if trainee is None or expected is None:
        return None
    given = handler.get_query_argument("token", None)
    if given is not None:
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return None
        handler.set_cookie(
            COOKIE, expected, path=f"/t/{trainee_id}/", httponly=True, samesite="Strict"
        )
        return trainee
    cookie = handler.get_cookie(COOKIE) or ""
    return trainee if hmac.compare_digest(cookie.encode(), expected.encode()) else None


def _debug(*parts: object) -> None:
    if os.environ.get("KAM_SERVE_DEBUG"):
        print("[kam serve]", *parts, file=sys.stderr, flush=True)


# -- the front ------------------------------------------------------------------------------
def make_app(served: Served) -> Any:
    """Return the front's tornado application."""
    import tornado.web
    import tornado.websocket
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    langs = sorted({x.lang for x in served.cohort.trainees}) or ["en"]

    class Base(tornado.web.RequestHandler):
        def set_default_headers(self) -> None:
            self.set_header("Cache-Control", "no-store")
            self.set_header("Referrer-Policy", "no-referrer")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("X-Frame-Options", "DENY")

        def refuse(self, status: int = 403) -> None:
            _debug("refused", self.request.method, self.request.path)
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(forbidden_page(langs))

        def who(self, trainee_id: str) -> Trainee | None:
            """Return the trainee if this request carries their token (link or cookie)."""
            return authorize(self, served, trainee_id)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(forbidden_page(langs))

    class Refuse(Base):
        def prepare(self) -> None:
            self.refuse()

    class Course(Base):
        def get(self, trainee_id: str) -> None:
            trainee = self.who(trainee_id)
            if trainee is None:
                return self.refuse()
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(course_page(served, trainee))

    class Ping(Base):
        def get(self, trainee_id: str) -> None:
            if self.who(trainee_id) is None:
                return self.refuse()
            self.set_status(204)
            self.finish()

    async def fetch(path: str, method: str = "GET", body: bytes | None = None, **kw: Any) -> Any:
        request = HTTPRequest(
            f"{served.upstream}/{path}",
            method=method,
            body=body if method == "POST" else None,
            headers={"Authorization": f"token {served.upstream_token}", **kw},
            follow_redirects=False,
            request_timeout=120,
        )
        return await AsyncHTTPClient().fetch(request, raise_error=False)

    class Lesson(Base):
        async def get(self, trainee_id: str, lesson_id: str) -> None:
            trainee = self.who(trainee_id)
            if trainee is None or lesson_id not in served.cohort.lessons:
                return self.refuse()
            response = await fetch(f"voila/render/{trainee_id}/{lesson_id}.ipynb")
            if response.code != 200:
                self.set_status(502)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                text = html.escape(t(trainee.lang, "app.upstream_down"))
                self.finish(_page(trainee.lang, text, f"<p>{text}</p>"))
                return
            page = response.body.decode("utf-8")
            found = re.search(r'"kernelId": "(' + _KERNEL + ')"', page)
            if found:
                served.kernels[found.group(1)] = trainee_id
            if served.shell is None:
                served.shell = warm_shell(page)
            try:
                title = lesson_progress(served.cohort.path, trainee, lesson_id)[0]
            except KamError:
                title = lesson_id
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(rewrite_lesson_page(page, f"/t/{trainee_id}/v/", trainee.lang, title))

    class Warm(Base):
        def get(self, trainee_id: str) -> None:
            trainee = self.who(trainee_id)
            if trainee is None or served.shell is None:
                return self.refuse()
            self.set_header("Content-Type", "text/html; charset=utf-8")
            # shown only in a frame of the course page (this site's own)
            self.set_header("X-Frame-Options", "SAMEORIGIN")
            self.set_header("Content-Security-Policy", "frame-ancestors 'self'")
            self.finish(warm_page(served.shell, f"/t/{trainee_id}/v/", trainee.lang))

    static_cache: dict[str, tuple[int, dict[str, str], bytes]] = {}

    class Upstream(Base):
        async def forward(self, trainee_id: str, rest: str) -> None:
            if self.who(trainee_id) is None or ".." in rest:
                return self.refuse()
            method = self.request.method or "GET"
            shutdown = re.fullmatch(r"voila/api/shutdown/(" + _KERNEL + ")", rest)
            kernel = re.fullmatch(r"api/kernels/(" + _KERNEL + ")", rest)
            if shutdown and method == "POST":
                if served.kernels.get(shutdown.group(1)) != trainee_id:
                    return self.refuse()
            elif kernel and method == "GET":
                if kernel.group(1) == NO_KERNEL:  # the shell's: no kernel, nothing to show
                    return self.refuse(404)
                if served.kernels.get(kernel.group(1)) != trainee_id:
                    return self.refuse()
            elif not (_STATIC.match(rest) and method == "GET"):
                return self.refuse()
            query = f"?{self.request.query}" if self.request.query and not shutdown else ""
            static = bool(_STATIC.match(rest)) and method == "GET"
            versioned = _VERSIONED.match(rest)
            # named after their content or Voilà's version: never changed at that address
            lasting = static and bool(versioned or "v=" in query)
            if versioned:
                rest = f"voila/static/{versioned.group(1)}"
            if static and rest + query in static_cache:  # Voilà's files never change while serving
                code, headers, body = static_cache[rest + query]
            else:
                response = await fetch(rest + query, method, self.request.body or b"")
                code, body = response.code, response.body or b""
                headers = {
                    name: response.headers[name]
                    for name in ("Content-Type", "ETag", "Last-Modified")
                    if name in response.headers
                }
                if static and code == 200:
                    static_cache[rest + query] = (code, headers, body)
            self.set_status(code)
            for name, value in headers.items():
                self.set_header(name, value)
            if lasting and code == 200:
                self.set_header("Cache-Control", "private, max-age=31536000, immutable")
            elif static:
                self.set_header("Cache-Control", "private, max-age=86400")
            if shutdown and code < 300:
                served.kernels.pop(shutdown.group(1), None)
            self.finish(body)

        async def get(self, trainee_id: str, rest: str) -> None:
            await self.forward(trainee_id, rest)

        async def post(self, trainee_id: str, rest: str) -> None:
            await self.forward(trainee_id, rest)

        def check_xsrf_cookie(self) -> None:  # same-site cookie, token-bound paths
            return None

    class KernelSocket(tornado.websocket.WebSocketHandler):
        upstream: Any = None
        closed = False
        protocol: str | None = None

        async def get(self, trainee_id: str, kernel_id: str) -> None:
            if (
                authorize(self, served, trainee_id) is None
                or served.kernels.get(kernel_id) != trainee_id
            ):
                _debug("refused socket", self.request.path, served.kernels)
                self.set_status(403)
                self.finish()
                return
            query = f"?{self.request.query}" if self.request.query else ""
            ws_url = served.upstream.replace("http://", "ws://")
            request = HTTPRequest(
                f"{ws_url}/api/kernels/{kernel_id}/channels{query}",
                headers={"Authorization": f"token {served.upstream_token}"},
            )
            offered = [
                p.strip() for p in self.request.headers.get("Sec-WebSocket-Protocol", "").split(",")
            ]
            self.protocol = V1_PROTOCOL if V1_PROTOCOL in offered else None
            try:
                self.upstream = await tornado.websocket.websocket_connect(
                    request,
                    on_message_callback=self.from_kernel,
                    subprotocols=[self.protocol] if self.protocol else None,
                )
            except Exception:
                self.set_status(502)
                self.finish()
                return
            await super().get(trainee_id, kernel_id)

        def select_subprotocol(self, subprotocols: list[str]) -> str | None:
            return V1_PROTOCOL if V1_PROTOCOL in subprotocols else None

        def from_kernel(self, message: str | bytes | None) -> None:
            if message is None:
                if not self.closed:
                    self.close()
                return
            if not self.closed:
                with contextlib.suppress(tornado.websocket.WebSocketClosedError):
                    self.write_message(message, binary=isinstance(message, bytes))

        def on_message(self, message: str | bytes) -> None:
            if message_type(message, self.protocol) not in ALLOWED_MESSAGES:
                _debug("refused message", message_type(message, self.protocol))
                self.close(REFUSED, "refused")
                return
            if self.upstream is not None:
                self.upstream.write_message(message, binary=isinstance(message, bytes))

        def on_close(self) -> None:
            self.closed = True
            if self.upstream is not None:
                self.upstream.close()

    return tornado.web.Application(
        [
            (rf"/t/({_ID})/", Course),
            (rf"/t/({_ID})/ping", Ping),
            (rf"/t/({_ID})/warm", Warm),
            (rf"/t/({_ID})/lesson/({_ID})", Lesson),
            (rf"/t/({_ID})/v/api/kernels/({_KERNEL})/channels", KernelSocket),
            (rf"/t/({_ID})/v/(.*)", Upstream),
            (r"/.*", Refuse),
        ],
        websocket_ping_interval=20,
        xsrf_cookies=False,
    )


# -- Voilà, and running the whole ------------------------------------------------------------
def warm_charts(cohort: Cohort) -> None:
    """Draw every chart the cohort's lessons show into the chart cache (once per machine)."""
    from kam_lessons import charts
    from kam_lessons.content import load_lesson

    for lang in sorted({x.lang for x in cohort.trainees}):
        for lesson_id in cohort.lessons:
            lesson = load_lesson(lesson_id, lang)
            for section in lesson.sections:
                if section.chart:
                    with contextlib.suppress(Exception):  # a missing chart shows in the lesson
                        charts.chart_svg(section.chart, lesson.labels)


def voila_command(root: Path, port: int, token: str, preheat: int, runtime: Path) -> list[str]:
    """Return the command line of the Voilà server behind the front (loopback only)."""
    args = [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--token={token}",
        f"--Voila.root_dir={root}",
        f"--Voila.connection_dir_root={runtime}",
        "--show_tracebacks=False",
        "--strip_sources=True",
        "--Voila.log_level=INFO",
        "--VoilaConfiguration.file_allowlist=[]",
        "--MappingKernelManager.cull_idle_timeout=7200",
        "--MappingKernelManager.cull_interval=300",
        # the lessons show no code: no syntax-colouring extension to load on every page
        "--VoilaConfiguration.extension_denylist=['jupyterlab_pygments']",
    ]
    if preheat > 0:
        args += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={preheat}",
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY}",
        ]
    return args


def _kernels_under(runtime: Path) -> list[int]:
    """Return the ids of kernel processes whose connection file is under ``runtime``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if str(runtime) in proc.joinpath("cmdline").read_bytes().decode(errors="replace"):
                found.append(int(proc.name))
    return [pid for pid in found if pid != os.getpid()]


class VoilaServer:
    """The Voilà process behind the front: started, watched, and stopped with its kernels."""

    def __init__(
        self,
        root: Path,
        preheat: int,
        on_ready: Callable[[], None] | None = None,
        shell_from: str | None = None,
    ):
        """Prepare the server (started by :meth:`start`).

        Args:
            root: the cohort folder.
            preheat: kernels kept started per lesson notebook.
            on_ready: called once every pool is full.
            shell_from: a notebook (``<trainee>/<lesson>.ipynb``) whose page
                :meth:`shell` renders once; its pool's refill is waited for too.
        """
        self.root = root
        self.port = free_port()
        self.token = secrets.token_urlsafe(32)
        self.runtime = Path(tempfile.mkdtemp(prefix="kam-serve-"))
        self.preheat = preheat
        self.on_ready = on_ready
        self.proc: subprocess.Popen[str] | None = None
        self.expected = len(list(root.glob("*/*.ipynb"))) if preheat > 0 else 0
        self.filled = 0  # pools filled so far (Voilà's log says each)
        self.shell_from = shell_from
        if shell_from and preheat > 0:
            self.expected += 1  # the kernel shell() takes is replaced: one more pool filled
        self.ready = threading.Event()
        self._lock = threading.Lock()
        self.log: list[str] = []

    def start(self, timeout: float = 120) -> None:
        """Start Voilà and wait until it answers (pre-started kernels then fill in)."""
        env = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(self.runtime / "runtime"),
            "PYTHONUNBUFFERED": "1",
        }
        self.proc = subprocess.Popen(
            voila_command(self.root, self.port, self.token, self.preheat, self.runtime),
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._watch, daemon=True).start()
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/voila/static/voila.js"
        request = urllib.request.Request(url, headers={"Authorization": f"token {self.token}"})
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                detail = " / ".join(self.log[-3:]) or f"exit status {self.proc.returncode}"
                raise KamError(None, None, "app.errors.upstream_failed", detail=detail)
            with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=2):
                if self.expected == 0:
                    self._set_ready()
                return
            time.sleep(0.2)
        self.stop()
        raise KamError(None, None, "app.errors.upstream_failed", detail=f"no answer in {timeout} s")

    def _call(self, path: str, method: str = "GET") -> bytes:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{path}",
            method=method,
            data=b"" if method == "POST" else None,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return bytes(response.read())

    def shell(self) -> str | None:
        """Return the shell of Voilà's page (:func:`warm_shell`), rendered once at start.

        Renders ``shell_from`` and shuts its kernel down at once, so the first course
        page of the day can warm the browser before any lesson has been opened.
        ``None`` if there is no such notebook or Voilà did not render it.
        """
        if not self.shell_from:
            return None
        try:
            page = self._call(f"voila/render/{self.shell_from}").decode("utf-8")
        except (OSError, ValueError):
            if self.preheat > 0:  # no kernel was taken: no refill to wait for
                self.expected -= 1
                if self.filled >= self.expected:
                    self._set_ready()
            return None
        found = re.search(r'"kernelId": "(' + _KERNEL + ')"', page)
        if found:
            with contextlib.suppress(OSError, ValueError):
                self._call(f"voila/api/shutdown/{found.group(1)}", "POST")
        return warm_shell(page)

    def _set_ready(self) -> None:
        with self._lock:  # the log's reader and shell() may both get here
            if self.ready.is_set():
                return
            self.ready.set()
        if self.on_ready:
            self.on_ready()

    def _watch(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        for line in self.proc.stderr:
            line = line.rstrip()
            if "is filled with" in line:
                self.filled += 1
                if self.filled >= self.expected:
                    self._set_ready()
            elif line and "without encryption" not in line:
                self.log.append(line)
                del self.log[:-50]

    def stop(self) -> None:
        """Stop Voilà (it shuts its kernels down), then any kernel of ours still running."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for pid in _kernels_under(self.runtime):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        import shutil

        shutil.rmtree(self.runtime, ignore_errors=True)


def serve_cohort(
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 8866,
    preheat: int = 1,
    lang: str = "en",
    echo: Callable[[str], None] = print,
    open_browser: bool = False,
) -> None:
    """Serve a built cohort until interrupted (Ctrl+C or SIGTERM).

    Args:
        folder: the cohort folder ``kam build`` made.
        host: the address to listen on (``127.0.0.1``: this machine only).
        port: the port to listen on.
        preheat: kernels kept started per lesson notebook (0: start one when a page opens).
        lang: the language of the messages printed.
        echo: where to print.
        open_browser: open the first trainee's link in this machine's browser.

    Raises:
        KamError: if ``folder`` is not a cohort, it has no trainees, or the port is taken.
    """
    folder = Path(folder).resolve()
    cohort = read_cohort(folder)
    if not cohort.trainees:
        raise KamError(folder, None, "app.errors.no_trainees")
    check_port(host, port)
    tokens = load_tokens(folder, cohort.trainees)
    base = public_base(host, port)
    links = write_links(folder, cohort, tokens, base)
    warm_charts(cohort)
    kernels = len(cohort.trainees) * len(cohort.lessons) * max(preheat, 0)
    echo(t(lang, "app.starting", kernels=kernels))

    import tornado.ioloop

    loop = tornado.ioloop.IOLoop.current()

    def ready() -> None:
        loop.add_callback(lambda: echo(t(lang, "app.ready")))

    shell_from = (
        f"{cohort.trainees[0].trainee_id}/{cohort.lessons[0]}.ipynb" if cohort.lessons else None
    )
    upstream = VoilaServer(folder, preheat, on_ready=ready, shell_from=shell_from)
    upstream.start()
    try:
        served = Served(cohort, tokens, f"http://127.0.0.1:{upstream.port}", upstream.token)

        def shell() -> None:
            found = upstream.shell()
            if served.shell is None:
                served.shell = found

        threading.Thread(target=shell, daemon=True).start()
        app = make_app(served)
        try:
            app.listen(port, address=host, xheaders=False)
        except OSError:
            raise KamError(None, "--port", "app.errors.port_in_use", host=host, port=port) from None
        echo(
            t(
                lang,
                "app.serving",
                trainees=len(cohort.trainees),
                lessons=len(cohort.lessons),
                cohort=folder,
                url=base,
                links=links,
            )
        )
        for x in cohort.trainees:
            echo(
                t(
                    lang,
                    "app.link_line",
                    trainee_id=x.trainee_id,
                    url=trainee_url(base, x.trainee_id, tokens[x.trainee_id]),
                )
            )
        graphical = sys.platform in ("darwin", "win32") or bool(
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        )
        if open_browser and graphical:  # a text-mode browser must not take the terminal
            import webbrowser

            first = cohort.trainees[0]
            with contextlib.suppress(Exception):
                webbrowser.open(trainee_url(base, first.trainee_id, tokens[first.trainee_id]))

        def stop(*_: Any) -> None:
            loop.add_callback_from_signal(loop.stop)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        loop.start()
    finally:
        upstream.stop()
        echo(t(lang, "app.stopped"))
