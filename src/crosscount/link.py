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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import Variable

PRODUCED_BY = "link.v1"
# Half-width of "about" / "some" / "roughly", as a share of the value. Set so that "about
# 38,000" covers 36,000-40,000 and "around 18,000" a month covers 17,778 (160,000 / 9).
APPROX_TOLERANCE = 0.08
# How far below its value "almost"/"nearly" reaches, as a share.
ALMOST_TOLERANCE = 0.12
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
        if _ALMOST.match(surface):
            return Interval(value * (1 - ALMOST_TOLERANCE), top)
        return Interval(value * (1 - APPROX_TOLERANCE), top * (1 + APPROX_TOLERANCE))
    if approx in (">", ">="):
        return Interval(value, math.inf)
    if approx in ("<", "<="):
        return Interval(-math.inf, top)
    step = _rounding(value, surface)
    return Interval(value - step / 2, top + step / 2)


def _rounding(value: float, surface: str) -> float:
    """The unit a figure is rounded to: 19,000 -> 1,000; "19 thousand" -> 1,000; 18,984 -> 1."""
    if not value or value != int(value):
        return 0.0
    n, step = int(abs(value)), 1
    while n % 10 == 0 and n >= 10:
        n //= 10
        step *= 10
    return float(step) if step >= 100 else 0.0


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


def link(claims: Iterable[dict[str, Any]]) -> tuple[list[Variable], dict[str, str]]:
    """The variables of ``claims`` and the variable id of each linked claim id."""
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
        variables.append(_variable(vid, key, members))
    return variables, assignment


def _variable(vid: str, key: tuple[Any, ...], members: list[dict[str, Any]]) -> Variable:
    measure, place, side, start, end, as_of, rate = key
    values = [float(c["value"]) for c in members]
    by_origin: dict[str, set[float]] = defaultdict(set)
    for c in members:
        by_origin[float(c["value"]).__repr__()].add(hash(c.get("source") or c["doc"]))
    support = {float(v): len(origins) for v, origins in by_origin.items()}
    most = max(support.values())
    best = statistics.median(sorted(v for v, n in support.items() if n == most))
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
        min(values),
        best,
        max(values),
        "ucdp: low/high = extremes reported, best = value of most origins",
        PRODUCED_BY,
    )
