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
from typing import Any

from ..numbers.vocab import UNITS

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)"
)
MONTH = _MONTH
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:19|20)\d{2}"
YEAR = _YEAR
DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+(?:of\s+)?(?:{_YEAR}|this year|last year))?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?|{_YEAR})"
)
# Month counts written in words ("the first seven months"): one to twelve.
_NUMBER_WORDS = {word: n for word, n in UNITS.items() if 1 <= n <= 12}
_N = rf"(?:\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})"

# (kind, pattern); the first pattern to match a stretch of text claims it.
_ORDINAL_QUARTER = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_YEAR_REF = rf"(?:{_YEAR}|this year|last year|the year|the current year)"

# (kind, pattern); the first pattern to match a stretch of text claims it. Event phrases
# ("the full-scale invasion") come from the domain pack and are spliced in as EVENT.
GRAMMAR: list[tuple[str, str]] = [
    (
        "range_event",
        rf"\bfrom\s+(?:the\s+(?:start|beginning|outset)\s+of\s+)?(?:the\s+)?(?P<ev>EVENT)\s+"
        rf"(?:to|until|till|through)\s+(?:the\s+end\s+of\s+)?(?P<b>{DATE})",
    ),
    ("range", rf"\bfrom\s+(?P<a>{DATE})\s+(?:to|until|till|through|[-–])\s+(?P<b>{DATE})"),
    ("range", rf"\bbetween\s+(?P<a>{DATE})\s+and\s+(?P<b>{DATE})"),
    ("range", rf"\b(?P<a>{_MONTH})\s*(?:[-–]|\s+and\s+)\s*(?P<b>{_MONTH}(?:\s+{_YEAR})?)\b"),
    ("year_range", rf"(?<![\w-])(?P<a>{_YEAR})\s*[-–/]\s*(?P<b>{_YEAR}|\d{{2}})(?![\w-])"),
    ("rolling", rf"\bin\s+the\s+(?:year|12\s+months|twelve\s+months)\s+to\s+(?P<a>{DATE})"),
    (
        "first_n",
        rf"\b(?:in|over|during|for)\s+the\s+first\s+(?P<n>{_N})\s+months"
        rf"(?:\s+of\s+(?P<a>{_YEAR_REF}))?",
    ),
    ("first_n", rf"\bover\s+(?P<n>{_N})\s+months\s+of\s+(?P<a>{_YEAR_REF})"),
    ("first_n", rf"\bthe\s+same\s+(?P<n>{_N})\s+months\s+of\s+(?P<a>{_YEAR_REF})"),
    (
        "quarter",
        rf"\b(?:Q(?P<qn>[1-4])|(?:the\s+)?(?P<qw>{_ORDINAL_QUARTER})[\s-]+quarter)"
        rf"(?:\s+of)?(?:\s+(?P<a>{_YEAR_REF}))?",
    ),
    (
        "half",
        rf"\b(?:H(?P<hn>[12])|(?:the\s+)?(?P<hw>first|second)[\s-]+half)"
        rf"(?:\s+of)?(?:\s+(?P<a>{_YEAR_REF}))?",
    ),
    (
        "since_event",
        r"\bsince\s+(?:the\s+(?:start|beginning|outset)\s+of\s+)?(?:the\s+)?(?P<ev>EVENT)",
    ),
    (
        "since_year",
        r"\bsince\s+the\s+(?:beginning|start)\s+of\s+(?:the\s+)?(?:current\s+|this\s+)?year",
    ),
    (
        "since_in",
        rf"\bsince\s+(?:Russia|Moscow|the\s+war|it)\s+(?:launched|began|started)\b"
        rf"[^.;:,]{{0,40}}?\bin\s+(?P<a>{DATE})",
    ),
    ("since", rf"\bsince\s+(?:the\s+(?:beginning|start|middle|end)\s+of\s+)?(?P<a>{DATE})"),
    ("end_of", rf"\b(?:as\s+(?:of|at)|by)\s+the\s+end\s+of\s+(?P<a>{DATE})"),
    ("ytd", r"\b(?:so\s+far\s+this\s+year|year[-\s]to[-\s]date|since\s+January)\b"),
    ("mid_year", rf"\b(?:by|as\s+of|in)\s+mid-(?P<a>{_YEAR})\b"),
    ("today", r"\b(?:as\s+of|as\s+at)\s+(?:today|now)\b|\bto\s+date\b"),
    ("as_of", rf"\b(?:as\s+(?:of|at)|by)\s+(?P<a>{DATE})"),
    ("until", rf"\b(?:until|till|up\s+to|through)\s+(?P<a>{DATE})"),
    (
        "same_last_year",
        r"\b(?:during|over|in|for)\s+the\s+same\s+period\s+(?:of\s+)?(?:last|the\s+previous)\s+year\b",
    ),
    (
        "same_in_year",
        rf"\b(?:during|over|in|for|with)\s+the\s+same\s+(?:period|months?)\s+(?:of|in)\s+(?P<a>{_YEAR})\b",
    ),
    ("same", r"\b(?:during|over|in|for)\s+the\s+same\s+period\b"),
    ("then", r"\b(?:at\s+that\s+time|by\s+then|at\s+the\s+time)\b"),
    (
        "event",
        rf"\b[Oo]n\s+(?:the\s+(?:morning|evening|night|afternoon)\s+of\s+)?"
        rf"(?P<a>{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?)",
    ),
    ("weekday", r"\b[Oo]n\s+(?P<a>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ("yesterday", r"\byesterday\b"),
    ("this_month", r"\b(?:this|the\s+current)\s+month\b"),
    ("next_month", r"\bnext\s+month\b"),
    ("last_week", r"\b(?:last|past)\s+week\b"),
    ("past_day", r"\b(?:over\s+)?the\s+(?:past|last)\s+(?:day|24\s+hours)\b"),
    (
        "vague",
        r"\b(?:over|in|during|for)\s+the\s+(?:past|last)\s+(?:few|several|many|two|three)\s+"
        r"(?:years|months|weeks)\b",
    ),
    # "in six months", "the six-month total": a span the text has just named, N months long
    (
        "n_months",
        rf"\b(?:in|over|during|for|the)\s+(?P<n>{_N})[\s-]+months?\b(?!\s+(?:of|ago|later|earlier|before|after))",
    ),
    # "in January last year" before "last year" alone takes the words
    ("in", rf"\b(?:(?:in|during|for)\s+)?(?P<a>{_MONTH},?\s+(?:of\s+)?(?:last|this)\s+year)\b"),
    ("relative", r"\b(?:last|this|past)\s+(?:month|year)\b"),
    (
        "season",
        rf"\b(?:(?P<q>last\s+days|end|beginning|start|middle|early|late)\s+(?:of\s+)?)?"
        rf"(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?\b",
    ),
    ("mid_month", rf"\bmid-(?P<a>{_MONTH}(?:\s+{_YEAR})?)\b"),
    ("decade", r"\b(?:in|during|throughout|through|over)\s+the\s+(?P<a>(?:19|20)\d0)['’]?s\b"),
    (
        "in",
        rf"(?<![\w-])(?:(?:in|during|for|throughout)\s+)?"
        rf"(?P<a>{_MONTH}\s+{_DAY}(?:,?\s+(?:of\s+)?(?:{_YEAR}|this year|last year))?"
        rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
        rf"|{_MONTH}(?:,?\s+(?:of\s+)?(?:{_YEAR}|last\s+year|this\s+year))?)(?![\w-])",
    ),
    (
        "in_year",
        rf"\b(?:in|during|for|throughout|over|of)\s+(?:the\s+year\s+)?(?P<a>{_YEAR})(?![\w-])",
    ),
]
# Verbs whose "in 1996" dates something else ("founded in 1996", "the war began in 2022").
OTHER_EVENT = re.compile(
    r"\b(?:founded|formed|established|created|introduced|adopted|began|begun|launched|born|"
    r"built|passed|signed|enacted|elected|started|set\s+up|opened|trained|served|studied|lived|"
    r"worked)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def compile_grammar(event_pattern: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The grammar with the pack's event phrases in place of EVENT, compiled once per pack:
    the gates over it are made once for the same pattern objects, and ``re``'s own cache
    (512 patterns, shared with every library in the process) does not keep them."""
    return tuple(
        (kind, re.compile(p.replace("EVENT", event_pattern), re.IGNORECASE)) for kind, p in GRAMMAR
    )


RATES = [
    (re.compile(p, re.IGNORECASE), rate)
    for p, rate in [
        (r"\b(?:per|every|each|in\s+a)\s+month\b|\ba\s+month\b|\bmonthly\b", "per_month"),
        (r"\b(?:per|every|each)\s+day\b|\ba\s+day\b|\bdaily\b|\bevery\s+24\s+hours\b", "per_day"),
        (
            r"\b(?:per|every|each)\s+year\b|\ba\s+year\b|\bannually\b|\byearly\b|\bper\s+annum\b",
            "per_year",
        ),
        (r"\b(?:per|every|each)\s+week\b|\ba\s+week\b|\bweekly\b", "per_week"),
    ]
]
# What makes "a month" or "monthly" no rate: "a month ago", "for a month", "once a year",
# "a year earlier", "the largest monthly number".
_NOT_RATE_AFTER = re.compile(
    r"^(?:\s+(?:ago|earlier|later|after|before|old|or\s+so|and\s+a\s+half)\b|-old|\s+[a-z]+(?:s|er)\b(?<!\bper))",
    re.IGNORECASE,
)
_NOT_RATE_BEFORE = re.compile(
    r"\b(?:for|within|once|twice|than|with|about|in\s+just|over|nearly|almost)\s+$", re.IGNORECASE
)
# A year on its own ("2024", not "12024" or "20245"). "\b" before it is written as a
# look-behind after its first two digits, so that the search skips to a "1" or a "2" instead
# of trying every character (tests/test_periods.py holds it to the plain form).
_EXPLICIT_YEAR = re.compile(r"(?:19|20)(?<!\w\d\d)\d{2}\b")
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
    cleaned = re.sub(r"\bof\s+", "", span).replace(",", " ")
    cleaned = cleaned.replace("this year", str(base.year)).replace("last year", str(base.year - 1))
    data = _parser(base).get_date_data(cleaned)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    return data.date_obj.date(), str(data.period)


@lru_cache(maxsize=64)
def _parser(base: date) -> Any:
    """A dateparser parser reading against ``base`` (built once per base: it is costly)."""
    from dateparser.date import DateDataParser  # imported late: it costs 0.3 s

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime.combine(base, datetime.min.time()),
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


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
    """The last year named in text[lo:pos] ("In December 2024 ... in January" -> 2024), not
    counting the start of an open period ("Since February 2022, ... as of 30 June" reads June
    against the document's date)."""
    for m in reversed(list(_EXPLICIT_YEAR.finditer(text, lo, pos))):
        if not _PERIOD_START.search(text, max(lo, m.start() - 20), m.start()):
            return int(m.group())
    return None


_PERIOD_START = re.compile(r"\b(?:since|from)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def base_date(reference: date | None, context_year: int | None) -> date | None:
    """The date a year-less expression is read against: the last year the text named (its
    last day), else the document's date."""
    if context_year is not None and (reference is None or context_year < reference.year):
        return date(context_year, 12, 31)
    return reference


def needs_year(span: str) -> bool:
    return _EXPLICIT_YEAR.search(span) is None and "year" not in span.lower()


# Every rate phrase holds one of these, case-folded: a stretch without any names no rate, and
# is not searched (four case-insensitive searches over every figure's surroundings, else).
RATE_KEYS = ("month", "day", "dail", "year", "annu", "week", "hours")


def find_rate(text: str, lo: int, hi: int) -> str | None:
    """The rate named in text[lo:hi] ("per month" -> per_month), if any; "a month ago",
    "for a month" and "the largest monthly number" name none."""
    window = text[lo:hi].casefold()
    if not any(key in window for key in RATE_KEYS):
        return None
    return search_rate(text, lo, hi)


def search_rate(text: str, lo: int, hi: int) -> str | None:
    """``find_rate`` without the quick test for a key word."""
    for pattern, rate in RATES:
        for m in pattern.finditer(text, lo, hi):
            word = m.group().lower()
            after = text[m.end() : m.end() + 20]
            before = text[max(0, m.start() - 14) : m.start()]
            if _NOT_RATE_BEFORE.search(before):
                continue
            if _NOT_RATE_AFTER.match(after) and (word.startswith("a ") or word.endswith("ly")):
                continue
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
