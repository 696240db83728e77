"""The store on a real SQLite file and on a real PostgreSQL server: same behaviour."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError

from crosscount.errors import SchemaError, StoreError
from crosscount.model import Document
from crosscount.pack import load_pack
from crosscount.pipeline import process, produced_by
from crosscount.store import SCHEMA_VERSION, Store

PRODUCED_BY = produced_by(load_pack())


def _doc(text: str, name: str = "a.txt") -> Document:
    import hashlib

    return Document(name=name, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def _save(store: Store, doc: Document) -> None:
    result = process(doc)
    store.save(doc, result.claims, result.rejected, PRODUCED_BY)


def test_save_replaces_a_changed_document_and_keeps_others(database: str) -> None:
    with Store(database) as store:
        _save(store, _doc("12 soldiers left in 2024.", "a.txt"))
        _save(store, _doc("About 300 fled.", "b.txt"))
        _save(store, _doc("Now 40 and 50 soldiers left.", "a.txt"))
        rows = list(store.claim_rows())
        assert [(r["doc"], r["surface"]) for r in rows] == [
            ("a.txt", "40"),
            ("a.txt", "50"),
            ("b.txt", "About 300"),
        ]
        assert store.counts()["documents"] == 2
        assert store.counts()["rejects"] == 0


def test_rejected_numbers_are_kept_with_their_reason(database: str) -> None:
    with Store(database) as store:
        _save(store, _doc("Under Article 407, in 2024, 12 soldiers left.", "a.txt"))
        with store.engine.connect() as conn:
            reasons = dict(conn.execute(sql("select surface, reason from rejects")).all())
    assert reasons == {"407": "designation", "2024": "year"}


def test_a_failed_save_changes_nothing(database: str) -> None:
    with Store(database) as store:
        _save(store, _doc("12 soldiers left.", "a.txt"))
        bad = _doc("30 fled.", "a.txt")
        result = process(bad)
        twice = result.claims + result.claims  # duplicate claim ids violate the primary key
        with pytest.raises(IntegrityError):
            store.save(bad, twice, [], PRODUCED_BY)
        assert [r["surface"] for r in store.claim_rows()] == ["12"]
        assert store.document_text("a.txt") == "12 soldiers left."


def test_database_from_a_newer_crosscount_is_refused(database: str) -> None:
    with Store(database) as store, store.engine.begin() as conn:
        conn.execute(
            sql("update meta set value = :v where key = 'schema_version'"),
            {"v": str(SCHEMA_VERSION + 2)},
        )
    with pytest.raises(SchemaError, match=r"newer crosscount \(schema \d+, this is \d+\): upgrade"):
        Store(database)


def test_files_that_are_not_crosscount_databases_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table people (name text)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a crosscount database"):
        Store(other)
    assert sqlite3.connect(other).execute("select count(*) from people").fetchone() == (0,)


def test_wal_mode_and_integrity(tmp_path: Path) -> None:
    with Store(tmp_path / "f.db") as store:
        _save(store, _doc("12 soldiers left.", "a.txt"))
    conn = sqlite3.connect(tmp_path / "f.db")
    assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(list("0123456789 ,.abc\n€$%-") + ["about ", "thousand "]),
        min_size=1,
        max_size=40,
    ).map("".join)
)
def test_store_round_trips_every_claim(database: str, text: str) -> None:
    doc = _doc(text, "p.txt")
    result = process(doc)
    with Store(database) as store:
        store.save(doc, result.claims, result.rejected, PRODUCED_BY)
        rows = list(store.claim_rows("p.txt"))
        stored = store.document_text("p.txt")
    assert stored == text
    assert [
        (r["start"], r["end"], r["surface"], r["value"], r["value_high"], r["approx"], r["unit"])
        for r in rows
    ] == [
        (c.start, c.end, c.surface, c.value, c.value_high, c.approx, c.unit)
        for c in sorted(result.claims, key=lambda c: (c.start, c.end))
    ]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["surface"]


def test_a_database_with_other_tables_is_left_alone(database: str) -> None:
    with Store(database) as store, store.engine.begin() as conn:
        conn.execute(sql("drop table meta"))
        conn.execute(sql("create table people (name varchar)"))
        conn.execute(sql("insert into people values ('kept')"))
    with pytest.raises(StoreError, match="not a crosscount database"):
        Store(database)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user:secret@localhost/db", "mysql is not supported"),
        ("postgresql://user:secret@127.0.0.1:1/none", "cannot use the PostgreSQL database"),
    ],
)
def test_database_urls_that_cannot_be_used_are_refused_without_the_password(
    url: str, message: str
) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        Store(url)
    assert "secret" not in str(caught.value)


def test_a_database_of_the_previous_schema_is_migrated_and_keeps_its_data(database: str) -> None:
    with Store(database) as store:
        _save(store, _doc("12 soldiers left in 2024.", "a.txt"))
        before = list(store.claim_rows())
        with store.engine.begin() as conn:  # back to schema 4: no pages, authors, signatures
            for table, column in (
                ("claims", "page"),
                ("documents", "page_starts"),
                ("documents", "author"),
                ("documents", "minhash"),
                ("documents", "shingles"),
            ):
                conn.execute(sql(f"alter table {table} drop column {column}"))
            conn.execute(sql("update meta set value = '4' where key = 'schema_version'"))
    with Store(database) as store:
        assert store.setting("schema_version") == str(SCHEMA_VERSION)
        assert list(store.claim_rows()) == before
        _save(store, _doc("Now 40 fled.", "b.txt"))
        assert [r["page"] for r in store.claim_rows("b.txt")] == [None]


def test_compact_claim_rows_hold_the_same_figures_with_shared_texts(database: str) -> None:
    with Store(database) as store:
        _save(store, _doc("In 2024, 12 soldiers left and 30 came back.", "a.txt"))
        full, compact = list(store.claim_rows()), list(store.claim_rows(compact=True))
    assert [{k: r[k] for k in compact[0]} for r in full] == compact
    assert "produced_by" not in compact[0] and "produced_by" in full[0]
    assert compact[0]["quote"] is compact[1]["quote"]  # one sentence, held once
    assert all(type(k) is str for r in compact for k in r)  # not the database's str subclass
    # The rows share their keys (PEP 412): each holds its values only, well under half of a
    # dict's size, whether the values came from SQLite or PostgreSQL.
    assert sys.getsizeof(compact[1]) * 2 < sys.getsizeof(dict(compact[1]))
