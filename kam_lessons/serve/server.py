"""``kam serve``: the front and Voilà started together, stopped together."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.serve.front import make_app
from kam_lessons.serve.links import check_port, load_tokens, public_base, trainee_url, write_links
from kam_lessons.serve.served import Served
from kam_lessons.serve.upstream import VoilaServer, warm_charts
from kam_lessons.workbook import read_cohort


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
    def keep_shell(shell: str) -> None:  # called once Voilà runs: ``served`` is made by then
        if served.shell is None:
            served.shell = shell

    upstream = VoilaServer(
        folder, preheat, on_ready=ready, shell_from=shell_from, on_shell=keep_shell
    )
    served = Served(cohort, tokens, f"http://127.0.0.1:{upstream.port}", upstream.token)
    upstream.start()
    try:
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
