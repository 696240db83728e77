"""The same results on every engine: one process, N local processes (--jobs), a Dask cluster
(started here, in-process); and Parquet exports that hold what the JSON Lines export holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crosscount import engines

from .helpers import run

COPIES = 3  # the seeds three times over: more documents than a batch, in several batches


@pytest.fixture(scope="module")
def corpus(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(COPIES):
        for article in sorted(seeds.glob("*.txt")):
            text = article.read_text(encoding="utf-8") + f"\nCopy {n}.\n"
            (folder / f"{n}-{article.name}").write_text(text, encoding="utf-8")
    return folder


def _exports(db: Path) -> tuple[list[Any], list[Any]]:
    exported = []
    for what in ("claims", "findings"):
        code, out, err = run("export", what, "--db", str(db))
        assert code == 0, err
        exported.append([json.loads(line) for line in out.splitlines()])
    return exported[0], exported[1]


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("one") / "one.db"
    code, _, err = run("ingest", str(corpus), "--db", str(db), "-q")
    assert code == 0, err
    return db


def test_jobs_give_the_results_of_one_process(
    corpus: Path, one_process: Path, tmp_path: Path
) -> None:
    db = tmp_path / "jobs.db"
    code, _, err = run("ingest", str(corpus), "--db", str(db), "-q", "--jobs", "2")
    assert code == 0, err
    claims, findings = _exports(db)
    assert claims and findings
    assert (claims, findings) == _exports(one_process)


def test_a_dask_cluster_gives_the_results_of_one_process(
    corpus: Path, one_process: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "DASK_BATCH", 2)  # many tasks, finishing in any order
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        db = tmp_path / "dask.db"
        args = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
        code, _, err = run("ingest", str(corpus), "--db", str(db), "-q", *args)
        assert code == 0, err
    assert _exports(db) == _exports(one_process)


def test_engine_options_that_cannot_work_are_refused(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "SCHEDULER_TIMEOUT_S", 1)
    db = str(tmp_path / "f.db")
    code, _, err = run("ingest", str(corpus), "--db", db, "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "--scheduler goes with --engine dask" in err
    args = ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    code, _, err = run("ingest", str(corpus), "--db", db, *args)
    assert code == 1 and "cannot reach the Dask scheduler" in err


def test_parquet_holds_what_json_lines_hold(one_process: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    claims, findings = _exports(one_process)
    for what, rows in (("claims", claims), ("findings", findings)):
        path = tmp_path / f"{what}.parquet"
        code, _, err = run("export", what, "--db", str(one_process), "--format", "parquet",
                            "-o", str(path))
        assert code == 0 and f"{len(rows)} {what} written" in err
        table = pq.read_table(path).to_pylist()
        assert [list(r) for r in table[:1]] == [list(rows[0])]  # the contract's field order
        assert table == rows
    schema = pq.read_schema(tmp_path / "claims.parquet")
    assert str(schema.field("value").type) == "double"
    assert str(schema.field("via").type) == "list<element: string>"


def test_parquet_needs_a_file(one_process: Path) -> None:
    code, _, err = run("export", "claims", "--db", str(one_process), "--format", "parquet")
    assert code == 2 and "give a file with -o" in err


def test_an_empty_database_exports_an_empty_parquet_file(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    empty = tmp_path / "empty.txt"
    empty.write_text("No figures at all here, none.", encoding="utf-8")
    db = tmp_path / "f.db"
    assert run("ingest", str(empty), "--db", str(db), "-q")[0] == 0
    path = tmp_path / "c.parquet"
    assert run("export", "claims", "--db", str(db), "--format", "parquet", "-o", str(path))[0] == 0
    assert pq.read_table(path).num_rows == 0


def test_records_cross_process_boundaries_whole(seeds: Path) -> None:
    """What --jobs and Dask send between processes comes back equal, field for field (in the
    compiled build the records are native classes, which pickle by their fields)."""
    import copy
    import pickle

    from crosscount.ingest import Source, document_from_bytes
    from crosscount.pipeline import process

    done = [
        process(document_from_bytes(path.read_bytes(), Source(path, path.name)))
        for path in sorted(seeds.glob("*.txt"))
    ]
    records = [r for d in done for r in (d.document, d.fingerprint, *d.claims, *d.rejected)]
    assert any(c.via for d in done for c in d.claims) and any(d.rejected for d in done)
    for record in records:
        for again in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record)):
            assert type(again) is type(record) and again == record
    assert pickle.loads(pickle.dumps(done)) == done
