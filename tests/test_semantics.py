"""Golden-table tests for the semantic fields of claims: measure, place, side, source, via,
derived.

The cases live in ``tests/data/semantics_cases.yaml``: a short news text each (with an
optional document outlet), the figure checked (its surface as
``crosscount.numbers.find_quantities`` gives it) and the fields expected of its claim. Each
case runs the text through ``crosscount.pipeline.process`` with the default pack and becomes
one test, so a failure names the case and every field that differs.

``source`` is compared loosely (see ``source_matches``): case does not matter, nor the words
the/of/a/an/in/from, and one name may hold more words than the other ("lawmaker Oleksiy
Goncharenko" matches "Oleksiy Goncharenko"). The other fields are compared exactly; ``via`` as a
list, in order.

``test_table_is_well_formed`` checks the table itself: keys, types, unique ids, measure keys
known to the pack, and that each figure occurs exactly once among the text's quantities.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from .helpers import case_id, load_cases

CASES_PATH = Path(__file__).resolve().parent / "data" / "semantics_cases.yaml"

CASE_KEYS = {"known_gap", "id", "text", "outlet", "figure", "expect", "note"}
FIELDS = ("measure", "place", "side", "source", "via", "derived")
SIDES = ("UA", "RU")
_SOURCE_STOPWORDS = frozenset({"the", "of", "a", "an", "in", "from"})
_WORD = re.compile(r"[\w’'.-]+")


CASES = load_cases(CASES_PATH)


# -- source comparison ---------------------------------------------------------------------


def source_words(name: str) -> set[str]:
    """The words of a source name, lower-cased, without the/of/a/an/in/from and without
    punctuation at their edges ("Prosecutor General's" keeps "general's")."""
    words = set()
    for w in _WORD.findall(name.lower()):
        w = w.strip(".-'’")
        if w and w not in _SOURCE_STOPWORDS:
            words.add(w)
    return words


def source_matches(got: str | None, want: str | None) -> bool:
    """True when both are None, or when one's words contain all the other's words."""
    if want is None or got is None:
        return want is None and got is None
    g, w = source_words(got), source_words(want)
    if not g or not w:
        return g == w
    return g <= w or w <= g


def test_source_matches_helper() -> None:
    assert source_matches(None, None)
    assert not source_matches("Butusov", None)
    assert not source_matches(None, "Butusov")
    assert source_matches("lawmaker Oleksiy Goncharenko", "Oleksiy Goncharenko")
    assert source_matches("Yuriy Butusov", "the journalist Yuriy Butusov")
    assert source_matches(
        "OFFICE OF THE PROSECUTOR GENERAL", "Office of the Prosecutor General of Ukraine"
    )
    assert source_matches("a source in the Polish security service", "Polish security service")
    assert not source_matches(
        "Prosecutor General's Office", "Office of the Prosecutor General of Ukraine"
    )
    assert not source_matches("Volodymyr Boyko", "Volodymyr Boiko")
    assert not source_matches("Kyiv", "State Bureau of Investigation")


# -- running a case ------------------------------------------------------------------------


def _claim_of(case: dict[str, Any]) -> Any:
    from crosscount.model import Document
    from crosscount.pipeline import process

    text = case["text"]
    doc = Document(
        name=f"{case_id(case)}.txt",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        outlet=case.get("outlet"),
    )
    every = process(doc).claims
    claims = [c for c in every if c.surface == case["figure"]]
    surfaces = [c.surface for c in every]
    assert len(claims) == 1, (
        f"figure {case['figure']!r} found {len(claims)} times among claims {surfaces!r}"
    )
    return claims[0]


def _got(claim: Any, name: str) -> Any:
    value = getattr(claim, name)
    if name == "via":
        return list(value)
    return value


def _field_ok(name: str, got: Any, want: Any) -> bool:
    if name == "source":
        return source_matches(got, want)
    if name == "via":
        return list(got) == list(want or [])
    return bool(got == want)


def _param(case: dict[str, Any]) -> Any:
    """A case as a test; a case the project knows it gets wrong (``known_gap``, with the
    reason) is a strict expected failure, so that fixing it is noticed."""
    gap = case.get("known_gap")
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case, id=case_id(case), marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_semantics(case: dict[str, Any]) -> None:
    claim = _claim_of(case)
    expect: dict[str, Any] = case["expect"]
    wrong = []
    for name in FIELDS:
        if name not in expect:
            continue
        got = _got(claim, name)
        if not _field_ok(name, got, expect[name]):
            wrong.append(f"{name}: expected {expect[name]!r}, got {got!r}")
    if wrong:
        lines = [f"text: {case['text']!r}", f"figure: {case['figure']!r}"]
        if case.get("outlet"):
            lines.append(f"outlet: {case['outlet']!r}")
        lines += wrong
        lines.append(
            "claim: "
            + ", ".join(f"{n}={_got(claim, n)!r}" for n in FIELDS)
            + f", what={claim.what!r}"
        )
        if case.get("note"):
            lines.append(f"note: {case['note']}")
        pytest.fail("\n".join(lines), pytrace=False)


# -- the table itself ----------------------------------------------------------------------


def test_table_is_well_formed() -> None:
    from crosscount.numbers import find_quantities
    from crosscount.pack import load_pack

    pack = load_pack()
    measure_keys = {m.key for m in pack.measures}
    place_names = {p.name for p in pack.places}
    problems: list[str] = []
    seen: set[str] = set()
    for n, case in enumerate(CASES):
        where = f"case {n} ({case_id(case) if isinstance(case, dict) else '?'!r})"
        if not isinstance(case, dict):
            problems.append(f"{where}: not a mapping")
            continue
        extra = set(case) - CASE_KEYS
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        for key in ("id", "text", "figure"):
            if not isinstance(case.get(key), str) or not case.get(key):
                problems.append(f"{where}: {key} must be a non-empty string")
        if "outlet" in case and not isinstance(case["outlet"], str):
            problems.append(f"{where}: outlet must be a string")
        cid = case_id(case)
        if cid in seen:
            problems.append(f"{where}: duplicate id {cid!r}")
        seen.add(cid)
        expect = case.get("expect")
        if not isinstance(expect, dict) or not expect:
            problems.append(f"{where}: expect must be a non-empty mapping")
            continue
        unknown = set(expect) - set(FIELDS)
        if unknown:
            problems.append(f"{where}: unknown expected fields {sorted(unknown)}")
        if "measure" in expect and expect["measure"] not in measure_keys | {None}:
            problems.append(f"{where}: measure {expect['measure']!r} is not a pack key")
        if "place" in expect and expect["place"] not in place_names | {None}:
            problems.append(f"{where}: place {expect['place']!r} is not a pack place")
        if "side" in expect and expect["side"] not in (*SIDES, None):
            problems.append(f"{where}: side {expect['side']!r} is not one of {SIDES}")
        if "source" in expect and not isinstance(expect["source"], (str, type(None))):
            problems.append(f"{where}: source must be a string or null")
        if "via" in expect and not (
            isinstance(expect["via"], list) and all(isinstance(v, str) for v in expect["via"])
        ):
            problems.append(f"{where}: via must be a list of strings")
        if "derived" in expect and not isinstance(expect["derived"], bool):
            problems.append(f"{where}: derived must be true or false")
        text, figure = case.get("text"), case.get("figure")
        if isinstance(text, str) and isinstance(figure, str):
            surfaces = [q.surface for q in find_quantities(text)]
            if surfaces.count(figure) != 1:
                problems.append(
                    f"{where}: figure {figure!r} occurs {surfaces.count(figure)} times among "
                    f"the quantities {surfaces!r}"
                )
    if not 100 <= len(CASES) <= 400:
        problems.append(f"the table has {len(CASES)} cases; 100-400 expected")
    assert not problems, "\n".join(problems)
