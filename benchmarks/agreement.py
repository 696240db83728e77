"""Does crosscount read the values the public suites expect?

For each case, ``find_quantities`` runs on the input; its quantities become readings the way
the suite counts them (see ``our_readings``), and the case *agrees* when the multiset of
expected readings equals ours, bound by bound, within ``close``'s tolerance. Spans and units
are not compared (a currency suite compares amounts only), except that a suite about one kind
of quantity (percent, currency) is compared with our quantities of that kind only.

A disagreeing case is broken into unmatched readings, each put in a category by
``categorise`` from the input text and the expected result alone (never from what our
recogniser said about it, to avoid excusing a miss with the recogniser's own reason).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from suites import Case, Reading

from crosscount.model import Quantity
from crosscount.numbers import find_quantities, scan

# Values agree within this relative tolerance, or this absolute one: our fractions are kept to
# 4 decimals (0.6667 for two thirds), so 5e-5 absorbs that and nothing a text states.
REL_TOL = 1e-6
ABS_TOL = 5e-5

PERCENT_UNITS = {"percent", "pp"}
_CURRENCY_UNIT = re.compile(r"^[A-Z]{3}$")

# Categories, most serious first: a case with several kinds of difference is counted under
# the first that applies. "real" ones are differences to look at; "upstream" are cases the
# suite itself marks as not supported by some of its implementations; "on purpose" are
# conventions crosscount does not follow by design.
REAL = ("wrong value", "missed", "unit not recognised", "range as two numbers", "extra")
UPSTREAM = ("not supported upstream",)
ON_PURPOSE = ("year/date", "ordinal", "bare one/a", "designation/code", "no number",
              "unit conventions")
CATEGORIES = REAL + UPSTREAM + ON_PURPOSE

_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_DATE_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", r"\b\d{4}-\d{2}(?:-\d{2})?\b", r"\b\d{3}0s\b",
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b")]
_ORDINAL_WORDS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
    "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth", "thousandth",
    "millionth"}
_ORDINAL_DIGITS = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_DESIGNATORS = {"version", "nr", "nrs", "no", "number", "exercise", "exercises", "room",
                "flight", "class", "model", "article", "chapter", "page", "route", "phase",
                "grade", "level", "type", "series"}
_CODE_WORD = re.compile(r"^\+?\d+(?:[-./]\d+){2,}$")  # 192.168.1.2, +1-222-2222/2222
# (our unit, our value / theirs) of the unit conventions we follow on purpose: metres are
# stored as km, "a dozen" and "a gross" as counts of 12 and 144.
_UNIT_FACTORS = [("km", 1e-3), ("count", 12.0), ("count", 144.0)]


@dataclass
class Outcome:
    """How one case compares: the unmatched readings on each side and their categories."""

    case: Case
    ours: list[Reading]
    missing: list[tuple[Reading, str]] = field(default_factory=list)
    extra: list[tuple[Reading, str]] = field(default_factory=list)
    category: str | None = None  # None when the case agrees
    underlying: str | None = None  # for "not supported upstream": what it would be otherwise

    @property
    def agreed(self) -> bool:
        return not self.missing and not self.extra


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def same(a: Reading, b: Reading) -> bool:
    return close(a.low, b.low) and close(a.high, b.high)


def our_readings(quantities: list[Quantity], kind: str) -> list[Reading]:
    """Our quantities as the suite counts them.

    number, percent, currency: every number stated is a reading, so a range gives two ("5 to
    10" -> 5 and 10), and approximators are ignored ("more than half" -> 0.5).
    range: a quantity is an interval: a range [value, value_high], "more than 30" (30, None),
    "up to 700" (None, 700), anything else [value, value].
    quantulum: a range is its interval, anything else [value, value].
    """
    readings = []
    for q in quantities:
        if kind == "range":
            low, high = _bounds(q)
            readings.append(Reading(low, high, q.start, q.end, q.surface, q.unit))
        elif kind == "quantulum":
            high = q.value if q.value_high is None else q.value_high
            readings.append(Reading(q.value, high, q.start, q.end, q.surface, q.unit))
        else:
            for v in (q.value, q.value_high):
                if v is not None:
                    readings.append(Reading(v, v, q.start, q.end, q.surface, q.unit))
    return readings


def _bounds(q: Quantity) -> tuple[float | None, float | None]:
    if q.value_high is not None:
        return q.value, q.value_high
    if q.approx in (">", ">="):
        return q.value, None
    if q.approx in ("<", "<="):
        return None, q.value
    return q.value, q.value


def in_scope(q: Quantity, kind: str) -> bool:
    """Which of our quantities a suite is about: percents, currencies, or all."""
    if kind == "percent":
        return q.unit in PERCENT_UNITS
    if kind == "currency":
        return _CURRENCY_UNIT.match(q.unit) is not None
    return True


def compare(case: Case, kind: str) -> Outcome:
    """Match expected readings to ours (a multiset match within tolerance) and categorise the
    rest."""
    everything = find_quantities(case.text)
    ours = our_readings([q for q in everything if in_scope(q, kind)], kind)
    outcome = Outcome(case, ours)
    left, unmatched = list(ours), list(case.expected)
    for at_same_place in (True, False):  # same value at the same place first, then anywhere
        for e in list(unmatched):
            hit = next((o for o in left if same(e, o) and (e.overlaps(o) or not at_same_place)),
                       None)
            if hit is not None:
                left.remove(hit)
                unmatched.remove(e)
    if unmatched or left:
        others = our_readings(everything, kind)  # for "unit not recognised"
        _categorise_all(outcome, unmatched, left, others, kind)
    return outcome


def _categorise_all(outcome: Outcome, unmatched: list[Reading], left: list[Reading],
                    others: list[Reading], kind: str) -> None:
    case = outcome.case
    for e in unmatched:
        near = [o for o in left if e.overlaps(o)]
        category = categorise(case.text, e, near, left, others, kind)
        if category in ("wrong value", "unit conventions"):
            for o in near:
                left.remove(o)
                outcome.extra.append((o, category))
        elif category == "range as two numbers":
            for o in _range_parts(e, left, kind) or []:
                left.remove(o)
                outcome.extra.append((o, category))
        outcome.missing.append((e, category))
    outcome.extra.extend((o, "extra") for o in left)
    found = [c for _, c in outcome.missing + outcome.extra]
    primary = min(found, key=CATEGORIES.index)
    if primary in REAL and case.not_supported:
        outcome.category, outcome.underlying = "not supported upstream", primary
    else:
        outcome.category = primary


def categorise(text: str, e: Reading, near: list[Reading], left: list[Reading],
               others: list[Reading], kind: str) -> str:
    """The category of an expected reading we did not give, from simple heuristics.

    In order:
    - no number: the expected result has no value ("percent", "dollar" alone).
    - year/date: a four-digit integer 1000-2100 written as such, or a number inside a date
      ("5/17/2018", "1995-01", "May 4", "1960s"); crosscount drops years and dates.
    - ordinal: the surface has an ordinal ("first", "tenth", "21st") and the value is whole.
    - designation/code: the number names rather than counts: glued to letters ("SCP-173",
      "L2", "i7-860"), part of an IP address or phone number, or after a designator word
      ("version two", "nr. 22") or a capitalised name ("Voyager 2", "English 101").
    - range as two numbers: we give the range's two ends as separate readings (in the range
      suite, as a lower and an upper bound: "above 1000" and "below 1500").
    - unit conventions (suites with units only): one of our readings at the same place
      differs by the factor of a unit we normalise on purpose (metres kept as km: 1/1000;
      "a dozen", "a gross" as counts: 12, 144), or by sign where the surface is in
      accounting brackets "($99.99)".
    - wrong value: one of our readings overlaps the expected span with another value.
    - bare one/a: the surface is "one", "a" or "an", alone or before a unit word ("a penny").
    - unit not recognised (percent, currency suites): we read the number at that place but not
      as a percent or a currency.
    - missed: none of the above.
    """
    words = re.findall(r"[a-z]+", e.text.lower())
    if not e.has_value:
        return "no number"
    if _is_year_or_date(text, e):
        return "year/date"
    if _ORDINAL_DIGITS.search(e.text) or (_ORDINAL_WORDS & set(words) and _whole(e)):
        return "ordinal"
    if _is_designation(text, e):
        return "designation/code"
    if _range_parts(e, left, kind):
        return "range as two numbers"
    if near and kind in ("quantulum", "currency", "percent") and _unit_factor(e, near):
        return "unit conventions"
    if near:
        return "wrong value"
    if words[:1] in (["one"], ["a"], ["an"]) and len(words) <= 3 and close(e.low, 1.0):
        return "bare one/a"
    if kind in ("percent", "currency") and any(same(e, o) and e.overlaps(o) for o in others):
        return "unit not recognised"
    return "missed"


def _whole(e: Reading) -> bool:
    return all(v is None or float(v).is_integer() for v in (e.low, e.high))


def _is_year_or_date(text: str, e: Reading) -> bool:
    if re.fullmatch(r"\d{4}", e.text.strip()) and e.low is not None \
            and 1000 <= e.low <= 2100 and e.low == e.high:
        return True
    if e.start is None or e.end is None:
        return False
    return any(m.start() <= e.start and e.end <= m.end()
               for p in _DATE_PATTERNS for m in p.finditer(text))


def _is_designation(text: str, e: Reading) -> bool:
    if e.start is None or e.end is None or not e.text[:1].isdigit():
        return _after_designator(text, e)
    lo = e.start
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = e.end
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    word, before = text[lo:hi].strip(".,;:!?()\"'"), text[lo:e.start]
    if re.search(r"[A-Za-z]-?$", before) or _CODE_WORD.match(word):
        return True
    return _after_designator(text, e)


def _after_designator(text: str, e: Reading) -> bool:
    if e.start is None:
        return False
    m = re.search(r"([A-Za-z][A-Za-z0-9]*)\.?\s+$", text[:e.start])
    if m is None:
        return False
    prev = m.group(1)
    sentence_start = re.search(r"(^|[.!?]\s+)$", text[:m.start()]) is not None
    months = re.fullmatch(_MONTH, prev, re.IGNORECASE) is not None
    capitalised = prev[0].isupper() and not sentence_start and not months \
        and prev.lower() not in ("us", "u.s")
    return prev.lower() in _DESIGNATORS or capitalised or re.search(r"\d", prev) is not None


def _unit_factor(e: Reading, near: list[Reading]) -> bool:
    for o in near:
        for a, b in ((e.low, o.low), (e.high, o.high)):
            if a is None or b is None or a == 0:
                continue
            if any(o.unit == unit and math.isclose(b / a, ratio, rel_tol=1e-6)
                   for unit, ratio in _UNIT_FACTORS):
                return True
            if math.isclose(b / a, -1.0) and "(" in e.text:
                return True
    return False


def _range_parts(e: Reading, left: list[Reading], kind: str) -> list[Reading] | None:
    """Our two readings that are the ends of expected range ``e``, if there are such."""
    if e.low is None or e.high is None or close(e.low, e.high):
        return None
    if kind == "range":  # the ends must be bounds on the right side: "> 10" and "< 40"
        low = [o for o in left if close(o.low, e.low) and o.high is None]
        high = [o for o in left if o.low is None and close(o.high, e.high)]
    else:
        low = [o for o in left if close(o.low, e.low) and close(o.high, e.low)]
        high = [o for o in left if close(o.low, e.high) and close(o.high, e.high)]
    near = [o for o in low + high if o.start is None or e.start is None or e.overlaps(o)]
    low, high = [o for o in low if o in near], [o for o in high if o in near]
    return [low[0], high[0]] if low and high else None


@dataclass
class SuiteResult:
    name: str
    kind: str
    outcomes: list[Outcome]

    @property
    def cases(self) -> int:
        return len(self.outcomes)

    @property
    def agreed(self) -> int:
        return sum(o.agreed for o in self.outcomes)

    def count(self, categories: tuple[str, ...]) -> int:
        return sum(o.category in categories for o in self.outcomes)


def run_suite(name: str, kind: str, cases: list[Case]) -> SuiteResult:
    return SuiteResult(name, kind, [compare(c, kind) for c in cases])


def category_counts(results: list[SuiteResult]) -> dict[str, Counter[str]]:
    """Disagreeing cases per category, per suite."""
    counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
    for r in results:
        for o in r.outcomes:
            if o.category is not None:
                counts[o.category][r.name] += 1
    return counts


def describe(outcome: Outcome, limit: int = 300) -> dict[str, Any]:
    """One disagreeing case as JSON: input, expected, ours, what differs, and what our
    recogniser rejected there (for the engineer; not used to categorise)."""
    case = outcome.case
    rejected = [f"{r.surface!r}: {r.reason}" for r in scan(case.text).rejected]
    return {
        "suite": case.suite, "index": case.index, "input": _cut(case.text, limit),
        "category": outcome.category, "underlying": outcome.underlying,
        "not_supported": case.not_supported or None,
        "expected": [_show(r) for r in case.expected],
        "ours": [_show(r) for r in outcome.ours],
        "missing": [f"{_show(r)} [{c}]" for r, c in outcome.missing],
        "extra": [f"{_show(r)} [{c}]" for r, c in outcome.extra],
        "rejected_by_crosscount": rejected,
    }


def _show(r: Reading) -> str:
    def fmt(v: float | None) -> str:
        return "" if v is None else f"{v:g}" if abs(v) < 1e15 else f"{v:.6g}"
    value = fmt(r.low) if r.low == r.high else f"[{fmt(r.low)}, {fmt(r.high)}]"
    return f"{r.text!r}={value}" if r.has_value else f"{r.text!r}=(no value)"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
