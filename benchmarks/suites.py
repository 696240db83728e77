"""Load the public test suites into one shape: cases of expected readings with spans.

Recognizers-Text spec files (JSON list, UTF-8 with BOM) give each result's text, resolution
value and inclusive character span; quantulum3's ``quantities.json`` gives each quantity's
value, unit, surface and, for ranges, an uncertainty (a range is a mean +- half its width).
Both become ``Case`` records holding ``Reading`` intervals: a single number is the interval
[v, v]; an open range ("more than 30") has ``None`` at its open end.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Suite name -> (file under the external folder, how values compare; see agreement.py).
SUITES = {
    "rt-number": ("recognizers-text/Number_NumberModel.json", "number"),
    "rt-range": ("recognizers-text/Number_NumberRangeModel.json", "range"),
    "rt-percent": ("recognizers-text/Number_PercentModel.json", "percent"),
    "rt-currency": ("recognizers-text/NumberWithUnit_CurrencyModel.json", "currency"),
    "quantulum3": ("quantulum3/quantities.json", "quantulum"),
}

_INTERVAL = re.compile(r"^([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$")


@dataclass(frozen=True)
class Reading:
    """A value read from text: the interval [low, high] (a number has low == high; an open
    end is None), the span it covers (end exclusive; None if unknown) and its surface."""

    low: float | None
    high: float | None
    start: int | None
    end: int | None
    text: str
    unit: str = ""

    @property
    def has_value(self) -> bool:
        return self.low is not None or self.high is not None

    def overlaps(self, other: Reading) -> bool:
        if None in (self.start, self.end, other.start, other.end):
            return False
        return self.start < other.end and other.start < self.end  # type: ignore[operator]


@dataclass
class Case:
    suite: str
    index: int
    text: str
    expected: list[Reading]
    not_supported: str = ""  # platforms the upstream suite marks as not supporting it
    raw: list[dict[str, Any]] = field(default_factory=list)


def load_suites(external: Path) -> dict[str, tuple[str, list[Case]]]:
    """Every suite found under ``external``: name -> (comparison kind, cases)."""
    suites: dict[str, tuple[str, list[Case]]] = {}
    for name, (rel, kind) in SUITES.items():
        path = external / rel
        if not path.is_file():
            raise SystemExit(f"{path}: suite file not found; give the folder of the public "
                             "suites with --external (see benchmarks/README.md)")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        loader = _quantulum_cases if kind == "quantulum" else _recognizers_cases
        suites[name] = (kind, loader(name, data))
    return suites


def _recognizers_cases(suite: str, data: list[dict[str, Any]]) -> list[Case]:
    cases = []
    for i, item in enumerate(data):
        flags = [f"{k}: {item[k]}" for k in ("NotSupported", "NotSupportedByDesign")
                 if item.get(k)]
        expected = [_recognizers_reading(r) for r in item.get("Results", [])]
        cases.append(Case(suite, i, item["Input"], expected, "; ".join(flags),
                          item.get("Results", [])))
    return cases


def _recognizers_reading(result: dict[str, Any]) -> Reading:
    resolution = result.get("Resolution") or {}
    low, high = parse_value(resolution.get("value"))
    start = result.get("Start")
    end = result.get("End")
    return Reading(low, high, start, None if end is None else end + 1, result.get("Text", ""),
                   str(resolution.get("unit", "")))


def parse_value(value: Any) -> tuple[float | None, float | None]:
    """A Recognizers-Text resolution value as an interval: "12" -> (12, 12), "35%" ->
    (35, 35), "(20,35]" -> (20, 35), "[3965,)" -> (3965, None), "null"/None -> (None, None).
    Whether an end is open or closed is not kept: only the bounds are compared."""
    if value is None:
        return None, None
    text = str(value).strip()
    m = _INTERVAL.match(text)
    if m:
        return _number(m.group(2)), _number(m.group(3))
    number = _number(text.rstrip("%"))
    return number, number


def _number(text: str) -> float | None:
    text = text.strip()
    if not text or text.lower() == "null":
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _quantulum_cases(suite: str, data: list[dict[str, Any]]) -> list[Case]:
    cases = []
    for i, item in enumerate(data):
        text, pos, expected = item["req"], 0, []
        for res in item.get("res", []):
            surface = str(res.get("surface", ""))
            found = text.find(surface, pos) if surface else -1
            if found < 0 and surface:
                found = text.find(surface)
            start, end = (found, found + len(surface)) if found >= 0 else (None, None)
            if found >= 0:
                pos = found + len(surface)
            value = float(res["value"])
            spread = float(res.get("uncertainty") or 0.0)
            expected.append(Reading(value - spread, value + spread, start, end, surface,
                                    str(res.get("unit", ""))))
        cases.append(Case(suite, i, text, expected, "", item.get("res", [])))
    return cases
