"""The pages the front writes: the course page, refusals, and Voilà's pages rewritten."""

from __future__ import annotations

import contextlib
import html
import json
import re
from pathlib import Path
from typing import Any

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.roster import Trainee
from kam_lessons.serve.served import NO_KERNEL, Served

_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;
background:#f6f8fa}main{max-width:760px;margin:2em auto;background:#fff;padding:1.5em 2em;
border:1px solid #d0d7de;border-radius:8px}h1{font-size:1.5em;margin-top:0}
ol{padding-left:1.4em}li{margin:.7em 0}a.lesson{font-weight:600;color:#0b5cad;font-size:1.1em}
.progress{color:#57606a;margin-left:.5em}.bar{display:inline-block;width:120px;height:8px;
background:#eaeef2;border-radius:4px;vertical-align:middle;margin-left:.6em}
.bar span{display:block;height:8px;background:#1f883d;border-radius:4px}.note{color:#57606a}
"""


def app_page(lang: str, title: str, body: str) -> str:
    """Return a page of the app's own (course page, refusals): ``body`` is markup already."""
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
    return app_page(langs[0], t(langs[0], "app.forbidden_title"), parts)


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
    return app_page(lang, t(lang, "app.course_title"), body)


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
