"""Link claims about the same quantity into variables, and read each claim as an interval.

A variable is a measure x place x side x period (start, end and as-of to the month) x rate.
Each claim's value becomes the interval of values it allows: "almost 90,000" lies just below
90,000, "more than 250,000" above it, "about" on either side, and a rounded figure ("19,000")
covers what it rounds ("18,984"). A variable's low, best and high follow the rule of conflict
event datasets such as UCDP GED: low and high are the smallest and largest values reported,
best the value the most independent origins report (ties: the median), never overwritten by
later reports.
"""

from __future__ import annotations

import hashlib
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .model import Variable

PRODUCED_BY = "link.v1"
DEFAULT_RULE = "ucdp"
# Half-width of "about" / "some" / "roughly", as a share of the value. Set so that "about
# 38,000" covers 36,000-40,000 and "around 18,000" a month covers 17,778 (160,000 / 9).
APPROX_TOLERANCE = 0.08
# How far below its value "almost"/"nearly" reaches, as a share.
ALMOST_TOLERANCE = 0.12
# Neither reaches further than this many units of the figure's last written digit ("about
# 22,100": 200, so it does not cover 23,817), nor less than this share of the value.
APPROX_STEPS = 2
APPROX_FLOOR = 0.01
# Units whose claims form variables (ratios and shares are checked, not linked).
LINKED_UNITS = ("count",)
_ALMOST = re.compile(r"^\W*(?:almost|nearly|barely|just\s+under|close\s+to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


def interval(claim: dict[str, Any]) -> Interval:
    """The values a claim allows, from its value, approximator and rounding."""
    value, high = float(claim["value"]), claim.get("value_high")
    top = float(high) if high is not None else value
    approx, surface = claim["approx"], claim.get("surface", "")
    if approx == "~":
        # the tolerance shrinks with the precision the figure is written to: "about 22,100"
        # claims the hundreds, "about 38,000" only the thousands
        step = _step(value)
        digits = (
            max(APPROX_STEPS * step, APPROX_FLOOR * abs(value)) if step else abs(value)
        )  # a fraction ("about two-thirds") keeps the share tolerance
        if _ALMOST.match(surface):
            return Interval(value - min(value * ALMOST_TOLERANCE, digits), top)
        return Interval(
            value - min(value * APPROX_TOLERANCE, digits), top + min(top * APPROX_TOLERANCE, digits)
        )
    if approx in (">", ">="):
        return Interval(value, math.inf)
    if approx in ("<", "<="):
        return Interval(-math.inf, top)
    step = _rounding(value, surface)
    return Interval(value - step / 2, top + step / 2)


def _step(value: float) -> float:
    """The unit of a figure's last non-zero digit: 22,100 -> 100; 38,000 -> 1,000."""
    if not value or value != int(value):
        return 0.0
    n, step = int(abs(value)), 1
    while n % 10 == 0 and n >= 10:
        n //= 10
        step *= 10
    return float(step)


def _rounding(value: float, surface: str) -> float:
    """The unit a figure is rounded to: 19,000 -> 1,000; "19 thousand" -> 1,000; 18,984 -> 1."""
    step = _step(value)
    return step if step >= 100 else 0.0


def variable_key(claim: dict[str, Any]) -> tuple[Any, ...] | None:
    """The quantity a claim reports, or None when it reports none to link."""
    if not claim.get("measure") or claim["unit"] not in LINKED_UNITS:
        return None
    month = [(claim.get(k) or "")[:7] or None for k in ("period_start", "period_end", "as_of")]
    return (claim["measure"], claim.get("place"), claim.get("side"), *month, claim.get("rate"))


def _merge_unplaced(groups: dict[tuple[Any, ...], list[dict[str, Any]]]) -> None:
    """Claims with neither place nor side join the one variable that differs from theirs only
    in having them (a document that never says whose figures these are)."""
    for key in [k for k in groups if k[1] is None and k[2] is None]:
        rest = (key[0], *key[3:])
        matches = [k for k in groups if k != key and (k[0], *k[3:]) == rest]
        if len(matches) == 1:
            groups[matches[0]].extend(groups.pop(key))


def variable_id(key: tuple[Any, ...]) -> str:
    digest = hashlib.sha1(repr(key).encode()).hexdigest()[:10]
    return f"v{digest}"


def link(
    claims: Iterable[dict[str, Any]], rule: str = DEFAULT_RULE
) -> tuple[list[Variable], dict[str, str]]:
    """The variables of ``claims`` and the variable id of each linked claim id; ``rule`` (a
    key of ``RULES``) chooses each variable's low, best and high."""
    if rule not in RULES:
        raise ValueError(f"unknown reconciliation rule {rule!r}; choose one of {', '.join(RULES)}")
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        key = variable_key(claim)
        if key is not None:
            groups[key].append(claim)
    _merge_unplaced(groups)
    variables, assignment = [], {}
    for key, members in groups.items():
        vid = variable_id(key)
        for claim in members:
            assignment[claim["claim_id"]] = vid
        variables.append(_variable(vid, key, members, rule))
    return variables, assignment


def _origins(members: list[dict[str, Any]]) -> dict[float, int]:
    """Each reported value and the number of distinct origins (source, else document) that
    report it: retellings of one origin count once."""
    by_value: dict[float, set[str]] = defaultdict(set)
    for c in members:
        by_value[float(c["value"])].add(c.get("source") or c["doc"])
    return {v: len(origins) for v, origins in by_value.items()}


def _ucdp(members: list[dict[str, Any]]) -> tuple[float, float, float]:
    support = _origins(members)
    most = max(support.values())
    best = statistics.median(sorted(v for v, n in support.items() if n == most))
    return min(support), best, max(support)


def _median(members: list[dict[str, Any]]) -> tuple[float, float, float]:
    support = _origins(members)
    weighted = sorted(v for v, n in support.items() for _ in range(n))
    return min(support), statistics.median(weighted), max(support)


def _low(members: list[dict[str, Any]]) -> tuple[float, float, float]:
    support = _origins(members)
    return min(support), min(support), max(support)


# Reconciliation rules: name -> (function giving low, best, high; the description stored with
# every variable). Low and high are always the extremes reported; the rules differ in best.
RULES: dict[str, tuple[Callable[[list[dict[str, Any]]], tuple[float, float, float]], str]] = {
    "ucdp": (_ucdp, "ucdp: low/high = extremes reported, best = value of most origins"),
    "median": (_median, "median: low/high = extremes reported, best = median over origins"),
    "low": (_low, "low: low/high = extremes reported, best = the lowest (most conservative)"),
}


def _variable(vid: str, key: tuple[Any, ...], members: list[dict[str, Any]], rule: str) -> Variable:
    measure, place, side, start, end, as_of, rate = key
    choose, description = RULES[rule]
    low, best, high = choose(members)
    return Variable(
        vid,
        measure,
        place,
        side,
        start,
        end,
        as_of,
        rate,
        tuple(c["claim_id"] for c in members),
        low,
        best,
        high,
        description,
        PRODUCED_BY,
    )
