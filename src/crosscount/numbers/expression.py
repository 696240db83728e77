"""Assemble a whole quantity expression around a core: approximators, ranges, units."""

from __future__ import annotations

from .grammar import Core, Expr, _match_phrase, parse_core
from .tokens import Tokens
from .vocab import (
    APPROX_PREFIXES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    GLUED_UNITS,
    MEASURE_UNITS,
    PERCENT_WORDS,
    SILENT_PREFIXES,
    TIME_UNITS,
    TRAILING_APPROX,
)

_RANGE_DASHES = {"-", "–", "—", "‑"}
DURATION_UNITS = set(TIME_UNITS.values())
# Verbs before "from X to Y" that make it a change over time, not a range.
_CHANGE_WORDS = {
    "rose",
    "risen",
    "rise",
    "rising",
    "rises",
    "increased",
    "increase",
    "increases",
    "increasing",
    "grew",
    "grown",
    "grow",
    "growing",
    "fell",
    "fallen",
    "fall",
    "falling",
    "dropped",
    "drop",
    "declined",
    "decline",
    "decreased",
    "decrease",
    "jumped",
    "jump",
    "climbed",
    "climb",
    "surged",
    "soared",
    "plunged",
    "up",
    "down",
    "doubled",
    "tripled",
    "went",
    "shrank",
    "expanded",
    "raised",
    "cut",
    "reduced",
    "lowered",
    "changed",
    "moved",
}


def parse_expression(tokens: Tokens, i: int) -> Expr | None:
    """The longest quantity expression starting at token i, or None."""
    approx, start, j = None, i, i
    match = _match_phrase(tokens, i, APPROX_PREFIXES)
    if match is not None:
        phrase, j = match
        approx = APPROX_PREFIXES[phrase]
        if phrase in SILENT_PREFIXES:
            approx, start = None, j
    range_word = tokens.low_or_blank[j] if tokens.low_or_blank[j] in ("between", "from") else None
    if range_word:
        j += 1
    number_start = j
    currency, j = _currency_prefix(tokens, j)
    core = parse_core(tokens, j, qualified=approx is not None, currency=currency is not None)
    if core is None:
        return None
    expr = Expr(start=start, end=core.end, core=core, approx=approx)
    high = _range_high(tokens, core, range_word, currency is not None, number_start)
    if high is not None:
        expr.high, expr.end = high, high.end
        _share_scale(core, high)
    elif range_word:
        if approx is not None:
            return None
        expr.start = number_start  # "from 40 people": "from" is no part of the quantity
    if currency is not None:
        expr.unit, expr.currency = currency, True
    _units_and_trailing(tokens, expr)
    if match is not None and match[0] == "over" and expr.unit in DURATION_UNITS:
        expr.approx, expr.start = None, j  # "over five years" is a span, not "more than"
    return expr


def _currency_prefix(tokens: Tokens, j: int) -> tuple[str | None, int]:
    if j + 1 >= tokens.size:
        return None, j
    text, low = tokens.text[j], tokens.low[j]
    number_next = tokens.is_num(j + 1)
    if low == "us" and tokens.low[j + 1] == "$" and j + 2 < tokens.size:
        return "USD", j + 2
    if text in CURRENCY_SYMBOLS and (
        number_next and tokens.glued(j, j + 1) or tokens.low[j + 1] == "€"
    ):
        return CURRENCY_SYMBOLS[text], j + 1
    if text in CURRENCY_SYMBOLS and number_next and tokens.start[j + 1] - tokens.end[j] == 1:
        return CURRENCY_SYMBOLS[text], j + 1
    if tokens.is_word(j) and text.isupper() and low in CURRENCY_CODES and number_next:
        return CURRENCY_CODES[low], j + 1
    return None, j


def _range_high(
    tokens: Tokens, core: Core, range_word: str | None, currency: bool, first: int
) -> Core | None:
    """The high end of a range after ``core``, if the tokens continue into one."""
    if core.kind != "number":
        return None
    j = core.end
    low_unit = _unit_word(tokens, j)
    if low_unit:  # "from 10% to 20%", "between 44 mg and 50 mg": the unit after both ends
        j += 1
    joiner = tokens.low_or_blank[j]
    if range_word == "between" and joiner != "and":
        return None
    if range_word == "from" and (joiner not in ("to", "through") and joiner not in _RANGE_DASHES):
        return None
    if range_word == "from" and first > 0 and tokens.low[first - 1] in _CHANGE_WORDS:
        return None
    if range_word is None:
        if joiner in _RANGE_DASHES:
            spaced = not tokens.glued(j - 1, j)
            if j + 1 >= tokens.size or spaced != (not tokens.glued(j, j + 1)):
                return None
        elif joiner == "or":
            if tokens.low_or_blank[j + 1] in ("more", "so", "less", "fewer", "above"):
                return None
        elif joiner != "to":
            return None
    k = j + 1
    if currency and k < tokens.size and tokens.text[k] in CURRENCY_SYMBOLS:
        k += 1
    if k >= tokens.size:
        return None
    high = parse_core(tokens, k, qualified=False, currency=currency)
    if high is None or high.kind != "number" or high.vague or core.vague:
        return None
    if joiner == "or" and not (core.words and high.words) and max(core.value, high.value) >= 1000:
        return None
    if low_unit and tokens.low_or_blank[high.end] != low_unit:
        return None
    low_value = core.value * high.scale if high.scale > 1 and core.scale == 1 else core.value
    if not low_value < high.value:
        return None
    return high


def _unit_word(tokens: Tokens, j: int) -> str | None:
    """The unit word at j, when there is one ("%", "km", "days", "euros")."""
    w = tokens.low_or_blank[j]
    units = (MEASURE_UNITS, TIME_UNITS, CURRENCY_WORDS, PERCENT_WORDS)
    return w if any(w in table for table in units) else None


def _share_scale(core: Core, high: Core) -> None:
    """ "between 3 and 5 thousand": the scale of the high end applies to the low end."""
    if high.scale > 1 and core.scale == 1 and core.value * high.scale <= high.value:
        core.value *= high.scale
        core.scale = high.scale


def _units_and_trailing(tokens: Tokens, expr: Expr) -> None:
    """Units, percent and trailing approximators after the last number."""
    core = expr.high or expr.core
    j = expr.end
    if core.kind == "multiplier":
        expr.unit = "multiplier"
    elif core.kind == "fraction":
        expr.unit = "fraction"
    if j < tokens.size and tokens.text[j] == "+" and tokens.glued(j - 1, j):
        expr.approx = expr.approx or ">="
        j += 1
    if core.kind == "number" and not expr.currency:
        j = _unit_suffix(tokens, j, expr)
        j = _compound_duration(tokens, j, expr)
    expr.end = _trailing(tokens, j, expr)


def _compound_duration(tokens: Tokens, j: int, expr: Expr) -> int:
    """ "five years and six months": one duration, in the larger unit (5.5 years)."""
    if expr.unit != "year" or expr.high is not None or tokens.low_or_blank[j] != "and":
        return j
    months = parse_core(tokens, j + 1, qualified=False, currency=False)
    if (
        months is None
        or months.kind != "number"
        or tokens.low_or_blank[months.end]
        not in (
            "month",
            "months",
        )
    ):
        return j
    expr.core.value += months.value / 12
    return months.end + 1


def _unit_suffix(tokens: Tokens, j: int, expr: Expr) -> int:
    if j >= tokens.size:
        return j
    text, w, nxt = tokens.text[j], tokens.low[j], tokens.low_or_blank[j + 1]
    if w == "%" or (w in ("percent", "pct") and tokens.is_word(j)):
        expr.unit = "percent"
        return j + 1
    if w == "per" and nxt == "cent":
        expr.unit = "percent"
        return j + 2
    if w == "percentage" and nxt in ("point", "points"):
        expr.unit = "pp"
        return j + 2
    if w == "us" and nxt in ("dollars", "dollar"):
        expr.unit, expr.currency = "USD", True
        return j + 2
    code = CURRENCY_WORDS.get(w) or (CURRENCY_CODES.get(w) if text.isupper() else None)
    if code is not None and tokens.is_word(j):
        expr.unit, expr.currency = code, True
        return j + 1
    if (
        text in CURRENCY_SYMBOLS
        and tokens.start[j] - tokens.end[j - 1] <= 1
        and not (
            j + 1 < tokens.size
            and (tokens.is_num(j + 1) or tokens.text[j + 1] == "\\")
            and tokens.glued(j, j + 1)
        )
    ):
        expr.unit, expr.currency = CURRENCY_SYMBOLS[text], True
        return j + 1
    if w in ("pounds", "pound") and nxt == "sterling":
        expr.unit, expr.currency = "GBP", True
        return j + 2
    return _measure_suffix(tokens, j, expr)


def _measure_suffix(tokens: Tokens, j: int, expr: Expr) -> int:
    w = tokens.low[j]
    if w in TIME_UNITS and tokens.is_word(j):
        expr.unit = TIME_UNITS[w]
        if w in ("years", "year") and tokens.low_or_blank[j + 1] == "old":
            expr.age = True
        return j + 1
    if w in MEASURE_UNITS and tokens.is_word(j):
        expr.unit, expr.factor = MEASURE_UNITS[w]
        return j + 1
    if w in GLUED_UNITS and tokens.glued(j - 1, j):
        expr.unit, expr.factor = GLUED_UNITS[w]
        return j + 1
    if (
        tokens.text[j] in "-‑"
        and tokens.glued(j - 1, j)
        and j + 1 < tokens.size
        and tokens.glued(j, j + 1)
    ):
        return _hyphen_unit(tokens, j, expr)
    if w == "of" and expr.core.vague and tokens.low_or_blank[j + 1] in TIME_UNITS:
        expr.unit = TIME_UNITS[tokens.low_or_blank[j + 1]]
        return j + 2
    if w == "of" and expr.core.vague and tokens.low_or_blank[j + 1] in MEASURE_UNITS:
        expr.unit, expr.factor = MEASURE_UNITS[tokens.low_or_blank[j + 1]]
        return j + 2
    return j


def _hyphen_unit(tokens: Tokens, j: int, expr: Expr) -> int:
    """ "33-year-old", "30-day", "155-mm": a unit joined by a hyphen."""
    w = tokens.low[j + 1]
    if w in TIME_UNITS:
        expr.unit = TIME_UNITS[w]
        end = j + 2
        if tokens.low_or_blank[end] == "-" and tokens.low_or_blank[end + 1] == "old":
            expr.age = True
            return end + 2
        return end
    if w in MEASURE_UNITS:
        expr.unit, expr.factor = MEASURE_UNITS[w]
        return j + 2
    return j


def _trailing(tokens: Tokens, j: int, expr: Expr) -> int:
    """ "or more", "or so", "-plus", "-odd" after the expression."""
    pair = (tokens.low_or_blank[j], tokens.low_or_blank[j + 1])
    if pair in TRAILING_APPROX:
        expr.approx = expr.approx or TRAILING_APPROX[pair]
        return j + 2
    if (
        pair[0] in ("-",)
        and (pair[1],) in TRAILING_APPROX
        and j + 1 < tokens.size
        and tokens.glued(j - 1, j)
    ):
        expr.approx = expr.approx or TRAILING_APPROX[(pair[1],)]
        return j + 2
    if pair[0] == "plus" and tokens.low_or_blank[j + 1] not in ("",) and not tokens.is_num(j + 1):
        expr.approx = expr.approx or ">="
        return j + 1
    return j
