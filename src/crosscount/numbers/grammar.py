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

from . import vocab as v
from .tokens import Token, glued, has_separator, number_value


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


def _low(tokens: list[Token], i: int) -> str:
    return tokens[i].low if i < len(tokens) else ""


# Phrases are looked up up to this many words long.
MAX_PHRASE_WORDS = 5
# The first words of each phrase list, so most tokens are turned away with one set lookup.
_FIRST_WORDS: dict[int, frozenset[str]] = {}


def _match_phrase(tokens: list[Token], i: int, phrases: dict[str, str]) -> tuple[str, int] | None:
    """Longest phrase of ``phrases`` starting at token i: (phrase, index after it)."""
    first = _FIRST_WORDS.get(id(phrases))
    if first is None:
        first = _FIRST_WORDS[id(phrases)] = frozenset(p.split(" ")[0] for p in phrases)
    if _low(tokens, i) not in first:
        return None
    best = None
    for n in range(MAX_PHRASE_WORDS, 0, -1):
        words = [_low(tokens, k) for k in range(i, i + n)]
        phrase = " ".join(words)
        if phrase in phrases and all(tokens[k].is_word for k in range(i, min(i + n, len(tokens)))):
            best = (phrase, i + n)
            break
    return best


def _word_number(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """Parse a written-out integer at i ("Nine-thousand-forty-eight", "three hundred and two")."""
    total, current, j, last = 0.0, 0.0, i, ""
    end = i
    while j < len(tokens):
        w = tokens[j].low
        if w in v.UNITS and last in ("", "ten", "hundred", "scale", "and"):
            if last == "ten" and v.UNITS[w] >= 10:
                break
            current += v.UNITS[w]
            last = "unit"
        elif w in v.TENS and last in ("", "hundred", "scale", "and"):
            current += v.TENS[w]
            last = "ten"
        elif w in v.HUNDRED and last in ("unit", "ten") and current < 100:
            current = (current or 1) * 100
            last = "hundred"
        elif w in ("thousand", "million", "billion", "trillion") and last in (
            "unit",
            "ten",
            "hundred",
        ):
            total += current * v.SCALES[w]
            current = 0.0
            last = "scale"
        else:
            break
        end = j + 1
        j = _skip_joiner(tokens, j + 1, last)
    if end == i:
        return None
    return total + current, end


def _skip_joiner(tokens: list[Token], j: int, last: str) -> int:
    """Step over a glued hyphen or an "and" inside a written number."""
    if (
        j + 1 < len(tokens)
        and tokens[j].text in "-‑"
        and glued(tokens[j - 1], tokens[j])
        and glued(tokens[j], tokens[j + 1])
    ):
        return j + 1
    nxt = _low(tokens, j + 1)
    is_and = j < len(tokens) and tokens[j].low == "and"
    if is_and and last in ("hundred", "scale") and (nxt in v.UNITS or nxt in v.TENS):
        return j + 1
    return j


def _scale_after(tokens: list[Token], j: int, currency: bool) -> tuple[float, int]:
    """A scale word at j ("thousand", "bn", glued "k"; "m" only after a currency)."""
    w = _low(tokens, j)
    if w in v.SCALES and tokens[j].is_word:
        if (
            len(w) <= 3
            and not glued(tokens[j - 1], tokens[j])
            and w not in ("mn", "bn", "mln", "bln")
        ):
            return 1.0, j
        return v.SCALES[w], j + 1
    if (
        w in v.CURRENCY_ONLY_SCALES
        and glued(tokens[j - 1], tokens[j])
        and (currency or tokens[j].text == "M" or _counted_word_after(tokens, j + 1))
    ):
        return v.CURRENCY_ONLY_SCALES[w], j + 1  # "$5m", "1.4m migrants"; "100m away" is metres
    if w in ("dozen", "dozens"):
        return 12.0, j + 1
    if w == "hundred":
        return 100.0, j + 1
    return 1.0, j


def _counted_word_after(tokens: list[Token], j: int) -> bool:
    """True when a counted word follows ("1.4m migrants"), not a metre phrase ("100m away")."""
    return j < len(tokens) and tokens[j].is_word and tokens[j].low not in v.METRE_FOLLOWERS


def _share_of_scale(tokens: list[Token], i: int) -> Core | None:
    """ "half million", "a half million", "a quarter million"."""
    k = i + 1 if tokens[i].low == "a" else i
    share = {"half": 0.5, "quarter": 0.25}.get(_low(tokens, k))
    if share is None or _low(tokens, k + 1) not in ("million", "billion", "thousand"):
        return None
    scale = v.SCALES[tokens[k + 1].low]
    return Core(share * scale, i, k + 2, scale=scale, words=True)


def parse_number(tokens: list[Token], i: int, currency: bool = False) -> Core | None:
    """A number in digits or words at i, with an optional scale word."""
    tok = tokens[i] if i < len(tokens) else None
    if tok is None:
        return None
    if tok.low in ("minus", "negative") and i + 1 < len(tokens):
        core = parse_number(tokens, i + 1, currency)
        if core is not None:
            core.value, core.start, core.plain_digits = -core.value, i, None
        return core
    if (
        tok.text in ("-", "−")
        and i + 1 < len(tokens)
        and tokens[i + 1].is_num
        and glued(tok, tokens[i + 1])
        and (i == 0 or not glued(tokens[i - 1], tok))
    ):
        core = parse_number(tokens, i + 1, currency)  # a signed number: "-1.2%"
        if core is not None:
            core.value, core.start, core.plain_digits = -core.value, i, None
        return core
    if tok.text in _UNICODE_SHARES:
        return Core(number_value(tok.text), i, i + 1, kind="fraction")  # "½ of them"
    if tok.is_num:
        scale, j = _scale_after(tokens, i + 1, currency)
        if scale == 100.0 and _low(tokens, j) in ("thousand", "million"):
            scale, j = scale * v.SCALES[_low(tokens, j)], j + 1
        plain = (
            tok.text
            if tok.text.isascii() and not has_separator(tok.text) and scale == 1.0
            else None
        )
        return Core(number_value(tok.text) * scale, i, j, scale=scale, plain_digits=plain)
    if tok.low in ("a", "an") and _low(tokens, i + 1) in (
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozen",
    ):
        scale, j = _scale_after(tokens, i + 1, currency)
        value = scale
        if scale == 100.0 and _low(tokens, j) == "and":  # "a hundred and fifty"
            rest = _word_number(tokens, j + 1)
            if rest is not None and rest[0] < 100:
                value, j = value + rest[0], rest[1]
        return Core(value, i, j, scale=scale, words=True)
    if tok.low in ("a", "an") and _low(tokens, i + 1) in v.TIME_UNITS:
        return Core(1.0, i, i + 1, words=True)  # "for a month": the unit comes next
    share_of = _share_of_scale(tokens, i)
    if share_of is not None:
        return share_of
    if tok.low == "half" and _low(tokens, i + 1) in ("a", "an"):
        scale, j = _scale_after(tokens, i + 2, currency)
        if scale > 1:
            return Core(0.5 * scale, i, j, scale=scale, words=True)
    parsed = _word_number(tokens, i)
    if parsed is None:
        return None
    value, j = parsed
    and_a_half = [_low(tokens, k) for k in range(j, j + 3)] == ["and", "a", "half"]
    if and_a_half:
        value, j = value + 0.5, j + 3  # "one and a half million", "two and a half years"
    scale, j2 = _scale_after(tokens, j, currency)
    if scale in (100.0,) and value >= 100:
        scale, j2 = 1.0, j
    core = Core(value * scale, i, j2, scale=scale, words=True)
    if scale == 1.0 and tokens[j - 1].low in v.SCALES:  # "eight thousand" ends in its scale
        core.scale = v.SCALES[tokens[j - 1].low]
    return core


def parse_vague(tokens: list[Token], i: int) -> Core | None:
    """ "several", "a couple", "dozens", "hundreds of thousands", "a few hundred"."""
    w, nxt = _low(tokens, i), _low(tokens, i + 1)
    if w == "a" and nxt == "couple":
        return _vague_scaled(tokens, i, i + 2, 2, need_scale=False)
    if w == "a" and nxt == "few":
        return _vague_scaled(tokens, i, i + 2, 3, need_scale=True)
    if w == "several":
        return _vague_scaled(tokens, i, i + 1, 3, need_scale=False)
    if w in ("tens", "hundreds") and nxt == "of" and (w, _low(tokens, i + 2)) in v.VAGUE_OF:
        return Core(v.VAGUE_OF[(w, _low(tokens, i + 2))], i, i + 3, vague=True, approx=">=")
    if w in v.VAGUE and w not in ("several", "couple"):
        value, approx = v.VAGUE[w]
        return Core(value, i, i + 1, vague=True, approx=approx)
    return None


def _vague_scaled(
    tokens: list[Token], i: int, j: int, base: float, need_scale: bool
) -> Core | None:
    """A vague word with an optional scale: "several thousand", "a couple of hundred"."""
    k = j + 1 if _low(tokens, j) == "of" and _low(tokens, j + 1) in _SCALE_WORDS else j
    scale, end = 1.0, k
    while _low(tokens, end) in _SCALE_WORDS and tokens[end].is_word:
        scale *= (
            12.0
            if tokens[end].low == "dozen"
            else 100.0
            if tokens[end].low == "hundred"
            else v.SCALES[tokens[end].low]
        )
        end += 1
    if scale == 1.0:
        if need_scale:
            return None
        end = j
    return Core(base * scale, i, end, scale=scale, vague=True, approx="~")


_SCALE_WORDS = {"dozen", "hundred", "thousand", "million", "billion"}


def parse_fraction(tokens: list[Token], i: int, qualified: bool) -> Core | None:
    """ "a fifth", "two-thirds", "half of", "one in five", "every 14th".

    ``qualified`` is true when an approximator precedes ("nearly a fifth", "at most half"),
    which makes a bare "half" or "a third" a share rather than an ordinal or a noun.
    """
    w = _low(tokens, i)
    if w == "every":
        return _every_nth(tokens, i)
    if w == "half":
        if _low(tokens, i + 1) in ("a", "an") and _low(tokens, i + 2) in _SCALE_WORDS:
            return None  # "half a million" is a number
        if _low(tokens, i + 1) in ("a", "an") and _low(tokens, i + 2) in v.TIME_UNITS:
            return Core(0.5, i, i + 2, words=True)  # "half a year": the unit comes next
        if qualified or _low(tokens, i + 1) in _SHARE_FOLLOWERS:
            return Core(0.5, i, i + 1, kind="fraction", words=True)
        return None
    if w in ("a", "an", "one"):
        numerator, j = 1.0, i + 1
    else:
        parsed = _word_number(tokens, i) if tokens[i].is_word else None
        if tokens[i].is_num:
            parsed = (number_value(tokens[i].text), i + 1)
        if parsed is None:
            return None
        numerator, j = parsed
    if j < len(tokens) and tokens[j].text in "-‑" and glued(tokens[j - 1], tokens[j]):
        j += 1
    den = v.DENOMINATORS.get(_low(tokens, j))
    if den is None:
        return _one_in_n(tokens, i, j, numerator)
    singular = _low(tokens, j) in (
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
        and j + 1 < len(tokens)
        and tokens[j + 1].is_word
        and _low(tokens, j + 1) not in v.SHARE_VERBS
    ):
        return None  # "a third time", "one quarter century": not a share
    share = Core(round(numerator / den, 4), i, j + 1, kind="fraction", words=True)
    if _low(tokens, j + 1) == "of" and _low(tokens, j + 2) in ("a", "an"):
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


def _every_nth(tokens: list[Token], i: int) -> Core | None:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None:
        return None
    if nxt.low in v.EVERY_ORDINALS:
        return Core(round(1 / v.EVERY_ORDINALS[nxt.low], 4), i, i + 2, kind="fraction", words=True)
    suffix = _low(tokens, i + 2)
    if nxt.is_num and suffix in ("th", "rd", "nd", "st") and glued(nxt, tokens[i + 2]):
        n = number_value(nxt.text)
        if n >= 2:
            return Core(round(1 / n, 4), i, i + 3, kind="fraction")
    return None


def _one_in_n(tokens: list[Token], i: int, j: int, numerator: float) -> Core | None:
    """ "one in five", "1 in 4", "one out of every ten", "one case in ten", "one for every
    four"."""
    k = j
    noun = _low(tokens, k) not in ("in", "out", "for") and k < len(tokens) and tokens[k].is_word
    if noun and _low(tokens, k + 1) in ("in", "out", "for"):
        k += 1  # "one case in ten"
    if _low(tokens, k) == "in":
        k += 1
    elif _low(tokens, k) == "out" and _low(tokens, k + 1) == "of":
        k += 2
    elif _low(tokens, k) == "for" and _low(tokens, k + 1) == "every":
        k += 1
    else:
        return None
    if _low(tokens, k) == "every":
        k += 1
    if k >= len(tokens):
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


def parse_core(tokens: list[Token], i: int, qualified: bool, currency: bool) -> Core | None:
    """Any core quantity at token i."""
    w = _low(tokens, i)
    if w in v.MULTIPLIER_WORDS:
        return Core(v.MULTIPLIER_WORDS[w], i, i + 1, kind="multiplier", words=True)
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


def _slash_parts(tokens: list[Token], k: int) -> tuple[float, float] | None:
    """(numerator, denominator) of a written fraction "3/4" starting at token k."""
    if k + 2 >= len(tokens) or tokens[k + 1].text != "/":
        return None
    num, slash, den = tokens[k], tokens[k + 1], tokens[k + 2]
    if not (num.is_num and den.is_num and glued(num, slash) and glued(slash, den)):
        return None
    n, d = number_value(num.text), number_value(den.text)
    if not n.is_integer() or d not in v.SLASH_DENOMINATORS or not 0 < n < d:
        return None
    if k + 3 < len(tokens) and glued(den, tokens[k + 3]) and tokens[k + 3].text in "/.-":
        return None  # "1/2/2024": a date
    return n, d


def _slash_fraction(tokens: list[Token], i: int, qualified: bool) -> Core | None:
    """ "3/4 of the budget", "about 1/3": a share written with a slash."""
    parts = _slash_parts(tokens, i)
    if parts is None or not (qualified or _low(tokens, i + 3) == "of"):
        return None
    return Core(round(parts[0] / parts[1], 4), i, i + 3, kind="fraction")


def _mixed_fraction(tokens: list[Token], core: Core) -> Core:
    """ "2 1/2 years", "3½": a whole number and a fraction."""
    k = core.end
    if core.kind != "number" or core.scale != 1.0 or k >= len(tokens):
        return core
    if tokens[k].text in _UNICODE_SHARES and glued(tokens[k - 1], tokens[k]):
        core.value += number_value(tokens[k].text)
        core.end, core.plain_digits = k + 1, None
        return core
    parts = _slash_parts(tokens, k)
    if parts is not None and tokens[k].start - tokens[k - 1].end == 1:
        core.value += parts[0] / parts[1]
        core.end, core.plain_digits = k + 3, None
    return core


_UNICODE_SHARES = set("½⅓⅔¼¾⅕⅛")
# Words after "N times" that make it a multiple of something ("three times the 6,290 cases",
# "twice what it was"), not a count of occasions ("arrested three times").
_COMPARED_WITH = frozenset("the that those what its his her their our".split())


def _ratio_forms(tokens: list[Token], core: Core) -> Core:
    """ "5.5 times as many", "two-fold", or "three times" as a count of occurrences."""
    j = core.end
    if _low(tokens, j) == "times":
        after = tokens[j + 1].text if j + 1 < len(tokens) else ""
        compared = (
            after.lower() in v.COMPARATIVES
            or after.lower() in _COMPARED_WITH
            or not float(core.value).is_integer()  # "1.5 times" is never a count of occasions
            or (after[:1].isupper() and _low(tokens, j + 2) in ("'s", "’s", "'", "’"))
            or after[:1].isdigit()
        )
        kind = "multiplier" if compared else "times"
        return Core(core.value, core.start, j + 1, kind=kind, words=core.words)
    if _low(tokens, j) == "-" and _low(tokens, j + 1) == "fold" and glued(tokens[j], tokens[j + 1]):
        return Core(core.value, core.start, j + 2, kind="multiplier", words=core.words)
    return core
