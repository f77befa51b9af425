"""The trainees' links: a secret token each, kept between runs, listed in ``links.csv``."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import socket
from pathlib import Path

from kam_lessons.errors import KamError
from kam_lessons.roster import Trainee
from kam_lessons.storage import write_atomic
from kam_lessons.workbook import Cohort

SECRETS = ".kam-serve.json"
LINKS = "links.csv"


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
