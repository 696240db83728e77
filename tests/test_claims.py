from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crosscount.claims import claims_from, context, what, who
from crosscount.model import Document
from crosscount.numbers import find_quantities
from crosscount.segment import split_sentences

WHAT = [
    ("Almost 90,000 criminal proceedings were opened.", "almost 90,000", "criminal proceedings"),
    ("Of these, 35,307 out of 59,606 cases concerned desertion.", "35,307", "cases"),
    ("Desertions were highest in Zaporizhzhia (6,144) last year.", "6,144", "Zaporizhzhia"),
    ("They spent more than 900 million euros on it.", "more than 900 million euros", "euros"),
    ("Nearly a fifth of soldiers have gone AWOL.", "nearly a fifth", "soldiers"),
    ("Officials said 1,200 border guards were moved.", "1,200", "border guards"),
]


def _doc(text: str) -> Document:
    return Document(name="t.txt", text=text, sha256="0" * 64)


@pytest.mark.parametrize(("text", "surface", "what"), WHAT)
def test_claim_reads_what_is_counted(text: str, surface: str, what: str) -> None:
    doc = _doc(text)
    claims = claims_from(doc, split_sentences(text), find_quantities(text))
    claim = next(c for c in claims if c.surface.lower() == surface.lower())
    assert claim.what == what


def test_claim_quotes_its_own_sentence_and_keeps_its_span() -> None:
    text = "First, 12 soldiers left. Then 30 more fled on Monday."
    claims = claims_from(_doc(text), split_sentences(text), find_quantities(text))
    assert [c.quote for c in claims] == ["First, 12 soldiers left.", "Then 30 more fled on Monday."]
    for c in claims:
        assert text[c.start : c.end] == c.surface
        assert c.claim_id == f"t.txt:{c.start}-{c.end}"
    assert [c.measure for c in claims] == [None, "deserters_estimate"]


# Pieces of sentences around clause breaks: reporting verbs before "that" (and words that hold
# them), punctuation, dashes, commas before "while"/"with", spaces of several kinds.
_CLAUSE_PIECES = st.sampled_from(
    ["said", "says", "unsaid", "warned", "warnsthat", "that", "thats", "officials", ",", ";",
     ":", "–", "—", "-", "while", "with", "but", "and", "figures", "12,000", "“", "”"]
)
_GAPS = st.sampled_from(["", " ", "  ", "\n", "\t", "\u00a0"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_CLAUSE_PIECES, _GAPS), max_size=14), st.integers(0, 3))
@example([("officials", " "), ("said", " "), ("that", ""), (";", " "), ("while", "")], 0)
def test_clause_breaks_are_what_the_whole_alternation_finds(
    pieces: list[tuple[str, str]], cut: int
) -> None:
    text = "".join(word + gap for word, gap in pieces)
    whole = re.compile(  # the one alternation the two patterns were cut from
        r"[;:]\s|\s[–—]\s|,\s+(?:while|whereas|but|and|although)\b"
        r"|\b(?:says|said|writes|wrote|reports|reported|claims|claimed|notes|noted|estimates|"
        r"estimated|believes|believed|suggests|suggested|insists|insisted|argues|argued|admits|"
        r"admitted|warned|warns)\s+that\b|,\s+with\b"
    )
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - cut)
    expected = [m.span() for m in whole.finditer(text, start, end)]
    assert context.clause_breaks(text, start, end) == expected


_SOURCE_PIECES = st.sampled_from(
    ["Bohdan Yatsyshyn", "Iryna", "Moroz", ",", " a", " an", " the", " member", " of", " MP",
     '"', "”", "“", " said", " says", " wrote", ".", " ", "\n", "journalist", "The"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_SOURCE_PIECES, max_size=16))
@example(["Bohdan Yatsyshyn", ",", " a", " member", " of", " parliament"])
@example(["Iryna", " Moroz", ",", "\n", "the", " journalist"])
@example(["The", " Ministry", ",", " an", " office"])
@example(["“", "We", " left", "”", " said", " Moroz", "."])
@example(['"', "We", " left", '"', ",", " said", " ", "Iryna", " Moroz", "."])
def test_the_source_readers_quick_tests_never_hide_a_match(pieces: list[str]) -> None:
    """A sentence without an apposition (", a"/", the" ...) holds no introduced person, and
    one without a closing quotation mark no inverted attribution: the reader skips their
    searches on such sentences."""
    text = "".join(pieces)
    if who._INTRODUCED.search(text):
        assert who._APPOSITION.search(text)
    if who._INVERTED.search(text):
        assert who._may_close_quotation(text)


_AFTER_PIECES = st.sampled_from(
    ["cases", "criminal", "proceedings", "AWOL", "desertion", "and", "or", "out", "of", "the",
     "were", "opened", "concerned", "fleeing", "59,606", "12", ",", ".", "(", "soldiers",
     "registered", "in", "2024", "servicemen-deserters", "Ukraine’s"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_AFTER_PIECES, _GAPS), max_size=40), st.booleans())
@example([("out", " "), ("of", " "), ("59,606", " "), ("cases", " ")] * 8, True)
@example([("AWOL", " "), ("and", " "), ("desertion", " "), ("cases", " ")] * 9, False)
@example([("the", " ")] * 13 + [("AWOL", " "), ("and", " "), ("desertion", " "), ("cases", " ")],
         True)  # the first stretch ends at "and", whose coordination looks past it
def test_the_counted_phrase_is_read_as_from_the_whole_stretch(
    pieces: list[tuple[str, str]], skip_of: bool
) -> None:
    """The words of a first stretch are read first; the phrase is the one the whole 200
    characters give."""
    after = " " + "".join(word + gap for word, gap in pieces)
    whole = what._read_after(what._WORD.findall(after[: what.AFTER_CHARS]), skip_of)[0]
    assert what._phrase_after(after, skip_of) == whole
