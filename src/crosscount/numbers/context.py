"""Decide whether a parsed expression is a quantity, from the tokens around it.

Each rule returns the reason an expression is *not* a quantity ("year", "date",
"designation", ...) or None. Rejected expressions are reported with their reason, never
silently dropped.
"""

from __future__ import annotations

from . import vocab as v
from .grammar import Expr
from .tokens import Token, glued

_ORDINAL_SUFFIXES = {"th", "st", "nd", "rd"}
_ROMAN = set("ivxlcdm")
# Words before "a month", "an hour" that make it a duration ("for a month").
_DURATION_LEADS = {"for", "within", "lasting", "spent", "than", "over", "in", "after", "during"}
_AT_MOST_DAY = 31
# "in one day", "per month", "each year": one unit of time read as a period or a rate.
_PERIOD_LEADS = {"in", "per", "a", "every", "each"}


def _at(tokens: list[Token], k: int) -> Token | None:
    return tokens[k] if 0 <= k < len(tokens) else None


def _low(tokens: list[Token], k: int) -> str:
    tok = _at(tokens, k)
    return tok.low if tok is not None else ""


def _is_time_unit(expr: Expr) -> bool:
    return expr.unit in ("second", "minute", "hour", "day", "week", "month", "year", "decade")


def _plain_int(expr: Expr) -> int | None:
    """The core's integer when written as plain digits with no separator or scale."""
    digits = expr.core.plain_digits
    if digits is None or "." in digits:
        return None
    return int(digits)


def glued_code(tokens: list[Token], expr: Expr) -> str | None:
    """Numbers inside codes and names: A1363, 2S3, AK-74, 4087-IX, 155th, 1990s, 12/03."""
    first, last = tokens[expr.start], tokens[expr.end - 1]
    prev, prev2 = _at(tokens, expr.start - 1), _at(tokens, expr.start - 2)
    nxt, nxt2 = _at(tokens, expr.end), _at(tokens, expr.end + 1)
    if prev is not None and glued(prev, first) and first.is_num:
        if prev.is_word or prev.text == "#":
            return "code"
        if (
            prev.text in "-‑/:."
            and prev2 is not None
            and glued(prev2, prev)
            and (prev2.is_word or prev2.is_num)
        ):
            return "year" if prev2.low == "mid" else "code"
    if (
        nxt is not None
        and nxt.text in "-‑"
        and glued(last, nxt)
        and nxt2 is not None
        and glued(nxt, nxt2)
        and nxt2.low in v.ORDINAL_WORDS
    ):
        return "ordinal"  # "twenty-first century", "the twenty-fifth anniversary"
    if (
        first.is_num
        and len(first.text) > 1
        and first.text[0] == "0"
        and first.text[1] not in ".½⅓⅔¼¾⅕⅛"
    ):
        return "code"  # "07", "0451", "0 800 501": numbered labels and phone numbers
    if prev is not None and prev.text == "+" and glued(prev, first):
        return "code"  # "+44 20": a phone number
    if _number_run(tokens, expr) >= 3:
        return "code"  # "20 7946 0958": digits in a row are a phone or an identifier
    if (
        nxt is not None
        and nxt.text in "-‑"
        and glued(last, nxt)
        and _low(tokens, expr.end + 1) in v.IDIOM_COMPOUNDS
    ):
        return "idiom"
    if nxt is not None and glued(last, nxt) and last.is_num:
        if nxt.is_word:
            if nxt.low in _ORDINAL_SUFFIXES:
                return "ordinal"
            return "decade" if nxt.low == "s" and len(last.text) in (2, 4) else "code"
        if nxt.is_num:
            return "code"
        if (
            nxt.text in "-‑/:."
            and nxt2 is not None
            and glued(nxt, nxt2)
            and (nxt2.is_num or nxt2.text.isupper() or set(nxt2.low) <= _ROMAN)
        ):
            return "code"
        if nxt.text in "'’" and _low(tokens, expr.end + 1) == "s":
            return "decade"
    return None


def _number_run(tokens: list[Token], expr: Expr) -> int:
    """How many number tokens stand in a row, separated by single spaces, around expr."""
    run, k = 1, expr.start
    while k > 0 and tokens[k - 1].is_num and tokens[k].start - tokens[k - 1].end == 1:
        run, k = run + 1, k - 1
    k = expr.end - 1
    while k + 1 < len(tokens) and tokens[k + 1].is_num and tokens[k + 1].start - tokens[k].end == 1:
        run, k = run + 1, k + 1
    return run


def date_or_time(tokens: list[Token], expr: Expr) -> str | None:
    """Days of months ("August 6", "6 August") and times of day ("8 pm")."""
    if expr.unit != "count" or expr.core.kind != "number":
        return None
    nxt = _at(tokens, expr.end)
    if nxt is not None and nxt.low in v.TIME_OF_DAY:
        return "time"
    if (
        nxt is not None
        and nxt.low in ("a", "p")
        and _low(tokens, expr.end + 1) == "."
        and _low(tokens, expr.end + 2) == "m"
    ):
        return "time"
    day = _plain_int(expr)
    if day is None or not 1 <= day <= _AT_MOST_DAY:
        return None
    if expr.high is not None and not expr.high.value <= _AT_MOST_DAY:
        return None
    if _month_before(tokens, expr.start) or _is_month(_at(tokens, expr.end)):
        return "date"
    if _low(tokens, expr.end) == "of" and _is_month(_at(tokens, expr.end + 1)):
        return "date"
    return None


def _is_month(tok: Token | None) -> bool:
    if tok is None or not tok.is_word or not tok.text[0].isupper():
        return False
    return tok.low in v.MONTHS or tok.low in v.MONTH_ABBREVIATIONS


def _month_before(tokens: list[Token], k: int) -> bool:
    prev = _at(tokens, k - 1)
    if prev is not None and prev.text == ".":
        prev = _at(tokens, k - 2)
    return _is_month(prev)


def year(tokens: list[Token], expr: Expr) -> str | None:
    """Years and year ranges: "2022", "in 1918", "2022-2024", "January 2025"."""
    n = _plain_int(expr)
    if n is None or expr.unit != "count" or expr.core.kind != "number":
        return None
    if expr.approx and tokens[expr.start].low != "circa":
        return None
    if expr.high is not None and not 1000 <= expr.high.value <= 2100:
        return None
    prev = _low(tokens, expr.start - 1)
    if 1900 <= n <= 2100 and len(str(n)) == 4:
        return "year"
    if 1000 <= n < 1900 and (prev in v.YEAR_PREPOSITIONS or _month_before(tokens, expr.start)):
        return "year"
    return None


def designation(tokens: list[Token], expr: Expr) -> str | None:
    """Numbers that name things: "Article 407", "Articles 407 and 408", "No. 3902", "407 of
    the Criminal Code", "unit 13140"."""
    if _plain_int(expr) is None or expr.approx or expr.unit != "count":
        return None
    k = expr.start - 1
    while k >= 0 and (
        tokens[k].low in ("and", "or", ",", "&", "-", "–", "to")
        or (tokens[k].is_num and "," not in tokens[k].text)
    ):
        k -= 1
    if _low(tokens, k) == ".":
        k -= 1
    if _low(tokens, k) in v.DESIGNATORS:
        return "designation"
    if _low(tokens, expr.end) == "of":
        for j in range(expr.end + 1, min(expr.end + 6, len(tokens))):
            if tokens[j].low in v.CODE_WORDS:
                return "designation"
            if not tokens[j].is_word:
                break
    return None


def page_marker(tokens: list[Token], expr: Expr) -> str | None:
    """ "← 54 →", "$\\leftarrow 25 \\rightarrow$", "/ 5 /" from converted documents."""
    before = {_low(tokens, k) for k in range(expr.start - 3, expr.start)}
    after = {_low(tokens, k) for k in range(expr.end, expr.end + 3)}
    if before & v.LEFT_MARKS and after & v.RIGHT_MARKS:
        return "page marker"
    if "/" in (_low(tokens, expr.start - 1), _low(tokens, expr.start - 2)) and "/" in (
        _low(tokens, expr.end),
        _low(tokens, expr.end + 1),
    ):
        return "page marker"  # "/ 5 /", "/ 2 7 /" in a converted table of contents
    return None


def time_phrase(tokens: list[Token], expr: Expr) -> str | None:
    """Relative dates and periods: "two weeks ago", "the first seven months of 2025"."""
    if not _is_time_unit(expr):
        return None
    if _low(tokens, expr.end) in v.RELATIVE_WORDS:
        return "relative date"
    if _low(tokens, expr.start - 1) in v.PERIOD_WORDS:
        return "period"
    if (
        _low(tokens, expr.start - 1) == "in"
        and _low(tokens, expr.start - 2) != "within"
        and tokens[expr.end - 1].low in ("months", "weeks", "years", "days")
    ):
        return "period"  # "opened in five months": the window of a count, not a quantity
    if tokens[expr.end - 1].low in v.TIME_UNITS and _low(tokens, expr.end) in v.PERIOD_NOUNS:
        return "period"  # "the six-month total"
    if _low(tokens, expr.end) == "of":
        after = _at(tokens, expr.end + 1)
        if after is not None and (
            after.is_num or _low(tokens, expr.end + 2) in ("year", "war", "invasion")
        ):
            return "period"  # "eight months of 2025", "the first months of the war"
    first = tokens[expr.core.start]
    lead = _low(tokens, expr.start - 1)
    if lead == "just":
        lead = _low(tokens, expr.start - 2)
    if first.low in ("a", "an") and expr.approx is None and lead not in _DURATION_LEADS:
        return "rate"
    if expr.core.value == 1 and expr.high is None and lead in _PERIOD_LEADS:
        return "period"
    return None


def share_period(tokens: list[Token], expr: Expr) -> str | None:
    """ "the first half of the year", "a half-year figure": halves of periods."""
    if expr.core.kind != "fraction" or tokens[expr.end - 1].low != "half":
        return None
    if _low(tokens, expr.start - 1) in ("first", "second", "last") or _low(tokens, expr.end) == "-":
        return "period"
    return None


def reference(tokens: list[Token], expr: Expr) -> str | None:
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
    if _low(tokens, expr.start - 1) in v.ANAPHORA and expr.approx is None:
        return "reference"  # "these two articles", "those 40 soldiers": named before
    if (
        tokens[core.start].low == "zero"
        and expr.unit == "count"
        and not _counted_next(tokens, expr)
    ):
        return "not a count"
    return None


def _counted_next(tokens: list[Token], expr: Expr) -> bool:
    """True when a word that can be counted follows ("zero casualties", not "to zero [")."""
    nxt = _at(tokens, expr.end)
    return nxt is not None and nxt.is_word and nxt.low not in v.FUNCTION_WORDS


RULES = (
    share_period,
    glued_code,
    page_marker,
    date_or_time,
    year,
    designation,
    time_phrase,
    reference,
)


def rejection(tokens: list[Token], expr: Expr) -> str | None:
    """Why ``expr`` is not a quantity, or None when it is one."""
    for rule in RULES:
        reason = rule(tokens, expr)
        if reason is not None:
            return reason
    return None
