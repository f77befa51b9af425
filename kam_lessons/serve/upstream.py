"""Voilà behind the front: its command line, its process, its pre-heated kernels."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kam_lessons.errors import KamError
from kam_lessons.serve.links import free_port
from kam_lessons.serve.pages import warm_shell
from kam_lessons.serve.served import KERNEL_PATTERN
from kam_lessons.workbook import Cohort

#: Seconds Voilà waits before starting the kernel that replaces one a page took: the page
#: is up (about 1 s) before the new kernel's start (a few seconds of CPU) competes with it.
REFILL_DELAY = 2.0


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
        on_shell: Callable[[str], None] | None = None,
    ):
        """Prepare the server (started by :meth:`start`).

        Args:
            root: the cohort folder.
            preheat: kernels kept started per lesson notebook.
            on_ready: called once every pool is full (and refilled after the shell).
            shell_from: a notebook (``<trainee>/<lesson>.ipynb``) whose page is rendered
                once, when the pools are full, to make the shell (:func:`warm_shell`).
            on_shell: given the shell once it is made.
        """
        self.root = root
        self.port = free_port()
        self.token = secrets.token_urlsafe(32)
        self.runtime = Path(tempfile.mkdtemp(prefix="kam-serve-"))
        self.preheat = preheat
        self.on_ready = on_ready
        self.on_shell = on_shell
        self.proc: subprocess.Popen[str] | None = None
        self.pools = len(list(root.glob("*/*.ipynb"))) if preheat > 0 else 0
        self.filled = 0  # pools filled so far (Voilà's log says each)
        self.refills = 0  # pools to be filled again: the one the shell's page took from
        self.shell_from = shell_from
        self.shell_started = False
        self.shell_done = threading.Event()
        if not shell_from:
            self.shell_done.set()
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
                self._check()  # no pool to wait for (preheat 0): the shell now, then ready
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

    def _check(self) -> None:
        """Make the shell once the pools are full; be ready once it is made and refilled."""
        start_shell = False
        with self._lock:
            if self.filled >= self.pools and not self.shell_started and self.shell_from:
                self.shell_started = start_shell = True
            done = self.shell_done.is_set() and self.filled >= self.pools + self.refills
        if start_shell:
            threading.Thread(target=self._make_shell, daemon=True).start()
        if done:
            self._set_ready()

    def _make_shell(self) -> None:
        """Render ``shell_from`` (from a full pool), shut its kernel down, hand on the shell.

        The pool that gave the kernel is filled again (a few seconds): ready waits for it.
        """
        with self._lock:
            self.refills = 1 if self.preheat > 0 else 0  # before the page takes the kernel
        page = None
        try:
            page = self._call(f"voila/render/{self.shell_from}").decode("utf-8")
        except (OSError, ValueError):
            with self._lock:
                self.refills = 0  # no page, no kernel taken: no refill to wait for
        if page is not None:
            found = re.search(r'"kernelId": "(' + KERNEL_PATTERN + ')"', page)
            if found:
                with contextlib.suppress(OSError, ValueError):
                    self._call(f"voila/api/shutdown/{found.group(1)}", "POST")
            shell = warm_shell(page)
            if shell is not None and self.on_shell is not None:
                self.on_shell(shell)
        self.shell_done.set()
        self._check()

    def _set_ready(self) -> None:
        with self._lock:  # the log's reader and the shell's thread may both get here
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
                with self._lock:
                    self.filled += 1
                self._check()
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
