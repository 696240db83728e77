"""The command line, driven as a user would, on real files and a real SQLite database."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscount.cli import main
from crosscount.export import CLAIM_FIELDS

from .conftest import EXAMPLES
from .helpers import run


def _counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    docs = conn.execute("select count(*) from documents").fetchone()[0]
    claims = conn.execute("select count(*) from claims").fetchone()[0]
    conn.close()
    return docs, claims


@pytest.fixture()
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "figures.db"
    code, _, err = run(
        "ingest",
        str(EXAMPLES / "articles"),
        "--manifest",
        str(EXAMPLES / "articles.jsonl"),
        "--db",
        str(db),
    )
    assert code == 0, err
    return db


def test_ingest_examples_with_manifest_and_export_jsonl(demo_db: Path) -> None:
    code, out, _ = run("export", "claims", "--db", str(demo_db), "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(tuple(r) == CLAIM_FIELDS for r in rows)
    texts = {p.name: p.read_bytes().decode("utf-8") for p in (EXAMPLES / "articles").glob("*.txt")}
    for r in rows:
        assert texts[r["doc"]][r["start"] : r["end"]] == r["surface"]
        assert r["surface"] in r["quote"]
    october = {r["doc"]: r["value"] for r in rows if r["value"] in (9487, 9048)}
    assert set(october.values()) == {9487, 9048}, "the two outlets disagreeing must both show"
    conn = sqlite3.connect(demo_db)
    outlets = {o for (o,) in conn.execute("select outlet from documents")}
    assert "Kyiv Ledger" in outlets


def test_export_csv_has_the_contract_header(demo_db: Path) -> None:
    code, out, _ = run("export", "claims", "--db", str(demo_db), "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == CLAIM_FIELDS
    rows = list(reader)
    assert rows and all(json.loads(r["via"]) == [] for r in rows)


def test_claims_table_shows_figures(demo_db: Path) -> None:
    code, out, _ = run("claims", "--db", str(demo_db), "--limit", "5")
    assert code == 0
    assert "5 of" in out and "figures" in out


def test_reingest_changes_nothing_and_changed_file_replaces_its_claims(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Almost 90,000 cases were opened.", encoding="utf-8")
    db = tmp_path / "f.db"
    assert run("ingest", str(docs), "--db", str(db))[0] == 0
    before = sqlite3.connect(db).execute("select claim_id, value from claims").fetchall()
    code, _, err = run("ingest", str(docs), "--db", str(db))
    assert code == 0 and "0 ingested, 1 skipped (unchanged), 0 failed" in err
    assert sqlite3.connect(db).execute("select claim_id, value from claims").fetchall() == before
    (docs / "a.txt").write_text("Now 12 and 30 cases.", encoding="utf-8")
    assert run("ingest", str(docs), "--db", str(db))[0] == 0
    values = [v for (v,) in sqlite3.connect(db).execute("select value from claims order by start")]
    assert values == [12, 30]


def test_bad_inputs_are_named_the_rest_goes_on_and_nothing_stored_is_lost(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text("About 300 soldiers left.", encoding="utf-8")
    assert run("ingest", str(good), "--db", str(db))[0] == 0
    stored = _counts(db)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (bad / "garbled.txt").write_bytes(bytes(range(128, 256)) * 3)
    (bad / "cp1251.txt").write_bytes("Всього 9 487 справ у жовтні".encode("cp1251"))
    with open(bad / "huge.txt", "wb") as f:
        f.write(b"12 soldiers left. ")
        f.truncate(200_000_000)  # 200 MB (sparse: refused before it is read)
    (bad / "fine.txt").write_text("Nearly 1,200 fled.", encoding="utf-8")
    code, _, err = run("ingest", str(bad), str(tmp_path / "missing"), "--db", str(db))
    assert code == 1, "some inputs failed, so the exit code says so"
    assert "5 input(s) could not be read (named above); the rest are stored" in err
    for words in (
        "empty.txt: empty file",
        "binary.txt: binary file",
        "garbled.txt: not UTF-8",
        "cp1251.txt: not UTF-8; read as cp1251",
        "huge.txt: 200.0 MB is over the 20 MB limit; raise it with --max-size 201",
        "missing: no such file or folder",
    ):
        assert words in err
    assert "2 ingested, 0 skipped (unchanged), 5 failed" in err
    docs, claims = _counts(db)
    assert (docs, claims) == (stored[0] + 2, stored[1] + 2)
    failures = sqlite3.connect(db).execute("select count(*) from failures").fetchone()[0]
    assert failures == 5


def test_nothing_ingestible_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("ingest", str(empty), "--db", str(tmp_path / "f.db"))
    assert code == 1 and "nothing could be ingested" in err
    code, _, err = run("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "f.db"))
    assert code == 1 and "nope.txt: no such file or folder" in err


def test_commands_on_a_missing_database_say_what_to_do(tmp_path: Path) -> None:
    for args in (("claims",), ("export", "claims")):
        code, _, err = run(*args, "--db", str(tmp_path / "none.db"))
        assert code == 1 and "run crosscount ingest first" in err
    assert not (tmp_path / "none.db").exists()


def test_ingest_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "f.db")])
    assert result.exit_code == 2 and "give at least one file, folder or URL" in result.stderr


def test_installed_console_script_runs(tmp_path: Path) -> None:
    exe = shutil.which("crosscount") or str(Path(sys.executable).parent / "crosscount")
    docs = tmp_path / "d"
    docs.mkdir()
    (docs / "x.txt").write_text("Between 3 and 5 thousand people.", encoding="utf-8")
    db = tmp_path / "x.db"
    subprocess.run([exe, "ingest", str(docs), "--db", str(db), "-q"], check=True)
    out = subprocess.run(
        [exe, "export", "claims", "--db", str(db)], check=True, capture_output=True, text=True
    ).stdout
    row = json.loads(out)
    assert (row["value"], row["value_high"], row["surface"]) == (
        3000,
        5000,
        "Between 3 and 5 thousand",
    )


def test_datasette_metadata_is_refused_for_postgresql_with_what_to_use() -> None:
    code, _, err = run("metadata", "--db", "postgresql://user:secret@127.0.0.1/figures")
    assert code == 1 and "use crosscount serve" in err and "secret" not in err


def test_a_corpus_column_option_must_name_a_field(tmp_path: Path) -> None:
    corpus = tmp_path / "c.csv"
    corpus.write_text("story\nAbout 300 soldiers left.\n", encoding="utf-8")
    code, _, err = run("ingest", str(corpus), "--db", str(tmp_path / "f.db"), "--column", "body")
    assert code == 2 and "--column body: give FIELD=NAME" in err
    code, _, err = run(
        "ingest", str(corpus), "--db", str(tmp_path / "f.db"), "--column", "text=story"
    )
    assert code == 0 and "1 ingested" in err


def test_version_says_which_build_runs() -> None:
    """`make test-compiled` runs this against the compiled build, `make test` the plain one."""
    from crosscount.numbers import grammar

    code, out, _ = run("--version")
    compiled = not (grammar.__file__ or "").endswith(".py")
    assert code == 0
    assert out.strip().endswith("(compiled build)" if compiled else "(plain build)")


def test_start_up_leaves_the_pdf_and_network_libraries_unloaded(tmp_path: Path) -> None:
    """Every command starts without pypdf, httpx and feedparser (about 0.14 s of imports): they
    load when a PDF, a URL or a feed is read."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("In 2024, 300 soldiers left their units.", encoding="utf-8")
    probe = (
        "import sys\n"
        "from crosscount.cli import main\n"
        f"main(['ingest', {str(docs)!r}, '--db', {str(tmp_path / 'f.db')!r}, '-q'],"
        " standalone_mode=False)\n"
        "print(sorted(m for m in ('pypdf', 'httpx', 'feedparser') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
