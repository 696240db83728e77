"""Time expressions in a sentence: what period, date or rate each one names.

The grammar of the expressions ("from X to Y", "since X", "as of X", "in the first seven
months of X", "during the same period", "per month") is ours; the dates inside them are
parsed by dateparser against a base date (the document's date, or the last year the text
named), which also resolves "last month" and "this year".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)"
)
MONTH = _MONTH
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:19|20)\d{2}"
DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+(?:of\s+)?(?:{_YEAR}|this year|last year))?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?|{_YEAR})"
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# (kind, pattern); the first pattern to match a stretch of text claims it.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in [
        ("range", rf"\bfrom\s+(?P<a>{DATE})\s+(?:to|until|till|through|[-–])\s+(?P<b>{DATE})"),
        ("range", rf"\bbetween\s+(?P<a>{DATE})\s+and\s+(?P<b>{DATE})"),
        ("range", rf"\b(?P<a>{_MONTH})\s*[-–]\s*(?P<b>{_MONTH}\s+{_YEAR})\b"),
        (
            "first_n",
            rf"\b(?:in|over|during|for)\s+the\s+first\s+(?P<n>{_N})\s+months\s+of\s+"
            rf"(?P<a>{_YEAR}|this year|last year)",
        ),
        ("first_n", rf"\bover\s+(?P<n>{_N})\s+months\s+of\s+(?P<a>{_YEAR}|this year|last year)"),
        (
            "since_year",
            r"\bsince\s+the\s+(?:beginning|start)\s+of\s+(?:the\s+)?(?:current|this)\s+year",
        ),
        ("since", rf"\bsince\s+(?:the\s+(?:beginning|start|middle|end)\s+of\s+)?(?P<a>{DATE})"),
        ("as_of", rf"\b(?:as\s+(?:of|at)|by)\s+(?P<a>{DATE})"),
        ("until", rf"\b(?:until|till|up\s+to|through)\s+(?P<a>{DATE})"),
        ("same", r"\b(?:during|over|in|for)\s+the\s+same\s+period\b"),
        ("then", r"\b(?:at\s+that\s+time|by\s+then|at\s+the\s+time)\b"),
        (
            "event",
            rf"\b[Oo]n\s+(?:the\s+(?:morning|evening|night|afternoon)\s+of\s+)?"
            rf"(?P<a>{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?)",
        ),
        ("relative", r"\b(?:last|this|past)\s+(?:month|year)\b"),
        (
            "season",
            rf"\b(?:(?P<q>last\s+days|end|beginning|start|middle|early|late)\s+(?:of\s+)?)?"
            rf"(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?\b",
        ),
        ("in", rf"(?<![\w-])(?P<a>{DATE})(?![\w-])"),
    ]
]
RATES = [
    (re.compile(p, re.IGNORECASE), rate)
    for p, rate in [
        (r"\b(?:per|a|every|each|in\s+a)\s+month\b|\bmonthly\b", "per_month"),
        (r"\b(?:per|a|every|each)\s+day\b|\bdaily\b", "per_day"),
        (r"\b(?:per|a|every|each)\s+year\b|\bannually\b|\byearly\b", "per_year"),
        (r"\b(?:per|a|every|each)\s+week\b|\bweekly\b", "per_week"),
    ]
]
_EXPLICIT_YEAR = re.compile(rf"\b{_YEAR}\b")
_MONTH_ONLY = re.compile(rf"^{_MONTH}$", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    """What a time expression says: a period (inclusive), an as-of date, or a rate."""

    start: int
    end: int
    kind: str
    period_start: str | None = None
    period_end: str | None = None
    as_of: str | None = None

    @property
    def open_ended(self) -> bool:
        return self.period_start is not None and self.period_end is None


@lru_cache(maxsize=4096)
def parse_date(span: str, base: date) -> tuple[date, str] | None:
    """A date span read against ``base``: (date, "day" | "month" | "year"), or None."""
    from dateparser.date import DateDataParser  # imported late: it costs 0.3 s

    cleaned = re.sub(r"\bof\s+", "", span).replace(",", " ")
    cleaned = cleaned.replace("this year", str(base.year)).replace("last year", str(base.year - 1))
    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime.combine(base, datetime.min.time()),
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    data = parser.get_date_data(cleaned)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    return data.date_obj.date(), str(data.period)


def iso(d: date, precision: str) -> str:
    return {"day": d.strftime("%Y-%m-%d"), "month": d.strftime("%Y-%m"), "year": d.strftime("%Y")}[
        precision
    ]


def month_end(d: date, precision: str) -> str:
    """The inclusive end of a period that ends at ``d``: "to November 1" ends October 31."""
    if precision == "day":
        return iso(d - timedelta(days=1), "day") if d.day == 1 else iso(d, "day")
    if precision == "year":
        return f"{d.year}-12"
    return iso(d, "month")


def start_of(d: date, precision: str) -> str:
    return f"{d.year}-01" if precision == "year" else iso(d, precision)


def year_context(text: str, lo: int, pos: int) -> int | None:
    """The last year named in text[lo:pos] ("In December 2024 ... in January" -> 2024)."""
    years = _EXPLICIT_YEAR.findall(text, lo, pos)
    return int(years[-1]) if years else None


def base_date(reference: date | None, context_year: int | None) -> date | None:
    """The date a year-less expression is read against: the last year the text named (its
    last day), else the document's date."""
    if context_year is not None and (reference is None or context_year < reference.year):
        return date(context_year, 12, 31)
    return reference


def needs_year(span: str) -> bool:
    return _EXPLICIT_YEAR.search(span) is None and "year" not in span.lower()


def find_rate(text: str, lo: int, hi: int) -> str | None:
    """The rate named in text[lo:hi] ("per month" -> per_month), if any."""
    for pattern, rate in RATES:
        if pattern.search(text, lo, hi):
            return rate
    return None


def number_word(n: str) -> int:
    return int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()]


def is_month_only(span: str) -> bool:
    return _MONTH_ONLY.match(span.strip()) is not None


# Seasons as (first month, last month); winter runs across the new year.
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
SEASON_ENDS = {"last days", "end", "late"}
SEASON_STARTS = {"beginning", "start", "early"}
