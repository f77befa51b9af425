"""Feedback pages: ``OUT/feedback/<trainee_id>.html``, one offline, printable page per trainee.

In the trainee's language: per lesson the score, each question with the trainee's
answer, the right answer and why, the trainer's marks and comments on written answers,
and the learning objectives to revisit (those below 80 % of their questions' points). In an
assessment cohort the answer key, the explanations and the rubric stay out of the page
unless the trainer releases them (``kam grade --release``); the points and the trainer's
own comments are always shown.

Nothing a trainee typed is ever interpreted as HTML: every value is escaped
(MarkupSafe); only the course's own lesson text is rendered from Markdown.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from kam_lessons.content import (
    Categorize,
    Choice,
    FreeText,
    Lesson,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    QuestionBase,
    SingleChoice,
    ValueCost,
    load_objectives,
)
from kam_lessons.i18n import t
from kam_lessons.numbers import format_number
from kam_lessons.progress import progress
from kam_lessons.scoring import QuestionScore, item_results, well_formed
from kam_lessons.storage import is_safe_id, sync_folder

if TYPE_CHECKING:
    from kam_lessons.grades import Gradebook, LessonResult
    from kam_lessons.marks import Mark

FEEDBACK_DIR = "feedback"

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;
max-width:56rem;margin:0 auto;padding:1.5rem;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .6rem;
border-bottom:2px solid #d5dde6;padding-bottom:.3rem}h3{font-size:1rem;margin:0 0 .4rem}
.meta{color:#5a6878}table{border-collapse:collapse;margin:.6rem 0;width:100%}
th,td{border-bottom:1px solid #e3e8ee;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.text{white-space:pre-wrap}
.q{border:1px solid #e3e8ee;border-left:5px solid #9aa7b4;border-radius:4px;padding:.7rem .9rem;
margin:.7rem 0;break-inside:avoid}
.q.right{border-left-color:#2e7d32}.q.partial{border-left-color:#f9a825}
.q.wrong{border-left-color:#c62828}.q.open{border-left-color:#1565c0}
.pts{float:right;font-weight:600}.label{font-weight:600;color:#3b4a5a}
.answer{background:#f6f8fa;padding:.4rem .6rem;border-radius:3px;margin:.2rem 0}
.key{background:#eef7ee;padding:.4rem .6rem;border-radius:3px;margin:.3rem 0}
.why{color:#33414f}.mark{background:#eef3fb;padding:.4rem .6rem;border-radius:3px;margin:.3rem 0}
.warn{color:#8a4b00}.revisit li{margin:.2rem 0}ul.items{margin:.2rem 0;padding-left:1.2rem}
.ok{color:#2e7d32}.no{color:#c62828}
@media print{body{padding:0;font-size:12px}.q{border-color:#bbb}h2{break-after:avoid}}
"""


@lru_cache(maxsize=4096)
def course_markdown(text: str) -> Markup:
    """Return lesson text (the course's own Markdown) as HTML; raw HTML in it is escaped."""
    import mistune

    render = mistune.create_markdown(escape=True)
    return Markup(str(render(text)))


def _options(choices: Iterable[Choice]) -> dict[str, str]:
    return {c.id: c.text for c in choices}


def describe(question: QuestionBase, value: object, lang: str) -> Markup:
    """Return a value (an answer, or a key) as readable, escaped HTML for its question type."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Markup(escape(t(lang, "feedback.no_answer")))
    if not well_formed(question, value):
        return Markup(escape(t(lang, "feedback.malformed")))
    if isinstance(question, SingleChoice):
        return escape(_options(question.options).get(str(value), str(value)))
    if isinstance(question, MultipleChoice):
        names = _options(question.options)
        picked = (
            [names.get(str(v), str(v)) for v in value] if isinstance(value, list | tuple) else []
        )
        return _list(picked) if picked else Markup(escape(t(lang, "feedback.none_ticked")))
    if isinstance(question, Matching | Categorize) and isinstance(value, Mapping):
        items, targets = _options(question.items), _options(question.targets())
        pairs = [
            f"{items.get(i, i)} → {targets.get(str(v), str(v))}"
            for i, v in value.items()
            if i in items
        ]
        return _list(pairs)
    if isinstance(question, Ordering) and isinstance(value, list | tuple):
        names = _options(question.items)
        return _list([names.get(str(v), str(v)) for v in value], ordered=True)
    if isinstance(question, Numeric):
        number = value if isinstance(value, int | float) else None
        shown = format_number(number, lang) if number is not None else str(value)
        return escape(f"{shown} {question.unit}".strip())
    if isinstance(question, ValueCost) and isinstance(value, Mapping):
        return _value_cost(value, lang)
    return escape(str(value))


def _list(texts: Iterable[str], ordered: bool = False) -> Markup:
    """Return texts as an HTML list, each escaped."""
    tag = "ol" if ordered else "ul"
    items = "".join(f"<li>{escape(x)}</li>" for x in texts)
    return Markup(f'<{tag} class="items">{items}</{tag}>')


def _value_cost(value: Mapping[str, object], lang: str) -> Markup:
    ratings = value.get("ratings")
    lines = []
    if isinstance(ratings, Mapping):
        for method, rating in ratings.items():
            if isinstance(rating, Mapping):
                lines.append(
                    t(
                        lang,
                        "feedback.rating",
                        method=t(lang, f"methods.names.{method}"),
                        value=format_number(_num(rating.get("value")), lang),
                        cost=format_number(_num(rating.get("cost")), lang),
                    )
                )
    lead = value.get("lead")
    if isinstance(lead, list | tuple) and lead:
        names = ", ".join(t(lang, f"methods.names.{m}") for m in lead)
        lines.append(t(lang, "feedback.lead", methods=names))
    return _list(lines)


def _num(raw: object) -> float | None:
    return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def key_of(question: QuestionBase, lang: str) -> Markup | None:
    """Return the right answer as HTML, or ``None`` when the type has no single key to show."""
    if isinstance(question, SingleChoice | MultipleChoice):
        answer = question.answer
        if answer is None:
            return None
        value: object = answer if isinstance(answer, str) else list(answer)
        return describe(question, value, lang)
    if isinstance(question, Matching | Categorize | Ordering):
        if not question.answer:
            return None
        key = question.answer
        return describe(question, dict(key) if isinstance(key, dict) else list(key), lang)
    if isinstance(question, Numeric) and question.answer is not None:
        shown = format_number(question.answer, lang)
        if question.tolerance:
            shown += f" ± {format_number(question.tolerance, lang)}"
        return escape(f"{shown} {question.unit}".strip())
    return None


def _state(score: QuestionScore, changed: bool) -> str:
    if score.points is None:
        return "open" if score.answered and not changed else "blank"
    if math.isclose(score.points, score.max_points):
        return "right"
    return "partial" if score.points > 0 else "wrong"


_STATIC: dict[tuple[int, str, bool], tuple[QuestionBase, str, str, str]] = {}


def _static(q: QuestionBase, lang: str, show_key: bool) -> tuple[str, str, str]:
    """Return what a question's block shows the same to everyone: prompt, key, why (cached)."""
    entry = _STATIC.get((id(q), lang, show_key))
    if entry is not None and entry[0] is q:
        return entry[1], entry[2], entry[3]
    prompt = str(course_markdown(q.prompt))
    key = ""
    why = ""
    if show_key:
        shown = key_of(q, lang)
        if shown is not None:
            key = str(
                Markup('<div class="key"><span class="label">{}</span> {}</div>').format(
                    t(lang, "feedback.right_answer"), shown
                )
            )
        if q.explain:
            why = str(
                Markup('<div class="why"><span class="label">{}</span>{}</div>').format(
                    t(lang, "feedback.why"), course_markdown(q.explain)
                )
            )
    if len(_STATIC) > 20_000:
        _STATIC.clear()
    _STATIC[(id(q), lang, show_key)] = (q, prompt, key, why)
    return prompt, key, why


@lru_cache(maxsize=256)
def _numbered(lang: str, n: int) -> str:
    """Return "Question n" in ``lang``, escaped (cached)."""
    return str(escape(t(lang, "feedback.question", n=n)))


@lru_cache(maxsize=64)
def _word(lang: str, key: str) -> str:
    """Return a catalogue text with no placeholder, escaped for HTML (cached)."""
    return str(escape(t(lang, key)))


_BLOCKS: dict[tuple[object, ...], tuple[QuestionBase, str]] = {}


def _question(
    n: int,
    q: QuestionBase,
    score: QuestionScore,
    result: LessonResult,
    show_key: bool,
    lang: str,
) -> str:
    """Return a question's block; a chosen answer many trainees gave is drawn once."""
    if isinstance(q, FreeText):
        return _draw_question(n, q, score, result, show_key, lang)
    value = result.values.get(q.id)
    shown = value if value is None or type(value) is str else repr(value)  # repr: 1 is not 1.0
    key = (id(q), n, result.lesson.lesson, lang, show_key, type(value), shown, score.points)
    entry = _BLOCKS.get(key)
    if entry is not None and entry[0] is q:
        return entry[1]
    block = _draw_question(n, q, score, result, show_key, lang)
    if len(_BLOCKS) > 50_000:
        _BLOCKS.clear()
    _BLOCKS[key] = (q, block)
    return block


def _draw_question(
    n: int,
    q: QuestionBase,
    score: QuestionScore,
    result: LessonResult,
    show_key: bool,
    lang: str,
) -> str:
    value = result.values.get(q.id)
    changed = q.id in result.changed
    state = _state(score, changed)
    if score.points is not None:
        points = f"{format_number(score.points, lang)} / {format_number(score.max_points, lang)}"
    else:
        points = t(lang, "feedback.points_open", max=format_number(score.max_points, lang))
    prompt, key, why = _static(q, lang, show_key)
    free = isinstance(q, FreeText)
    out = [
        f'<article class="q {state}" id="{result.lesson.lesson}-{q.id}">'
        f'<span class="pts">{escape(points)}</span>'
        f"<h3>{_numbered(lang, n)}</h3>{prompt}"
        f'<div class="label">{_word(lang, "feedback.your_answer")}</div>'
        f'<div class="answer{" text" if free else ""}">{describe(q, value, lang)}</div>'
    ]
    if (
        show_key
        and value is not None
        and isinstance(q, MultipleChoice | Matching | Categorize | Ordering)
    ):
        parts = item_results(q, value)
        if parts:
            right = sum(p.right for p in parts)
            words = t(lang, "feedback.items_right", right=right, total=len(parts))
            out.append(f'<div class="meta">{escape(words)}</div>')
    if state != "right":
        out.append(key)
    out.append(why)
    if isinstance(q, FreeText):
        out.append(str(_marking(q, score, result.marks.get(q.id), changed, show_key, lang)))
    out.append("</article>")
    return "".join(out)


def _marking(
    q: FreeText,
    score: QuestionScore,
    mark: Mark | None,
    changed: bool,
    show_key: bool,
    lang: str,
) -> Markup:
    if changed:
        return Markup('<div class="mark warn">{}</div>').format(t(lang, "feedback.changed"))
    if mark is None:
        key = "feedback.awaiting" if score.answered else "feedback.not_answered"
        return Markup('<div class="mark">{}</div>').format(t(lang, key))
    parts = [
        Markup('<div class="mark"><span class="label">{}</span> {}').format(
            t(lang, "feedback.trainer_mark"),
            f"{format_number(mark.points, lang)} / {format_number(q.points, lang)}",
        )
    ]
    if show_key and mark.rubric:
        chosen = [q.rubric[i] for i in mark.rubric if i < len(q.rubric)]
        parts.append(_list(chosen))
    if mark.comment:
        parts.append(
            Markup('<div><span class="label">{}</span> <span class="text">{}</span></div>').format(
                t(lang, "feedback.comment"), mark.comment
            )
        )
    parts.append(Markup("</div>"))
    return Markup("").join(parts)


#: An objective is to revisit below this share of the points of the questions testing it
#: (the course's rule of thumb; the cohort report's mastery is the same share).
MASTERED = 0.8


def _revisit(results: list[LessonResult], lang: str) -> list[str]:
    """Return the objectives the trainee has not mastered yet, in course order, once each.

    Per objective, the points earned over the points of the (scored) questions naming it,
    across the trainee's lessons; below :data:`MASTERED`, it is to revisit. One slip in a
    question that names several objectives does not send the trainee back to all of them.
    """
    earned: dict[str, list[float]] = {}
    for result in results:
        for q, score in zip(result.lesson.questions, result.score.questions, strict=True):
            if score.points is None:
                continue
            for objective in q.objectives:
                cell = earned.setdefault(objective, [0.0, 0.0])
                cell[0] += score.points
                cell[1] += score.max_points
    return [o for o, (got, most) in earned.items() if most and got / most < MASTERED - 1e-9]


def feedback_page(
    name: str, results: list[LessonResult], mode: str, release: bool, lang: str
) -> str:
    """Return one trainee's feedback page (HTML, whole, offline).

    Every value shown is escaped where it is put in (``escape``); the rest is markup.
    """
    show_key = mode == "practice" or release
    title = escape(t(lang, "feedback.title", name=name))
    intro = _word(lang, "feedback.mode_released" if show_key else "feedback.mode_withheld")
    out = [
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{title}</h1><p class=meta>{intro}</p></header>"
        f"<table><thead><tr><th>{_word(lang, 'feedback.lesson')}</th>"
        f"<th class=num>{_word(lang, 'feedback.score')}</th><th class=num>%</th>"
        f"<th class=num>{_word(lang, 'feedback.answered')}</th>"
        f"<th class=num>{_word(lang, 'feedback.to_mark')}</th></tr></thead><tbody>"
    ]
    for r in results:
        s = r.score
        pct = format_number(round(100 * s.score / s.max_score) if s.max_score else 0, lang)
        out.append(
            f'<tr><td><a href="#{escape(r.lesson.lesson)}">{escape(r.lesson.title)}</a></td>'
            f"<td class=num>{escape(format_number(s.score, lang))} / "
            f"{escape(format_number(s.max_score, lang))}</td><td class=num>{escape(pct)}</td>"
            f"<td class=num>{s.answered} / {s.total}</td>"
            f"<td class=num>{s.awaiting_manual}</td></tr>"
        )
    out.append("</tbody></table>")
    revisit = _revisit(results, lang)
    if revisit:
        out.append(f'<section class="revisit"><h2>{_word(lang, "feedback.revisit")}</h2>')
        items = "".join(_objective_item(lang, o) for o in revisit)
        out.append(f'<ul class="items">{items}</ul></section>')
    out.extend(_lesson(r, show_key, lang) for r in results)
    out.append("</body></html>\n")
    return "".join(out)


@lru_cache(maxsize=1024)
def _objective_item(lang: str, objective: str) -> str:
    """Return an objective to revisit as a list item, its text escaped (cached)."""
    known = load_objectives(lang)
    return f"<li>{escape(known[objective].text if objective in known else objective)}</li>"


def _lesson(result: LessonResult, show_key: bool, lang: str) -> str:
    lesson: Lesson = result.lesson
    s = result.score
    score = t(
        lang,
        "feedback.lesson_score",
        score=format_number(s.score, lang),
        max=format_number(s.max_score, lang),
    )
    out = [
        f'<section id="{escape(lesson.lesson)}"><h2>{escape(lesson.title)} '
        f'<span class="meta">{escape(score)}</span></h2>'
    ]
    if not result.status.startswith(("ok", "not started")):
        out.append(f'<p class="warn">{escape(result.status)}</p>')
    if result.status == "not started":
        out.append(f'<p class="meta">{_word(lang, "feedback.not_started")}</p>')
    else:
        for n, (q, qs) in enumerate(zip(lesson.questions, s.questions, strict=True), start=1):
            out.append(_question(n, q, qs, result, show_key, lang))  # escaped within
    out.append("</section>")
    return "".join(out)


def write_feedback(
    book: Gradebook, out: Path, release: bool = False, lang: str = "en"
) -> list[Path]:
    """Write every trainee's feedback page into ``out/feedback``; return their paths.

    Args:
        book: the graded cohort.
        out: the grades folder.
        release: show the key, explanations and rubric in an assessment cohort.
        lang: the language of the progress bar (each page is in its trainee's language).
    """
    by_trainee: dict[str, list[LessonResult]] = {}
    for result in book.results:
        by_trainee.setdefault(result.trainee.trainee_id, []).append(result)
    folder = Path(out) / FEEDBACK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for trainee in progress(book.trainees, len(book.trainees), t(lang, "feedback.progress")):
            if not is_safe_id(trainee.trainee_id):
                continue
            results = by_trainee.get(trainee.trainee_id, [])
            page = feedback_page(trainee.name, results, book.mode, release, trainee.lang)
            path = folder / f"{trainee.trainee_id}.html"
            temps.append((_write_temp(path, page), path))
        # Each page is renamed into place whole, so no reader meets half a page. The pages
        # are not flushed to disk one by one: they are made again from the answers by any
        # kam grade, and a flush of a large cohort's pages waits on the disk for seconds.
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    sync_folder(folder)
    return [path for _, path in temps]


def _write_temp(path: Path, text: str) -> str:
    """Write ``text`` to a new temporary file beside ``path`` (not flushed to disk); its name."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
