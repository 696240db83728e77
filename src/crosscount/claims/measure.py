"""What a figure measures: a domain-pack measure key, from the words around it.

Signals are the pack's patterns found near the number. The rules, in order:

1. Only counts, shares and ratios measure something (money, durations and ages do not).
2. An *outcome* measure (cases closed, sent to court, soldiers returned) in the number's
   clause wins: "4,698 cases of AWOL reached the court" counts cases sent to court.
3. Otherwise the nearest signal wins, words after the number weighing more than words before
   ("35,307 out of 59,606 cases concerning the unauthorized leaving of a unit"); signals in
   the number's clause outrank the rest of the sentence. Two signals joined by "and" form a
   combination when the pack defines one ("AWOL and desertion cases").
4. The counted noun keeps cases and people apart: "cases" never gets a people measure and
   "soldiers" never a case measure.
5. A figure with no signal in its sentence inherits: counted cases take the case type last
   named in the document ("such cases", "19,000 reports ... entered into the register"),
   anything else the measure of the previous figure in the same paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pack import Measure, Pack
from .context import DocContext, Spot

# Units that can carry a measure.
MEASURED_UNITS = ("count", "percent", "fraction", "multiplier")
# Weight of a signal's distance before the number relative to after it. Calibrated on the dev
# set so that "cases concerning ..." after a number beats an article named before it; re-run
# `crosscount eval` (measure accuracy) after changing it.
BEFORE_WEIGHT = 1.6
# Penalty, in characters, for a signal outside the number's clause.
OUTSIDE_CLAUSE = 150
# How many lines (paragraphs) after the last case type a bare "cases" still means it.
# Calibrated on the dev set: the figures of one statistic span a few paragraphs; "four cases"
# of something else ten paragraphs on must not become AWOL cases.
CASE_TYPE_REACH = 6
# How far apart two signals may be to form a combination ("AWOL and desertion").
COMBINE_GAP = 30
_JOINER = re.compile(r"^[\s,()]*(?:and|or|&)?[\s\w.()]{0,25}$", re.IGNORECASE)


@dataclass(frozen=True)
class Signal:
    measure: Measure
    start: int
    end: int
    defining: bool = False  # an exact signal ("Article 407"), not a loose word ("desertion")


class MeasureReader:
    """Reads measures claim by claim, remembering what the document said before."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.pack: Pack = ctx.pack
        self.last_case_type: str | None = None
        self.last_defined: str | None = None  # the last case type named exactly
        self.last_case_paragraph = -(10**9)
        self.last_by_paragraph: dict[int, str] = {}

    def measure(self, spot: Spot, unit: str, what: str | None) -> str | None:
        if unit not in MEASURED_UNITS:
            return None
        kind = self._kind(what)
        key = self._from_signals(spot, kind, what)
        if key is None:
            key = self._inherited(spot, kind, unit, what)
        if key is not None:
            self._remember(spot, key)
        return key

    def is_case_measure(self, key: str | None) -> bool:
        """True for measures that count criminal cases."""
        measure = self.pack.measure(key) if key else None
        return measure is not None and measure.kind == "cases"

    def _kind(self, what: str | None) -> str | None:
        if not what:
            return None
        head = what.split()[-1] if what else ""
        for kind, pattern in self.pack.kinds.items():
            if pattern.fullmatch(head) or pattern.fullmatch(what):
                return kind
        return None

    def _from_signals(self, spot: Spot, kind: str | None, what: str | None) -> str | None:
        signals = self._signals(spot.sentence.start, spot.sentence.end)
        signals = [s for s in signals if kind is None or s.measure.kind == kind]
        if not signals:
            return None
        scored = sorted(signals, key=lambda s: self._distance(spot, s))
        outcome = [s for s in scored if s.measure.outcome and self._in_clause(spot, s)]
        if outcome:
            return outcome[0].measure.key
        best = scored[0]
        if kind == "cases" and not self._in_clause(spot, best):
            total = self._total_of_parts(spot, signals)
            if total is not None:
                return total  # "almost 90,000 proceedings ...: 35,307 AWOL ... 18,196 desertion"
        combined = self._combined(best, signals)
        if combined is not None:
            self.last_defined = combined
            return combined
        if best.defining:
            self.last_defined = best.measure.key
            return best.measure.key
        return self._loose(spot, best, signals, what)

    def _loose(self, spot: Spot, best: Signal, signals: list[Signal], what: str | None) -> str:
        """A loose word ("desertion") read in the sense last defined exactly: in an article
        about Articles 407 and 408, "reports on desertion" count both; "3,000 AWOL cases",
        where the word names the counted thing itself, stays as it is."""
        word = self.ctx.doc.text[best.start : best.end].lower()
        if what and word in what.lower() and 0 <= best.start - spot.q.end <= len(what) + 8:
            return best.measure.key
        exact = any(s.defining and self._in_clause(spot, s) for s in signals)
        for parts, combined in self.pack.combinations:
            if not exact and self.last_defined == combined and best.measure.key in parts:
                return combined
        return best.measure.key

    def _total_of_parts(self, spot: Spot, signals: list[Signal]) -> str | None:
        """The combined measure when a sentence names every part of it after the number."""
        after = {s.measure.key for s in signals if s.start >= spot.q.end}
        for parts, combined in self.pack.combinations:
            if parts <= after:
                return combined
        return None

    def _signals(self, start: int, end: int) -> list[Signal]:
        text = self.ctx.doc.text
        found = []
        for measure in self.pack.measures:
            for n, pattern in enumerate(measure.patterns):
                for m in pattern.finditer(text, start, end):
                    found.append(Signal(measure, m.start(), m.end(), n < measure.defining))
        return found

    def _distance(self, spot: Spot, s: Signal) -> float:
        q = spot.q
        if s.start >= q.end:
            distance = float(s.start - q.end)
        elif s.end <= q.start:
            distance = (q.start - s.end) * BEFORE_WEIGHT
            if self.ctx.quantity_between(spot.clause[0], s.start):
                distance += OUTSIDE_CLAUSE  # it follows, and describes, an earlier number
        else:
            distance = 0.0
        return distance + (0 if self._in_clause(spot, s) else OUTSIDE_CLAUSE)

    @staticmethod
    def _in_clause(spot: Spot, s: Signal) -> bool:
        return spot.clause[0] <= s.start and s.end <= spot.clause[1]

    def _combined(self, best: Signal, signals: list[Signal]) -> str | None:
        """The combined measure when ``best`` is joined by "and" to its partner."""
        text = self.ctx.doc.text
        for parts, combined in self.pack.combinations:
            if best.measure.key not in parts:
                continue
            for other in signals:
                if other.measure.key in parts and other.measure.key != best.measure.key:
                    lo, hi = sorted((best, other), key=lambda s: s.start)
                    gap = text[lo.end : hi.start]
                    if 0 <= hi.start - lo.end <= COMBINE_GAP and _JOINER.match(gap):
                        return combined
        return None

    def _inherited(self, spot: Spot, kind: str | None, unit: str, what: str | None) -> str | None:
        if kind == "cases":
            near = spot.paragraph - self.last_case_paragraph <= CASE_TYPE_REACH
            return self.last_case_type if near else None
        previous = self.last_by_paragraph.get(spot.paragraph)
        if previous is None:
            return None
        bracketed = self.ctx.doc.text[spot.q.start - 1 : spot.q.start] == "("
        elliptic = not what or bracketed
        if kind == self._kind_of(previous) or (kind is None and (unit != "count" or elliptic)):
            return previous  # "twice as many", "(9487)", "another 67,000": what was just counted
        return None

    def _kind_of(self, key: str) -> str | None:
        measure = self.pack.measure(key)
        return measure.kind if measure else None

    def _remember(self, spot: Spot, key: str) -> None:
        self.last_by_paragraph[spot.paragraph] = key
        measure = self.pack.measure(key)
        if measure is not None and measure.kind == "cases" and not measure.outcome:
            self.last_case_type = key
            self.last_case_paragraph = spot.paragraph
