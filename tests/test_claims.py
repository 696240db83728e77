from __future__ import annotations

import pytest

from crosscount.claims import claims_from
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
