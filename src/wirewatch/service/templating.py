"""The Jinja2 environment every page and digest is rendered with: autoescaping on for every template.

Article text, titles and names reach templates as plain strings and are escaped there; nothing is marked
safe. Charts are inline SVG drawn here from counts (no script, no CDN).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader

__all__ = ["environment", "bar_chart", "TEMPLATES", "STATIC"]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    first: str
    last: str
    peak: float


def bar_chart(series: list[dict[str, Any]], key: str = "count", *, width: int = 720, height: int = 120) -> Chart:
    """Bars for `series` ([{date, key: n}]) scaled into width x height, each labelled for its tooltip."""
    points = [(item["date"], item.get(key) or 0) for item in series]
    peak = max((value for _, value in points), default=0) or 1
    step = width / max(len(points), 1)
    bars = []
    for index, (day, value) in enumerate(points):
        bar_height = (value / peak) * (height - 4)
        label = f"{day}: {value:g}" + (f" of {series[index]['total']}" if "total" in series[index] else "")
        bars.append(Bar(round(index * step, 2), round(height - bar_height, 2), round(max(step - 1, 1), 2),
                        round(bar_height, 2), label))
    return Chart(width, height, bars, points[0][0] if points else "", points[-1][0] if points else "", peak)


def _url_with(params: dict[str, Any], **changes: Any) -> str:
    """The query string of `params` with `changes` applied (None removes a key)."""
    merged = {**params, **changes}
    return "?" + urlencode({key: value for key, value in merged.items() if value not in (None, "")})


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["path"] = lambda value: quote(str(value), safe="")
    env.globals["bar_chart"] = bar_chart
    env.globals["url_with"] = _url_with
    return env
