"""Golden-table tests for the time fields of claims: period_start, period_end, as_of, rate.

The cases live in ``tests/data/periods_cases.yaml``: a few sentences of English news each, the
document's date, the surface of one figure, and the four time fields a careful annotator gives
that figure (the conventions of the annotation guide: inclusive ISO periods, "in 2025" open in
a document of 2025, "to November 1" ending October 31, comparison bases that are not periods,
reporting dates that are not event dates, ...). Each case becomes one test that runs the whole
pipeline (``crosscount.pipeline.process``) on a Document built from the case, finds the claim
whose surface is the figure and compares its four fields.

``test_table_is_well_formed`` checks the table itself (it does not run the pipeline): keys,
types, ISO formats, rate names, unique ids, and that the figure occurs in the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crosscount.claims import dates, times

from .helpers import case_id, load_cases

CASES_PATH = Path(__file__).resolve().parent / "data" / "periods_cases.yaml"

FIELDS = ("period_start", "period_end", "as_of", "rate")
RATES = ("per_month", "per_day", "per_year", "per_week")
CASE_KEYS = {"known_gap", "id", "published", "text", "figure", "expect", "note"}
REQUIRED_KEYS = {"id", "published", "text", "figure", "expect"}
ISO = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


CASES = load_cases(CASES_PATH)


def _explain(case: dict[str, Any], got: dict[str, Any], want: dict[str, Any]) -> str:
    lines = [
        f"text:      {case['text']!r}",
        f"published: {case['published']!r}",
        f"figure:    {case['figure']!r}",
        f"{'field':<13} {'expected':<13} got",
    ]
    for name in FIELDS:
        mark = "  " if got[name] == want[name] else "!="
        lines.append(f"{name:<13} {want[name]!s:<13} {got[name]!s}   {mark}")
    if case.get("note"):
        lines.append(f"note: {case['note']}")
    return "\n".join(lines)


def _param(case: dict[str, Any]) -> Any:
    """A case as a test; a case the project knows it gets wrong (``known_gap``, with the
    reason) is a strict expected failure, so that fixing it is noticed."""
    gap = case.get("known_gap")
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case, id=case_id(case), marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_period(case: dict[str, Any]) -> None:
    from crosscount.model import Document
    from crosscount.pipeline import process

    doc = Document(name="case.txt", text=case["text"], sha256="0" * 64, published=case["published"])
    claims = process(doc).claims
    matching = [c for c in claims if c.surface == case["figure"]]
    if len(matching) != 1:
        surfaces = [c.surface for c in claims]
        what = "no claim" if not matching else f"{len(matching)} claims"
        pytest.fail(
            f"{what} with surface {case['figure']!r} (want exactly one)\n"
            f"text: {case['text']!r}\nclaims found: {surfaces!r}"
        )
    claim = matching[0]
    got = {name: getattr(claim, name) for name in FIELDS}
    want = {name: case["expect"][name] for name in FIELDS}
    assert got == want, _explain(case, got, want)


def _check_case(case: Any, n: int, seen: set[str]) -> list[str]:
    if not isinstance(case, dict):
        return [f"case {n}: not a mapping"]
    where = f"case {n} ({case_id(case)!r})"
    problems = []
    extra, missing = set(case) - CASE_KEYS, REQUIRED_KEYS - set(case)
    if extra:
        problems.append(f"{where}: unknown keys {sorted(extra)}")
    if missing:
        return problems + [f"{where}: missing keys {sorted(missing)}"]
    cid = case_id(case)
    if cid in seen:
        problems.append(f"{where}: duplicate id {cid!r}")
    seen.add(cid)
    text, figure, published = case["text"], case["figure"], case["published"]
    if not isinstance(text, str) or not text:
        problems.append(f"{where}: text must be a non-empty string")
    elif not isinstance(figure, str) or figure not in text:
        problems.append(f"{where}: figure {figure!r} does not occur in the text")
    if published is not None and not (isinstance(published, str) and ISO.match(published)):
        problems.append(f"{where}: published {published!r} is not a quoted ISO date or null")
    expect = case["expect"]
    if not isinstance(expect, dict) or set(expect) != set(FIELDS):
        return problems + [f"{where}: expect must have exactly the keys {list(FIELDS)}"]
    for name in ("period_start", "period_end", "as_of"):
        value = expect[name]
        if value is not None and not (isinstance(value, str) and ISO.match(value)):
            problems.append(f"{where}: {name} {value!r} is not a quoted ISO date or null")
    if expect["rate"] is not None and expect["rate"] not in RATES:
        problems.append(f"{where}: rate {expect['rate']!r} is not one of {RATES}")
    start, end = expect["period_start"], expect["period_end"]
    if start is not None and end is not None and end[: len(start)] < start[: len(end)]:
        problems.append(f"{where}: period ends ({end}) before it starts ({start})")
    return problems


def test_table_is_well_formed() -> None:
    seen: set[str] = set()
    problems = [p for n, case in enumerate(CASES) for p in _check_case(case, n, seen)]
    assert not problems, "\n".join(problems)


# Words and pieces the rate patterns are made of, so that generated text often holds a rate.
_RATE_PIECES = sorted(
    {
        word
        for pattern, _ in dates.RATES
        for word in re.findall(r"[A-Za-z]{2,}|\d+", re.sub(r"\\[a-zA-Z]", " ", pattern.pattern))
    }
    | {" ", "  ", "-", ",", "Month", "WEEKLY", "ago", "for", "the", "largest", "ſ", "\u212a"}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_RATE_PIECES), max_size=8).map(" ".join))
@example("paid every 24 hours")
@example("5% per annum")
def test_the_quick_key_test_never_hides_a_rate(text: str) -> None:
    assert dates.find_rate(text, 0, len(text)) == dates.search_rate(text, 0, len(text))


# Lines a dated section may be headed by, and lines around them: blank, decorated, prose.
_LINE_PIECES = st.sampled_from(
    [
        "March 5, 2024",
        "## 12 January 2025 **",
        "  *October 2024*  ",
        "2024-11-03",
        "Monday, 3 February",
        "",
        "   ",
        "#",
        "**",
        "\t",
        "In March 2024, 300 soldiers left.",
        "5 March",
        "march 5, 2024 and more",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=10), st.sampled_from(["\n", "\n\n", "\r\n"]))
@example(["", "  ", "March 5, 2024", "", "12 January 2025"], "\n")  # a match over blank lines
def test_date_lines_are_what_the_whole_search_finds(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    expected = [m.span() for m in times._DATE_LINE.finditer(text)]
    assert [m.span() for m in times.date_lines(text, starts)] == expected


_YEAR_PIECES = st.sampled_from(
    ["2024", "1999", "2100", "19", "20", "1", "2", "a", "_", "é", "-", " ", ".", "\n", "0", "5"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_YEAR_PIECES, max_size=12), st.integers(0, 4), st.integers(0, 4))
@example(["a", "2024", " ", "2024", "5"], 1, 0)
def test_explicit_years_are_what_the_plain_pattern_finds(
    pieces: list[str], lo: int, cut: int
) -> None:
    text = "".join(pieces)
    plain = re.compile(r"\b(?:19|20)\d{2}\b")
    hi = max(0, len(text) - cut)
    expected = [m.span() for m in plain.finditer(text, lo, hi)]
    assert [m.span() for m in dates._EXPLICIT_YEAR.finditer(text, lo, hi)] == expected
