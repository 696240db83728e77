"""Split a document into sentences with character offsets into its text.

A rule-based splitter: paragraphs at line breaks, sentences at ``.``/``!``/``?`` followed by
a capital letter, a digit or an opening quote, except after known abbreviations (``Art.``,
``No.``, ``Gen.``, ``U.S.``) and initials. It is measured at several MB/s; pysbd, which reads
the same cases, runs at about 0.2 MB/s (see ../shared/LIBRARIES.md), too slow for corpora.
"""

from __future__ import annotations

import re

from .model import Sentence
from .numbers.vocab import MONTH_ABBREVIATIONS

PRODUCED_BY = "segment.v1"

# Words a full stop follows without ending the sentence, month abbreviations among them.
ABBREVIATIONS = frozenset(
    {
        "art",
        "arts",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "st",
        "vs",
        "etc",
        "approx",
        "p",
        "pp",
        "vol",
        "para",
        "sec",
        "ch",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "gov",
        "rep",
        "sen",
        "prof",
        "jr",
        "sr",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
        "cf",
        "al",
        "est",
        "govt",
        "mln",
        "bln",
        "ave",
    }
) | MONTH_ABBREVIATIONS
# A candidate boundary: end punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9А-ЯЁІЇЄ])")
_PARAGRAPH = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text``: non-empty, in order, each with ``text[start:end] == sentence``."""
    sentences: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        start = para.start()
        for boundary in _BOUNDARY.finditer(text, para.start(), para.end()):
            if _is_abbreviation(text, start, boundary.start() + 1):
                continue
            end = boundary.end()
            _append(sentences, text, start, end)
            start = end
        _append(sentences, text, start, para.end())
    return sentences


def _is_abbreviation(text: str, start: int, dot_end: int) -> bool:
    if text[dot_end - 1] != ".":
        return False
    m = _LAST_WORD.search(text, max(start, dot_end - 12), dot_end)
    if m is None:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and m.group(1).isupper())


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add text[start:end] trimmed of surrounding whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding character ``pos`` (sentences sorted by start)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= pos:
        return sentences[lo]
    return None
