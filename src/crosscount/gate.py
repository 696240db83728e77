"""Skip regular expressions over text they cannot match.

Python's regular expressions try a pattern at every position of a text unless the pattern
begins with a literal, and case-insensitive patterns, or patterns that begin with a
look-behind or ``\\b``, never count as beginning with one. Dozens of such patterns run over
every sentence cost more than everything else in reading claims.

``needles(pattern)`` reads, from the pattern's own parse tree, the short literal strings that
every match must begin with ("from", "since", "jan", "19"). A stretch of text that contains
none of them cannot hold a match, so the pattern is not run on it. The test is one-sided and
exact: it never turns away text the pattern matches (a property test checks it); it only lets
through some text that the pattern does not match. ``Gates`` finds the needles of many
patterns in one pass over a stretch (an Aho-Corasick automaton, pyahocorasick), and where the
folded stretch lines up with the text, tries each pattern only where its needles stand.

The parse tree comes from the standard library's own parser (``re._parser``). Where that
module is missing or a pattern uses something the walk does not know, the pattern is always
run: slower, never wrong.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import ahocorasick

try:
    _parser: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # another Python's internals: no needles, same results
    _parser = _c = None

# Needles are cut at this many characters. Calibrated on the seeds (claims stage, one
# process): 4 gave 121 ms, 6 gave 109, 8 gave 104, 12 gave 100, and 16 or 24 no better: a
# longer needle is found in fewer places. Re-run benchmarks/run.py after changing it.
MAX_NEEDLE = 12
# A pattern whose alternatives would make more open needles than this stops growing them
# (24, 48 and 96 timed alike on the seeds; it bounds the needles of very wide alternations).
MAX_OPEN = 48
# A character class of at most this many literal characters is spelled out ("[12]", "[Oo]").
MAX_CLASS = 10

_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]|  ")  # white space that folding changes


def fold(text: str) -> str:
    """``text`` as needles are looked for in it: case-folded, with the two letters that
    case-insensitive matching takes for an ASCII letter and case-folding does not ("ı" for
    "i"; "İ" folds to "i" and a combining dot, which is dropped), and every run of white
    space one space."""
    return fold_aligned(text)[0]


def fold_aligned(text: str) -> tuple[str, bool]:
    """``fold(text)``, and whether each of its characters stands for the character of
    ``text`` at the same index (true of most sentences: nothing folded into two characters,
    no run of white space)."""
    cased = text.casefold()
    aligned = len(cased) == len(text) and "\u0307" not in cased  # casefold never shrinks
    cased = cased.replace("ı", "i").replace("\u0307", "")
    # Nothing to change, so skip rewriting every space: no double space, and no other white
    # space (every white space character but " " is unprintable, so a printable text has none).
    if "  " not in cased and (cased.isprintable() or _ODD_SPACE.search(cased) is None):
        return cased, aligned
    folded = _SPACES.sub(" ", cased)
    return folded, aligned and len(folded) == len(text)


_NONE: tuple[re.Match[str], ...] = ()  # a pattern with no match


class Gates:
    """Which of ``patterns`` may match a stretch of text, and where, from one pass over it."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self.always = 0  # bit i: pattern i has no needles and is always run
        masks: dict[str, int] = {}
        for i, pattern in enumerate(self.patterns):
            found = needles(pattern)
            if found is None:
                self.always |= 1 << i
                continue
            for needle in found:
                masks[needle] = masks.get(needle, 0) | 1 << i
        self._automaton = ahocorasick.Automaton()
        for needle, mask in masks.items():
            bits = tuple(i for i in range(len(self.patterns)) if mask >> i & 1)
            self._automaton.add_word(needle, (mask, len(needle), bits))
        if masks:
            self._automaton.make_automaton()
        self._empty = not masks
        self._always_bits = [i for i in range(len(self.patterns)) if self.always >> i & 1]

    def open(self, folded: str) -> int:
        """A bit mask: bit i is set when pattern i may match the text ``folded`` came from
        (``fold``); a clear bit means it cannot."""
        mask = self.always
        if not self._empty:
            for _, (found, _, _) in self._automaton.iter(folded):
                mask |= found
        return mask

    def matches(
        self, text: str, start: int, end: int, folded: tuple[str, bool]
    ) -> list[Sequence[re.Match[str]]]:
        """For each pattern, its matches in ``text`` between ``start`` and ``end``, exactly as
        ``finditer(text, start, end)`` finds them (``folded``: ``fold_aligned`` of that
        stretch). Where the folded stretch is aligned with the text, a pattern is tried only
        at the places its needles stand: every match begins with one."""
        found: list[Sequence[re.Match[str]]] = [_NONE] * len(self.patterns)
        lowered, aligned = folded
        if not aligned:
            mask = self.open(lowered)
            for bit, pattern in enumerate(self.patterns):
                if mask >> bit & 1:
                    found[bit] = list(pattern.finditer(text, start, end))
            return found
        for bit in self._always_bits:
            found[bit] = list(self.patterns[bit].finditer(text, start, end))
        if self._empty:
            return found
        places: dict[int, set[int]] = {}
        for last, (_, length, bits) in self._automaton.iter(lowered):
            for bit in bits:
                places.setdefault(bit, set()).add(start + last - length + 1)
        for bit, at in places.items():
            found[bit] = _matches_at(self.patterns[bit], text, sorted(at), end)
        return found


def _matches_at(
    pattern: re.Pattern[str], text: str, places: list[int], end: int
) -> list[re.Match[str]]:
    """What finditer finds when no match can begin anywhere but ``places``: the match at
    each place that is not inside the match before (a needle is never empty, nor a match)."""
    found = []
    reached = -1
    for place in places:
        if place < reached:
            continue
        m = pattern.match(text, place, end)
        if m is not None:
            found.append(m)
            reached = m.end()
    return found


# The look-behind that makes a match begin a word: no letter, digit, "_" or "-" before it.
WORD_START = r"(?<![\w-])"


class WordStart:
    """A pattern that begins with WORD_START, found faster. Python's regular expressions skip
    ahead to a possible first character only when a pattern begins with one, and a
    look-behind hides it: here the rest of the pattern is searched for (it begins with its
    alternatives' first letters), and the look-behind is checked where it matches. The matches
    are exactly the whole pattern's (a property test holds them to it). Any other pattern is
    run as it is."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        # Only where every match begins with a needle: then no match is empty.
        applies = pattern.pattern.startswith(WORD_START) and needles(pattern) is not None
        rest = pattern.pattern[len(WORD_START) :]
        self._rest = re.compile(rest, pattern.flags) if applies else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
        """What ``pattern.finditer(text, pos, endpos)`` finds."""
        end = len(text) if endpos is None else endpos
        if self._rest is None:
            return list(self.pattern.finditer(text, pos, end))
        found = []
        while (m := self._rest.search(text, pos, end)) is not None:
            start = m.start()
            before = text[start - 1] if start > 0 else " "
            if before.isalnum() or before in "_-":
                pos = start + 1  # the look-behind fails here; the next match starts later
                continue
            found.append(m)
            pos = m.end()
        return found


@lru_cache(maxsize=64)
def word_start(pattern: re.Pattern[str]) -> WordStart:
    """The WordStart of ``pattern``, made once."""
    return WordStart(pattern)


@lru_cache(maxsize=64)
def gates(patterns: tuple[re.Pattern[str], ...]) -> Gates:
    """The gates of ``patterns``, made once."""
    return Gates(patterns)


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Folded literal strings, one of which begins every match of ``pattern``; None when a
    match may begin with anything."""
    if _parser is None:
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    closed: set[str] = set()
    closed |= _walk(list(tree), {""}, closed)
    if "" in closed:
        return None
    return _fewest(closed)


def _walk(items: list[tuple[Any, Any]], open_: set[str], closed: set[str]) -> set[str]:
    """Extend the ``open_`` needles through ``items``; needles that can grow no further go to
    ``closed``. Returns the needles still open at the end."""
    for op, av in items:
        if not open_:
            break
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: "\b", "^", look-arounds
        if op is _c.SUBPATTERN:
            open_ = _walk(list(av[-1]), open_, closed)
        elif op is _c.ATOMIC_GROUP:
            open_ = _walk(list(av), open_, closed)
        elif op is _c.BRANCH:
            open_ = set().union(*(_walk(list(alt), set(open_), closed) for alt in av[1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            open_ = _repeat(av, open_, closed)
        else:
            chars = _chars(op, av)
            if chars is None:
                closed |= open_
                open_ = set()
            else:
                open_ = _extend(open_, chars, closed)
        if len(open_) > MAX_OPEN:
            closed |= open_
            open_ = set()
    return open_


def _repeat(av: tuple[int, int, Any], open_: set[str], closed: set[str]) -> set[str]:
    low, high, sub = av
    if _is_space(sub):  # "\\s+" is one space in folded text, "\\s*" an optional one
        spaced = _extend(open_, {" "}, closed)
        return spaced if low >= 1 else open_ | spaced
    if low == 0 and high == 1:  # optional: with it or without it
        return open_ | _walk(list(sub), set(open_), closed)
    if low == 0:  # any number of times: the needles so far are all that is sure
        closed |= open_
        return set()
    once = _walk(list(sub), open_, closed)
    if high == 1:
        return once
    closed |= once  # what follows the first time may be another time or the rest
    return set()


def _chars(op: Any, av: Any) -> set[str] | None:
    """The folded characters one LITERAL or IN item matches, or None if too many or unknown."""
    if op is _c.LITERAL:
        return _folded({av})
    if op is not _c.IN:
        return None
    codes: set[int] = set()
    for kind, value in av:
        if kind is _c.LITERAL:
            codes.add(value)
        elif kind is _c.CATEGORY and value in (_c.CATEGORY_SPACE, _c.CATEGORY_UNI_SPACE):
            codes.add(ord(" "))
        elif kind is _c.RANGE and value[1] - value[0] < MAX_CLASS:
            codes.update(range(value[0], value[1] + 1))
        else:
            return None  # a negation, a category (\s, \d), a wide range
    return _folded(codes) if len(codes) <= MAX_CLASS else None


def _folded(codes: set[int]) -> set[str] | None:
    """ASCII characters, folded (white space as one space); anything else leaves the needle
    where it is."""
    chars = {" " if chr(code).isspace() else chr(code).casefold() for code in codes}
    return None if any(not c.isascii() for c in chars) else chars


def _is_space(sub: Any) -> bool:
    items = list(sub)
    return len(items) == 1 and _chars(*items[0]) == {" "}


def _extend(open_: set[str], chars: set[str], closed: set[str]) -> set[str]:
    grown: set[str] = set()
    for needle in open_:
        if len(needle) >= MAX_NEEDLE:
            closed.add(needle)
        else:
            grown.update(needle + c for c in chars)
    return grown


def _fewest(found: set[str]) -> tuple[str, ...]:
    """The needles without those that begin with a shorter one (a match that begins with
    "in the" begins with "in"), shortest first."""
    kept: list[str] = []
    for needle in sorted({_SPACES.sub(" ", n) for n in found}, key=lambda n: (len(n), n)):
        if not any(needle.startswith(k) for k in kept):
            kept.append(needle)
    return tuple(kept)
