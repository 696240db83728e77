"""The grammar of quantity expressions, over tokens.

An expression is::

    [approximator] [between|from] [currency] CORE [(and|to|-|or) CORE] [+] [unit] [or more ...]

where CORE is a number in digits or words with an optional scale word, a fraction, a
multiplier, or a vague quantity. ``parse_expression`` returns an ``Expr`` holding token
indices; whether the expression is a quantity at all (not a date, a year, an article number)
is decided afterwards by ``context.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tokens import Tokens, has_separator, number_value
from .vocab import (
    COMPARATIVES,
    CURRENCY_ONLY_SCALES,
    DENOMINATORS,
    EVERY_ORDINALS,
    HUNDRED,
    METRE_FOLLOWERS,
    MULTIPLIER_WORDS,
    SCALES,
    SHARE_VERBS,
    SLASH_DENOMINATORS,
    TENS,
    TIME_UNITS,
    UNITS,
    VAGUE,
    VAGUE_OF,
)


@dataclass
class Core:
    value: float
    start: int  # token index of the first token
    end: int  # token index after the last token
    kind: str = "number"  # number | fraction | multiplier | times
    scale: float = 1.0  # scale word applied, if any
    vague: bool = False
    approx: str | None = None  # set by vague words ("dozens" -> ">=")
    words: bool = False  # written out in words
    plain_digits: str | None = None  # the digit token, for year and designation checks


@dataclass
class Expr:
    start: int  # token index where the surface starts
    end: int  # token index after the surface
    core: Core
    high: Core | None = None
    approx: str | None = None
    unit: str = "count"
    factor: float = 1.0
    currency: bool = False
    age: bool = False

    @property
    def value(self) -> float:
        return self.core.value * self.factor

    @property
    def value_high(self) -> float | None:
        return None if self.high is None else self.high.value * self.factor


# Phrases are looked up up to this many words long.
MAX_PHRASE_WORDS = 5
# The first words of each phrase list, so most tokens are turned away with one set lookup.
_FIRST_WORDS: dict[int, frozenset[str]] = {}


def _match_phrase(tokens: Tokens, i: int, phrases: dict[str, str]) -> tuple[str, int] | None:
    """Longest phrase of ``phrases`` starting at token i: (phrase, index after it)."""
    first = _FIRST_WORDS.get(id(phrases))
    if first is None:
        first = _FIRST_WORDS[id(phrases)] = frozenset(p.split(" ")[0] for p in phrases)
    if tokens.low_or_blank[i] not in first:
        return None
    best = None
    for n in range(MAX_PHRASE_WORDS, 0, -1):
        words = [tokens.low_or_blank[k] for k in range(i, i + n)]
        phrase = " ".join(words)
        if phrase in phrases and all(tokens.is_word(k) for k in range(i, min(i + n, tokens.size))):
            best = (phrase, i + n)
            break
    return best


def _word_number(tokens: Tokens, i: int) -> tuple[float, int] | None:
    """Parse a written-out integer at i ("Nine-thousand-forty-eight", "three hundred and two")."""
    total, current, j, last = 0.0, 0.0, i, ""
    end = i
    while j < tokens.size:
        w = tokens.low[j]
        if w in UNITS and last in ("", "ten", "hundred", "scale", "and"):
            if last == "ten" and UNITS[w] >= 10:
                break
            current += UNITS[w]
            last = "unit"
        elif w in TENS and last in ("", "hundred", "scale", "and"):
            current += TENS[w]
            last = "ten"
        elif w in HUNDRED and last in ("unit", "ten") and current < 100:
            current = (current or 1) * 100
            last = "hundred"
        elif w in ("thousand", "million", "billion", "trillion") and last in (
            "unit",
            "ten",
            "hundred",
        ):
            total += current * SCALES[w]
            current = 0.0
            last = "scale"
        else:
            break
        end = j + 1
        j = _skip_joiner(tokens, j + 1, last)
    if end == i:
        return None
    return total + current, end


def _skip_joiner(tokens: Tokens, j: int, last: str) -> int:
    """Step over a glued hyphen or an "and" inside a written number."""
    if (
        j + 1 < tokens.size
        and tokens.text[j] in "-‑"
        and tokens.glued(j - 1, j)
        and tokens.glued(j, j + 1)
    ):
        return j + 1
    nxt = tokens.low_or_blank[j + 1]
    is_and = j < tokens.size and tokens.low[j] == "and"
    if is_and and last in ("hundred", "scale") and (nxt in UNITS or nxt in TENS):
        return j + 1
    return j


def _scale_after(tokens: Tokens, j: int, currency: bool) -> tuple[float, int]:
    """A scale word at j ("thousand", "bn", glued "k"; "m" only after a currency)."""
    w = tokens.low_or_blank[j]
    if w in SCALES and tokens.is_word(j):
        if len(w) <= 3 and not tokens.glued(j - 1, j) and w not in ("mn", "bn", "mln", "bln"):
            return 1.0, j
        return SCALES[w], j + 1
    if (
        w in CURRENCY_ONLY_SCALES
        and tokens.glued(j - 1, j)
        and (currency or tokens.text[j] == "M" or _counted_word_after(tokens, j + 1))
    ):
        return CURRENCY_ONLY_SCALES[w], j + 1  # "$5m", "1.4m migrants"; "100m away" is metres
    if w in ("dozen", "dozens"):
        return 12.0, j + 1
    if w == "hundred":
        return 100.0, j + 1
    return 1.0, j


def _counted_word_after(tokens: Tokens, j: int) -> bool:
    """True when a counted word follows ("1.4m migrants"), not a metre phrase ("100m away")."""
    return j < tokens.size and tokens.is_word(j) and tokens.low[j] not in METRE_FOLLOWERS


def _share_of_scale(tokens: Tokens, i: int) -> Core | None:
    """ "half million", "a half million", "a quarter million"."""
    k = i + 1 if tokens.low[i] == "a" else i
    share = {"half": 0.5, "quarter": 0.25}.get(tokens.low_or_blank[k])
    if share is None or tokens.low_or_blank[k + 1] not in ("million", "billion", "thousand"):
        return None
    scale = SCALES[tokens.low[k + 1]]
    return Core(share * scale, i, k + 2, scale=scale, words=True)


def parse_number(tokens: Tokens, i: int, currency: bool = False) -> Core | None:
    """A number in digits or words at i, with an optional scale word."""
    if i >= tokens.size:
        return None
    low, text = tokens.low[i], tokens.text[i]
    if low in ("minus", "negative") and i + 1 < tokens.size:
        core = parse_number(tokens, i + 1, currency)
        if core is not None:
            core.value, core.start, core.plain_digits = -core.value, i, None
        return core
    if (
        text in ("-", "−")
        and i + 1 < tokens.size
        and tokens.is_num(i + 1)
        and tokens.glued(i, i + 1)
        and (i == 0 or not tokens.glued(i - 1, i))
    ):
        core = parse_number(tokens, i + 1, currency)  # a signed number: "-1.2%"
        if core is not None:
            core.value, core.start, core.plain_digits = -core.value, i, None
        return core
    if text in _UNICODE_SHARES:
        return Core(number_value(text), i, i + 1, kind="fraction")  # "½ of them"
    if tokens.is_num(i):
        scale, j = _scale_after(tokens, i + 1, currency)
        if scale == 100.0 and tokens.low_or_blank[j] in ("thousand", "million"):
            scale, j = scale * SCALES[tokens.low_or_blank[j]], j + 1
        plain = text if text.isascii() and not has_separator(text) and scale == 1.0 else None
        return Core(number_value(text) * scale, i, j, scale=scale, plain_digits=plain)
    if low in ("a", "an") and tokens.low_or_blank[i + 1] in (
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozen",
    ):
        scale, j = _scale_after(tokens, i + 1, currency)
        value = scale
        if scale == 100.0 and tokens.low_or_blank[j] == "and":  # "a hundred and fifty"
            rest = _word_number(tokens, j + 1)
            if rest is not None and rest[0] < 100:
                value, j = value + rest[0], rest[1]
        return Core(value, i, j, scale=scale, words=True)
    if low in ("a", "an") and tokens.low_or_blank[i + 1] in TIME_UNITS:
        return Core(1.0, i, i + 1, words=True)  # "for a month": the unit comes next
    share_of = _share_of_scale(tokens, i)
    if share_of is not None:
        return share_of
    if low == "half" and tokens.low_or_blank[i + 1] in ("a", "an"):
        scale, j = _scale_after(tokens, i + 2, currency)
        if scale > 1:
            return Core(0.5 * scale, i, j, scale=scale, words=True)
    parsed = _word_number(tokens, i)
    if parsed is None:
        return None
    value, j = parsed
    and_a_half = [tokens.low_or_blank[k] for k in range(j, j + 3)] == ["and", "a", "half"]
    if and_a_half:
        value, j = value + 0.5, j + 3  # "one and a half million", "two and a half years"
    scale, j2 = _scale_after(tokens, j, currency)
    if scale in (100.0,) and value >= 100:
        scale, j2 = 1.0, j
    core = Core(value * scale, i, j2, scale=scale, words=True)
    if scale == 1.0 and tokens.low[j - 1] in SCALES:  # "eight thousand" ends in its scale
        core.scale = SCALES[tokens.low[j - 1]]
    return core


def parse_vague(tokens: Tokens, i: int) -> Core | None:
    """ "several", "a couple", "dozens", "hundreds of thousands", "a few hundred"."""
    w, nxt = tokens.low_or_blank[i], tokens.low_or_blank[i + 1]
    if w == "a" and nxt == "couple":
        return _vague_scaled(tokens, i, i + 2, 2, need_scale=False)
    if w == "a" and nxt == "few":
        return _vague_scaled(tokens, i, i + 2, 3, need_scale=True)
    if w == "several":
        return _vague_scaled(tokens, i, i + 1, 3, need_scale=False)
    if w in ("tens", "hundreds") and nxt == "of" and (w, tokens.low_or_blank[i + 2]) in VAGUE_OF:
        return Core(VAGUE_OF[(w, tokens.low_or_blank[i + 2])], i, i + 3, vague=True, approx=">=")
    if w in VAGUE and w not in ("several", "couple"):
        value, approx = VAGUE[w]
        return Core(value, i, i + 1, vague=True, approx=approx)
    return None


def _vague_scaled(tokens: Tokens, i: int, j: int, base: float, need_scale: bool) -> Core | None:
    """A vague word with an optional scale: "several thousand", "a couple of hundred"."""
    k = (
        j + 1
        if tokens.low_or_blank[j] == "of" and tokens.low_or_blank[j + 1] in _SCALE_WORDS
        else j
    )
    scale, end = 1.0, k
    while tokens.low_or_blank[end] in _SCALE_WORDS and tokens.is_word(end):
        scale *= (
            12.0
            if tokens.low[end] == "dozen"
            else 100.0
            if tokens.low[end] == "hundred"
            else SCALES[tokens.low[end]]
        )
        end += 1
    if scale == 1.0:
        if need_scale:
            return None
        end = j
    return Core(base * scale, i, end, scale=scale, vague=True, approx="~")


_SCALE_WORDS = {"dozen", "hundred", "thousand", "million", "billion"}


def parse_fraction(tokens: Tokens, i: int, qualified: bool) -> Core | None:
    """ "a fifth", "two-thirds", "half of", "one in five", "every 14th".

    ``qualified`` is true when an approximator precedes ("nearly a fifth", "at most half"),
    which makes a bare "half" or "a third" a share rather than an ordinal or a noun.
    """
    w = tokens.low_or_blank[i]
    if w == "every":
        return _every_nth(tokens, i)
    if w == "half":
        if tokens.low_or_blank[i + 1] in ("a", "an") and tokens.low_or_blank[i + 2] in _SCALE_WORDS:
            return None  # "half a million" is a number
        if tokens.low_or_blank[i + 1] in ("a", "an") and tokens.low_or_blank[i + 2] in TIME_UNITS:
            return Core(0.5, i, i + 2, words=True)  # "half a year": the unit comes next
        if qualified or tokens.low_or_blank[i + 1] in _SHARE_FOLLOWERS:
            return Core(0.5, i, i + 1, kind="fraction", words=True)
        return None
    if w in ("a", "an", "one"):
        numerator, j = 1.0, i + 1
    else:
        parsed = _word_number(tokens, i) if tokens.is_word(i) else None
        if tokens.is_num(i):
            parsed = (number_value(tokens.text[i]), i + 1)
        if parsed is None:
            return None
        numerator, j = parsed
    if j < tokens.size and tokens.text[j] in "-‑" and tokens.glued(j - 1, j):
        j += 1
    den = DENOMINATORS.get(tokens.low_or_blank[j])
    if den is None:
        return _one_in_n(tokens, i, j, numerator)
    singular = tokens.low_or_blank[j] in (
        "half",
        "third",
        "quarter",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
    )
    if numerator >= den or (numerator > 1 and singular):
        return None  # "twenty-fifth", "the 1988 quarter": ordinals and labels, not shares
    if (
        numerator == 1
        and singular
        and not qualified
        and j + 1 < tokens.size
        and tokens.is_word(j + 1)
        and tokens.low_or_blank[j + 1] not in SHARE_VERBS
    ):
        return None  # "a third time", "one quarter century": not a share
    share = Core(round(numerator / den, 4), i, j + 1, kind="fraction", words=True)
    if tokens.low_or_blank[j + 1] == "of" and tokens.low_or_blank[j + 2] in ("a", "an"):
        scale, end = _scale_after(tokens, j + 3, False)
        if scale > 1:
            return Core(numerator / den * scale, i, end, scale=scale, words=True)
    return share


_SHARE_FOLLOWERS = {
    "of",
    "the",
    "their",
    "its",
    "his",
    "her",
    "our",
    "all",
    "them",
    "that",
    "those",
    "these",
    "a",
    "an",
}


def _every_nth(tokens: Tokens, i: int) -> Core | None:
    if i + 1 >= tokens.size:
        return None
    nxt = tokens.low[i + 1]
    if nxt in EVERY_ORDINALS:
        return Core(round(1 / EVERY_ORDINALS[nxt], 4), i, i + 2, kind="fraction", words=True)
    suffix = tokens.low_or_blank[i + 2]
    if tokens.is_num(i + 1) and suffix in ("th", "rd", "nd", "st") and tokens.glued(i + 1, i + 2):
        n = number_value(tokens.text[i + 1])
        if n >= 2:
            return Core(round(1 / n, 4), i, i + 3, kind="fraction")
    return None


def _one_in_n(tokens: Tokens, i: int, j: int, numerator: float) -> Core | None:
    """ "one in five", "1 in 4", "one out of every ten", "one case in ten", "one for every
    four"."""
    k = j
    noun = (
        tokens.low_or_blank[k] not in ("in", "out", "for") and k < tokens.size and tokens.is_word(k)
    )
    if noun and tokens.low_or_blank[k + 1] in ("in", "out", "for"):
        k += 1  # "one case in ten"
    if tokens.low_or_blank[k] == "in":
        k += 1
    elif tokens.low_or_blank[k] == "out" and tokens.low_or_blank[k + 1] == "of":
        k += 2
    elif tokens.low_or_blank[k] == "for" and tokens.low_or_blank[k + 1] == "every":
        k += 1
    else:
        return None
    if tokens.low_or_blank[k] == "every":
        k += 1
    if k >= tokens.size:
        return None
    den = parse_number(tokens, k)
    if (
        den is None
        or den.value <= numerator
        or den.scale != 1.0
        or numerator >= 10
        or den.value > 1000
    ):
        return None
    return Core(round(numerator / den.value, 4), i, den.end, kind="fraction")


def parse_core(tokens: Tokens, i: int, qualified: bool, currency: bool) -> Core | None:
    """Any core quantity at token i."""
    w = tokens.low_or_blank[i]
    if w in MULTIPLIER_WORDS:
        return Core(MULTIPLIER_WORDS[w], i, i + 1, kind="multiplier", words=True)
    core = parse_vague(tokens, i)
    if core is not None:
        return core
    core = parse_fraction(tokens, i, qualified)
    if core is not None:
        return core
    core = _slash_fraction(tokens, i, qualified) or parse_number(tokens, i, currency)
    if core is None:
        return None
    return _ratio_forms(tokens, _mixed_fraction(tokens, core))


def _slash_parts(tokens: Tokens, k: int) -> tuple[float, float] | None:
    """(numerator, denominator) of a written fraction "3/4" starting at token k."""
    if k + 2 >= tokens.size or tokens.text[k + 1] != "/":
        return None
    glued = tokens.glued(k, k + 1) and tokens.glued(k + 1, k + 2)
    if not (glued and tokens.is_num(k) and tokens.is_num(k + 2)):
        return None
    n, d = number_value(tokens.text[k]), number_value(tokens.text[k + 2])
    if not n.is_integer() or d not in SLASH_DENOMINATORS or not 0 < n < d:
        return None
    if k + 3 < tokens.size and tokens.glued(k + 2, k + 3) and tokens.text[k + 3] in "/.-":
        return None  # "1/2/2024": a date
    return n, d


def _slash_fraction(tokens: Tokens, i: int, qualified: bool) -> Core | None:
    """ "3/4 of the budget", "about 1/3": a share written with a slash."""
    parts = _slash_parts(tokens, i)
    if parts is None or not (qualified or tokens.low_or_blank[i + 3] == "of"):
        return None
    return Core(round(parts[0] / parts[1], 4), i, i + 3, kind="fraction")


def _mixed_fraction(tokens: Tokens, core: Core) -> Core:
    """ "2 1/2 years", "3½": a whole number and a fraction."""
    k = core.end
    if core.kind != "number" or core.scale != 1.0 or k >= tokens.size:
        return core
    if tokens.text[k] in _UNICODE_SHARES and tokens.glued(k - 1, k):
        core.value += number_value(tokens.text[k])
        core.end, core.plain_digits = k + 1, None
        return core
    parts = _slash_parts(tokens, k)
    if parts is not None and tokens.start[k] - tokens.end[k - 1] == 1:
        core.value += parts[0] / parts[1]
        core.end, core.plain_digits = k + 3, None
    return core


_UNICODE_SHARES = set("½⅓⅔¼¾⅕⅛")
# Words after "N times" that make it a multiple of something ("three times the 6,290 cases",
# "twice what it was"), not a count of occasions ("arrested three times").
_COMPARED_WITH = frozenset("the that those what its his her their our".split())


def _ratio_forms(tokens: Tokens, core: Core) -> Core:
    """ "5.5 times as many", "two-fold", or "three times" as a count of occurrences."""
    j = core.end
    if tokens.low_or_blank[j] == "times":
        after = tokens.text[j + 1] if j + 1 < tokens.size else ""
        compared = (
            after.lower() in COMPARATIVES
            or after.lower() in _COMPARED_WITH
            or not float(core.value).is_integer()  # "1.5 times" is never a count of occasions
            or (after[:1].isupper() and tokens.low_or_blank[j + 2] in ("'s", "’s", "'", "’"))
            or after[:1].isdigit()
        )
        kind = "multiplier" if compared else "times"
        return Core(core.value, core.start, j + 1, kind=kind, words=core.words)
    if (
        tokens.low_or_blank[j] == "-"
        and tokens.low_or_blank[j + 1] == "fold"
        and tokens.glued(j, j + 1)
    ):
        return Core(core.value, core.start, j + 2, kind="multiplier", words=core.words)
    return core
