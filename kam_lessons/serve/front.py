"""The front: a tornado app that lets through only a trainee's own pages and widgets."""

from __future__ import annotations

import contextlib
import hmac
import html
import json
import os
import re
import struct
import sys
from typing import Any

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.roster import Trainee
from kam_lessons.serve.pages import (
    app_page,
    course_page,
    forbidden_page,
    lesson_progress,
    rewrite_lesson_page,
    warm_page,
    warm_shell,
)
from kam_lessons.serve.served import (
    ALLOWED_MESSAGES,
    COOKIE,
    ID_PATTERN,
    KERNEL_PATTERN,
    NO_KERNEL,
    REFUSED,
    STATIC_FILES,
    VERSIONED_FILES,
    Served,
)

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
                self.finish(app_page(trainee.lang, text, f"<p>{text}</p>"))
                return
            page = response.body.decode("utf-8")
            found = re.search(r'"kernelId": "(' + KERNEL_PATTERN + ')"', page)
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
            shutdown = re.fullmatch(r"voila/api/shutdown/(" + KERNEL_PATTERN + ")", rest)
            kernel = re.fullmatch(r"api/kernels/(" + KERNEL_PATTERN + ")", rest)
            if shutdown and method == "POST":
                if served.kernels.get(shutdown.group(1)) != trainee_id:
                    return self.refuse()
            elif kernel and method == "GET":
                if kernel.group(1) == NO_KERNEL:  # the shell's: no kernel, nothing to show
                    return self.refuse(404)
                if served.kernels.get(kernel.group(1)) != trainee_id:
                    return self.refuse()
            elif not (STATIC_FILES.match(rest) and method == "GET"):
                return self.refuse()
            query = f"?{self.request.query}" if self.request.query and not shutdown else ""
            static = bool(STATIC_FILES.match(rest)) and method == "GET"
            versioned = VERSIONED_FILES.match(rest)
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
            (rf"/t/({ID_PATTERN})/", Course),
            (rf"/t/({ID_PATTERN})/ping", Ping),
            (rf"/t/({ID_PATTERN})/warm", Warm),
            (rf"/t/({ID_PATTERN})/lesson/({ID_PATTERN})", Lesson),
            (rf"/t/({ID_PATTERN})/v/api/kernels/({KERNEL_PATTERN})/channels", KernelSocket),
            (rf"/t/({ID_PATTERN})/v/(.*)", Upstream),
            (r"/.*", Refuse),
        ],
        websocket_ping_interval=20,
        xsrf_cookies=False,
    )
