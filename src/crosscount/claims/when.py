"""When a figure applies: its period (inclusive), its as-of date, and its rate.

Each figure takes the time expression of its sentence that governs it: one in its own clause
first, else the nearest in the sentence. The rules around that choice:

- "X out of Y": the whole (Y) takes the widest period of the sentence, the part (X) the nearest.
- "twice as many as in October": an expression after "as in"/"than in" is the base of the
  comparison, not the figure's period.
- "since the beginning of the year" ends where the sentence's closed period ends.
- "during the same period" takes the period of the previous figure of the paragraph; "at that
  time" makes the previous sentence's date an as-of date.
- "On November 3, four people escaped" dates an event, except in a sentence that reports
  what someone said ("On December 14, X wrote that ...").
- With no expression, criminal-case figures take the period of the previous case figure of
  the paragraph, and a sentence opening with "It"/"This" that of the previous figure.

Dates are read against the document's date (or the date line of its section), or the last
year the paragraph named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import dates
from .context import DocContext, Spot
from .dates import When

_REPORTING = re.compile(
    r"\b(?:said|says|reported|reports|wrote|writes|posted|described|told|notes|noted|claims|"
    r"claimed|announced|published|stated|explained|admitted|added|quoted|messaged)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(r"(?:\bas|\bthan|compared\s+(?:with|to))\s+(?:in\s+)?$", re.IGNORECASE)
# A date that dates a publication, not the figure ("in the post from December 31").
_PUBLICATION = re.compile(
    r"\b(?:post|article|report|interview|statement|video|message|letter|publication)\s+"
    r"(?:from|of|on|dated)\s+$",
    re.IGNORECASE,
)
_FALL_LEAD = re.compile(r"\b(?:in|last|this|next|the|by|since|until)\s+(?:the\s+)?$")
_ANAPHORIC_OPENING = re.compile(r"^\W*(?:It|This|That|These|Those)\b")
_DATE_LINE = re.compile(rf"^[#*\s]*(?P<d>{dates.DATE})[\s*]*$", re.MULTILINE | re.IGNORECASE)
# Weight of an expression's distance before the number relative to after it: "Of the 95,000
# opened between February 2022 and November 2024, two-thirds were registered in 2024" dates
# the two-thirds by 2024. Calibrated on the dev set; re-run `crosscount eval` after changing it.
BEFORE_WEIGHT = 1.5
# How far after the number a rate may stand ("12 soldiers desert ... every month").
RATE_REACH = 80


@dataclass(frozen=True)
class Period:
    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    rate: str | None = None

    @property
    def empty(self) -> bool:
        return self.start is None and self.end is None and self.as_of is None


class PeriodReader:
    """Reads periods claim by claim, remembering the paragraph's last ones."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.reference = _iso_date(ctx.doc.published)
        self.sections = [
            (m.start(), m.group("d"))
            for m in _DATE_LINE.finditer(ctx.doc.text)
            if dates.needs_year(m.group("d")) is False
        ]
        self._cache: dict[int, list[When]] = {}
        self.last: dict[int, Period] = {}
        self.last_case: dict[int, Period] = {}
        self.last_measure: dict[int, tuple[str, Period]] = {}
        self.by_sentence: dict[int, Period] = {}  # the first period of each sentence

    def read(self, spot: Spot, measure: str | None, case_measure: bool) -> Period:
        period = self._period(spot, measure, case_measure)
        rate = self._rate(spot)
        result = Period(period.start, period.end, period.as_of, rate)
        if not result.empty:
            self.last[spot.paragraph] = result
            self.by_sentence.setdefault(spot.index, result)
            if case_measure:
                self.last_case[spot.paragraph] = result
        if measure is not None:
            self.last_measure[spot.paragraph] = (measure, result)
        return result

    def _rate(self, spot: Spot) -> str | None:
        lo = max(spot.clause[0], spot.q.start - 30)
        hi = min(spot.clause[1], spot.q.end + RATE_REACH)
        return dates.find_rate(self.ctx.doc.text, lo, hi)

    def _period(self, spot: Spot, measure: str | None, case_measure: bool) -> Period:
        text = self.ctx.doc.text
        ratio = spot.q.unit == "multiplier"
        found = [
            w
            for w in self.expressions(spot)
            if not (self._comparison_base(w) and (ratio or w.start >= spot.q.end))
        ]
        if found:
            chosen = self._choose(spot, found)
            return self._resolve(spot, chosen, found)
        opening = text[spot.sentence.start : spot.q.start]
        if _ANAPHORIC_OPENING.match(opening) and spot.index - 1 in self.by_sentence:
            return self.by_sentence[spot.index - 1]  # "This is twice as many as ..."
        if case_measure and spot.paragraph in self.last_case:
            return self.last_case[spot.paragraph]
        if measure is not None and self.last_measure.get(spot.paragraph, (None,))[0] == measure:
            return self.last_measure[spot.paragraph][1]
        event = self._previous_event(spot)
        if event is not None:
            return event
        if (
            _ANAPHORIC_OPENING.match(text[spot.sentence.start : spot.q.start])
            and spot.paragraph in self.last
        ):
            return self.last[spot.paragraph]
        return Period()

    def _previous_event(self, spot: Spot) -> Period | None:
        """ "On August 10, I found out ... He says more than 40 people left": the event date of
        the previous sentence dates a figure whose own sentence names none."""
        for sentence in self.ctx.previous_sentences(spot, 1):
            previous = Spot(
                spot.q, sentence, (sentence.start, sentence.end), spot.paragraph, spot.index - 1
            )
            events = [w for w in self.expressions(previous) if w.kind == "event"]
            if events:
                return Period(events[-1].period_start, events[-1].period_end)
        return None

    def _comparison_base(self, w: When) -> bool:
        before = self.ctx.doc.text[max(0, w.start - 20) : w.start]
        return _COMPARISON.search(before) is not None

    def _choose(self, spot: Spot, found: list[When]) -> When:
        q = spot.q
        in_clause = [w for w in found if spot.clause[0] <= w.start and w.end <= spot.clause[1]]
        pool = in_clause or found
        before = self.ctx.doc.text[max(0, q.start - 8) : q.start].lower()
        if "out of" in before or before.rstrip().endswith(" of"):
            closed = [w for w in found if w.kind == "range"]
            if closed:
                return closed[0]  # "35,307 out of 59,606": the whole takes the full period
        return min(pool, key=lambda w: _distance(w, q.start, q.end))

    def _resolve(self, spot: Spot, w: When, found: list[When]) -> Period:
        if w.kind == "same":
            return self.last.get(spot.paragraph, Period())
        if w.kind == "then":
            return self._previous_sentence_date(spot)
        if w.kind == "since":
            closed = [x for x in found if x.period_end is not None and x is not w]
            return Period(w.period_start, closed[0].period_end if closed else None)
        return Period(w.period_start, w.period_end, w.as_of)

    def _previous_sentence_date(self, spot: Spot) -> Period:
        """ "At that time": the date the previous sentence named, as an as-of date."""
        for sentence in self.ctx.previous_sentences(spot, 1):
            previous = Spot(
                spot.q, sentence, (sentence.start, sentence.end), spot.paragraph, spot.index - 1
            )
            named = [w for w in self.expressions(previous) if w.period_start or w.as_of]
            if named:
                return Period(as_of=named[-1].as_of or named[-1].period_start)
        return Period()

    def expressions(self, spot: Spot) -> list[When]:
        """The resolved time expressions of the spot's sentence (cached per sentence)."""
        key = spot.sentence.start
        if key not in self._cache:
            self._cache[key] = self._find(spot)
        return self._cache[key]

    def _find(self, spot: Spot) -> list[When]:
        text, sentence = self.ctx.doc.text, spot.sentence
        reporting = _REPORTING.search(text, sentence.start, sentence.end) is not None
        taken: list[tuple[int, int]] = []
        found = []
        for kind, pattern in dates.PATTERNS:
            for m in pattern.finditer(text, sentence.start, sentence.end):
                if any(m.start() < b and a < m.end() for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                if not _capitalised_months(m.group()):
                    continue  # "this may be": a verb, not the month
                if (
                    kind == "event"
                    and reporting
                    or _PUBLICATION.search(text, max(0, m.start() - 40), m.start())
                ):
                    continue
                when = self._when(kind, m, spot)
                if when is not None:
                    found.append(when)
        return sorted(found, key=lambda w: w.start)

    def _when(self, kind: str, m: re.Match[str], spot: Spot) -> When | None:
        s, e = m.start(), m.end()
        if kind in ("same", "then"):
            return When(s, e, kind)
        base = self._base(spot, m.start())
        if kind == "since_year":
            return When(s, e, "since", f"{base.year}-01") if base else None
        if kind == "first_n":
            year = self._read(m.group("a"), base)
            n = dates.number_word(m.group("n"))
            if year is None or not 1 <= n <= 12:
                return None
            return When(s, e, kind, f"{year[0].year}-01", f"{year[0].year}-{n:02d}")
        if kind == "range":
            return self._range(m, base, s, e)
        if kind == "season":
            return self._season(m, base, s, e)
        read = self._read(m.group("a") if "a" in m.groupdict() else m.group(), base)
        if read is None:
            return None
        d, precision = read
        if kind == "as_of":
            return When(s, e, kind, as_of=dates.iso(d, precision))
        if kind == "until":
            return When(s, e, kind, None, dates.month_end(d, precision))
        if kind == "since":
            return When(s, e, kind, dates.start_of(d, precision))
        if kind == "relative" and precision == "year" and "this" in m.group().lower():
            return When(s, e, kind, f"{d.year}-01")
        return self._point(d, precision, s, e, kind)

    def _point(self, d: date, precision: str, s: int, e: int, kind: str) -> When:
        """ "in October 2024", "in 2024", "On November 3": a period that is one unit long."""
        if precision == "year":
            in_progress = self.reference is not None and d.year >= self.reference.year
            return When(s, e, kind, f"{d.year}-01", None if in_progress else f"{d.year}-12")
        value = dates.iso(d, precision)
        return When(s, e, kind, value, value)

    def _season(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        """ "in the last days of autumn" -> its last month; "in summer 2024" -> June-August."""
        season = m.group("s").lower()
        lead = self.ctx.doc.text[max(0, s - 12) : m.start("s")].lower()
        if season == "fall" and not (m.group("y") or m.group("q") or _FALL_LEAD.search(lead)):
            return None  # "cases fall under Article 407": a verb
        first, last = dates.SEASONS[season]
        if m.group("y"):
            year = int(m.group("y"))
        elif base is not None:
            year = base.year if first <= base.month else base.year - 1
        else:
            return None
        end_year = year + 1 if last < first else year
        part = (m.group("q") or "").lower()
        start = f"{year}-{first:02d}"
        end = f"{end_year}-{last:02d}"
        if part in dates.SEASON_ENDS:
            start = end
        elif part in dates.SEASON_STARTS:
            end = start
        return When(s, e, "season", start, end)

    def _range(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        b_read = self._read(m.group("b"), base)
        if b_read is None:
            return None
        a_span = m.group("a")
        a_base = date(b_read[0].year, 12, 31) if dates.needs_year(a_span) else base
        if dates.is_month_only(a_span):
            a_base = date(b_read[0].year, 12, 31)
        a_read = self._read(a_span, a_base)
        if a_read is None:
            return None
        return When(s, e, "range", dates.start_of(*a_read), dates.month_end(*b_read))

    def _read(self, span: str, base: date | None) -> tuple[date, str] | None:
        if base is None:
            if dates.needs_year(span):
                return None
            base = date(2100, 1, 1)
        return dates.parse_date(span, base)

    def _base(self, spot: Spot, pos: int) -> date | None:
        text = self.ctx.doc.text
        paragraph_start = self.ctx.line_starts[spot.paragraph]
        reference = self._reference_at(pos)
        year = dates.year_context(text, paragraph_start, pos)
        if year is None and reference is None:
            year = dates.year_context(text, 0, pos)  # an undated document: its last year named
        return dates.base_date(reference, year)

    def _reference_at(self, pos: int) -> date | None:
        """The date of the section holding ``pos``, else the document's date."""
        for start, span in reversed(self.sections):
            if start < pos:
                read = dates.parse_date(span, date(2100, 1, 1))
                if read is not None:
                    return read[0]
        return self.reference


def _distance(w: When, start: int, end: int) -> float:
    return w.start - end if w.start >= end else (start - w.end) * BEFORE_WEIGHT


def _capitalised_months(span: str) -> bool:
    """True when every month name in ``span`` is written with a capital ("May", not "may")."""
    return all(word[0].isupper() for word in _MONTH_WORD.findall(span))


_MONTH_WORD = re.compile(rf"\b{dates.MONTH}\b", re.IGNORECASE)


def _iso_date(value: str | None) -> date | None:
    """A document date as a date; a month stands for its last day, so that every date of
    that month lies before it."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        year, month = parts
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], parts[1], parts[2])
