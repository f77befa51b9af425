"""``kam serve``: a built cohort as a web app, one private link per trainee.

Two processes, one machine::

    browser ──HTTP/WS──▶ the front (front.py, tornado, --host:--port)
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

from kam_lessons.serve.front import V1_PROTOCOL, make_app, message_type
from kam_lessons.serve.links import load_tokens, write_links
from kam_lessons.serve.pages import course_page, rewrite_lesson_page, warm_page, warm_shell
from kam_lessons.serve.served import ALLOWED_MESSAGES, NO_KERNEL, Served
from kam_lessons.serve.server import serve_cohort
from kam_lessons.serve.upstream import VoilaServer, voila_command

__all__ = [
    "ALLOWED_MESSAGES",
    "NO_KERNEL",
    "V1_PROTOCOL",
    "Served",
    "VoilaServer",
    "course_page",
    "load_tokens",
    "make_app",
    "message_type",
    "rewrite_lesson_page",
    "serve_cohort",
    "voila_command",
    "warm_page",
    "warm_shell",
    "write_links",
]
