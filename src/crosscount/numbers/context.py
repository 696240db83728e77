"""Decide whether a parsed expression is a quantity, from the tokens around it.

Each rule returns the reason an expression is *not* a quantity ("year", "date",
"designation", ...) or None. Rejected expressions are reported with their reason, never
silently dropped.
"""

from __future__ import annotations

from .grammar import Expr
from .tokens import Tokens
from .vocab import (
    ANAPHORA,
    CODE_WORDS,
    DESIGNATORS,
    FUNCTION_WORDS,
    IDIOM_COMPOUNDS,
    LEFT_MARKS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINAL_WORDS,
    PERIOD_NOUNS,
    PERIOD_WORDS,
    RELATIVE_WORDS,
    RIGHT_MARKS,
    TIME_OF_DAY,
    TIME_UNITS,
    YEAR_PREPOSITIONS,
)

_ORDINAL_SUFFIXES = {"th", "st", "nd", "rd"}
_ROMAN = set("ivxlcdm")
# Words before "a month", "an hour" that make it a duration ("for a month").
_DURATION_LEADS = {"for", "within", "lasting", "spent", "than", "over", "in", "after", "during"}
_AT_MOST_DAY = 31
# "in one day", "per month", "each year": one unit of time read as a period or a rate.
_PERIOD_LEADS = {"in", "per", "a", "every", "each"}


def _is_time_unit(expr: Expr) -> bool:
    return expr.unit in ("second", "minute", "hour", "day", "week", "month", "year", "decade")


def _plain_int(expr: Expr) -> int | None:
    """The core's integer when written as plain digits with no separator or scale."""
    digits = expr.core.plain_digits
    if digits is None or "." in digits:
        return None
    return int(digits)


def glued_code(tokens: Tokens, expr: Expr) -> str | None:
    """Numbers inside codes and names: A1363, 2S3, AK-74, 4087-IX, 155th, 1990s, 12/03."""
    first, last = expr.start, expr.end - 1
    prev, prev2, nxt, nxt2 = first - 1, first - 2, last + 1, last + 2
    has_prev, has_prev2 = prev >= 0, prev2 >= 0
    has_next, has_next2 = nxt < tokens.size, nxt2 < tokens.size
    text = tokens.text
    if has_prev and tokens.glued(prev, first) and tokens.is_num(first):
        if tokens.is_word(prev) or text[prev] == "#":
            return "code"
        if (
            text[prev] in "-‑/:."
            and has_prev2
            and tokens.glued(prev2, prev)
            and (tokens.is_word(prev2) or tokens.is_num(prev2))
        ):
            return "year" if tokens.low[prev2] == "mid" else "code"
    if (
        has_next
        and text[nxt] in "-‑"
        and tokens.glued(last, nxt)
        and has_next2
        and tokens.glued(nxt, nxt2)
        and tokens.low[nxt2] in ORDINAL_WORDS
    ):
        return "ordinal"  # "twenty-first century", "the twenty-fifth anniversary"
    if (
        tokens.is_num(first)
        and len(text[first]) > 1
        and text[first][0] == "0"
        and text[first][1] not in ".½⅓⅔¼¾⅕⅛"
    ):
        return "code"  # "07", "0451", "0 800 501": numbered labels and phone numbers
    if has_prev and text[prev] == "+" and tokens.glued(prev, first):
        return "code"  # "+44 20": a phone number
    if _number_run(tokens, expr) >= 3:
        return "code"  # "20 7946 0958": digits in a row are a phone or an identifier
    if (
        has_next
        and text[nxt] in "-‑"
        and tokens.glued(last, nxt)
        and tokens.low_or_blank[nxt2] in IDIOM_COMPOUNDS
    ):
        return "idiom"
    if has_next and tokens.glued(last, nxt) and tokens.is_num(last):
        if tokens.is_word(nxt):
            if tokens.low[nxt] in _ORDINAL_SUFFIXES:
                return "ordinal"
            return "decade" if tokens.low[nxt] == "s" and len(text[last]) in (2, 4) else "code"
        if tokens.is_num(nxt):
            return "code"
        if (
            text[nxt] in "-‑/:."
            and has_next2
            and tokens.glued(nxt, nxt2)
            and (tokens.is_num(nxt2) or text[nxt2].isupper() or set(tokens.low[nxt2]) <= _ROMAN)
        ):
            return "code"
        if text[nxt] in "'’" and tokens.low_or_blank[nxt2] == "s":
            return "decade"
    return None


def _number_run(tokens: Tokens, expr: Expr) -> int:
    """How many number tokens stand in a row, separated by single spaces, around expr."""
    run, k = 1, expr.start
    while k > 0 and tokens.is_num(k - 1) and tokens.start[k] - tokens.end[k - 1] == 1:
        run, k = run + 1, k - 1
    k = expr.end - 1
    while k + 1 < tokens.size and tokens.is_num(k + 1) and tokens.start[k + 1] - tokens.end[k] == 1:
        run, k = run + 1, k + 1
    return run


def date_or_time(tokens: Tokens, expr: Expr) -> str | None:
    """Days of months ("August 6", "6 August") and times of day ("8 pm")."""
    if expr.unit != "count" or expr.core.kind != "number":
        return None
    nxt = tokens.low_or_blank[expr.end]
    if nxt in TIME_OF_DAY:
        return "time"
    if (
        nxt in ("a", "p")
        and tokens.low_or_blank[expr.end + 1] == "."
        and tokens.low_or_blank[expr.end + 2] == "m"
    ):
        return "time"
    day = _plain_int(expr)
    if day is None or not 1 <= day <= _AT_MOST_DAY:
        return None
    if expr.high is not None and not expr.high.value <= _AT_MOST_DAY:
        return None
    if _month_before(tokens, expr.start) or _is_month(tokens, expr.end):
        return "date"
    if tokens.low_or_blank[expr.end] == "of" and _is_month(tokens, expr.end + 1):
        return "date"
    return None


def _is_month(tokens: Tokens, k: int) -> bool:
    if not 0 <= k < tokens.size or not tokens.is_word(k) or not tokens.text[k][0].isupper():
        return False
    return tokens.low[k] in MONTHS or tokens.low[k] in MONTH_ABBREVIATIONS


def _month_before(tokens: Tokens, k: int) -> bool:
    prev = k - 1
    if tokens.low_or_blank[prev] == ".":
        prev = k - 2
    return _is_month(tokens, prev)


def year(tokens: Tokens, expr: Expr) -> str | None:
    """Years and year ranges: "2022", "in 1918", "2022-2024", "January 2025"."""
    n = _plain_int(expr)
    if n is None or expr.unit != "count" or expr.core.kind != "number":
        return None
    if expr.approx and tokens.low[expr.start] != "circa":
        return None
    if expr.high is not None and not 1000 <= expr.high.value <= 2100:
        return None
    prev = tokens.low_or_blank[expr.start - 1]
    if 1900 <= n <= 2100 and len(str(n)) == 4:
        return "year"
    if 1000 <= n < 1900 and (prev in YEAR_PREPOSITIONS or _month_before(tokens, expr.start)):
        return "year"
    return None


def designation(tokens: Tokens, expr: Expr) -> str | None:
    """Numbers that name things: "Article 407", "Articles 407 and 408", "No. 3902", "407 of
    the Criminal Code", "unit 13140"."""
    if _plain_int(expr) is None or expr.approx or expr.unit != "count":
        return None
    k = expr.start - 1
    while k >= 0 and (
        tokens.low[k] in ("and", "or", ",", "&", "-", "–", "to")
        or (tokens.is_num(k) and "," not in tokens.text[k])
    ):
        k -= 1
    if tokens.low_or_blank[k] == ".":
        k -= 1
    if tokens.low_or_blank[k] in DESIGNATORS:
        return "designation"
    if tokens.low_or_blank[expr.end] == "of":
        for j in range(expr.end + 1, min(expr.end + 6, tokens.size)):
            if tokens.low[j] in CODE_WORDS:
                return "designation"
            if not tokens.is_word(j):
                break
    return None


def page_marker(tokens: Tokens, expr: Expr) -> str | None:
    """ "← 54 →", "$\\leftarrow 25 \\rightarrow$", "/ 5 /" from converted documents."""
    before = {tokens.low_or_blank[k] for k in range(expr.start - 3, expr.start)}
    after = {tokens.low_or_blank[k] for k in range(expr.end, expr.end + 3)}
    if before & LEFT_MARKS and after & RIGHT_MARKS:
        return "page marker"
    if "/" in (
        tokens.low_or_blank[expr.start - 1],
        tokens.low_or_blank[expr.start - 2],
    ) and "/" in (
        tokens.low_or_blank[expr.end],
        tokens.low_or_blank[expr.end + 1],
    ):
        return "page marker"  # "/ 5 /", "/ 2 7 /" in a converted table of contents
    return None


def time_phrase(tokens: Tokens, expr: Expr) -> str | None:
    """Relative dates and periods: "two weeks ago", "the first seven months of 2025"."""
    if not _is_time_unit(expr):
        return None
    if tokens.low_or_blank[expr.end] in RELATIVE_WORDS:
        return "relative date"
    if tokens.low_or_blank[expr.start - 1] in PERIOD_WORDS:
        return "period"
    if (
        tokens.low_or_blank[expr.start - 1] == "in"
        and tokens.low_or_blank[expr.start - 2] != "within"
        and tokens.low[expr.end - 1] in ("months", "weeks", "years", "days")
    ):
        return "period"  # "opened in five months": the window of a count, not a quantity
    if tokens.low[expr.end - 1] in TIME_UNITS and tokens.low_or_blank[expr.end] in PERIOD_NOUNS:
        return "period"  # "the six-month total"
    if tokens.low_or_blank[expr.end] == "of":
        after = expr.end + 1
        if after < tokens.size and (
            tokens.is_num(after) or tokens.low_or_blank[after + 1] in ("year", "war", "invasion")
        ):
            return "period"  # "eight months of 2025", "the first months of the war"
    first = tokens.low[expr.core.start]
    lead = tokens.low_or_blank[expr.start - 1]
    if lead == "just":
        lead = tokens.low_or_blank[expr.start - 2]
    if first in ("a", "an") and expr.approx is None and lead not in _DURATION_LEADS:
        return "rate"
    if expr.core.value == 1 and expr.high is None and lead in _PERIOD_LEADS:
        return "period"
    return None


def share_period(tokens: Tokens, expr: Expr) -> str | None:
    """ "the first half of the year", "a half-year figure": halves of periods."""
    if expr.core.kind != "fraction" or tokens.low[expr.end - 1] != "half":
        return None
    if (
        tokens.low_or_blank[expr.start - 1] in ("first", "second", "last")
        or tokens.low_or_blank[expr.end] == "-"
    ):
        return "period"
    return None


def reference(tokens: Tokens, expr: Expr) -> str | None:
    """Words that do not count: "one of them", "these two articles"."""
    core = expr.core
    if (
        core.words
        and core.kind == "number"
        and not core.vague
        and core.value == 1
        and expr.unit == "count"
        and expr.approx is None
        and expr.high is None
    ):
        return "not a count"
    if tokens.low_or_blank[expr.start - 1] in ANAPHORA and expr.approx is None:
        return "reference"  # "these two articles", "those 40 soldiers": named before
    if (
        tokens.low[core.start] == "zero"
        and expr.unit == "count"
        and not _counted_next(tokens, expr)
    ):
        return "not a count"
    return None


def _counted_next(tokens: Tokens, expr: Expr) -> bool:
    """True when a word that can be counted follows ("zero casualties", not "to zero [")."""
    nxt = expr.end
    return nxt < tokens.size and tokens.is_word(nxt) and tokens.low[nxt] not in FUNCTION_WORDS


def rejection(tokens: Tokens, expr: Expr) -> str | None:
    """Why ``expr`` is not a quantity, or None when it is one: the first rule, in this order,
    that gives a reason (called directly, not from a list: direct calls cost less compiled)."""
    return (
        share_period(tokens, expr)
        or glued_code(tokens, expr)
        or page_marker(tokens, expr)
        or date_or_time(tokens, expr)
        or year(tokens, expr)
        or designation(tokens, expr)
        or time_phrase(tokens, expr)
        or reference(tokens, expr)
    )
