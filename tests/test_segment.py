from __future__ import annotations

import pytest

from crosscount.segment import sentence_at, split_sentences

CASES = [
    ("Under Art. 407 of the code, 5 cases. Next one.", 2),
    ("Law No. 3902-IX was adopted. It came into force.", 2),
    ("The U.S. Gen. Smith said so. Then he left.", 2),
    ("He said: “We left.” Then 40 more went.", 2),
    ("First line without a stop\nSecond line. Third sentence!", 3),
    ("Prices rose 2.5 percent. Wages fell.", 2),
    ("J. Smith met them on Dec. 5. Nothing happened.", 2),
]


@pytest.mark.parametrize(("text", "count"), CASES)
def test_sentences_split_where_a_reader_would(text: str, count: int) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == count, [s.text for s in sentences]
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_sentence_at_finds_the_holding_sentence() -> None:
    text = "One sentence here. Another with 42 in it."
    sentences = split_sentences(text)
    pos = text.index("42")
    found = sentence_at(sentences, pos)
    assert found is not None and "42" in found.text
    assert sentence_at(sentences, len(text) + 5) is None
