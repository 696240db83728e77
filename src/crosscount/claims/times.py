"""Reading the time expressions of a sentence into periods, as-of dates and their kinds.

``TimeReader.expressions(sentence, paragraph)`` finds the expressions of ``dates.GRAMMAR``
and resolves each against a base date: the date line of the document's section or its
publication date, or the last year the paragraph (or, in an undated document, the text)
named before the expression.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..gate import gates
from . import dates
from .context import DocContext
from .dates import When

# Expressions that point from the moment of writing: read against the document's date.
_DEICTIC = re.compile(
    r"\b(?:this|last|past|current|next)\s+(?:year|month|week)\b|\bthe\s+current\s+year\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|reported|reports|wrote|writes|posted|described|told|notes|noted|claims|"
    r"claimed|announced|published|stated|explained|admitted|added|quoted|messaged)\b",
    re.IGNORECASE,
)
# A date that dates a publication, not the figure ("in the post from December 31").
_PUBLICATION = re.compile(
    r"\b(?:post|article|report|interview|statement|video|message|letter|publication)\s+"
    r"(?:from|of|on|dated)\s+$",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told\s+\w+(?:\s+\w+)?|announced|reported|stated|confirmed|added)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_DATELINE_LEAD = re.compile(r"(?:^|\n)[A-Z][A-Z .'-]{1,30},\s+$")
_FALL_LEAD = re.compile(r"\b(?:in|last|this|next|the|by|since|until)\s+(?:the\s+)?$")
_DATE_LINE = re.compile(rf"^[#*\s]*(?P<d>{dates.DATE})[\s*]*$", re.MULTILINE | re.IGNORECASE)
_MONTH_WORD = re.compile(rf"\b{dates.MONTH}\b", re.IGNORECASE)
_QUARTERS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class TimeReader:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.reference = iso_date(ctx.doc.published)
        self.sections = [
            (m.start(), m.group("d"))
            for m in date_lines(ctx.doc.text, ctx.line_starts)
            if not dates.needs_year(m.group("d"))
        ]
        events = ctx.pack.events
        self.event_dates = [(e.pattern, date.fromisoformat(e.date)) for e in events]
        body = "|".join(f"(?:{e.pattern.pattern})" for e in events) or "(?!)"
        self.grammar = dates.compile_grammar(body)
        # The grammar's patterns, then the reporting verbs: found in the same pass.
        self.gates = gates((*(pattern for _, pattern in self.grammar), _REPORTING))

    def expressions(self, start: int, end: int, paragraph: int) -> list[When]:
        """The resolved time expressions of text[start:end], in order."""
        text = self.ctx.doc.text
        *matches, reported = self.gates.matches(text, start, end, self.ctx.folded(start, end))
        reporting = len(reported) > 0
        taken: list[tuple[int, int]] = []
        found = []
        for (kind, _), pattern_matches in zip(self.grammar, matches, strict=True):
            for m in pattern_matches:
                if any(m.start() < b and a < m.end() for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                if self._skip(kind, m, reporting):
                    continue
                when = self._when(kind, m, paragraph)
                if when is not None:
                    found.append(when)
        return sorted(found, key=lambda w: w.start)

    def _skip(self, kind: str, m: re.Match[str], reporting: bool) -> bool:
        text = self.ctx.doc.text
        if not all(w[0].isupper() for w in _MONTH_WORD.findall(m.group())):
            return True  # "this may be": a verb, not the month
        if kind == "event" and reporting:
            return True  # "On December 14, X wrote": the date of the report
        if kind in ("weekday", "yesterday") and _SAID_BEFORE.search(
            text, max(0, m.start() - 30), m.start()
        ):
            return True  # "the police said on Tuesday that ...": the day of the statement
        lead = text[max(0, m.start() - 40) : m.start()]
        if _PUBLICATION.search(lead) or _DATELINE_LEAD.search(lead):
            return True  # the date of a publication or of a wire dateline
        return kind in ("in_year", "decade") and dates.OTHER_EVENT.search(lead) is not None

    # -- one expression --------------------------------------------------------------------

    def _when(self, kind: str, m: re.Match[str], paragraph: int) -> When | None:
        s, e = m.start(), m.end()
        if kind in ("same", "then", "same_last_year", "vague", "n_months"):
            return When(s, e, kind)
        if kind == "same_in_year":  # "the same period of 2024": the year, the months come later
            year = m.group("a")
            return When(s, e, kind, f"{year}-01", f"{year}-12")
        base = self._base(paragraph, s)
        reference = self._reference_at(s)
        if reference is not None and base != reference and _DEICTIC.search(m.group()):
            # "this year", "last month" point from the document's (or section's) date, not
            # from the last year the paragraph named; unless that reading lies after the
            # document ("to December 1 of this year" in a text dated the January after)
            when = self._read_when(kind, m, reference)
            if when is None or _after(when, reference):
                return self._read_when(kind, m, base)
            return when
        return self._read_when(kind, m, base)

    def _read_when(self, kind: str, m: re.Match[str], base: date | None) -> When | None:
        s, e = m.start(), m.end()
        handler = getattr(self, f"_{kind}", None)
        if handler is not None:
            result: When | None = handler(m, base, s, e)
            return result
        read = self.read(m.group("a") if "a" in m.groupdict() else m.group(), base)
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
        """ "in October 2024", "in 2024", "On November 3": a period one unit long."""
        if precision == "year":
            in_progress = self.reference is not None and d.year >= self.reference.year
            return When(s, e, kind, f"{d.year}-01", None if in_progress else f"{d.year}-12")
        value = dates.iso(d, precision)
        return When(s, e, kind, value, value)

    def _year_of(self, span: str | None, base: date | None) -> int | None:
        """The year "2024", "this year", "last year" or (absent) the base names."""
        if span:
            read = self.read(
                span.replace("the current year", "this year").replace("the year", "this year"), base
            )
            return read[0].year if read else None
        return base.year if base else None

    def _in_year(self, m: re.Match[str], base: date | None, s: int, e: int) -> When:
        return self._point(date(int(m.group("a")), 1, 1), "year", s, e, "in")

    def _since_year(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        return When(s, e, "since", f"{base.year}-01") if base else None

    def _since_in(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        read = self.read(m.group("a"), base)
        return When(s, e, "since", dates.start_of(*read)) if read else None

    def _since_event(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        when = self._event_date(m.group("ev"))
        return When(s, e, "since", when.isoformat()) if when else None

    def _range_event(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        when = self._event_date(m.group("ev"))
        end = self.read(m.group("b"), base)
        if when is None or end is None:
            return None
        return When(s, e, "range", when.isoformat(), dates.month_end(*end))

    def _event_date(self, phrase: str) -> date | None:
        return next((d for pattern, d in self.event_dates if pattern.search(phrase)), None)

    def _first_n(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        year = self._year_of(m.group("a"), base)
        n = dates.number_word(m.group("n"))
        if year is None or not 1 <= n <= 12:
            return None
        return When(s, e, "first_n", f"{year}-01", f"{year}-{n:02d}")

    def _quarter(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        n = int(m.group("qn")) if m.group("qn") else _QUARTERS[m.group("qw").lower()]
        year = self._year_of(m.group("a"), base)
        if year is None:
            return None
        return When(s, e, "quarter", f"{year}-{3 * n - 2:02d}", f"{year}-{3 * n:02d}")

    def _half(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        first = (m.group("hn") or "").startswith("1") or (m.group("hw") or "").lower() == "first"
        year = self._year_of(m.group("a"), base)
        if year is None:
            return None
        return When(
            s,
            e,
            "half",
            f"{year}-01" if first else f"{year}-07",
            f"{year}-06" if first else f"{year}-12",
        )

    def _range(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        b_read = self.read(m.group("b"), base)
        if b_read is None:
            return None
        a_span = m.group("a")
        a_base = date(b_read[0].year, 12, 31) if dates.needs_year(a_span) else base
        a_read = self.read(a_span, a_base)
        if a_read is None:
            return None
        a_date, a_precision = a_read
        if a_date > b_read[0] and dates.needs_year(a_span):
            a_date = a_date.replace(year=a_date.year - 1)  # "from November to February"
        return When(s, e, "range", dates.start_of(a_date, a_precision), dates.month_end(*b_read))

    def _year_range(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        first, last = int(m.group("a")), m.group("b")
        end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        if not first < end <= first + 30:
            return None
        return When(s, e, "range", f"{first}-01", f"{end}-12")

    def _rolling(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        read = self.read(m.group("a"), base)
        if read is None:
            return None
        d = read[0]
        start = date(d.year - 1, d.month, 1) + timedelta(days=32)
        return When(s, e, "range", f"{start.year}-{start.month:02d}", dates.iso(d, "month"))

    def _end_of(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        read = self.read(m.group("a"), base)
        if read is None:
            return None
        d, precision = read
        last = date(d.year, 12, 31) if precision == "year" else _month_last_day(d)
        return When(s, e, "as_of", as_of=last.isoformat())

    def _today(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        ref = self._reference_at(s)
        return When(s, e, "as_of", as_of=ref.isoformat()) if ref else None

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
        start, end = f"{year}-{first:02d}", f"{year + (last < first)}-{last:02d}"
        part = (m.group("q") or "").lower()
        if part in dates.SEASON_ENDS:
            start = end
        elif part in dates.SEASON_STARTS:
            end = start
        return When(s, e, "season", start, end)

    def _mid_month(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        read = self.read(m.group("a"), base)
        return self._point(read[0], "month", s, e, "in") if read else None

    def _mid_year(self, m: re.Match[str], base: date | None, s: int, e: int) -> When:
        return When(s, e, "as_of", as_of=f"{m.group('a')}-06")

    def _decade(self, m: re.Match[str], base: date | None, s: int, e: int) -> When:
        first = int(m.group("a"))
        return When(s, e, "decade", f"{first}-01", f"{first + 9}-12")

    # Relative expressions, read against the document's (or section's) date.

    def _relative_day(self, s: int, e: int, days_back: int, kind: str) -> When | None:
        ref = self._reference_at(s)
        if ref is None:
            return None
        day = (ref - timedelta(days=days_back)).isoformat()
        return When(s, e, kind, day, day)

    def _yesterday(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        return self._relative_day(s, e, 1, "event")

    def _past_day(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        return self._relative_day(s, e, 1, "range")

    def _weekday(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        ref = self._reference_at(s)
        if ref is None:
            return None
        back = (ref.weekday() - _WEEKDAYS.index(m.group("a").lower())) % 7 or 7
        return self._relative_day(s, e, back, "event")

    def _last_week(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        ref = self._reference_at(s)
        if ref is None:
            return None
        monday = ref - timedelta(days=ref.weekday() + 7)
        return When(s, e, "range", monday.isoformat(), (monday + timedelta(days=6)).isoformat())

    def _ytd(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        ref = self._reference_at(s)
        return When(s, e, "since", f"{ref.year}-01") if ref else None

    def _this_month(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        ref = self._reference_at(s)
        return When(s, e, "since", dates.iso(ref, "month")) if ref else None

    def _next_month(self, m: re.Match[str], base: date | None, s: int, e: int) -> When | None:
        ref = self._reference_at(s)
        if ref is None:
            return None
        month = dates.iso(_month_last_day(ref) + timedelta(days=1), "month")
        return When(s, e, "in", month, month)

    # -- base dates ------------------------------------------------------------------------

    def read(self, span: str, base: date | None) -> tuple[date, str] | None:
        if base is None:
            if dates.needs_year(span):
                return None
            base = date(2100, 1, 1)
        return dates.parse_date(span, base)

    def _base(self, paragraph: int, pos: int) -> date | None:
        text = self.ctx.doc.text
        reference = self._reference_at(pos)
        year = dates.year_context(text, self.ctx.line_starts[paragraph], pos)
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


def date_lines(text: str, line_starts: list[int]) -> list[re.Match[str]]:
    """What ``_DATE_LINE.finditer(text)`` finds, tried only at the starts of lines (the only
    places its "^" lets it begin; ``line_starts``: 0 and the index after each line break),
    where the search tries every character of the document."""
    found = []
    reached = 0  # a match may run over blank lines: the next begins after it, as finditer's
    for start in line_starts:
        if start < reached:
            continue
        m = _DATE_LINE.match(text, start)
        if m is not None:
            found.append(m)
            reached = m.end()
    return found


def _after(when: When, reference: date) -> bool:
    """Whether any date ``when`` names lies after ``reference``."""
    named = (when.period_start, when.period_end, when.as_of)
    return any(d is not None and d > reference.isoformat()[: len(d)] for d in named)


def _month_last_day(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1) - timedelta(days=1)


def iso_date(value: str | None) -> date | None:
    """A document date as a date; a month stands for its last day, so that every date of
    that month lies before it."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        return _month_last_day(date(parts[0], parts[1], 1))
    return date(parts[0], parts[1], parts[2])
