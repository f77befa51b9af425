"""What the front serves, and the names of the parts of the protocol it checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kam_lessons.roster import Trainee
from kam_lessons.workbook import Cohort

COOKIE = "kam_token"
#: What the browser may send to a kernel: the widgets' messages, nothing that runs code.
ALLOWED_MESSAGES = frozenset(
    {"comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request"}
)
#: The kernel id of the shell (:func:`warm_shell`): never one of Voilà's, answered 404.
NO_KERNEL = "00000000-0000-0000-0000-000000000000"
#: The websocket close code for a refused message (4000-4999: the application's own).
REFUSED = 4403
ID_PATTERN = r"[A-Za-z0-9._-]{1,64}"
KERNEL_PATTERN = r"[0-9a-f-]{36}"
#: Voilà's own files the page loads (no path from the cohort folder is among them).
STATIC_FILES = re.compile(
    r"^(voila/static|voila/templates/[a-z]+/static|voila/labextensions|voila/api/themes)"
    r"/[A-Za-z0-9@._/~+-]+$"
)

#: Voilà's scripts under its version's folder (see ``_under``): ``voila/static/_v<v>/<file>``.
VERSIONED_FILES = re.compile(r"^voila/static/_v[0-9A-Za-z.+-]{1,40}/([A-Za-z0-9@._/~+-]+)$")


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
