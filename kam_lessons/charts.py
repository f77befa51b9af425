"""Charts drawn with Altair and rendered to SVG offline (vl-convert): nothing from the internet."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kam_lessons.methods import (
    _REGION_BOXES,
    as_ratings,
    load_chart_labels,
)
from kam_lessons.paths import cache_dir
from kam_lessons.storage import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    import altair

# Where the stages sit on the model's two axes (0 = transactional / simple,
# 100 = collaborative / complex). The model places the five stages along one path;
# uncoupling is a break that can happen anywhere, so it has no point of its own.
STAGE_POSITIONS: dict[str, tuple[float, float]] = {
    "pre": (8, 8),
    "early": (27, 24),
    "mid": (50, 46),
    "partnership": (72, 70),
    "synergistic": (91, 92),
}


def to_svg(chart: Any) -> str:
    """Render an Altair chart to an SVG string, offline (vl-convert)."""
    buf = io.StringIO()
    chart.save(buf, format="svg")
    return buf.getvalue()


def chart_svg(name: str, labels: dict[str, dict[str, str]]) -> str:
    """Return the SVG of a named lesson chart, drawn once per machine and then kept on disk.

    Importing Altair and starting the renderer take seconds in a new kernel. The cache key
    is the chart's name, its labels and this module's code, so a hit imports neither, and
    any change to the words or the drawing code draws the chart anew.
    """
    source = Path(__file__).read_bytes()
    words = json.dumps(labels, sort_keys=True, ensure_ascii=False).encode()
    key = hashlib.sha256(source + b"\0" + name.encode() + b"\0" + words).hexdigest()
    cached = cache_dir("charts") / f"{name}-{key[:32]}.svg"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = to_svg(CHARTS[name](labels))
    with contextlib.suppress(OSError):  # a read-only home only costs speed
        write_atomic(cached, svg)
    return svg


def svg_display(svg: str) -> Any:
    """Return an IPython SVG object (shown in notebooks and kept in HTML exports)."""
    from IPython.display import SVG

    return SVG(data=svg)


def stages_chart(labels: dict[str, dict[str, str]]) -> Any:
    """Place the KAM stages on the model's two axes.

    Args:
        labels: the lesson's labels; uses ``labels["stages"]`` (names by stage id) and
            ``labels["chart"]`` (title, axis titles and ends, the uncoupling note).
    """
    import altair as alt
    import pandas as pd

    names = labels.get("stages", {})
    words = labels.get("chart", {})
    rows = [
        {"stage": names.get(sid, sid), "x": x, "y": y, "order": n}
        for n, (sid, (x, y)) in enumerate(STAGE_POSITIONS.items())
    ]
    data = pd.DataFrame(rows)
    x_axis = alt.X(
        "x:Q",
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(values=[0, 100], labelExpr=_ends(words, "x"), grid=False),
        title=words.get("x_title", ""),
    )
    y_axis = alt.Y(
        "y:Q",
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(values=[0, 100], labelExpr=_ends(words, "y"), grid=False),
        title=words.get("y_title", ""),
    )
    path = (
        alt.Chart(data)
        .mark_line(strokeWidth=3, color="#9ab", point=False)
        .encode(x=x_axis, y=y_axis, order="order:Q")
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=260, color="#1f5f99", opacity=1)
        .encode(x="x:Q", y="y:Q", tooltip=["stage:N"])
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=12, dy=-10, fontSize=13, fontWeight="bold")
        .encode(x="x:Q", y="y:Q", text="stage:N")
    )
    note = pd.DataFrame(
        [
            {
                "x": 97,
                "y": 6,
                "label": f"{names.get('uncoupling', '')}: {words.get('uncoupling', '')}",
            }
        ]
    )
    uncoupling = (
        alt.Chart(note)
        .mark_text(align="right", fontSize=12, fontStyle="italic", color="#b42318")
        .encode(x="x:Q", y="y:Q", text="label:N")
    )
    return (path + dots + text + uncoupling).properties(
        width=520, height=380, title=words.get("title", "")
    )


def region_shading(boxes: list[dict], x_title: str, y_title: str, opacity: float = 0.6) -> Any:
    """Return the shaded rectangles of a chart's named regions, on axes from 0 to 100.

    Each box gives ``x``, ``x2``, ``y``, ``y2``, its ``colour`` and its ``region`` name
    (the square of the workshop and the value-vs-cost chart of lesson 2 both use this).
    """
    import altair as alt

    scale = alt.Scale(domain=[0, 100], nice=False)
    return (
        alt.Chart(alt.Data(values=boxes))
        .mark_rect(opacity=opacity)
        .encode(
            x=alt.X("x:Q", scale=scale, title=x_title),
            x2="x2:Q",
            y=alt.Y("y:Q", scale=scale, title=y_title),
            y2="y2:Q",
            color=alt.Color("colour:N", scale=None),
            tooltip=alt.Tooltip("region:N"),
        )
    )


def _ends(words: dict[str, str], axis: str) -> str:
    low = words.get(f"{axis}_low", "").replace("'", "\\'")
    high = words.get(f"{axis}_high", "").replace("'", "\\'")
    return f"datum.value == 0 ? '{low}' : '{high}'"


CHARTS: dict[str, Callable[[dict[str, dict[str, str]]], Any]] = {"stages": stages_chart}


# The relationship square of kam-facts §4 (regions and thresholds: kam_lessons.workshop.square).
# Where each region sits: (right of the split on our axis, above it on the customer's).
_SQUARE_SIDES: dict[str, tuple[bool, bool]] = {
    "key": (True, True),
    "target": (False, True),
    "not_of_interest": (True, False),
    "too_ambitious": (False, False),
}
_SQUARE_COLOURS = {
    "key": "#d9f0d3",
    "target": "#d1e5f0",
    "not_of_interest": "#f0f0f0",
    "too_ambitious": "#fde0c5",
}


#: Points closer than this (in score points, on both axes) have their labels stacked.
LABEL_NEAR = 6.0
#: One label line, in score points (11 px text on a 420 px axis of 100 points).
LABEL_STEP = 3.3


def _stack_labels(rows: list[dict[str, Any]]) -> None:
    """Give each point's label a ``label_y``, so close labels never print over each other.

    Labels of points at the same or very close coordinates go one line below the other.
    """
    placed: list[dict[str, Any]] = []
    for row in rows:
        near = [
            p
            for p in placed
            if abs(p["x"] - row["x"]) < LABEL_NEAR and abs(p["y"] - row["y"]) < LABEL_NEAR
        ]
        row["label_y"] = min([row["y"], *(p["label_y"] - LABEL_STEP for p in near)])
        placed.append(row)


def square_chart(
    points: list[dict[str, Any]], labels: dict[str, dict[str, str]], threshold: float = 50.0
) -> Any:
    """Draw the relationship square: x = our position, y = the customer's, four named regions.

    Args:
        points: One mapping per point: ``label`` (shown next to it), ``ours`` and
            ``customer`` (0–100) and ``kind`` (``"scorer"`` or ``"team"``; the team's
            point is drawn larger, as a diamond).
        labels: ``regions`` (name per region id: key, target, not_of_interest,
            too_ambitious) and ``chart`` (``title``, ``x_title``, ``y_title``, and the
            legend's ``scorer`` and ``team``).
        threshold: Where each axis splits (the regions' boundary lines).

    Returns:
        An Altair layer chart, 420 × 420.
    """
    import altair as alt

    words = labels.get("chart", {})
    regions = labels.get("regions", {})
    boxes = []
    for rid, (right, top) in _SQUARE_SIDES.items():
        x0, x1 = (threshold, 100.0) if right else (0.0, threshold)
        y0, y1 = (threshold, 100.0) if top else (0.0, threshold)
        boxes.append(
            {
                "region": regions.get(rid, rid),
                "x": x0,
                "x2": x1,
                "y": y0,
                "y2": y1,
                "tx": (x0 + x1) / 2,
                "ty": y1 - 3 if top else y0 + 3,
                "baseline": "top" if top else "bottom",
                "colour": _SQUARE_COLOURS[rid],
            }
        )
    scale = alt.Scale(domain=[0, 100], nice=False)
    x_title, y_title = words.get("x_title", ""), words.get("y_title", "")
    base = alt.Chart(alt.Data(values=boxes))
    shading = region_shading(boxes, x_title, y_title, opacity=0.7)
    names = [
        base.transform_filter(f"datum.baseline == '{where}'")
        .mark_text(baseline=where, fontSize=12, fontWeight="bold", color="#444")
        .encode(x="tx:Q", y="ty:Q", text="region:N")
        for where in ("top", "bottom")
    ]
    lines = (
        alt.Chart(alt.Data(values=[{"v": threshold}]))
        .mark_rule(strokeDash=[4, 4], color="#777")
        .encode(x="v:Q")
    ) + (
        alt.Chart(alt.Data(values=[{"v": threshold}]))
        .mark_rule(strokeDash=[4, 4], color="#777")
        .encode(y="v:Q")
    )
    layers: list[Any] = [shading, *names, lines]
    kinds = [words.get("scorer", "scorer"), words.get("team", "team")]
    rows = [
        {
            "label": str(p["label"]),
            "x": float(p["ours"]),
            "y": float(p["customer"]),
            "kind": kinds[1] if p.get("kind") == "team" else kinds[0],
        }
        for p in points
        if p.get("ours") is not None and p.get("customer") is not None
    ]
    _stack_labels(rows)
    if rows:
        marks = alt.Chart(alt.Data(values=rows))
        layers.append(
            marks.mark_point(filled=True, opacity=1).encode(
                x=alt.X("x:Q", scale=scale),
                y=alt.Y("y:Q", scale=scale),
                shape=alt.Shape(
                    "kind:N", scale=alt.Scale(domain=kinds, range=["circle", "diamond"]), title=None
                ),
                color=alt.Color(
                    "kind:N",
                    scale=alt.Scale(domain=kinds, range=["#1f4e79", "#b2182b"]),
                    title=None,
                ),
                size=alt.Size(
                    "kind:N", scale=alt.Scale(domain=kinds, range=[110, 260]), legend=None
                ),
                tooltip=[
                    alt.Tooltip("label:N"),
                    alt.Tooltip("x:Q", title=x_title),
                    alt.Tooltip("y:Q", title=y_title),
                ],
            )
        )
        layers.append(
            marks.mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#222").encode(
                x="x:Q", y=alt.Y("label_y:Q", scale=scale), text="label:N"
            )
        )
    chart = alt.layer(*layers).properties(width=420, height=420)
    title = words.get("title")
    return chart.properties(title=title) if title else chart


def assessment_square_chart(labels: dict[str, dict[str, str]]) -> Any:
    """Draw lesson 4's empty relationship square: the four regions, no points.

    The same drawing and threshold as the workshop (:func:`square_chart`,
    :data:`kam_lessons.workshop.square.SQUARE_THRESHOLD`), so the lesson teaches the square the
    workshop reports on. No point is drawn: the trainee places the case's point.

    Args:
        labels: the lesson's labels; ``regions`` (name per region id) and ``chart``
            (``title``, ``subtitle``, ``x_title``, ``y_title``).
    """
    import altair as alt

    from kam_lessons.workshop.square import SQUARE_THRESHOLD

    chart = square_chart([], labels, SQUARE_THRESHOLD)
    words = labels.get("chart", {})
    if words.get("subtitle"):
        title = alt.TitleParams(
            words.get("title", ""), subtitle=words["subtitle"], subtitleFontSize=11, anchor="start"
        )
        chart = chart.properties(title=title)
    return chart


# The customer pyramid of kam-facts §6: (share of customers, share of selling time), in %,
# from the top tier down.
PYRAMID_SHARES: dict[str, tuple[int, int]] = {
    "key": (10, 60),
    "ordinary": (30, 30),
    "potential": (60, 10),
}
_PYRAMID_COLOURS = {"key": "#1f5f99", "ordinary": "#6a9fcb", "potential": "#c6dbef"}


def pyramid_chart(labels: dict[str, dict[str, str]]) -> Any:
    """Draw the customer pyramid: three tiers, each with its share of customers and of time.

    Args:
        labels: the lesson's labels; ``tiers`` (name per tier id: key, ordinary,
            potential) and ``pyramid`` (``title``, and ``shares``, a sentence with the
            placeholders ``{customers}`` and ``{time}``).
    """
    import altair as alt

    names = labels.get("tiers", {})
    words = labels.get("pyramid", {})
    template = words.get("shares", "{customers} / {time}")
    tiers = list(PYRAMID_SHARES)  # top first
    band, gap = 100 / len(tiers), 1.5

    def half(y: float) -> float:
        return 50 * (1 - y / 100)

    areas, texts = [], []
    for n, tid in enumerate(reversed(tiers)):  # bottom first
        y0, y1 = n * band + (gap if n else 0), (n + 1) * band - (gap if n < len(tiers) - 1 else 0)
        name = names.get(tid, tid)
        for y in (y0, y1):
            areas.append({"tier": name, "y": y, "x": 50 - half(y), "x2": 50 + half(y)})
        mid = (y0 + y1) / 2
        customers, time = PYRAMID_SHARES[tid]
        texts.append(
            {
                "x": 50 + half(mid) + 3,
                "y": mid,
                "name": name,
                "shares": template.format(customers=customers, time=time),
            }
        )
    xs = alt.Scale(domain=[0, 190], nice=False)
    ys = alt.Scale(domain=[0, 100], nice=False)
    shape = (
        alt.Chart(alt.Data(values=areas))
        .mark_area(orient="horizontal", opacity=0.9)
        .encode(
            y=alt.Y("y:Q", scale=ys, axis=None),
            x=alt.X("x:Q", scale=xs, axis=None),
            x2="x2:Q",
            color=alt.Color(
                "tier:N",
                scale=alt.Scale(
                    domain=[names.get(t, t) for t in tiers],
                    range=[_PYRAMID_COLOURS[t] for t in tiers],
                ),
                legend=None,
            ),
            detail="tier:N",
        )
    )
    base = alt.Chart(alt.Data(values=texts))
    tier_names = base.mark_text(
        align="left", dy=-8, fontSize=13, fontWeight="bold", color="#222"
    ).encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="name:N")
    tier_shares = base.mark_text(align="left", dy=9, fontSize=12, color="#333").encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="shares:N"
    )
    chart = (
        alt.layer(shape, tier_names, tier_shares)
        .properties(width=560, height=320)
        .configure_view(stroke=None)
    )
    title = words.get("title")
    return chart.properties(title=title) if title else chart


CHARTS["square"] = assessment_square_chart
CHARTS["pyramid"] = pyramid_chart


# -- value against cost (lessons 2 and the workshop) -------------------------------

_REGION_COLOURS = {
    "quick_win": "#d9f0d3",
    "lead": "#d1e5f0",
    "keep_up": "#f0f0f0",
    "reconsider": "#fddbc7",
}


def value_cost_chart(
    ratings: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]],
    reference: Mapping[str, Any] | None = None,
    *,
    lang: str | None = None,
) -> altair.LayerChart:
    """Draw the methods on a value-vs-cost chart: x = cost, y = value, four shaded regions.

    Args:
        ratings: The ratings to plot (any shape :func:`as_ratings` takes); methods with
            an unknown value or cost are not drawn.
        labels: The words, grouped as :func:`load_chart_labels` returns them: ``methods``
            and ``regions`` (name per id); axis titles as ``axes.value`` / ``axes.cost``
            or, as in a lesson file, ``chart.y_title`` / ``chart.x_title``; legend names
            as ``series.yours`` / ``series.reference`` (or ``chart.yours`` /
            ``chart.reference``); an optional ``chart.title``.
        reference: Optional reference ratings, drawn as diamonds joined to the
            trainee's points by a dashed line.
        lang: If given, a word missing from ``labels`` comes from the catalogue in this
            language; otherwise it shows its id.

    Returns:
        An Altair layer chart (regions, region names, points, point labels).
    """
    import altair as alt

    fallback = load_chart_labels(lang) if lang else {}
    aliases = {
        ("axes", "cost"): ("chart", "x_title"),
        ("axes", "value"): ("chart", "y_title"),
        ("series", "yours"): ("chart", "yours"),
        ("series", "reference"): ("chart", "reference"),
    }

    def word(group: str, key: str) -> str:
        for source in (labels, fallback):
            for g, k in ((group, key), aliases.get((group, key), (group, key))):
                found = source.get(g, {}).get(k)
                if found:
                    return str(found)
        return key

    boxes = [
        {
            "region": word("regions", rid),
            "x": x0,
            "x2": x1,
            "y": y0,
            "y2": y1,
            "tx": (x0 + x1) / 2,
            "ty": y1 - 4,
            "colour": _REGION_COLOURS[rid],
        }
        for rid, (x0, x1, y0, y1) in _REGION_BOXES.items()
    ]
    points = _chart_points(ratings, word, word("series", "yours"))
    ref_points = _chart_points(reference, word, word("series", "reference")) if reference else []
    x_title, y_title = word("axes", "cost"), word("axes", "value")
    scale = alt.Scale(domain=[0, 100], nice=False)

    base_boxes = alt.Chart(alt.Data(values=boxes))
    shading = region_shading(boxes, x_title, y_title)
    region_names = base_boxes.mark_text(baseline="top", fontSize=11, color="#555").encode(
        x="tx:Q", y="ty:Q", text="region:N"
    )
    layers: list[Any] = [shading, region_names]
    all_points = points + ref_points
    if ref_points:
        pairs = [
            {"method": p["method"], "x": p["x"], "y": p["y"], "x2": r["x"], "y2": r["y"]}
            for p in points
            for r in ref_points
            if r["id"] == p["id"]
        ]
        if pairs:
            layers.append(
                alt.Chart(alt.Data(values=pairs))
                .mark_rule(strokeDash=[3, 3], color="#888")
                .encode(x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q")
            )
    if all_points:
        marks = alt.Chart(alt.Data(values=all_points))
        series = [word("series", "yours")]
        if ref_points:  # no legend entry for a reference that is not drawn
            series.append(word("series", "reference"))
        layers.append(
            marks.mark_point(size=120, filled=True).encode(
                x=alt.X("x:Q", scale=scale),
                y=alt.Y("y:Q", scale=scale),
                shape=alt.Shape(
                    "series:N", scale=alt.Scale(domain=series, range=["circle", "diamond"])
                ),
                color=alt.Color(
                    "series:N",
                    scale=alt.Scale(domain=series, range=["#1f4e79", "#b2182b"]),
                    title=None,
                ),
                tooltip=[
                    alt.Tooltip("method:N"),
                    alt.Tooltip("series:N"),
                    alt.Tooltip("y:Q", title=y_title),
                    alt.Tooltip("x:Q", title=x_title),
                ],
            )
        )
        layers.append(
            alt.Chart(alt.Data(values=_shared_labels(all_points)))
            .mark_text(align="left", dx=8, dy=-8, fontSize=11)
            .encode(x="x:Q", y="y:Q", text="method:N")
        )
    chart = alt.layer(*layers).properties(width=420, height=420)
    title = labels.get("chart", {}).get("title") or fallback.get("chart", {}).get("title")
    return chart.properties(title=str(title)) if title else chart  # type: ignore[return-value]


LABEL_GRID = 4.0  # points closer than this (on the 0–100 scale) share one label


def _shared_labels(points: list[dict]) -> list[dict]:
    """Return one label per spot, so methods rated alike do not print over each other."""
    spots: dict[tuple[int, int], dict] = {}
    for point in points:
        cell = (round(point["x"] / LABEL_GRID), round(point["y"] / LABEL_GRID))
        spot = spots.setdefault(cell, {"x": point["x"], "y": point["y"], "names": []})
        if point["method"] not in spot["names"]:
            spot["names"].append(point["method"])
    return [{"x": s["x"], "y": s["y"], "method": ", ".join(s["names"])} for s in spots.values()]


def _chart_points(ratings: Mapping[str, Any] | None, word: Any, series: str) -> list[dict]:
    return [
        {
            "id": method,
            "method": word("methods", method),
            "series": series,
            "x": rating.cost,
            "y": rating.value,
        }
        for method, rating in as_ratings(ratings).items()
        if rating.known
    ]
