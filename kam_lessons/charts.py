"""Charts drawn with Altair and rendered to SVG offline (vl-convert): nothing from the internet."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kam_lessons.storage import write_atomic

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


def cache_dir() -> Path:
    """Return where rendered charts are kept (``KAM_CACHE``, else the user's cache folder)."""
    if os.environ.get("KAM_CACHE"):
        return Path(os.environ["KAM_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kam-workbook" / "charts"


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
    cached = cache_dir() / f"{name}-{key[:32]}.svg"
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


def _ends(words: dict[str, str], axis: str) -> str:
    low = words.get(f"{axis}_low", "").replace("'", "\\'")
    high = words.get(f"{axis}_high", "").replace("'", "\\'")
    return f"datum.value == 0 ? '{low}' : '{high}'"


CHARTS: dict[str, Callable[[dict[str, dict[str, str]]], Any]] = {"stages": stages_chart}
