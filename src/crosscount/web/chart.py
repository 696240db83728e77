"""The timeline chart of a variable: one Vega-Lite spec, drawn by the vendored vega-embed.

x is the period a claim covers (a bar from its start to its end, a point for a date or an
as-of figure), y its value (a vertical rule from low to high for ranges and bounds), colour
its origin (the source, else the document); the reconciled low, best and high are dashed
horizontal rules.
"""

from __future__ import annotations

import calendar
import math
from typing import Any

from ..link import interval

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# How far a bound ("more than 250,000") is drawn past its value when the other end is open.
OPEN_END_SHARE = 0.15


def period_dates(claim: dict[str, Any]) -> tuple[str, str] | None:
    """The first and last day a claim covers (an as-of date is a single day), or None."""
    start = claim.get("period_start") or claim.get("as_of")
    if not start:
        return None
    end = claim.get("period_end") or (None if claim.get("period_start") else start)
    return _first_day(start), _last_day(end or start)


def _first_day(value: str) -> str:
    return value if len(value) == 10 else f"{value[:7]}-01"


def _last_day(value: str) -> str:
    if len(value) == 10:
        return value
    year, month = int(value[:4]), int(value[5:7])
    return f"{value[:7]}-{calendar.monthrange(year, month)[1]:02d}"


def timeline_spec(variable: dict[str, Any], claims: list[dict[str, Any]]) -> dict[str, Any]:
    """A Vega-Lite spec of ``claims`` of ``variable`` (only claims with a period or date)."""
    unit = claims[0]["unit"] if claims else "count"
    rows = []
    for c in claims:
        dates = period_dates(c)
        if dates is None:
            continue
        iv = interval(c)
        low = iv.low if math.isfinite(iv.low) else float(c["value"]) * (1 - OPEN_END_SHARE)
        high = iv.high if math.isfinite(iv.high) else float(c["value"]) * (1 + OPEN_END_SHARE)
        rows.append(
            {
                "start": dates[0],
                "end": dates[1],
                "value": float(c["value"]),
                "low": low,
                "high": high,
                "figure": c["surface"],
                "origin": c.get("source") or c["doc"],
                "document": c["doc"],
                "period": f"{dates[0]} to {dates[1]}" if dates[0] != dates[1] else dates[0],
            }
        )
    y_title = f"{variable['measure'].replace('_', ' ')} ({unit})"
    rules = [
        {"level": name, "value": float(variable[name])}
        for name in ("low", "best", "high")
        if variable.get(name) is not None
    ]
    tooltip = [
        {"field": "figure", "title": "figure"},
        {"field": "period", "title": "period"},
        {"field": "origin", "title": "origin"},
        {"field": "document", "title": "document"},
    ]
    x = {
        "field": "start",
        "type": "temporal",
        "title": "period covered",
        "axis": {"format": "%-d %b %Y", "labelOverlap": True},
    }
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"Every reported figure of {y_title} over the period it covers.",
        "width": "container",
        "height": 260,
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "rule", "strokeWidth": 5, "opacity": 0.6, "strokeCap": "round"},
                "encoding": {
                    "x": x,
                    "x2": {"field": "end"},
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": y_title,
                        "scale": {"zero": False, "padding": 12},
                        "axis": {"format": ",d"},
                    },
                    "color": {"field": "origin", "type": "nominal", "title": "origin"},
                    "tooltip": tooltip,
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                    "color": {"field": "origin", "type": "nominal"},
                    "tooltip": tooltip,
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {"field": "origin", "type": "nominal"},
                    "tooltip": tooltip,
                },
            },
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#555"},
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [{"field": "level"}, {"field": "value", "format": ","}],
                },
            },
        ],
    }
