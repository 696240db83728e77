"""Gates skip a pattern only over text it cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crosscount.claims import dates, times, who
from crosscount.claims.where import _cue_pattern
from crosscount.gate import Gates, WordStart, fold, fold_aligned, gates, needles
from crosscount.pack import load_pack

TRICKY = [
    r"\bstra(?:ße|sse)\b",
    r"[Oo]n\s+(?:the\s+)?(?:morning|night)",
    r"a\s*b",
    r"(?:ab)+c",
    r"x{2,3}y",
    r"(?<![\w-])kilo",
    r"in\tstep",
    r"q[1-4]|h[12]",
    r"\d+ people",
    r"(?i:since)\s+then",
    r"mid-(?:jan|feb)",
    r"(?:very\s+)*big",
    r"z*top",
]


def _patterns() -> list[re.Pattern[str]]:
    pack = load_pack()
    found = [p for m in pack.measures for p in m.patterns]
    found += [pack.source_pattern]
    found += [p for _, p in dates.compile_grammar(r"(?:the\s+full-scale\s+invasion)")]
    found += [v for v in vars(who).values() if isinstance(v, re.Pattern)]
    found += [v for v in vars(times).values() if isinstance(v, re.Pattern)]
    found += [re.compile(p, re.IGNORECASE) for p in TRICKY] + [re.compile(p) for p in TRICKY]
    return found


PATTERNS = _patterns()
GATES = Gates(PATTERNS)
# Words and pieces the patterns are made of, so that generated text often matches them.
WORDS = sorted({w for p in PATTERNS for w in re.findall(r"[A-Za-z]{2,}|\d+", p.pattern)})
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "-", ",", ".", "'", "(", "2024", "17"]),
    st.sampled_from(["İ", "ı", "ſ", "\u212a", "ß", "\u0307", "É"]),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(PIECES, max_size=12))
    cased = [draw(st.sampled_from([p, p.upper(), p.title(), p.lower()])) for p in pieces]
    return "".join(draw(st.sampled_from(["", " "])) + p for p in cased)


# Stretches of real articles: patterns match them often, in every way the articles use.
ARTICLES = [p.read_text() for p in sorted(Path(__file__).parent.glob("data/*/docs/*.txt"))]


@st.composite
def article_stretches(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(ARTICLES))
    start = draw(st.integers(0, len(text) - 1))
    stretch = text[start : start + draw(st.integers(0, 400))]
    return draw(st.sampled_from([stretch, stretch.upper(), stretch.replace(" ", "  ", 3)]))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(texts(), article_stretches()))
def test_a_closed_gate_means_no_match(text: str) -> None:
    open_ = GATES.open(fold(text))
    for bit, pattern in enumerate(PATTERNS):
        if pattern.search(text) is not None:
            assert open_ >> bit & 1, (pattern.pattern, text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(texts(), article_stretches()), st.integers(0, 6), st.integers(0, 6))
def test_matches_are_what_finditer_finds(text: str, cut_start: int, cut_end: int) -> None:
    """Matches tried only where needles stand are exactly finditer's, in any stretch."""
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    found = GATES.matches(text, start, end, fold_aligned(text[start:end]))
    for pattern, matches in zip(PATTERNS, found, strict=True):
        expected = [m.span() for m in pattern.finditer(text, start, end)]
        assert [m.span() for m in matches] == expected, (pattern.pattern, text)


# Patterns that begin with the word-start look-behind, as the pack and the readers build them.
WORD_PATTERNS = [
    load_pack().place_pattern,
    load_pack().source_pattern,
    *(_cue_pattern(side) for side in load_pack().sides),
    re.compile(r"(?<![\w-])(?:kilo|Kyiv|ab|abc)(?![\w-])"),
]


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(texts(), article_stretches(), st.text(alphabet="Kyiv-_ ab1c", max_size=30)),
    st.integers(0, 6),
    st.integers(0, 6),
)
@example("1ab x_ab -Kyiv ab2 ² ab", 0, 0)  # what may stand before a word, and what may not
@example("abab ab", 2, 0)  # the look-behind sees before the stretch
def test_word_start_patterns_find_what_finditer_finds(text: str, cut: int, cut_end: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - cut_end)
    for pattern in WORD_PATTERNS:
        expected = [m.span() for m in pattern.finditer(text, start, end)]
        assert [m.span() for m in WordStart(pattern).finditer(text, start, end)] == expected


def test_a_pattern_without_the_word_start_is_run_as_it_is() -> None:
    pattern = re.compile(r"\d+")
    assert [m.group() for m in WordStart(pattern).finditer("a 12 b 3")] == ["12", "3"]


def test_a_stretch_is_aligned_only_when_each_character_folds_to_one() -> None:
    assert fold_aligned("In April") == ("in april", True)
    assert fold_aligned("in  April") == ("in april", False)
    assert fold_aligned("Straße")[1] is False
    assert fold_aligned("İn")[1] is False


def test_generated_text_does_match_some_patterns() -> None:
    """The property above is not vacuous: texts of pattern words match patterns."""
    samples = ["from January to March 2024", "Citing the SBI, it said", "AWOL and desertion"]
    assert all(any(p.search(s) for p in PATTERNS) for s in samples)
    assert all(GATES.open(fold(s)) for s in samples)


def test_a_slice_is_gated_as_the_pattern_sees_it() -> None:
    """finditer(text, start, end) finds nothing outside the slice the gate was asked about."""
    text = "Nothing here. Since 2022, 300 deserted."
    since = re.compile(r"\bsince\s+(?P<a>\d{4})", re.IGNORECASE)
    gates = Gates([since])
    first, second = (0, 13), (14, len(text))
    assert not gates.open(fold(text[slice(*first)]))
    assert list(since.finditer(text, *first)) == []
    assert gates.open(fold(text[slice(*second)])) == 1


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bfrom\s+(?:the\s+)?start", ("from start", "from the sta")),
        (r"(?<![\w-])(?:AWOL|desert(?:ion|er)s?)", ("awol", "deserter", "desertion")),
        (r"[Oo]n\s+Monday", ("on monday",)),
        (r"q[1-4]", ("q1", "q2", "q3", "q4")),
        (r"(?:ab)+c", ("ab",)),
        (r"in the|in", ("in",)),
        (r"(?:in\s+)?April", ("april", "in april")),
    ],
)
def test_needles_are_what_every_match_begins_with(pattern: str, expected: tuple[str, ...]) -> None:
    assert needles(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize("pattern", [r"\d+ people", r"\w+ said", r".*x", r"(?:a|\d)b", r"[^a]x"])
def test_a_pattern_that_may_begin_anywhere_is_always_run(pattern: str) -> None:
    assert needles(re.compile(pattern)) is None
    assert Gates([re.compile(pattern)]).open("") == 1


def test_fold_matches_case_insensitive_matching() -> None:
    assert fold("İN  the\u00a0\tYEAR") == "in the year"
    assert fold("ıs ſince \u212ailled") == "is since killed"


def test_the_time_grammar_and_its_gates_are_made_once_per_pack() -> None:
    # The gates are cached by pattern object; re's own cache, shared with every library in the
    # process, may drop the grammar's patterns, and the gates were then rebuilt per document.
    first = dates.compile_grammar(r"(?:the\s+first\s+test\s+event)")
    re.purge()
    again = dates.compile_grammar(r"(?:the\s+first\s+test\s+event)")
    assert again is first
    assert gates(tuple(p for _, p in again)) is gates(tuple(p for _, p in first))


# The attribution reader's introduced-name pattern, with "\b" where it stands in plain form.
_PLAIN_INTRODUCED = re.compile(
    who._INTRODUCED.pattern.replace(r"(?P<name>[A-Z](?<!\w[A-Z])", r"\b(?P<name>[A-Z]", 1)
)
_BEFORE_NAME = st.sampled_from(["", " ", "x", "É", "é", "3", "_", "-", "'", "(", "\n", "A"])
_NAME_WORDS = st.lists(st.sampled_from(["Marta", "Kovalenko", "Oleh", "de", "O'Neil", "Zz"]))
_INTRODUCTIONS = st.tuples(
    _BEFORE_NAME,
    _NAME_WORDS.map(" ".join),
    st.sampled_from([", a ", ", the ", ",  an ", " a ", ", "]),
    st.sampled_from(["researcher", "MP", "Kyiv-based lawmaker", ""]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_INTRODUCTIONS, min_size=1, max_size=3).map(" ".join))
@example("3Marta Kovalenko, a researcher; _Oleh Petrenko, the head")
def test_the_introduced_name_pattern_matches_as_its_plain_form(text: str) -> None:
    assert _PLAIN_INTRODUCED.pattern != who._INTRODUCED.pattern
    found = [m.groupdict() | {"span": m.span()} for m in who._INTRODUCED.finditer(text)]
    plain = [m.groupdict() | {"span": m.span()} for m in _PLAIN_INTRODUCED.finditer(text)]
    assert found == plain


_INTRO_PIECES = st.sampled_from(
    ["this", "This", "HERE", "here", "is", "what", "WHAT", "as", "follows", "Follows", "ſ", "x"]
    + [" ", "  ", "\n", ",", ":", "-", "’"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_INTRO_PIECES, max_size=10).map(" ".join))
@example("He wrote as follows:")
@example("THIS IS WHAT the office said")
def test_the_quick_test_for_a_quotation_announcement_never_hides_one(text: str) -> None:
    assert who.introduces(text) == (who._INTRO.search(text) is not None)
