"""When a figure applies: its period (inclusive), its as-of date, and its rate.

Each figure takes the time expression of its sentence that governs it (read by ``times``):
one in its own clause first, else the nearest in the sentence, words after the figure
weighing more than words before. The rules around that choice:

- "X out of Y": the whole (Y) takes the widest period of the sentence, the part (X) the nearest.
- "twice as many as in October": an expression after "as in"/"than in" is the base of the
  comparison, not the figure's period.
- "The war began in 2022, but ...": a clause set against the figure's lends it no date.
- "since the beginning of the year" ends where the sentence's closed period ends, or the day
  before its as-of date.
- "during the same period" takes the period of the previous figure (of the paragraph, else of
  the document), "the same period last year" that period a year back; "6,200 a year earlier"
  takes the sentence's period a year back; "at that time" makes the previous sentence's date
  an as-of date.
- "On November 3, four people escaped" dates an event, except in a sentence that reports
  what someone said ("On December 14, X wrote that ...").
- With no expression, criminal-case figures take the period of the previous case figure of
  the paragraph, figures the one of the previous figure with the same measure, a sentence
  opening with "It"/"This" that of the previous sentence, and a figure after "On August 10,
  ..." that event's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import dates
from .context import DocContext, Spot
from .dates import When
from .times import TimeReader

_COMPARISON = re.compile(
    r"(?:\bas|\bthan|compared\s+(?:with|to)(?:\s+(?:the\s+)?[\d,.]+\s+\w*)?)\s+(?:in\s+)?$",
    re.IGNORECASE,
)
_ANAPHORIC_OPENING = re.compile(r"^\W*(?:It|This|That|These|Those)\b")
_CONTRAST = re.compile(r",\s+(?:but|while|whereas|although|though|yet)\b|;", re.IGNORECASE)
_YEAR_BACK = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}(?:(?:a\s+year|twelve\s+months|12\s+months)\s+(?:earlier|before|ago)|the\s+(?:previous|prior)\s+year)\b",
    re.IGNORECASE,
)
_AGE = re.compile(r"-year-old|\byears?\s+old\b|^\d+$")
# Weight of an expression's distance before the number relative to after it: "Of the 95,000
# opened between February 2022 and November 2024, two-thirds were registered in 2024" dates
# the two-thirds by 2024. Calibrated on the dev set; re-run `crosscount eval` after changing it.
BEFORE_WEIGHT = 1.5
# How many lines on a case figure with no time expression still takes the period of the last
# case figure (a breakdown of a total in the next paragraph). Calibrated on the dev set and
# fresh articles; re-run `crosscount eval` after changing it.
CASE_PERIOD_REACH = 4
_WEEKDAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)\b"
)
_PARTICIPLE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:recorded|registered|opened|reported|counted|logged|seen)\b",
    re.IGNORECASE,
)
# How close after another figure an expression must stand to date that figure, in characters.
OWNED_REACH = 25
# How many lines back "the same period" looks for the period a breakdown broke down.
SAME_PERIOD_REACH = 8
# Expressions that open a period the sentence may close ("since 2022", "this year").
_OPEN_KINDS = ("since", "relative", "in")
# Expressions that name a period to compare with ("the same months of 2024", "the same
# period last year").
_COMPARISON_KINDS = ("same_in_year", "same_last_year")
# How far after the number a rate may stand ("12 soldiers desert ... every month").
RATE_REACH = 120


@dataclass(frozen=True)
class Period:
    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    rate: str | None = None

    @property
    def empty(self) -> bool:
        return self.start is None and self.end is None and self.as_of is None

    def as_moment(self) -> Period:
        """The period read as the date of a level ("numbered 880,000 in February"): a single
        month or day, or an open start ("from December"), becomes the as-of date."""
        if self.as_of or not self.start or (self.end and self.end[:7] != self.start[:7]):
            return self
        return Period(None, None, self.start, self.rate)


class PeriodReader:
    """Reads periods claim by claim, remembering the last ones of each paragraph."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.times = TimeReader(ctx)
        self._cache: dict[int, list[When]] = {}
        self.last: dict[int, Period] = {}
        self.last_anywhere: Period | None = None
        self.last_case: dict[int, Period] = {}
        self.case_anywhere: tuple[int, Period] | None = None
        self.last_measure: dict[int, tuple[str, Period]] = {}
        self.by_sentence: dict[int, Period] = {}  # the first period of each sentence
        self.recent: list[tuple[int, Period]] = []  # (paragraph, period) of every figure
        # Whether the period just read is a comparison's ("the same five months of 2024", "a
        # year earlier"): later figures do not carry it on, they carry the story's period.
        self._comparison = False

    def read(self, spot: Spot, measure: str | None, case_measure: bool) -> Period:
        if spot.q.unit == "year" and _AGE.search(spot.q.surface):
            return Period()  # an age has no period
        self._comparison = False
        period = self._period(spot, measure, case_measure)
        rate = self._rate(spot)
        result = Period(period.start, period.end, period.as_of, rate)
        if not result.empty:
            self.by_sentence.setdefault(spot.index, result)
        if self._comparison:
            return result
        if not result.empty:
            self.recent.append((spot.paragraph, result))
            self.last[spot.paragraph] = result
            self.last_anywhere = result
            if case_measure:
                self.last_case[spot.paragraph] = result
                self.case_anywhere = (spot.paragraph, result)
        if measure is not None:
            self.last_measure[spot.paragraph] = (measure, result)
        return result

    def _rate(self, spot: Spot) -> str | None:
        lo = max(spot.clause[0], spot.q.start - 30)
        hi = min(spot.sentence.end, spot.q.end + RATE_REACH)
        return dates.find_rate(self.ctx.doc.text, lo, hi)

    def _period(self, spot: Spot, measure: str | None, case_measure: bool) -> Period:
        text = self.ctx.doc.text
        ratio = spot.q.unit == "multiplier"
        found = [
            w
            for w in self.expressions(spot)
            if not (self._comparison_base(w) and (ratio or w.start >= spot.q.end))
            and not self._contrasted(spot, w)
            and not self._owned_by_later_figure(spot, w)
        ]
        if found:
            chosen = self._choose(spot, found)
            resolved = self._resolve(spot, chosen, found)
            period = self._year_back(spot, resolved)
            self._comparison = period != resolved or self._compared(chosen)
            return period
        opening = text[spot.sentence.start : spot.q.start]
        if _ANAPHORIC_OPENING.match(opening) and spot.index - 1 in self.by_sentence:
            return self.by_sentence[spot.index - 1]  # "This is twice as many as ..."
        if case_measure and spot.paragraph in self.last_case:
            return self.last_case[spot.paragraph]
        if case_measure and self.case_anywhere is not None:
            line, period = self.case_anywhere
            if spot.paragraph - line <= CASE_PERIOD_REACH:
                # "The table splits the total into two parts: 84,563 ... 10,209"; after a
                # breakdown ("May alone ...; in April ..."), the period it broke down
                return self._whole_of(spot, period)
        if measure is not None and self.last_measure.get(spot.paragraph, (None,))[0] == measure:
            return self.last_measure[spot.paragraph][1]
        return self._previous_event(spot) or Period()

    def _previous_event(self, spot: Spot) -> Period | None:
        """ "On August 10, I found out ... He says more than 40 people left": the event date of
        the previous sentence dates a figure whose own sentence names none."""
        for sentence in self.ctx.previous_sentences(spot, 1):
            events = [
                w
                for w in self._sentence(sentence.start, sentence.end, spot.paragraph)
                if w.kind == "event"
            ]
            if events:
                return Period(events[-1].period_start, events[-1].period_end)
        return None

    def _owned_by_later_figure(self, spot: Spot, w: When) -> bool:
        """ "17,500 a month, or 2.6 times the 40,380 recorded in January-June 2024": an
        expression right after another figure that stands between it and this one dates
        that figure."""
        if w.start < spot.q.end:
            return False
        text = self.ctx.doc.text
        between = self.ctx.quantities_in(spot.q.end, w.start)
        return any(
            q.start >= spot.q.end
            and 0 <= w.start - q.end <= OWNED_REACH
            # a figure named on its own ("the 40,380 recorded in"), not a list sharing the
            # period ("41,000 cases of absence and 7,918 of desertion between January and June")
            and (
                text[max(0, q.start - 4) : q.start].lower().endswith("the ")
                or _PARTICIPLE.match(text, q.end, w.start) is not None
            )
            for q in between
        )

    def _compared(self, w: When) -> bool:
        """ "the same five months of 2024", "the same period last year": a period named to
        compare with, not the one the story goes on about."""
        if w.kind in _COMPARISON_KINDS:
            return True
        words = self.ctx.doc.text[w.start : w.end].lower()
        return w.kind != "same" and words.startswith(("the same ", "same "))

    def _comparison_base(self, w: When) -> bool:
        before = self.ctx.doc.text[max(0, w.start - 20) : w.start]
        return _COMPARISON.search(before) is not None

    def _contrasted(self, spot: Spot, w: When) -> bool:
        """True for an expression in a clause set against the figure's ("..., but")."""
        lo, hi = (w.end, spot.q.start) if w.end <= spot.q.start else (spot.q.end, w.start)
        return _CONTRAST.search(self.ctx.doc.text, lo, hi) is not None

    def _choose(self, spot: Spot, found: list[When]) -> When:
        q = spot.q
        dated = [w for w in found if not self._statement_day(w)]
        found = dated or found  # "put the figure for the same period at 23,817 on Tuesday"
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
            return self._same_period(spot)
        if w.kind == "same_last_year":
            previous = self.last.get(spot.paragraph) or self.last_anywhere
            return _shift_year(previous) if previous else Period()
        if w.kind == "same_in_year":
            return self._same_in_year(spot, w, found)
        if w.kind == "n_months":
            return self._n_months(spot, w)
        if w.kind == "then":
            return self._previous_sentence_date(spot)
        if w.kind == "vague":
            return Period()  # "over the past few years": a period no date can stand for
        opening = [x for x in found if x.open_ended and x.kind in _OPEN_KINDS]
        if w.kind in _OPEN_KINDS and w.open_ended or (w.kind == "as_of" and opening):
            return self._since(opening[0] if w.kind == "as_of" else w, found)
        return Period(w.period_start, w.period_end, w.as_of)

    def _statement_day(self, w: When) -> bool:
        """ "on Tuesday", "yesterday": in a sentence that also names a period, the day the
        figure was given, not the period it covers."""
        words = self.ctx.doc.text[w.start : w.end].lower()
        return bool(_WEEKDAY_WORDS.search(words))

    def _n_months(self, spot: Spot, w: When) -> Period:
        """ "in six months", "the six-month total": the latest span of that many months the
        last few paragraphs named (the text means its own period, not any six months)."""
        words = re.search(r"(\w+)[\s-]+months?", self.ctx.doc.text[w.start : w.end])
        n = dates.number_word(words.group(1)) if words else 0
        for line, p in reversed(self.recent):
            if spot.paragraph - line > SAME_PERIOD_REACH:
                break
            if p.start and p.end and not p.rate and _months(p) + 1 == n:
                return p
        return Period()

    def _same_period(self, spot: Spot) -> Period:
        """ "over the same period": the last period named; but after a breakdown (January,
        ..., June, all inside an earlier "January to June"), the period it breaks down."""
        last = self.last.get(spot.paragraph) or self.last_anywhere
        if last is None or not last.start:
            return last or Period()
        return self._whole_of(spot, last)

    def _whole_of(self, spot: Spot, last: Period) -> Period:
        """The longest span of the last few paragraphs that holds ``last`` (``last`` itself
        when none does): the whole that a breakdown into months broke down."""
        spans = [
            p
            for line, p in self.recent
            if spot.paragraph - line <= SAME_PERIOD_REACH
            and p.start
            and p.end
            and not p.rate
            and p.start[:7] <= (last.start or "")[:7]
            and (last.end or last.start or "")[:7] <= p.end[:7]
        ]
        return max(reversed(spans), key=_months) if spans else last

    def _same_in_year(self, spot: Spot, w: When, found: list[When]) -> Period:
        """ "7,950 in the first nine months of this year, compared with 6,120 in the same
        period of 2024": the months of the period before it, in the year named."""
        year = int((w.period_start or "")[:4])
        earlier = [x for x in found if x.end <= w.start and x.period_start and x.period_end]
        previous = (
            Period(earlier[-1].period_start, earlier[-1].period_end)
            if earlier
            else self.last.get(spot.paragraph) or self.last_anywhere
        )
        if previous is None or not previous.start or not previous.end:
            return Period(w.period_start, w.period_end)
        shift = int(previous.start[:4]) - year
        if shift <= 0 or previous.start[:4] != previous.end[:4]:
            return Period(w.period_start, w.period_end)
        return Period(_year_back(previous.start, shift), _year_back(previous.end, shift))

    def _since(self, w: When, found: list[When]) -> Period:
        """ "since X" ends where the sentence's closed period ends, or before its as-of date."""
        closed = [
            x
            for x in found
            if x.period_end is not None and x is not w and x.kind in ("range", "until")
        ]
        if closed:
            return Period(w.period_start, closed[0].period_end)
        as_of = next((x.as_of for x in found if x.as_of), None)
        if as_of is not None:
            end = date.fromisoformat(as_of) if len(as_of) == 10 else None
            if end is not None and end.day == 1:
                return Period(w.period_start, (end - timedelta(days=1)).isoformat(), as_of)
            return Period(w.period_start, as_of[:7])
        return Period(w.period_start)

    def _year_back(self, spot: Spot, period: Period) -> Period:
        """ "up from 6,200 a year earlier": the sentence's period, a year back."""
        after = self.ctx.doc.text[spot.q.end : spot.q.end + 40]
        return _shift_year(period) if _YEAR_BACK.match(after) else period

    def _previous_sentence_date(self, spot: Spot) -> Period:
        """ "At that time": the date the previous sentence named, as an as-of date."""
        for sentence in self.ctx.previous_sentences(spot, 1):
            named = [
                w
                for w in self._sentence(sentence.start, sentence.end, spot.paragraph)
                if w.period_start or w.as_of
            ]
            if named:
                return Period(as_of=named[-1].as_of or named[-1].period_start)
        return Period()

    def expressions(self, spot: Spot) -> list[When]:
        return self._sentence(spot.sentence.start, spot.sentence.end, spot.paragraph)

    def _sentence(self, start: int, end: int, paragraph: int) -> list[When]:
        """The resolved time expressions of a sentence (cached per sentence)."""
        if start not in self._cache:
            self._cache[start] = self.times.expressions(start, end, paragraph)
        return self._cache[start]


def _distance(w: When, start: int, end: int) -> float:
    return w.start - end if w.start >= end else (start - w.end) * BEFORE_WEIGHT


def _shift_year(period: Period) -> Period:
    """The same period a year back ("2024-10" -> "2023-10")."""
    return replace(
        period,
        start=_year_back(period.start),
        end=_year_back(period.end),
        as_of=_year_back(period.as_of),
    )


def _year_back(value: str | None, years: int = 1) -> str | None:
    if value is None:
        return None
    return f"{int(value[:4]) - years}{value[4:]}"


def _months(p: Period) -> int:
    start, end = p.start or "", p.end or ""
    return (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7])
