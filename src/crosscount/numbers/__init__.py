"""Find every quantity in English text, and only quantities.

``find_quantities(text)`` returns normalised ``Quantity`` records whose spans index ``text``
exactly. ``scan(text)`` also returns what looked like a number but is not a quantity (a
year, a date, an article number...) with the reason, so nothing is dropped silently.

How it works: one regular expression finds candidate positions (a digit or a number word);
around each, a window of text is tokenised and the grammar (``grammar``, ``expression``)
parses the longest quantity expression; ``context`` rules then decide whether it is a
quantity. Word lists live in ``vocab``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Quantity
from . import vocab as v
from .context import rejection
from .expression import parse_expression
from .grammar import Expr
from .tokens import Token, tokenize

PRODUCED_BY = "numbers.v1"

# How far before a candidate the grammar may start (approximators, "between", currency),
# in tokens; and the window of text tokenised around candidates, in characters. Wider
# windows are reused by more candidates; 5 tokens cover "no more than a", "between".
BACKTRACK_TOKENS = 5
WINDOW_BEFORE = 80
WINDOW_AFTER = 600
MIN_AFTER = 160

_TRIGGER_WORDS = sorted(
    set(v.UNITS)
    | set(v.TENS)
    | {"hundred", "thousand", "million", "billion", "trillion", "dozen", "couple"}
    | set(v.VAGUE)
    | set(v.DENOMINATORS)
    | set(v.MULTIPLIER_WORDS),
    key=len,
    reverse=True,
)
_TIME_WORDS = "day|week|fortnight|month|year|hour|minute|decade"
_TRIGGER = re.compile(
    r"[\d½⅓⅔¼¾⅕⅛]|\b(?:" + "|".join(_TRIGGER_WORDS) + r")\b"
    r"|\b(?:an?|one)\s+(?:" + _TIME_WORDS + r")\b",
    re.IGNORECASE,
)
_URLISH = re.compile(r"://|www\.|@|\.(?:com|org|net|ua|ru|info|io|gov|edu|eu|uk)\b")


@dataclass(frozen=True)
class Rejected:
    """Something that looked like a number but is not a quantity."""

    start: int
    end: int
    surface: str
    reason: str


@dataclass
class Scan:
    quantities: list[Quantity] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


class _Window:
    """Tokens of a stretch of text, reused by the candidates that fall inside it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lo = self.hi = -1
        self.tokens: list[Token] = []
        self.starts: list[int] = []

    def around(self, pos: int) -> tuple[list[Token], int]:
        """The tokens around ``pos`` and the index of the token at ``pos``."""
        if not (self.lo <= pos - WINDOW_BEFORE // 2 and pos + MIN_AFTER <= self.hi):
            self._load(pos)
        k = bisect.bisect_right(self.starts, pos) - 1
        return self.tokens, max(k, 0)

    def _load(self, pos: int) -> None:
        text = self.text
        lo = max(0, pos - WINDOW_BEFORE)
        while lo > 0 and not text[lo - 1].isspace() and pos - lo < 2 * WINDOW_BEFORE:
            lo -= 1
        hi = min(len(text), pos + WINDOW_AFTER)
        while hi < len(text) and not text[hi].isspace() and hi - pos < 2 * WINDOW_AFTER:
            hi += 1
        self.lo = lo if lo == 0 else pos - WINDOW_BEFORE
        self.hi = hi if hi == len(text) else hi - 40
        self.tokens = tokenize(text, lo, hi)
        self.starts = [t.start for t in self.tokens]


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of position."""
    return scan(text).quantities


def scan(text: str) -> Scan:
    """Quantities in ``text`` and the number-like expressions that are not quantities."""
    result = Scan()
    window = _Window(text)
    pos = 0
    for m in _TRIGGER.finditer(text):
        if m.start() < pos or _in_url(text, m.start()):
            continue
        tokens, t = window.around(m.start())
        found = _parse_at(tokens, t, pos)
        if found is None:
            continue
        expr = found
        start, end = tokens[expr.start].start, tokens[expr.end - 1].end
        reason = rejection(tokens, expr)
        if reason is None:
            result.quantities.append(_quantity(text, tokens, expr))
        else:
            result.rejected.append(Rejected(start, end, text[start:end], reason))
        pos = end
    return result


def _parse_at(tokens: list[Token], t: int, pos: int) -> Expr | None:
    """The expression that covers token t, starting as early as the grammar allows."""
    for s in range(max(0, t - BACKTRACK_TOKENS), t + 1):
        if tokens[s].start < pos:
            continue
        expr = parse_expression(tokens, s)
        if expr is not None and expr.start <= t < expr.end:
            return expr
    return None


def _in_url(text: str, pos: int) -> bool:
    lo = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    hi_candidates = [i for i in (text.find(" ", pos), text.find("\n", pos)) if i != -1]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return _URLISH.search(text, lo, hi) is not None


_AGE_LEAD = re.compile(
    r"\b(?:aged|ages?(?:\s+(?:of|from|to|limit\s+(?:of|from|to)))?)\s+$", re.IGNORECASE
)


def _quantity(text: str, tokens: list[Token], expr: Expr) -> Quantity:
    start, end = tokens[expr.start].start, tokens[expr.end - 1].end
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
