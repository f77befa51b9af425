"""``OUT/report.html``: the cohort at a glance, for the trainer. One offline file.

Charts (Vega-Lite specs drawn to SVG by vl-convert, the engine Altair saves with;
nothing loaded from the internet): the score distribution
per lesson, mastery per learning objective (per trainee for a small cohort, as the
share of trainees in each band for a large one; per lesson while no question names an
objective), progress (not started, under way, every question answered), and item
analysis (facility against discrimination, flagged items marked). Then the tables:
each lesson's reliability by language, the flagged items with the reasons and the
share choosing each option, and every item. Figures are aggregated, so the page stays
small for thousands of trainees; each says how many trainees it rests on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from kam_lessons.content import load_objectives
from kam_lessons.feedback import STYLE
from kam_lessons.i18n import t
from kam_lessons.items import FEW, TOO_EASY, TOO_HARD, ItemAnalysis, ItemStat, analyse_items
from kam_lessons.numbers import format_number
from kam_lessons.storage import write_atomic

if TYPE_CHECKING:
    from kam_lessons.grades import Gradebook

REPORT_FILE = "report.html"
#: Up to this many trainees the mastery map has one row per trainee; beyond, bands.
PER_TRAINEE_UP_TO = 40
BANDS = ("0–20", "20–40", "40–60", "60–80", "80–100")
FLAG_COLOUR = "#c62828"
SOUND_COLOUR = "#1565c0"
#: Flagged items named on the item chart up to this many (more would overlap).
MAX_LABELLED = 12

REPORT_STYLE = """
body{max-width:72rem}.chart{margin:.5rem 0 1.5rem;overflow-x:auto}
.chart svg{max-width:100%;height:auto}
.note{color:#5a6878;font-size:.9rem}.flag{color:#c62828;font-weight:600}
details summary{cursor:pointer;font-weight:600;margin:.5rem 0}
td.opts{font-size:.85rem;color:#33414f}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #e3e8ee;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem}
"""


@dataclass(frozen=True)
class Mastery:
    """One trainee's share of the points on one objective (or lesson)."""

    trainee_id: str
    group: str
    share: float


def _bin(percent: float) -> int:
    return min(9, max(0, int(percent // 10)))


def _distribution(book: Gradebook, lang: str) -> list[dict[str, object]]:
    counts: dict[tuple[str, int], int] = {}
    for r, row in zip(book.results, book.rows, strict=True):
        if row.answered and row.max_score and r.started:
            key = (row.lesson, _bin(100 * row.score / row.max_score))
            counts[key] = counts.get(key, 0) + 1
    lessons = sorted({r.lesson.lesson for r in book.results})
    rows: list[dict[str, object]] = []
    for lesson in lessons:
        for b in range(10):
            rows.append(
                {
                    "lesson": lesson,
                    "band": f"{b * 10}–{b * 10 + 10}",
                    "n": counts.get((lesson, b), 0),
                }
            )
    return rows


def mastery(book: Gradebook) -> tuple[list[Mastery], bool]:
    """Return each trainee's mastery per objective, and whether objectives were found.

    Mastery is the share of the points earned on the questions naming the objective
    (auto-scored, and written answers once marked), over the lessons the trainee started.
    Without any objective named, the groups are the lessons.
    """
    earned: dict[tuple[str, str], list[float]] = {}
    tagged = any(q.objectives for r in book.results for q in r.lesson.questions)
    groups_of: dict[int, list[tuple[str, ...]]] = {}
    for r, row in zip(book.results, book.rows, strict=True):
        if not r.started or not row.answered:
            continue
        groups = groups_of.get(id(r.lesson))
        if groups is None:
            groups = [q.objectives if tagged else (r.lesson.lesson,) for q in r.lesson.questions]
            groups_of[id(r.lesson)] = groups
        tid = r.trainee.trainee_id
        for names, s in zip(groups, r.score.questions, strict=True):
            if s.points is None:
                continue
            for g in names:
                cell = earned.get((tid, g))
                if cell is None:
                    cell = earned[(tid, g)] = [0.0, 0.0]
                cell[0] += s.points
                cell[1] += s.max_points
    out = [Mastery(tid, g, p / m) for (tid, g), (p, m) in earned.items() if m]
    return out, tagged


Spec = dict[str, Any]
VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"  # an id in the spec; never loaded


def _svg(spec: Spec) -> Markup:
    """Draw a Vega-Lite chart to SVG, offline (vl-convert, the engine Altair saves with)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg({"$schema": VEGA_LITE, **spec})
    return Markup('<div class="chart">') + Markup(svg) + Markup("</div>")


def _distribution_chart(rows: list[dict[str, object]], lang: str) -> Spec:
    return {
        "data": {"values": rows},
        "facet": {"field": "lesson", "type": "nominal", "title": None},
        "columns": 3,
        "spec": {
            "width": 200,
            "height": 120,
            "mark": {"type": "bar", "color": SOUND_COLOUR},
            "encoding": {
                "x": {
                    "field": "band",
                    "type": "ordinal",
                    "sort": None,
                    "title": t(lang, "report.axis.percent"),
                },
                "y": {
                    "field": "n",
                    "type": "quantitative",
                    "title": t(lang, "report.axis.trainees"),
                    "axis": {"tickMinStep": 1},
                },
            },
        },
    }


def _mastery_chart(cells: list[Mastery], names: dict[str, str], lang: str) -> Spec:
    """Objectives down, trainees across (a small cohort) or mastery bands across (a large one)."""
    trainees = sorted({c.trainee_id for c in cells})
    groups = list(dict.fromkeys(c.group for c in cells))
    label = {g: _short(names.get(g, g), 70) for g in groups}
    if len(trainees) <= PER_TRAINEE_UP_TO:
        rows = [
            {"who": c.trainee_id, "group": label[c.group], "share": round(c.share, 3)}
            for c in cells
        ]
        x: Spec = {
            "field": "who",
            "type": "nominal",
            "title": t(lang, "report.axis.trainee"),
            "axis": {"orient": "top"},
        }
        colour: Spec = {
            "field": "share",
            "type": "quantitative",
            "title": t(lang, "report.axis.mastery"),
            "scale": {"domain": [0, 1], "scheme": "redyellowgreen"},
        }
        columns = len(trainees)
    else:
        counts: dict[tuple[str, str], int] = {}
        totals: dict[str, int] = {}
        for c in cells:
            band = BANDS[min(4, int(c.share * 5))]
            counts[(c.group, band)] = counts.get((c.group, band), 0) + 1
            totals[c.group] = totals.get(c.group, 0) + 1
        rows = [
            {
                "who": band,
                "group": label[g],
                "share": round(counts.get((g, band), 0) / totals[g], 3),
            }
            for g in groups
            for band in BANDS
        ]
        x = {
            "field": "who",
            "type": "ordinal",
            "sort": list(BANDS),
            "title": t(lang, "report.axis.band"),
            "axis": {"orient": "top"},
        }
        colour = {
            "field": "share",
            "type": "quantitative",
            "title": t(lang, "report.axis.share"),
            "scale": {"scheme": "blues"},
        }
        columns = len(BANDS)
    return {
        "data": {"values": rows},
        "mark": "rect",
        "width": min(600, max(200, 36 * columns)),
        "height": 14 * len(groups),
        "encoding": {
            "y": {
                "field": "group",
                "type": "nominal",
                "sort": [label[g] for g in groups],
                "title": None,
                # labels are cut to 70 characters above, so vega need not measure them
                # to cut them again (that measuring was half the chart's drawing time)
                "axis": {"labelLimit": 0},
            },
            "x": x,
            "color": colour,
        },
    }


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _progress_rows(book: Gradebook, lang: str) -> list[dict[str, object]]:
    states = {
        "none": t(lang, "report.progress.none"),
        "some": t(lang, "report.progress.some"),
        "all": t(lang, "report.progress.all"),
    }
    counts: dict[tuple[str, str], int] = {}
    for row in book.rows:
        state = "none" if row.answered == 0 else "all" if row.answered == row.total else "some"
        counts[(row.lesson, state)] = counts.get((row.lesson, state), 0) + 1
    return [
        {"lesson": lesson, "state": states[state], "order": n, "n": count}
        for (lesson, state), count in sorted(counts.items())
        for n in [list(states).index(state)]
    ]


def _progress_chart(rows: list[dict[str, object]], lang: str) -> Spec:
    order = [t(lang, f"report.progress.{s}") for s in ("none", "some", "all")]
    return {
        "data": {"values": rows},
        "mark": "bar",
        "width": 460,
        "height": 28 * len({r["lesson"] for r in rows}),
        "encoding": {
            "y": {"field": "lesson", "type": "nominal", "title": None},
            "x": {
                "field": "n",
                "type": "quantitative",
                "stack": "normalize",
                "title": t(lang, "report.axis.share_trainees"),
            },
            "color": {
                "field": "state",
                "type": "nominal",
                "title": None,
                "sort": order,
                "scale": {"domain": order, "range": ["#cfd8dc", "#90caf9", "#2e7d32"]},
            },
            "order": {"field": "order", "type": "quantitative"},
        },
    }


def _items_chart(items: list[ItemStat], lang: str) -> Spec:
    flagged, sound = t(lang, "report.flagged"), t(lang, "report.sound")
    rows = [
        {
            "facility": round(i.facility, 3),
            "discrimination": round(i.discrimination, 3),
            "state": flagged if i.flags else sound,
            "label": f"{i.lesson} {i.question} {i.lang}",
        }
        for i in items
        if i.facility is not None and i.discrimination is not None
    ]
    x = {
        "field": "facility",
        "type": "quantitative",
        "scale": {"domain": [0, 1]},
        "title": t(lang, "report.facility"),
    }
    y = {
        "field": "discrimination",
        "type": "quantitative",
        "scale": {"domain": [-1, 1]},
        "title": t(lang, "report.discrimination"),
    }
    layers: list[Spec] = [
        {
            "data": {"values": [{"x": TOO_HARD}, {"x": TOO_EASY}]},
            "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#9aa7b4"},
            "encoding": {"x": {"field": "x", "type": "quantitative"}},
        },
        {
            "data": {"values": [{"y": 0}]},
            "mark": {"type": "rule", "color": "#9aa7b4"},
            "encoding": {"y": {"field": "y", "type": "quantitative"}},
        },
        {
            "data": {"values": rows},
            "mark": {"type": "circle", "size": 60, "opacity": 0.8},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "state",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": [sound, flagged], "range": [SOUND_COLOUR, FLAG_COLOUR]},
                },
            },
        },
    ]
    if sum(1 for r in rows if r["state"] == flagged) <= MAX_LABELLED:
        layers.append(
            {
                "data": {"values": rows},
                "transform": [{"filter": {"field": "state", "equal": flagged}}],
                "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 10},
                "encoding": {
                    "x": x,
                    "y": y,
                    "text": {"field": "label", "type": "nominal"},
                    "color": {"value": FLAG_COLOUR},
                },
            }
        )
    return {"layer": layers, "width": 520, "height": 300}


def _fmt(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return format_number(round(value, digits), lang)


def _flags(item: ItemStat, lang: str) -> str:
    return ", ".join(t(lang, f"report.flag.{f.replace(' ', '_')}") for f in item.flags)


def _options(item: ItemStat, lang: str) -> Markup:
    if not item.options:
        return Markup("")
    parts = [
        Markup("<b>{}</b>").format(f"{o.option}✓\u00a0{_fmt(100 * o.share, lang, 0)}\u00a0%")
        if o.key
        else escape(f"{o.option}\u00a0{_fmt(100 * o.share, lang, 0)}\u00a0%")
        for o in item.options
    ]
    return Markup(" · ").join(parts)


def _item_table(
    items: Sequence[ItemStat], prompts: dict[tuple[str, str, str], str], lang: str
) -> Markup:
    head = Markup(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=num>n</th>"
        "<th class=num>{}</th><th class=num>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"
    ).format(
        t(lang, "report.col.lesson"),
        t(lang, "report.col.lang"),
        t(lang, "report.col.question"),
        t(lang, "report.facility"),
        t(lang, "report.discrimination"),
        t(lang, "report.col.options"),
        t(lang, "report.col.flag"),
    )
    rows = [
        Markup(
            "<tr><td>{}</td><td>{}</td><td><b>{}</b> <span class=note>{}</span></td>"
            "<td class=num>{}</td><td class=num>{}</td><td class=num>{}</td>"
            "<td class=opts>{}</td><td class=flag>{}</td></tr>"
        ).format(
            i.lesson,
            i.lang,
            i.question,
            prompts.get((i.lesson, i.lang, i.question), ""),
            i.n,
            _fmt(i.facility, lang),
            _fmt(i.discrimination, lang),
            _options(i, lang),
            _flags(i, lang),
        )
        for i in items
    ]
    return head + Markup("").join(rows) + Markup("</tbody></table>")


def _prompts(book: Gradebook) -> dict[tuple[str, str, str], str]:
    out = {}
    for r in book.results:
        key = (r.lesson.lesson, r.lesson.lang)
        if (*key, "") in out:
            continue
        out[(*key, "")] = ""
        for q in r.lesson.questions:
            text = " ".join(q.prompt.replace("*", "").split())
            out[(*key, q.id)] = text if len(text) <= 90 else text[:89] + "…"
    return out


def report_page(book: Gradebook, analysis: ItemAnalysis, lang: str) -> str:
    """Return ``report.html``: the cohort's charts and item tables, in ``lang``."""
    trainees = len(book.trainees)
    started = {r.trainee.trainee_id for r in book.results if r.started}
    cells, tagged = mastery(book)
    names = {k: o.text for k, o in load_objectives(lang).items()} if tagged else {}
    flagged = analysis.flagged()
    out = [
        Markup('<!doctype html><html lang="{}"><head><meta charset="utf-8">').format(lang),
        Markup("<title>{}</title><style>{}{}</style></head><body>").format(
            t(lang, "report.title"), Markup(STYLE), Markup(REPORT_STYLE)
        ),
        Markup("<h1>{}</h1>").format(t(lang, "report.title")),
        Markup('<div class="cards">'),
    ]
    for value, key in (
        (trainees, "report.card.trainees"),
        (len(started), "report.card.started"),
        (sum(r.awaiting_manual for r in book.rows), "report.card.to_mark"),
        (len(flagged), "report.card.flagged"),
    ):
        out.append(Markup('<div class="card"><b>{}</b>{}</div>').format(value, t(lang, key)))
    out.append(Markup("</div>"))
    if len(started) < FEW:
        out.append(
            Markup('<p class="note">{}</p>').format(
                t(lang, "report.noisy", n=len(started), few=FEW)
            )
        )
    out.append(Markup("<h2>{}</h2>").format(t(lang, "report.distribution")))
    out.append(_svg(_distribution_chart(_distribution(book, lang), lang)))
    out.append(Markup("<h2>{}</h2>").format(t(lang, "report.mastery")))
    note = "report.mastery_note" if tagged else "report.mastery_untagged"
    out.append(Markup('<p class="note">{}</p>').format(t(lang, note)))
    if cells:
        out.append(_svg(_mastery_chart(cells, names, lang)))
    out.append(Markup("<h2>{}</h2>").format(t(lang, "report.progress.title")))
    out.append(_svg(_progress_chart(_progress_rows(book, lang), lang)))
    out.append(Markup("<h2>{}</h2>").format(t(lang, "report.items")))
    out.append(Markup('<p class="note">{}</p>').format(t(lang, "report.items_note")))
    if any(i.facility is not None and i.discrimination is not None for i in analysis.items):
        out.append(_svg(_items_chart(analysis.items, lang)))
    out.append(Markup("<h3>{}</h3>").format(t(lang, "report.reliability")))
    out.append(
        Markup(
            "<table><thead><tr><th>{}</th><th>{}</th><th class=num>n</th>"
            "<th class=num>{}</th><th class=num>α</th></tr></thead><tbody>"
        ).format(
            t(lang, "report.col.lesson"), t(lang, "report.col.lang"), t(lang, "report.col.items")
        )
    )
    for rel in analysis.reliability:
        out.append(
            Markup(
                "<tr><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td>"
                "<td class=num>{}</td></tr>"
            ).format(rel.lesson, rel.lang, rel.n, rel.items, _fmt(rel.alpha, lang))
        )
    out.append(Markup("</tbody></table>"))
    prompts = _prompts(book)
    out.append(Markup("<h3>{}</h3>").format(t(lang, "report.flagged_items", n=len(flagged))))
    if flagged:
        out.append(_item_table(flagged, prompts, lang))
    else:
        out.append(Markup('<p class="note">{}</p>').format(t(lang, "report.none_flagged")))
    out.append(
        Markup("<details><summary>{}</summary>").format(
            t(lang, "report.all_items", n=len(analysis.items))
        )
    )
    out.append(_item_table(analysis.items, prompts, lang))
    out.append(Markup("</details></body></html>\n"))
    return str(Markup("").join(out))


def write_report(
    book: Gradebook, out: Path, lang: str = "en", analysis: ItemAnalysis | None = None
) -> Path:
    """Write ``out/report.html`` for the trainer; return its path."""
    path = Path(out) / REPORT_FILE
    write_atomic(path, report_page(book, analysis or analyse_items(book), lang))
    return path
