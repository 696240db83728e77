"""Find every quantity in English text, and only quantities.

``find_quantities(text)`` returns normalised ``Quantity`` records whose spans index ``text``
exactly. ``scan(text)`` also returns what looked like a number but is not a quantity (a
year, a date, an article number...) with the reason, so nothing is dropped silently.

How it works: the text is tokenised (a stretch at a time); at each candidate token (a number
or a number word) the grammar (``grammar``, ``expression``) parses the longest quantity
expression; ``context`` rules then decide whether it is a quantity. Word lists live in
``vocab``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress

from ..model import Quantity, Rejected
from .context import rejection
from .expression import parse_expression
from .grammar import Expr
from .tokens import NUM, Tokens, positions, tokenize
from .vocab import (
    APPROX_PREFIXES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    DENOMINATORS,
    MULTIPLIER_WORDS,
    TENS,
    UNITS,
    VAGUE,
)

PRODUCED_BY = "numbers.v1"

# How far before a candidate the grammar may start (approximators, "between", currency),
# in tokens: 5 tokens cover "no more than a", "between".
BACKTRACK_TOKENS = 5
# Text is tokenised a stretch at a time, cut at a line break near this many characters, so
# memory stays small on a book-length input (no quantity runs over a line break).
CHUNK_CHARS = 100_000

# Tokens that start a candidate: any number, and these words (a number word, a scale, a vague
# count, a denominator, a multiplier); "a"/"an"/"one" only before a unit of time ("a month").
_TRIGGER_WORDS = frozenset(
    set(UNITS)
    | set(TENS)
    | {"hundred", "thousand", "million", "billion", "trillion", "dozen", "couple"}
    | set(VAGUE)
    | set(DENOMINATORS)
    | set(MULTIPLIER_WORDS)
)
_TIME_WORDS = frozenset("day week fortnight month year hour minute decade".split())
# What an expression that begins before its candidate can begin with (read off the grammar:
# an approximator, a range or sign word, a currency, a vague count, a fraction or a number),
# so the tokens before a candidate that begin nothing are not parsed.
_STARTS = frozenset(
    {p.split(" ")[0] for p in APPROX_PREFIXES}
    | set(UNITS)
    | set(TENS)
    | set(VAGUE)
    | set(MULTIPLIER_WORDS)
    | set(CURRENCY_CODES)
    | set(CURRENCY_SYMBOLS)
    | {"between", "from", "us", "minus", "negative", "a", "an", "one", "half", "quarter"}
    | {"every", "several", "tens", "hundreds", "-", "−", "½", "⅓", "⅔", "¼", "¾", "⅕", "⅛"}
)
_ARTICLES = frozenset(("a", "an", "one"))
_WORDS_LOOKED_AT = _TRIGGER_WORDS | _TIME_WORDS
_URLISH = re.compile(r"://|www\.|@|\.(?:com|org|net|ua|ru|info|io|gov|edu|eu|uk)\b")


@dataclass
class Scan:
    quantities: list[Quantity] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of position."""
    return scan(text).quantities


def scan(text: str) -> Scan:
    """Quantities in ``text`` and the number-like expressions that are not quantities."""
    result = Scan()
    pos = 0
    for lo, hi in _chunks(text):
        tokens = tokenize(text, lo, hi)
        for t in _candidates(text, tokens):
            if tokens.start[t] < pos or _in_url(text, tokens.start[t]):
                continue
            expr = _parse_at(tokens, t, pos)
            if expr is None:
                continue
            start, end = tokens.start[expr.start], tokens.end[expr.end - 1]
            reason = rejection(tokens, expr)
            if reason is None:
                result.quantities.append(_quantity(text, tokens, expr))
            else:
                result.rejected.append(Rejected(start, end, text[start:end], reason))
            pos = end
    return result


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Stretches of ``text`` of about CHUNK_CHARS, cut after a line break."""
    lo = 0
    while lo < len(text):
        hi = len(text) if len(text) - lo <= CHUNK_CHARS else text.find("\n", lo + CHUNK_CHARS)
        hi = len(text) if hi == -1 else hi + 1
        yield lo, hi
        lo = hi


def _candidates(text: str, tokens: Tokens) -> list[int]:
    """Indexes of the tokens a quantity may be found at, in order: numbers, trigger words, and
    "a" or "one" before a unit of time ("a month"). The numbers and the words that may count
    are picked out without a Python loop over the tokens."""
    everywhere = range(tokens.size)
    found = set(positions(tokens.kind, NUM))
    for t in compress(everywhere, map(_WORDS_LOOKED_AT.__contains__, tokens.low)):
        low = tokens.low[t]
        if low in _TRIGGER_WORDS:
            found.add(t)
        if (
            low in _TIME_WORDS
            and t > 0
            and tokens.low[t - 1] in _ARTICLES
            and text[tokens.end[t - 1] : tokens.start[t]].isspace()
        ):
            found.add(t - 1)
    return sorted(found)


def _parse_at(tokens: Tokens, t: int, pos: int) -> Expr | None:
    """The expression that covers token t, starting as early as the grammar allows."""
    for s in range(max(0, t - BACKTRACK_TOKENS), t + 1):
        if tokens.start[s] < pos or s < t and not _may_start(tokens, s):
            continue
        expr = parse_expression(tokens, s)
        if expr is not None and expr.start <= t < expr.end:
            return expr
    return None


def _may_start(tokens: Tokens, i: int) -> bool:
    return tokens.kind[i] == NUM or tokens.low[i] in _STARTS


def _in_url(text: str, pos: int) -> bool:
    """True when the word around ``pos`` (between spaces or line breaks) looks like a web
    address or an e-mail address. A line break is looked for only between ``pos`` and the
    nearest space, not across the paragraph."""
    lo = text.rfind(" ", 0, pos) + 1
    lo = text.rfind("\n", lo, pos) + 1 or lo
    hi = text.find(" ", pos)
    hi = len(text) if hi == -1 else hi
    newline = text.find("\n", pos, hi)
    hi = hi if newline == -1 else newline
    return _URLISH.search(text, lo, hi) is not None


_AGE_LEAD = re.compile(
    r"\b(?:aged|ages?(?:\s+(?:of|from|to|limit\s+(?:of|from|to)))?)\s+$", re.IGNORECASE
)


def _quantity(text: str, tokens: Tokens, expr: Expr) -> Quantity:
    start, end = tokens.start[expr.start], tokens.end[expr.end - 1]
    unit = expr.unit
    if unit == "count" and _AGE_LEAD.search(text, max(0, start - 16), start):
        unit = "year"  # "aged 45", "the mobilisation age from 27 to 25"
    approx = expr.approx or expr.core.approx or "="
    high = expr.value_high
    return Quantity(
        start=start,
        end=end,
        surface=text[start:end],
        value=_clean(expr.value),
        value_high=None if high is None else _clean(high),
        approx=approx,
        unit=unit,
        vague=expr.core.vague,
    )


def _clean(value: float) -> float:
    """Round away float noise (0.1 * 3 == 0.30000000000000004)."""
    return round(value, 6)
