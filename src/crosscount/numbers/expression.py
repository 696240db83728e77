"""Assemble a whole quantity expression around a core: approximators, ranges, units."""

from __future__ import annotations

from . import vocab as v
from .grammar import Core, Expr, _low, _match_phrase, parse_core
from .tokens import Token, glued

_RANGE_DASHES = {"-", "–", "—", "‑"}
DURATION_UNITS = set(v.TIME_UNITS.values())
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


def parse_expression(tokens: list[Token], i: int) -> Expr | None:
    """The longest quantity expression starting at token i, or None."""
    approx, start, j = None, i, i
    match = _match_phrase(tokens, i, v.APPROX_PREFIXES)
    if match is not None:
        phrase, j = match
        approx = v.APPROX_PREFIXES[phrase]
        if phrase in v.SILENT_PREFIXES:
            approx, start = None, j
    range_word = _low(tokens, j) if _low(tokens, j) in ("between", "from") else None
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


def _currency_prefix(tokens: list[Token], j: int) -> tuple[str | None, int]:
    if j >= len(tokens):
        return None, j
    tok = tokens[j]
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    if nxt is None:
        return None, j
    if tok.low == "us" and _low(tokens, j + 1) == "$" and j + 2 < len(tokens):
        return "USD", j + 2
    if tok.text in v.CURRENCY_SYMBOLS and (nxt.is_num and glued(tok, nxt) or nxt.low == "€"):
        return v.CURRENCY_SYMBOLS[tok.text], j + 1
    if tok.text in v.CURRENCY_SYMBOLS and nxt.is_num and nxt.start - tok.end == 1:
        return v.CURRENCY_SYMBOLS[tok.text], j + 1
    if tok.is_word and tok.text.isupper() and tok.low in v.CURRENCY_CODES and nxt.is_num:
        return v.CURRENCY_CODES[tok.low], j + 1
    return None, j


def _range_high(
    tokens: list[Token], core: Core, range_word: str | None, currency: bool, first: int
) -> Core | None:
    """The high end of a range after ``core``, if the tokens continue into one."""
    if core.kind != "number":
        return None
    j = core.end
    low_unit = _unit_word(tokens, j)
    if low_unit:  # "from 10% to 20%", "between 44 mg and 50 mg": the unit after both ends
        j += 1
    joiner = _low(tokens, j)
    if range_word == "between" and joiner != "and":
        return None
    if range_word == "from" and (joiner not in ("to", "through") and joiner not in _RANGE_DASHES):
        return None
    if range_word == "from" and first > 0 and tokens[first - 1].low in _CHANGE_WORDS:
        return None
    if range_word is None:
        if joiner in _RANGE_DASHES:
            spaced = not glued(tokens[j - 1], tokens[j])
            if j + 1 >= len(tokens) or spaced != (not glued(tokens[j], tokens[j + 1])):
                return None
        elif joiner == "or":
            if _low(tokens, j + 1) in ("more", "so", "less", "fewer", "above"):
                return None
        elif joiner != "to":
            return None
    k = j + 1
    if currency and k < len(tokens) and tokens[k].text in v.CURRENCY_SYMBOLS:
        k += 1
    if k >= len(tokens):
        return None
    high = parse_core(tokens, k, qualified=False, currency=currency)
    if high is None or high.kind != "number" or high.vague or core.vague:
        return None
    if joiner == "or" and not (core.words and high.words) and max(core.value, high.value) >= 1000:
        return None
    if low_unit and _low(tokens, high.end) != low_unit:
        return None
    low_value = core.value * high.scale if high.scale > 1 and core.scale == 1 else core.value
    if not low_value < high.value:
        return None
    return high


def _unit_word(tokens: list[Token], j: int) -> str | None:
    """The unit word at j, when there is one ("%", "km", "days", "euros")."""
    w = _low(tokens, j)
    units = (v.MEASURE_UNITS, v.TIME_UNITS, v.CURRENCY_WORDS, v.PERCENT_WORDS)
    return w if any(w in table for table in units) else None


def _share_scale(core: Core, high: Core) -> None:
    """ "between 3 and 5 thousand": the scale of the high end applies to the low end."""
    if high.scale > 1 and core.scale == 1 and core.value * high.scale <= high.value:
        core.value *= high.scale
        core.scale = high.scale


def _units_and_trailing(tokens: list[Token], expr: Expr) -> None:
    """Units, percent and trailing approximators after the last number."""
    core = expr.high or expr.core
    j = expr.end
    if core.kind == "multiplier":
        expr.unit = "multiplier"
    elif core.kind == "fraction":
        expr.unit = "fraction"
    if j < len(tokens) and tokens[j].text == "+" and glued(tokens[j - 1], tokens[j]):
        expr.approx = expr.approx or ">="
        j += 1
    if core.kind == "number" and not expr.currency:
        j = _unit_suffix(tokens, j, expr)
        j = _compound_duration(tokens, j, expr)
    expr.end = _trailing(tokens, j, expr)


def _compound_duration(tokens: list[Token], j: int, expr: Expr) -> int:
    """ "five years and six months": one duration, in the larger unit (5.5 years)."""
    if expr.unit != "year" or expr.high is not None or _low(tokens, j) != "and":
        return j
    months = parse_core(tokens, j + 1, qualified=False, currency=False)
    if (
        months is None
        or months.kind != "number"
        or _low(tokens, months.end)
        not in (
            "month",
            "months",
        )
    ):
        return j
    expr.core.value += months.value / 12
    return months.end + 1


def _unit_suffix(tokens: list[Token], j: int, expr: Expr) -> int:
    if j >= len(tokens):
        return j
    tok, w, nxt = tokens[j], tokens[j].low, _low(tokens, j + 1)
    if w == "%" or (w in ("percent", "pct") and tok.is_word):
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
    code = v.CURRENCY_WORDS.get(w) or (v.CURRENCY_CODES.get(w) if tok.text.isupper() else None)
    if code is not None and tok.is_word:
        expr.unit, expr.currency = code, True
        return j + 1
    if (
        tok.text in v.CURRENCY_SYMBOLS
        and tok.start - tokens[j - 1].end <= 1
        and not (
            j + 1 < len(tokens)
            and (tokens[j + 1].is_num or tokens[j + 1].text == "\\")
            and glued(tok, tokens[j + 1])
        )
    ):
        expr.unit, expr.currency = v.CURRENCY_SYMBOLS[tok.text], True
        return j + 1
    if w in ("pounds", "pound") and nxt == "sterling":
        expr.unit, expr.currency = "GBP", True
        return j + 2
    return _measure_suffix(tokens, j, expr)


def _measure_suffix(tokens: list[Token], j: int, expr: Expr) -> int:
    tok, w = tokens[j], tokens[j].low
    if w in v.TIME_UNITS and tok.is_word:
        expr.unit = v.TIME_UNITS[w]
        if w in ("years", "year") and _low(tokens, j + 1) == "old":
            expr.age = True
        return j + 1
    if w in v.MEASURE_UNITS and tok.is_word:
        expr.unit, expr.factor = v.MEASURE_UNITS[w]
        return j + 1
    if w in v.GLUED_UNITS and glued(tokens[j - 1], tok):
        expr.unit, expr.factor = v.GLUED_UNITS[w]
        return j + 1
    if (
        tok.text in "-‑"
        and glued(tokens[j - 1], tok)
        and j + 1 < len(tokens)
        and glued(tok, tokens[j + 1])
    ):
        return _hyphen_unit(tokens, j, expr)
    if w == "of" and expr.core.vague and _low(tokens, j + 1) in v.TIME_UNITS:
        expr.unit = v.TIME_UNITS[_low(tokens, j + 1)]
        return j + 2
    if w == "of" and expr.core.vague and _low(tokens, j + 1) in v.MEASURE_UNITS:
        expr.unit, expr.factor = v.MEASURE_UNITS[_low(tokens, j + 1)]
        return j + 2
    return j


def _hyphen_unit(tokens: list[Token], j: int, expr: Expr) -> int:
    """ "33-year-old", "30-day", "155-mm": a unit joined by a hyphen."""
    w = tokens[j + 1].low
    if w in v.TIME_UNITS:
        expr.unit = v.TIME_UNITS[w]
        end = j + 2
        if _low(tokens, end) == "-" and _low(tokens, end + 1) == "old":
            expr.age = True
            return end + 2
        return end
    if w in v.MEASURE_UNITS:
        expr.unit, expr.factor = v.MEASURE_UNITS[w]
        return j + 2
    return j


def _trailing(tokens: list[Token], j: int, expr: Expr) -> int:
    """ "or more", "or so", "-plus", "-odd" after the expression."""
    pair = (_low(tokens, j), _low(tokens, j + 1))
    if pair in v.TRAILING_APPROX:
        expr.approx = expr.approx or v.TRAILING_APPROX[pair]
        return j + 2
    if (
        pair[0] in ("-",)
        and (pair[1],) in v.TRAILING_APPROX
        and j + 1 < len(tokens)
        and glued(tokens[j - 1], tokens[j])
    ):
        expr.approx = expr.approx or v.TRAILING_APPROX[(pair[1],)]
        return j + 2
    if pair[0] == "plus" and _low(tokens, j + 1) not in ("",) and not tokens[j + 1].is_num:
        expr.approx = expr.approx or ">="
        return j + 1
    return j
