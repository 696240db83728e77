"""Invariants of the number recogniser on any text."""

from __future__ import annotations

import math
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from crosscount.model import APPROX_MARKS
from crosscount.numbers import find_quantities, scan
from crosscount.numbers.tokens import _GROUP_SEP, BLANKS, tokenize

NEWSY = st.lists(
    st.sampled_from(
        list("0123456789 ,.-–%$€£+/:()\n\u00a0\u2009")
        + [
            "about ",
            "more than ",
            "between ",
            " and ",
            " to ",
            "thousand ",
            "million ",
            "half ",
            "a ",
            "two-thirds ",
            "Article ",
            "No. ",
            "January ",
            "2024 ",
            "twenty-",
            "one ",
            "times ",
            "percent ",
            "year-old ",
            "several ",
            "dozens ",
            "of ",
            "th ",
            "← ",
            "→ ",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_any_string_never_raises_and_spans_slice_exactly(text: str) -> None:
    result = scan(text)
    for q in result.quantities:
        assert text[q.start : q.end] == q.surface
    for r in result.rejected:
        assert text[r.start : r.end] == r.surface


@settings(max_examples=600, deadline=None)
@given(NEWSY)
def test_number_like_text_gives_well_formed_quantities(text: str) -> None:
    quantities = find_quantities(text)
    previous_end = 0
    for q in quantities:
        assert text[q.start : q.end] == q.surface
        assert q.start >= previous_end, "quantities must not overlap"
        previous_end = q.end
        assert math.isfinite(q.value)
        assert q.approx in APPROX_MARKS
        if q.value_high is not None:
            assert q.value_high > q.value


def test_spans_index_text_with_non_ascii_before_them() -> None:
    text = "Ukraine’s office — «report» — counted 35,307 cases and €900 million."
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.surface
    assert [q.value for q in find_quantities(text)] == [35307, 900_000_000]


def test_a_text_longer_than_a_chunk_is_read_whole() -> None:
    from crosscount.numbers import CHUNK_CHARS

    line = "In March some 1,250 soldiers left and about 300 came back.\n"
    text = line * (3 * CHUNK_CHARS // len(line))
    found = find_quantities(text)
    assert [q.surface for q in found] == ["some 1,250", "about 300"] * (len(text) // len(line))
    assert all(text[q.start : q.end] == q.surface for q in found)


# The tokeniser's specification: one finditer, each match a token of the group it matched,
# numbers first, with the number pattern in its plain form.
_SPEC_NUMBER = (
    rf"(?<!\d)\d{{1,3}}(?:{_GROUP_SEP}\d{{3}})+(?:\.\d+)?(?![\d])"
    rf"|(?<!\d)\d{{1,3}}(?:\.\d{{3}}){{2,}}(?![\d])"
    r"|\d+(?:\.\d+)?|(?<![\w.])\.\d+(?![\d.])|[½⅓⅔¼¾⅕⅛]"
)
_SPEC = re.compile(
    rf"(?P<num>{_SPEC_NUMBER})|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)|(?P<sym>\S)"
)


ODD = st.sampled_from([".5", "_", "²", "x.5", "ǅ", "٣", "𝟗"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(NEWSY, st.text(max_size=8), ODD), max_size=6).map("".join))
@example("1,234,567.89 and 12.345.678, 1 234 5678, 123456,789 or 1,23,456")
@example(".5 a.5 1..5 5. 0.5.5 ..5 ¼A A¼ 3½ 1.000.00 9,000.000.000")
@example("Ukraine’s soldiers' O'Brien abc_d abcé naïve ab²c COVID19 x’ y'z Zürich")
@example("7")
@example(".75")
def test_tokens_are_those_of_one_plain_finditer(text: str) -> None:
    expected = [
        (m.lastgroup, m.group(), m.group().lower(), m.start(), m.end())
        for m in _SPEC.finditer(text)
    ]
    tokens = tokenize(text, 0, len(text))
    rows = zip(tokens.kind, tokens.text, tokens.low, tokens.start, tokens.end, strict=True)
    assert list(rows) == expected


def test_low_or_blank_reads_blanks_past_either_end() -> None:
    tokens = tokenize("About 5 cases", 0, 13)
    read = [tokens.low_or_blank[i] for i in range(-BLANKS, tokens.size + BLANKS)]
    assert read == [""] * BLANKS + ["about", "5", "cases"] + [""] * BLANKS
