"""Domain packs: validation that names the line, and a second domain that needs no code."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from crosscount.errors import PackError
from crosscount.model import Document
from crosscount.pack import load_pack, parse_pack
from crosscount.pipeline import process

PROTESTS = Path(__file__).parent / "data" / "packs" / "protests.yaml"

MINIMAL = """name: tiny
measures:
  - key: crowd
    kind: people
    patterns: [rallied]
"""


def test_the_military_pack_ships_and_holds_the_designed_measures() -> None:
    pack = load_pack()
    keys = {m.key for m in pack.measures}
    assert keys == {
        "awol_cases",
        "desertion_cases",
        "awol_desertion_cases",
        "cases_to_court",
        "cases_closed",
        "suspicion_notices",
        "deserters_estimate",
        "returned_to_service",
        "troops",
        "mobilization",
        "casualties",
        "other_core",
    }
    kharkiv = pack.place_named("Kharkov")
    assert kharkiv is not None and kharkiv.name == "Kharkiv Oblast"
    office = pack.source_named("the Prosecutor General's Office")
    assert office is not None and office.name == "Office of the Prosecutor General of Ukraine"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: x\nmeasures: [\n", 3, "not valid YAML"),
        ("- just\n- a list\n", 1, "a pack is a mapping"),
        ("measures: []\n", 1, "name"),
        ("name: x\nmeasures: []\n", 2, "measures: needs a list"),
        (
            "name: x\nmeasures:\n  - key: a\n    kind: people\n    patterns: ['(unclosed']\n",
            5,
            "bad pattern",
        ),
        (
            "name: x\nmeasures:\n  - key: a\n    kind: animals\n    patterns: [x]\n",
            4,
            "kind must be one of",
        ),
        ("name: x\nmeasures:\n  - key: a\n    kind: people\n", 3, "needs patterns"),
        (
            MINIMAL + "combinations:\n  - parts: [crowd, nope]\n    measure: crowd\n",
            7,
            "unknown measure",
        ),
        (MINIMAL + "places:\n  - {name: Tbilisi, kind: city}\n", 7, "needs a country"),
    ],
)
def test_malformed_packs_are_refused_with_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(PackError) as info:
        parse_pack(text, "bad.yaml")
    message = str(info.value)
    assert message.startswith(f"bad.yaml:{line}:"), message
    assert words in message


def test_unknown_pack_names_say_which_packs_exist(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no such pack; shipped packs: military"):
        load_pack("weather")
    with pytest.raises(PackError, match="pack file not found"):
        load_pack(tmp_path / "missing.yaml")


def _doc(text: str) -> Document:
    return Document("rally.txt", text, hashlib.sha256(text.encode()).hexdigest())


def test_a_second_domain_works_from_its_pack_alone() -> None:
    pack = load_pack(PROTESTS)
    text = (
        "About 50,000 people rallied in Tbilisi on Sunday, according to the Archive of Public "
        "Gatherings. The Interior Ministry said 120 protesters were detained and 14 were injured."
    )
    claims = {c.surface: c for c in process(_doc(text), pack).claims}
    crowd, detained, injured = claims["About 50,000"], claims["120"], claims["14"]
    assert (crowd.measure, crowd.place, crowd.source) == (
        "crowd_size",
        "Tbilisi",
        "Archive of Public Gatherings",
    )
    assert (detained.measure, detained.source) == (
        "arrests",
        "Ministry of Internal Affairs of Georgia",
    )
    assert injured.measure == "injuries"
    military = {c.surface: c for c in process(_doc(text)).claims}
    assert military["About 50,000"].measure is None, "the military pack knows nothing of rallies"
