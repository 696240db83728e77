"""Nothing is lost when an ingest dies or two run at once, on both backends.

An ingest killed with SIGKILL at random points leaves a database that opens, passes an
integrity check and holds only whole documents (each with exactly the claims a complete run
gives it); running again completes the job. Two ingests into one database at the same time
both finish, and the result equals one ingest of everything.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from crosscount.store import Store

COPIES = 4  # the seeds four times over: an ingest of a few seconds to kill in the middle
KILLS = 3


def _corpus(seeds: Path, folder: Path, copies: int = COPIES) -> Path:
    folder.mkdir()
    for n in range(copies):
        for article in sorted(seeds.glob("*.txt")):
            # each copy differs by a line, so none is a duplicate of another's content
            text = article.read_text(encoding="utf-8") + f"\nCopy {n}.\n"
            (folder / f"{n}-{article.name}").write_text(text, encoding="utf-8")
    return folder


def _ingest(db: str, *paths: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "crosscount", "ingest", *map(str, paths), "--db", db, "-q"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(process: subprocess.Popen[bytes]) -> None:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


def _claims_by_doc(db: str) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    with Store(db) as store:
        for r in store.claim_rows():
            found[r["doc"]].append((r["claim_id"], r["start"], r["end"], r["surface"], r["value"]))
        for doc in store.document_rows():
            found.setdefault(doc["name"], [])
    return dict(found)


def _findings(db: str) -> list[tuple[Any, ...]]:
    with Store(db) as store:
        return sorted((f["kind"], f["message"]) for f in store.finding_rows())


def _intact(db: str) -> None:
    if "://" in db:
        return  # PostgreSQL checks its own pages; what we can check is below
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("pragma foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reference(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One complete ingest of the corpus into SQLite: what every other run must equal."""
    folder = tmp_path_factory.mktemp("reference")
    corpus = _corpus(seeds, folder / "corpus")
    db = str(folder / "reference.db")
    started = time.monotonic()
    _finish(_ingest(db, corpus))
    return {
        "corpus": corpus,
        "seconds": time.monotonic() - started,
        "claims": _claims_by_doc(db),
        "findings": _findings(db),
    }


def _stored(db: str) -> int:
    try:
        with Store(db) as store:
            return store.counts()["documents"]
    except Exception:  # not created yet
        return 0


def _kill_when(process: subprocess.Popen[bytes], db: str, documents: int, delay: float) -> None:
    """SIGKILL once ``documents`` are stored (or the ingest ended), ``delay`` seconds later."""
    while process.poll() is None and _stored(db) < documents:
        time.sleep(0.05)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()


def test_an_ingest_killed_at_random_points_loses_nothing(
    database: str, reference: dict[str, Any]
) -> None:
    chance = random.Random(20261122)
    total = len(reference["claims"])
    # kill points: after a random number of documents, plus a random moment in the next one;
    # the last one while the cross-check runs (every document stored)
    points = sorted(chance.sample(range(1, total), KILLS - 1)) + [total]
    for documents in points:
        _kill_when(_ingest(database, reference["corpus"]), database, documents, chance.random() / 5)
        _intact(database)
        stored = _claims_by_doc(database)
        for name, claims in stored.items():
            assert claims == reference["claims"][name], f"{name} is not whole"
        assert len(stored) >= documents - 1
    _finish(_ingest(database, reference["corpus"]))
    _intact(database)
    assert _claims_by_doc(database) == reference["claims"]
    assert _findings(database) == reference["findings"]


def test_two_ingests_at_once_both_finish(
    database: str, reference: dict[str, Any], tmp_path: Path
) -> None:
    files = sorted(reference["corpus"].iterdir())
    halves = [tmp_path / "first", tmp_path / "second"]
    for half, part in zip(halves, (files[::2], files[1::2]), strict=True):
        half.mkdir()
        for file in part:
            shutil.copy(file, half / file.name)
    running = [_ingest(database, half) for half in halves]
    for process in running:
        _finish(process)
    _intact(database)
    # names are relative to the folder given, so each half names its files as the whole does
    assert _claims_by_doc(database) == reference["claims"]
    assert _findings(database) == reference["findings"]
