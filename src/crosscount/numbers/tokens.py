"""Tokens for the number grammar: numbers, words and single symbols with their offsets.

The recogniser tokenises only windows of text around candidate numbers, never the whole
document, so most of a text costs one regular-expression scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Thousands separators: comma, space, no-break space, thin space, narrow no-break space.
_GROUP_SEP = "[,\u0020\u00a0\u2009\u202f]"
_TOKEN = re.compile(
    rf"(?P<num>(?<!\d)\d{{1,3}}(?:{_GROUP_SEP}\d{{3}})+(?:\.\d+)?(?![\d])"
    rf"|(?<!\d)\d{{1,3}}(?:\.\d{{3}}){{2,}}(?![\d])"
    r"|\d+(?:\.\d+)?|(?<![\w.])\.\d+(?![\d.])|[½⅓⅔¼¾⅕⅛])"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(?P<sym>\S)"
)


_UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}


@dataclass(slots=True)
class Token:
    kind: str  # "num", "word" or "sym"
    text: str
    low: str  # lower-cased text
    start: int
    end: int

    @property
    def is_num(self) -> bool:
        return self.kind == "num"

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


def number_value(raw: str) -> float:
    """The value of a digit token: ``35,307`` -> 35307, ``9 487`` -> 9487, ``1.5`` -> 1.5."""
    if raw in _UNICODE_FRACTIONS:
        return _UNICODE_FRACTIONS[raw]
    cleaned = re.sub(_GROUP_SEP, "", raw)
    if cleaned.count(".") > 1:  # 1.000.000 written the continental way
        cleaned = cleaned.replace(".", "")
    return float(cleaned)


def has_separator(raw: str) -> bool:
    """True when a digit token carries thousands separators (``35,307``, ``9 487``)."""
    return re.search(_GROUP_SEP, raw) is not None or raw.count(".") > 1


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]``, with offsets into ``text``."""
    tokens = []
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup or "sym"
        raw = m.group()
        tokens.append(Token(kind, raw, raw.lower(), m.start(), m.end()))
    return tokens


def glued(left: Token, right: Token) -> bool:
    """True when two tokens touch with no space between them."""
    return left.end == right.start
