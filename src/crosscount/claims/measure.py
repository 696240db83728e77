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

from ..gate import gates
from ..pack import Measure, Pack
from .context import DocContext, Spot

# Heads of counted phrases that name nothing in particular: the figure may still be a domain
# figure ("the total number of desertions", "those who fled").
NEUTRAL_HEADS = frozenset(
    "number numbers total totals figure figures count share majority rest part those them "
    "these all one ones more less half".split()
)
OTHER = "other"
# Modifiers of a counted "cases" that keep it the case type named before ("new criminal
# proceedings", "such cases"); "14 fraud cases" are some other cases.
GENERIC_CASE_WORDS = frozenset(
    "new more such these those criminal registered open opened the additional further total "
    "of monthly annual january february march april may june july august september october "
    "november december january's february's march's april's may's june's july's august's "
    "september's october's november's december's".split()
)
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

# Words that make a figure the sum of what the paragraph listed.
_TOTAL_WORDS = re.compile(r"\b(?:total|combined|altogether|in\s+all|together)\b", re.IGNORECASE)
_TOTAL_BEFORE = re.compile(
    r"(?:\b(?:a|the)\s+(?:combined|total)(?:\s+of)?|\b(?:in\s+total|altogether|in\s+all)[,:]?)\s*$",
    re.IGNORECASE,
)


class Signal:
    """A pack pattern's match: the measure it signals and where. A plain class, not a frozen
    dataclass: hundreds are made per article, and a frozen dataclass sets each field through
    object.__setattr__ (about four times the cost; in the compiled build fifteen)."""

    __slots__ = ("measure", "start", "end", "defining")

    def __init__(self, measure: Measure, start: int, end: int, defining: bool = False) -> None:
        self.measure = measure
        self.start = start
        self.end = end
        self.defining = defining  # an exact signal ("Article 407"), not a loose word ("desertion")


class MeasureReader:
    """Reads measures claim by claim, remembering what the document said before."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.pack: Pack = ctx.pack
        self.last_case_type: str | None = None
        self.last_defined: str | None = None  # the last case type named exactly
        self.last_case_paragraph = -(10**9)
        # The last combined case type named ("Articles 407 and 408"): generic "proceedings"
        # after a breakdown into its parts mean the total again.
        self.last_total: str | None = None
        self._combined_keys = {combined for _, combined in self.pack.combinations}
        self._signal_cache: dict[tuple[int, int], list[Signal]] = {}
        # Every pack pattern with its measure and its rank among the measure's patterns.
        self._patterns = [
            (measure, n, pattern)
            for measure in self.pack.measures
            for n, pattern in enumerate(measure.patterns)
        ]
        self._gates = gates(tuple(pattern for _, _, pattern in self._patterns))
        self._next = 0  # the first sentence not read by _advance
        self.last_by_paragraph: dict[int, str] = {}
        self.named_in_paragraph: dict[int, set[str]] = {}

    def measure(self, spot: Spot, unit: str, what: str | None) -> str | None:
        self._advance(spot.index)
        if unit not in MEASURED_UNITS:
            return None
        bracketed = self.ctx.doc.text[spot.q.start - 1 : spot.q.start] == "("
        kind = None if bracketed else self._kind(what)  # "Kharkov (5,771)": a label, not a noun
        if kind == OTHER:
            if unit == "count":
                return None  # "253 lawmakers", "40 drones": counted things outside the domain
            kind = None
        key = self._sum_of_listed(spot, near=True) if kind in (None, "cases") else None
        if key is None:
            key = self._from_signals(spot, kind, what)
        if key is None and not (kind == "cases" and _small_words(spot.q.surface, spot.q.value)):
            # "The count covers two offences", "more than one case": a few cases in words are
            # not the case statistic the paragraph is about
            key = self._inherited(spot, kind, unit, what)
        if key is not None:
            self._remember(spot, key)
        return key

    def _advance(self, upto: int) -> None:
        """Read the case types named by sentences without figures before sentence ``upto``
        ("Article 408 is the fastest-growing offence. Some 19,000 reports ...")."""
        for k in range(self._next, upto):
            sentence = self.ctx.sentences[k]
            units = {q.unit for q in self.ctx.quantities_in(sentence.start, sentence.end)}
            if units & set(MEASURED_UNITS):
                continue  # its figures remember their own measures
            key = self._case_type_named(self._signals(sentence.start, sentence.end))
            if key is not None:
                self.last_case_type = key
                self.last_case_paragraph = self.ctx.paragraph_of(sentence.start)
                if key in self._combined_keys:
                    self.last_total = key
                if any(s.defining for s in self._signals(sentence.start, sentence.end)):
                    self.last_defined = key
        self._next = max(self._next, upto)

    def _case_type_named(self, signals: list[Signal]) -> str | None:
        """The one case type a sentence names, or the combination of the parts it names."""
        named = {
            s.measure.key for s in signals if s.measure.kind == "cases" and not s.measure.outcome
        }
        for parts, combined in self.pack.combinations:
            if parts <= named or combined in named:
                return combined
        return next(iter(named)) if len(named) == 1 else None

    def is_case_measure(self, key: str | None) -> bool:
        """True for measures that count criminal cases."""
        measure = self.pack.measure(key) if key else None
        return measure is not None and measure.kind == "cases"

    def _kind(self, what: str | None) -> str | None:
        """The kind of thing the counted phrase names: a pack kind, NEUTRAL for a phrase that
        names nothing in particular ("the total", "those"), else OTHER ("drones", "votes")."""
        if not what:
            return None
        words = what.split()
        for word in reversed(words):
            for kind, pattern in self.pack.kinds.items():
                if pattern.fullmatch(word):
                    return kind
        if any(pattern.fullmatch(what) for pattern in self.pack.kinds.values()):
            return next(k for k, p in self.pack.kinds.items() if p.fullmatch(what))
        lowered = {w.lower() for w in words}
        plural_noun = words[0].lower().endswith("s") and words[0].islower()
        return OTHER if plural_noun and not lowered & NEUTRAL_HEADS else None

    def _from_signals(self, spot: Spot, kind: str | None, what: str | None) -> str | None:
        every = self._signals(spot.sentence.start, spot.sentence.end)
        outcome = sorted(
            (s for s in every if s.measure.outcome and self._owns_outcome(spot, s)),
            key=lambda s: self._distance(spot, s),
        )
        if outcome:
            return outcome[0].measure.key  # "notices of suspicion were served on 1,200 men"
        signals = [s for s in every if kind is None or s.measure.kind == kind]
        if not signals:
            return None
        scored = sorted(
            signals, key=lambda s: self._distance(spot, s) + self._inside(spot, s, what)
        )
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
        """Every pack signal in text[start:end] (cached: figures share sentences)."""
        key = (start, end)
        if key not in self._signal_cache:
            self._signal_cache[key] = self._find_signals(start, end)
        return self._signal_cache[key]

    def _find_signals(self, start: int, end: int) -> list[Signal]:
        text = self.ctx.doc.text
        matches = self._gates.matches(text, start, end, self.ctx.folded(start, end))
        found = []
        for (measure, n, _), pattern_matches in zip(self._patterns, matches, strict=True):
            for m in pattern_matches:
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

    def _owns_outcome(self, spot: Spot, s: Signal) -> bool:
        """An outcome in the clause, unless the figure is the whole another figure is part of
        ("Of the 19,000 cases, 4,100 reached the court": the outcome is the 4,100's)."""
        if not self._in_clause(spot, s):
            return False
        text, q = self.ctx.doc.text, spot.q
        whole = re.search(
            r"\b(?:of|out of|from)\s+(?:the\s+)?$",
            text[max(0, q.start - 12) : q.start],
            re.IGNORECASE,
        )
        return not (whole and s.start >= q.end and self.ctx.quantity_between(q.end, s.start))

    def _inside(self, spot: Spot, s: Signal, what: str | None) -> float:
        """A penalty for a people signal inside the counted phrase itself: in "mobilised men
        ran away" the verb, not the adjective, says what the figure counts."""
        if s.measure.kind != "people" or not what or s.start < spot.q.end:
            return 0.0
        inside = s.end - spot.q.end <= len(what) + 2
        return OUTSIDE_CLAUSE / 2 if inside else 0.0

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
        total = self._sum_of_listed(spot)
        if total is not None:
            return total
        if kind == "cases":
            near = spot.paragraph - self.last_case_paragraph <= CASE_TYPE_REACH
            modifiers = {w.lower() for w in (what or "").split()[:-1]}
            generic = modifiers <= GENERIC_CASE_WORDS
            if not (near and generic):
                return None
            return self.last_total or self.last_case_type  # "new proceedings": the total's type
        previous = self.last_by_paragraph.get(spot.paragraph)
        if previous is None:
            return None
        bracketed = self.ctx.doc.text[spot.q.start - 1 : spot.q.start] == "("
        elliptic = not what or bracketed
        if kind == self._kind_of(previous) or (kind is None and (unit != "count" or elliptic)):
            return previous  # "twice as many", "(9487)", "another 67,000": what was just counted
        return None

    def _sum_of_listed(self, spot: Spot, near: bool = False) -> str | None:
        """ "That brings the total to 49,280", "..., a combined 49,280" after figures of every
        part of a combination in the paragraph: the combined measure. ``near``: only when the
        total word stands right before the figure."""
        text = self.ctx.doc.text
        if near:
            lead = text[max(spot.sentence.start, spot.q.start - 30) : spot.q.start]
            if not _TOTAL_BEFORE.search(lead):
                return None
        elif not _TOTAL_WORDS.search(text[spot.sentence.start : spot.q.start]):
            return None
        named = self.named_in_paragraph.get(spot.paragraph, set())
        for parts, combined in self.pack.combinations:
            if parts <= named:
                return combined
        return None

    def _kind_of(self, key: str) -> str | None:
        measure = self.pack.measure(key)
        return measure.kind if measure else None

    def _remember(self, spot: Spot, key: str) -> None:
        self.last_by_paragraph[spot.paragraph] = key
        self.named_in_paragraph.setdefault(spot.paragraph, set()).add(key)
        measure = self.pack.measure(key)
        if measure is not None and measure.kind == "cases" and not measure.outcome:
            self.last_case_type = key
            self.last_case_paragraph = spot.paragraph
            if key in self._combined_keys:
                self.last_total = key


def _small_words(surface: str, value: float) -> bool:
    """A number under ten written in words ("two", "more than one")."""
    return value < 10 and not any(ch.isdigit() for ch in surface)
