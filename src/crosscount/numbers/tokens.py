"""Tokens for the number grammar: numbers, words and single symbols with their offsets.

A text is cut into tokens by one ``re.split``, and the tokens are kept as parallel lists
(``Tokens``) built from the pieces with ``map``/``accumulate``, so that no Python code runs
per token and no object is made per token. Tokenising was half of the recogniser's time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate
from operator import itemgetter

# Thousands separators: comma, space, no-break space, thin space, narrow no-break space.
_GROUP_SEP = "[,\u0020\u00a0\u2009\u202f]"
# A number: digits in groups of three ("35,307", "9 487", "1.000.000"), plain digits with an
# optional decimal part, a decimal part alone (".5"), or a vulgar fraction. Written so that
# every alternative begins with a character, not a look-behind, which makes the split a fifth
# faster: the digit alternatives share their first digit; "(?<![\w.])\." is written
# "\.(?<![\w.]\.)"; and "(?<!\d)" before the first digit is left out, because a token that
# ends in a digit would have taken the digit after it too, so no number is tried right after
# a digit. The tokens are the same: tests/test_numbers_properties.py holds them to the plain
# form.
_NUMBER = (
    rf"\d(?:\d{{0,2}}(?:{_GROUP_SEP}\d{{3}})+(?:\.\d+)?(?!\d)"
    rf"|\d{{0,2}}(?:\.\d{{3}}){{2,}}(?!\d)"
    r"|\d*(?:\.\d+)?)|\.(?<![\w.]\.)\d+(?![\d.])|[½⅓⅔¼¾⅕⅛]"
)
# A word: letters and numerals that are not digits ("²"). It cannot begin with a vulgar
# fraction, which begins a number: words and numbers begin with different characters, so the
# word, the most common token, is tried first.
_WORD = r"[^\W\d_½⅓⅔¼¾⅕⅛][^\W\d_]*(?:['’][^\W\d_]+)?"
# Most words are plain ASCII letters, which the pattern matches from a bitmap, where the word
# class needs Unicode lookups for every character: tried first, they stand for a word when no
# letter or apostrophe follows them (else the word alternative reads the whole word).
_ASCII_WORD = r"[a-zA-Z]+(?![^\W\d_]|['’])"
# The white space before a token, and the token: split() returns ["", space, token, "", space,
# token, ..., rest]. Every character that is not white space begins a token (\S), so the
# pieces between matches are empty; taking the space into the match spares the search a
# failed attempt at it before every token.
_SPLIT = re.compile(rf"(\s*)({_ASCII_WORD}|{_WORD}|{_NUMBER}|\S)")

_UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}


NUM, WORD, SYM = "num", "word", "sym"
# How far past either end of the tokens ``Tokens.low_or_blank`` reads blanks: the grammar and
# the context rules look at most this many tokens past one that exists.
BLANKS = 8


class Tokens:
    """The tokens of a stretch of text as parallel lists: token i is a ``kind[i]`` (NUM, WORD
    or SYM) with its ``text[i]``, lower-cased ``low[i]``, and ``start[i]``/``end[i]`` offsets
    into the whole text; ``size`` of them. Lists of strings and integers cost less to build
    than an object per token, and the garbage collector does not walk them.

    ``low_or_blank`` is ``low`` followed by BLANKS empty strings: ``low_or_blank[i]`` is token
    i's lower-cased text, or "" for an index up to BLANKS past the last token or before the
    first (-1 to -BLANKS read the blanks from the end), with no test of the index."""

    __slots__ = ("kind", "text", "low", "start", "end", "size", "low_or_blank")

    def __init__(
        self, kind: list[str], text: list[str], low: list[str], start: list[int], end: list[int]
    ) -> None:
        self.kind = kind
        self.text = text
        self.low = low
        self.start = start
        self.end = end
        self.size = len(text)
        self.low_or_blank = low + [""] * BLANKS

    def is_num(self, i: int) -> bool:
        return self.kind[i] == NUM

    def is_word(self, i: int) -> bool:
        return self.kind[i] == WORD

    def glued(self, i: int, j: int) -> bool:
        """True when token i ends where token j starts, with no space between them."""
        return self.end[i] == self.start[j]


class _KindOfFirst(dict[str, str]):
    """A token's kind from its first character, as the pattern decides it: a digit or a
    vulgar fraction begins a number, any other letter or numeral a word, the rest a symbol.
    A number that begins with "." (".5") is found apart; "." alone is a symbol."""

    def __missing__(self, char: str) -> str:
        if char.isdecimal() or char in _UNICODE_FRACTIONS:
            kind = NUM
        elif char.isalnum():  # \w without "_" and digits: letters and other numerals ("²")
            kind = WORD
        else:
            kind = SYM
        self[char] = kind
        return kind


_KINDS = _KindOfFirst()
_DOT = "dot"  # the kind of a token that begins with ".", until its length tells which it is
_KINDS["."] = _DOT
_FIRST = itemgetter(0)


_SEPARATOR = re.compile(_GROUP_SEP)


def number_value(raw: str) -> float:
    """The value of a digit token: ``35,307`` -> 35307, ``9 487`` -> 9487, ``1.5`` -> 1.5."""
    if raw.isdecimal():
        return float(raw)  # most are plain digits
    if raw in _UNICODE_FRACTIONS:
        return _UNICODE_FRACTIONS[raw]
    cleaned = _SEPARATOR.sub("", raw)
    if cleaned.count(".") > 1:  # 1.000.000 written the continental way
        cleaned = cleaned.replace(".", "")
    return float(cleaned)


def has_separator(raw: str) -> bool:
    """True when a digit token carries thousands separators (``35,307``, ``9 487``)."""
    return _SEPARATOR.search(raw) is not None or raw.count(".") > 1


def positions(items: list[str], value: str) -> Iterator[int]:
    """The indexes of ``value`` in ``items``, in order, found by ``list.index`` (a scan in C,
    much faster than a test per item when the value is rare)."""
    k = -1
    while True:
        try:
            k = items.index(value, k + 1)
        except ValueError:
            return
        yield k


def tokenize(text: str, start: int, end: int) -> Tokens:
    """Tokens of ``text[start:end]``, with offsets into ``text``. ``start`` must begin a
    token or a gap (the start of the text or of a line): the pattern looks behind it."""
    parts = _SPLIT.split(text[start:end])
    del parts[::3]  # the empty pieces between matches, and the rest after the last token
    bounds = list(accumulate(map(len, parts), initial=start))  # [space, token, space, ...]
    raws = parts[1::2]
    kinds = list(map(_KINDS.__getitem__, map(_FIRST, raws)))
    for k in positions(kinds, _DOT):
        kinds[k] = NUM if len(raws[k]) > 1 else SYM  # ".5" is a number, "." a symbol
    return Tokens(kinds, raws, list(map(str.lower, raws)), bounds[1:-1:2], bounds[2::2])
