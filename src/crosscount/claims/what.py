"""Turn quantities into claims: the sentence each stands in and what it counts.

``what`` is the counted noun phrase read after the number ("almost 90,000 criminal
proceedings were opened" -> "criminal proceedings"), or, when the number stands alone in
brackets ("Kharkov (5,771)"), the noun phrase before it. The semantic fields of the export
contract that later stages fill (measure, period, place, source...) stay empty here.
"""

from __future__ import annotations

import re

from ..model import Quantity, Sentence

# Longest counted noun phrase kept, in words.
MAX_WHAT_WORDS = 5

_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.]*|[^\w\s]")
# How far after a number its counted phrase is looked for, and how much is read first (most
# phrases end within it; the rest are read again from the whole stretch).
AFTER_CHARS = 200
FIRST_CHARS = 60
# Words that end a noun phrase: function words, auxiliaries and common reporting verbs.
_STOP = frozenset(
    """
    a an the this that these those and or but nor so yet for of in on at to from by with without
    into onto over under about after before since until during between among through against per
    via than as like is are was were be been being am has have had having do does did will would
    shall should can could may might must not no who whom whose which what when where why how it
    its they them their there here he she his her we our you your i me my us said says say told
    tells reported according wrote writes noted claimed added left fled went came got made took
    gave deserted escaped returned registered opened closed also only already just even still
    more most less least alone each every all both respectively total if while because though
    although whether then now ago later earlier ran fell rose grew saw began became kept held
    brought sent found lost paid won stood led met put run flee desert leave go come return die
    remain serve fight
    """.split()
)
_SKIP_BEFORE_NOUN = frozenset({"of", "the", "a", "an", "out", "these", "those", "its", "their"})
_CURRENCY_NAMES = {
    "USD": "US dollars",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "UAH": "hryvnias",
    "RUB": "rubles",
}


def counted_phrase(text: str, q: Quantity, sentence: Sentence) -> str | None:
    """What the quantity counts: the noun phrase after it, else the one before a bracket."""
    if q.unit in _CURRENCY_NAMES:
        return _CURRENCY_NAMES[q.unit]
    after = text[q.end : sentence.end]
    phrase = _phrase_after(after, skip_of=q.unit in ("percent", "fraction", "count"))
    if phrase:
        return phrase
    before = text[sentence.start : q.start].rstrip()
    if before.endswith("("):
        return _phrase_before(before[:-1])
    return None


def _phrase_after(after: str, skip_of: bool) -> str | None:
    """The counted phrase in the words after a number (up to AFTER_CHARS of them). The words of
    a shorter stretch, cut at a space, are read first: no word runs over a space, so they are
    the first words of the whole stretch, and a reading that stops three words before their
    end (a conjunction looks two words ahead) is the whole stretch's reading."""
    cut = after.find(" ", FIRST_CHARS, AFTER_CHARS)
    if cut != -1:
        phrase, decided = _read_after(_WORD.findall(after[:cut]), skip_of)
        if decided:
            return phrase
    return _read_after(_WORD.findall(after[:AFTER_CHARS]), skip_of)[0]


def _read_after(words: list[str], skip_of: bool) -> tuple[str | None, bool]:
    """(the counted phrase at the start of ``words``, whether the reading stopped at a word
    that at least three more follow: more words would not change it)."""
    k = 0
    # "35,307 out of 59,606 cases": skip to the words after the second number.
    if words[:2] == ["out", "of"] and len(words) > 2 and words[2][0].isdigit():
        k = 3
    while skip_of and k < len(words) and words[k].lower() in _SKIP_BEFORE_NOUN:
        k += 1
    kept: list[str] = []
    rest = words[k:]
    stop = -1
    for n, w in enumerate(rest):
        if w.lower() in ("and", "or") and kept and _coordinated(rest[n + 1 : n + 3]):
            kept.append(w)  # "AWOL and desertion cases"
            continue
        if not w[0].isalpha() or w.lower() in _STOP or len(kept) >= MAX_WHAT_WORDS:
            stop = k + n
            break
        if kept and w.lower().endswith(("ed", "ing")):
            stop = k + n
            break  # "cases concerned", "soldiers fleeing": the verb after the noun
        kept.append(w)
    return " ".join(kept) or None, stop != -1 and len(words) >= stop + 4


def _coordinated(following: list[str]) -> bool:
    """True when two content words follow a conjunction: "and desertion cases"."""
    return len(following) == 2 and all(
        w[0].isalpha() and w.lower() not in _STOP and not w.lower().endswith("ed")
        for w in following
    )


def _phrase_before(before: str) -> str | None:
    words: list[str] = _WORD.findall(before[-120:])
    kept: list[str] = []
    for w in reversed(words):
        if not w[0].isalpha() or w.lower() in _STOP or len(kept) == MAX_WHAT_WORDS:
            break
        kept.insert(0, w)
    return " ".join(kept) or None
