"""Quality gate: the recogniser scored on the hand-annotated dev set, with pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscount.cli import main
from crosscount.evaluate import evaluate, load_gold
from crosscount.store import Store

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
REQUIRED = {
    "precision": 0.93,
    "recall_core": 0.95,
    "recall_core_stat": 0.90,
    "measure_accuracy": 0.90,
    "place_accuracy": 0.90,
    "period_accuracy": 0.85,
    "source_accuracy": 0.85,
}


@pytest.fixture(scope="module")
def scores(seeds: Path, gold: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    db = tmp_path_factory.mktemp("gate") / "dev.db"
    result = CliRunner().invoke(main, ["ingest", str(seeds), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        main, ["eval", "--gold", str(gold), "--docs", str(seeds), "--db", str(db), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, float] = json.loads(result.stdout)
    return summary


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_meets_the_required_figures(scores: dict[str, float], name: str) -> None:
    assert scores[name] >= REQUIRED[name]


@pytest.mark.parametrize(
    "name",
    sorted(
        k
        for k in BASELINE
        if not k.startswith("_") and k not in ("fresh", "relations", "cross_outlet")
    ),
)
def test_does_not_fall_below_the_pinned_floor(scores: dict[str, float], name: str) -> None:
    assert scores[name] >= BASELINE[name], f"{name} fell to {scores[name]} (floor {BASELINE[name]})"


def test_every_stored_span_slices_its_document(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "spans.db"
    assert CliRunner().invoke(main, ["ingest", str(seeds), "--db", str(db), "-q"]).exit_code == 0
    result = CliRunner().invoke(main, ["export", "claims", "--db", str(db)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    texts = {p.name: p.read_bytes().decode("utf-8") for p in seeds.glob("*.txt")}
    assert len(rows) > 200
    for row in rows:
        assert texts[row["doc"]][row["start"] : row["end"]] == row["surface"]
        assert row["surface"] in row["quote"]


def test_eval_counts_a_wrong_value_against_precision(
    gold: Path, seeds: Path, tmp_path: Path
) -> None:
    items = load_gold(gold, seeds)
    target = next(g for g in items if g.surface == "35,307")
    claim = {
        "doc": target.doc,
        "start": target.start,
        "end": target.end,
        "value": 35308.0,
        "approx": "=",
        "unit": "count",
        "vague": False,
        "surface": target.surface,
    }
    report = evaluate(items, [claim])
    assert report.correct == 0 and report.claims == 1
    assert report.value_accuracy == 0.0
    good = evaluate(items, [{**claim, "value": 35307.0}])
    assert good.correct == 1 and good.found == {"core": 1}
    with Store(tmp_path / "empty.db") as store:
        assert evaluate(items, store.claim_rows()).recall("core") == 0.0


FRESH = Path(__file__).parent / "data" / "fresh"


def _scores(docs: Path, db: Path, *annotations: tuple[str, Path]) -> dict[str, float]:
    """Ingest ``docs`` into ``db`` and merge the eval summaries of each (flag, file)."""
    assert CliRunner().invoke(main, ["ingest", str(docs), "--db", str(db), "-q"]).exit_code == 0
    summary: dict[str, float] = {}
    for flag, path in annotations:
        result = CliRunner().invoke(
            main, ["eval", flag, str(path), "--docs", str(docs), "--db", str(db), "--json"]
        )
        assert result.exit_code == 0, result.output
        summary.update(json.loads(result.stdout))
    return summary


@pytest.fixture(scope="module")
def fresh_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    db = tmp_path_factory.mktemp("fresh") / "fresh.db"
    return _scores(FRESH / "docs", db, ("--gold", FRESH / "claims.jsonl"))


@pytest.mark.parametrize("name", sorted(BASELINE["fresh"]))
def test_fresh_articles_do_not_fall_below_their_floor(
    fresh_scores: dict[str, float], name: str
) -> None:
    floor = BASELINE["fresh"][name]
    assert fresh_scores[name] >= floor, f"{name} fell to {fresh_scores[name]} (floor {floor})"


@pytest.fixture(scope="module")
def relation_scores(
    seeds: Path, gold: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, float]:
    db = tmp_path_factory.mktemp("relations") / "dev.db"
    return _scores(seeds, db, ("--relations", gold.parent / "dev.relations.jsonl"))


@pytest.mark.parametrize("name", sorted(BASELINE["relations"]))
def test_relations_do_not_fall_below_their_floor(
    relation_scores: dict[str, float], name: str
) -> None:
    floor = BASELINE["relations"][name]
    assert relation_scores[name] >= floor, f"{name} fell to {relation_scores[name]}"


def test_the_pamphlet_holds_an_article_of_another_seed(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "dup.db"
    assert CliRunner().invoke(main, ["ingest", str(seeds), "--db", str(db), "-q"]).exit_code == 0
    out = CliRunner().invoke(main, ["export", "findings", "--db", str(db)]).stdout
    pairs = [
        json.loads(line)["docs"]
        for line in out.splitlines()
        if json.loads(line)["kind"] == "duplicate_docs"
    ]
    assert pairs == [["000_cee75f9725610ff8.txt", "003_a195e7aab5d55bbe.txt"]]


CROSS_OUTLET = Path(__file__).parent / "data" / "relations_fresh"


@pytest.fixture(scope="module")
def cross_outlet_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """Claims and relations scores on the second fresh set: one story told by six outlets."""
    db = tmp_path_factory.mktemp("cross") / "cross.db"
    return _scores(
        CROSS_OUTLET / "docs",
        db,
        ("--gold", CROSS_OUTLET / "claims.jsonl"),
        ("--relations", CROSS_OUTLET / "relations.jsonl"),
    )


@pytest.mark.parametrize("name", sorted(BASELINE["cross_outlet"]))
def test_cross_outlet_set_does_not_fall_below_its_floor(
    cross_outlet_scores: dict[str, float], name: str
) -> None:
    floor = BASELINE["cross_outlet"][name]
    value = cross_outlet_scores[name]
    assert value >= floor, f"{name} fell to {value} (floor {floor})"
