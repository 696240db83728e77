"""Where a quantity stands: its sentence, its clause, its paragraph, and the document's date."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..gate import fold_aligned
from ..model import Document, Quantity, Sentence
from ..pack import Pack

# Clause boundaries inside a sentence: semicolons, colons, dashes, ", while"/", but"...
_CLAUSE_BREAK = re.compile(
    r"[;:]\s|\s[–—]\s|,\s+(?:while|whereas|but|and|although)\b|,\s+with\b"
)
# ... and a reporting verb before "that" ("officials said that"), searched apart (clause_breaks).
_SAID_THAT = re.compile(
    r"\b(?:says|said|writes|wrote|reports|reported|claims|claimed|notes|noted|estimates|"
    r"estimated|believes|believed|suggests|suggested|insists|insisted|argues|argued|admits|"
    r"admitted|warned|warns)\s+that\b"
)


# How many folded stretches a document's context keeps: readers ask for the sentences near
# the figure they read, so a few hundred cover a whole article; the bound keeps a book-length
# text from being held twice (without it, a 10 MB text took about 60 MB more at its peak).
FOLDED_KEPT = 512


@dataclass
class Spot:
    """One quantity in its context."""

    q: Quantity
    sentence: Sentence
    clause: tuple[int, int]  # character span of the clause holding the quantity
    paragraph: int  # index of the paragraph (line) holding the sentence
    index: int  # index of the sentence in the document


@dataclass
class DocContext:
    doc: Document
    sentences: list[Sentence]
    pack: Pack
    quantities: list[Quantity] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        text = self.doc.text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._starts = [s.start for s in self.sentences]
        self._q_starts = [q.start for q in self.quantities]
        self._folded: dict[tuple[int, int], tuple[str, bool]] = {}
        # The clause breaks of the last sentence a figure was found in: its other figures
        # come next, and share them.
        self._breaks_of = (-1, -1)
        self._breaks: list[tuple[int, int]] = []

    def folded(self, start: int, end: int) -> tuple[str, bool]:
        """text[start:end] folded for gates (``gate.fold_aligned``), kept a while: readers
        share sentences, near one another (a book-length text is not held twice)."""
        key = (start, end)
        if key not in self._folded:
            if len(self._folded) >= FOLDED_KEPT:
                self._folded.clear()
            self._folded[key] = fold_aligned(self.doc.text[start:end])
        return self._folded[key]

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        """The quantities wholly inside text[start:end]."""
        k = bisect.bisect_left(self._q_starts, start)
        found = []
        while k < len(self.quantities) and self.quantities[k].end <= end:
            found.append(self.quantities[k])
            k += 1
        return found

    def quantity_between(self, start: int, end: int) -> bool:
        """True when a quantity lies wholly inside text[start:end]."""
        k = bisect.bisect_left(self._q_starts, start)
        return k < len(self.quantities) and self.quantities[k].end <= end

    def paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def spot(self, q: Quantity) -> Spot:
        k = max(0, bisect.bisect_right(self._starts, q.start) - 1)
        sentence = self.sentences[k] if self.sentences else Sentence(q.start, q.end, q.surface)
        if not sentence.start <= q.start < sentence.end + 1:
            sentence = Sentence(q.start, q.end, q.surface)
        span = (sentence.start, sentence.end)
        if span != self._breaks_of:
            self._breaks_of = span
            self._breaks = clause_breaks(self.doc.text, *span)
        return Spot(
            q, sentence, clause_of(self._breaks, sentence, q), self.paragraph_of(q.start), k
        )

    def previous_sentences(self, spot: Spot, count: int) -> list[Sentence]:
        """Up to ``count`` sentences before ``spot`` in the same paragraph, nearest first."""
        found = []
        for k in range(spot.index - 1, max(-1, spot.index - 1 - count), -1):
            s = self.sentences[k]
            if self.paragraph_of(s.start) != spot.paragraph:
                break
            found.append(s)
        return found


def clause_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the clause breaks in text[start:end], in order. The two patterns are one
    alternation cut in two: a pattern that begins with "\\b" is tried at every character,
    where one that begins with a character skips to it, so the reporting verbs are searched
    only in a stretch that holds "that". A match of one never overlaps a match of the other
    (the verbs' are letters and spaces, the others' hold punctuation or "while", "with"...), so
    the spans are what the one alternation finds (a property test holds them to it)."""
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(text, start, end)]
    if text.find("that", start, end) == -1:
        return breaks
    return sorted(breaks + [m.span() for m in _SAID_THAT.finditer(text, start, end)])


def clause_of(breaks: list[tuple[int, int]], sentence: Sentence, q: Quantity) -> tuple[int, int]:
    """The span of the clause around ``q`` inside ``sentence``, whose clause breaks
    (``clause_breaks``) are ``breaks``."""
    start, end = sentence.start, sentence.end
    for break_start, break_end in breaks:
        if break_end <= q.start:
            start = break_end
        elif break_start >= q.end:
            end = break_start
            break
    return start, end
