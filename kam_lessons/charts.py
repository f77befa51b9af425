"""Charts drawn with Altair and rendered to SVG offline (vl-convert): nothing from the internet."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

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
    """Render an Altair chart to an SVG string, offline."""
    buf = io.StringIO()
    chart.save(buf, format="svg")
    return buf.getvalue()


def svg_display(chart: Any) -> Any:
    """Return an IPython SVG object for a chart (shown in notebooks and kept in HTML exports)."""
    from IPython.display import SVG

    return SVG(data=to_svg(chart))


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


def _ends(words: dict[str, str], axis: str) -> str:
    low = words.get(f"{axis}_low", "").replace("'", "\\'")
    high = words.get(f"{axis}_high", "").replace("'", "\\'")
    return f"datum.value == 0 ? '{low}' : '{high}'"


CHARTS: dict[str, Callable[[dict[str, dict[str, str]]], Any]] = {"stages": stages_chart}
