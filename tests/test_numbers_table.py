"""Golden-table tests for the quantity recogniser, ``crosscount.numbers.find_quantities``.

The cases live in ``tests/data/numbers_cases.yaml``: one English news sentence each, with every
quantity the recogniser must return, in text order, as ``[surface, value, value_high, approx,
unit]`` (an empty list when the sentence holds no quantity). Each case becomes one test, so a
failure names the sentence it is about.

``test_table_is_well_formed`` checks the table itself (it does not need the recogniser): keys,
types, approximation marks, unique ids, and that every expected surface occurs in its sentence
in the order given.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from .helpers import case_id, load_cases

CASES_PATH = Path(__file__).resolve().parent / "data" / "numbers_cases.yaml"

APPROX_MARKS = ("=", "~", ">", ">=", "<", "<=")
CASE_KEYS = {"id", "text", "expect", "note"}
REL_TOL = 1e-3
ABS_TOL = 1e-6

Row = tuple[str, float, "float | None", str, str]


CASES = load_cases(CASES_PATH)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _row_matches(got: Row, want: Row) -> bool:
    surface, value, value_high, approx, unit = got
    w_surface, w_value, w_high, w_approx, w_unit = want
    if surface != w_surface or approx != w_approx or unit != w_unit:
        return False
    if not _close(float(value), float(w_value)):
        return False
    if w_high is None or value_high is None:
        return w_high is None and value_high is None
    return _close(float(value_high), float(w_high))


def _show(rows: list[Row]) -> str:
    if not rows:
        return "    (nothing)"
    return "\n".join(f"    {list(r)!r}" for r in rows)


def _explain(case: dict[str, Any], got: list[Row], want: list[Row]) -> str:
    lines = [
        f"text: {case['text']!r}",
        "expected:",
        _show(want),
        "got:",
        _show(got),
    ]
    if case.get("note"):
        lines.append(f"note: {case['note']}")
    return "\n".join(lines)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_find_quantities(case: dict[str, Any]) -> None:
    from crosscount.numbers import find_quantities

    text = case["text"]
    found = find_quantities(text)
    got: list[Row] = [(q.surface, q.value, q.value_high, q.approx, q.unit) for q in found]
    want: list[Row] = [tuple(row) for row in case["expect"]]

    ok = len(got) == len(want) and all(_row_matches(g, w) for g, w in zip(got, want, strict=True))
    assert ok, _explain(case, got, want)

    for q in found:
        assert text[q.start : q.end] == q.surface, (
            f"span {q.start}:{q.end} slices {text[q.start : q.end]!r}, surface is {q.surface!r}"
        )


def test_table_is_well_formed() -> None:
    problems: list[str] = []
    seen_ids: set[str] = set()
    for n, case in enumerate(CASES):
        where = f"case {n} ({case.get('id') or str(case.get('text'))[:40]!r})"
        if not isinstance(case, dict):
            problems.append(f"{where}: not a mapping")
            continue
        extra = set(case) - CASE_KEYS
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        text = case.get("text")
        if not isinstance(text, str) or not text:
            problems.append(f"{where}: text must be a non-empty string")
            continue
        cid = case_id(case)
        if cid in seen_ids:
            problems.append(f"{where}: duplicate id {cid!r}")
        seen_ids.add(cid)
        expect = case.get("expect")
        if not isinstance(expect, list):
            problems.append(f"{where}: expect must be a list")
            continue
        pos = 0
        for row in expect:
            if not isinstance(row, list) or len(row) != 5:
                problems.append(f"{where}: row {row!r} is not [surface, value, high, approx, unit]")
                continue
            surface, value, high, approx, unit = row
            if not isinstance(surface, str) or not surface:
                problems.append(f"{where}: surface {surface!r} is not a non-empty string")
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"{where}: value {value!r} of {surface!r} is not a number")
            if high is not None and (isinstance(high, bool) or not isinstance(high, (int, float))):
                problems.append(f"{where}: value_high {high!r} of {surface!r} is not a number")
            if approx not in APPROX_MARKS:
                problems.append(f"{where}: approx {approx!r} of {surface!r} is not a mark")
            if not isinstance(unit, str) or not unit:
                problems.append(f"{where}: unit {unit!r} of {surface!r} is not a string")
            at = text.find(surface, pos)
            if at < 0:
                problems.append(f"{where}: surface {surface!r} not found in order in the text")
            else:
                pos = at + len(surface)
    assert not problems, "\n".join(problems)
