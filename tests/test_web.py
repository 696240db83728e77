"""The web app and the static report, through HTTP (Starlette's test client) and on disk:
every page kind, hostile article text, hostile search terms, pagination, offline assets."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from crosscount.cli import main
from crosscount.web import pages
from crosscount.web.app import create_app
from crosscount.web.report import write_report

from .conftest import EXAMPLES

HOSTILE = (
    "Published: 3 March 2025\n\n"
    'Prosecutors said 9,487 <script>alert("x")</script> AWOL cases were opened in October 2024, '
    "according to the Office of the Prosecutor General.\n\n"
    'See <img src=x onerror="alert(1)"> and <a href="javascript:alert(2)">this link</a>; '
    "Robert'); DROP TABLE claims;-- counted 1,200 deserters in November 2024.\n"
)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("web")
    docs = base / "docs"
    shutil.copytree(EXAMPLES, docs)
    (base / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = base / "figures.db"
    for args in (
        [str(docs / "articles"), "--manifest", str(docs / "articles.jsonl")],
        [str(base / "hostile.txt")],
    ):
        result = CliRunner().invoke(main, ["ingest", *args, "--db", str(db), "-q"])
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> TestClient:
    return TestClient(create_app(corpus_db))


def _first(db: Path, query: str) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute(query).fetchone()[0])


def test_every_page_kind_renders(client: TestClient, corpus_db: Path) -> None:
    variable = _first(corpus_db, "SELECT variable_id FROM variables ORDER BY claims DESC")
    finding = _first(corpus_db, "SELECT finding_id FROM findings WHERE kind = 'conflict'")
    doc = _first(corpus_db, "SELECT id FROM documents ORDER BY name")
    for path in (
        "/index.html",
        "/findings.html",
        "/variables.html",
        "/documents.html",
        "/search.html",
        f"/variable/{variable}.html",
        f"/finding/{finding}.html",
        f"/doc/{doc}.html",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response.headers
        assert "<h1>" in response.text
    assert client.get("/").url.path == "/index.html"


def test_the_examples_disagreement_shows_both_values_and_quotes(
    client: TestClient, corpus_db: Path
) -> None:
    finding = _first(
        corpus_db,
        "SELECT finding_id FROM findings WHERE kind = 'conflict' AND message LIKE '%9,048%'",
    )
    html = client.get(f"/finding/{finding}.html").text
    assert "9,048" in html and "9,487" in html
    assert html.count('class="quote-card"') >= 2 and "<mark>" in html


def test_hostile_article_text_is_shown_as_text(client: TestClient, corpus_db: Path) -> None:
    doc = _first(corpus_db, "SELECT id FROM documents WHERE name = 'hostile.txt'")
    html = client.get(f"/doc/{doc}.html").text
    body = html.split('<article class="doc">', 1)[1]
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    assert "<img" not in body and "&lt;img src=x onerror=" in body
    assert 'href="javascript:' not in html
    # every figure of the document is a link to its quantity or its own anchor
    assert body.count('class="fig ') == int(
        _first(corpus_db, f"SELECT count(*) FROM claims WHERE doc_id = {doc}")
    )


@pytest.mark.parametrize(
    "terms",
    [
        "'; DROP TABLE claims; --",
        '"unbalanced NEAR(',
        "AWOL OR * AND",
        "<script>alert(1)</script>",
        "",
        "x" * 5000,
    ],
)
def test_search_takes_any_terms(client: TestClient, corpus_db: Path, terms: str) -> None:
    response = client.get("/search.html", params={"q": terms})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert int(_first(corpus_db, "SELECT count(*) FROM claims")) > 0


def test_search_finds_figures_with_facets(client: TestClient) -> None:
    html = client.get("/search.html", params={"q": "October"}).text
    assert "Figures (" in html and "9,487" in html
    assert re.search(r"<h2>measure</h2>", html) and re.search(r"<h2>outlet</h2>", html)
    filtered = client.get(
        "/search.html", params={"q": "October", "measure": "awol_desertion_cases"}
    ).text
    assert "Filtered by measure" in filtered


def test_missing_pages_are_404_and_the_app_is_read_only(client: TestClient) -> None:
    assert client.get("/variable/nope.html").status_code == 404
    assert client.get("/doc/999999.html").status_code == 404
    assert client.get("/doc/abc.html").status_code == 404
    assert client.get("/findings-999.html").status_code == 200  # an empty last page
    assert client.post("/index.html").status_code == 405


def test_lists_are_paginated(
    client: TestClient, corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    first = client.get("/documents.html").text
    assert 'href="documents-2.html"' in first and "page 1 of" in first
    assert first.count('href="doc/') == 2
    second = client.get("/documents-2.html").text
    assert 'href="documents.html"' in second


def test_the_static_report_is_self_contained(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    written = write_report(corpus_db, out)
    files = list(out.rglob("*.html"))
    assert written == len(files) > 10
    for path in ("index.html", "search.html", "static/vendor/vega-embed.min.js"):
        assert (out / path).is_file()
    for page in files:
        html = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(?:https?:)?//", ref), f"{page.name} loads {ref}"
            if not ref.startswith(("#", "data:")):
                target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
                assert target.exists(), f"{page.relative_to(out)} links to missing {ref}"
    # a second run replaces the report; a folder that is not one is refused
    assert write_report(corpus_db, out) == written
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--db", str(corpus_db), "--out", str(other)])
    assert result.exit_code != 0 and "not an earlier crosscount report" in result.output
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_the_fts_query_quotes_every_word() -> None:
    assert pages.fts_query('AWOL" OR NEAR(x') == '"AWOL" "OR" "NEAR" "x"'
    assert pages.fts_query("--;") == ""


def test_the_metadata_describes_every_column(corpus_db: Path) -> None:
    from crosscount.web.metadata import TABLES

    with sqlite3.connect(corpus_db) as conn:
        for table, (_, columns) in TABLES.items():
            actual = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            assert actual, table
            assert set(columns) <= actual, f"{table}: {set(columns) - actual}"
            if table in ("documents", "claims", "variables", "findings"):
                assert set(columns) == actual, f"{table} lacks {actual - set(columns)}"


def test_the_database_opens_in_datasette_with_its_metadata(corpus_db: Path, tmp_path: Path) -> None:
    import asyncio

    datasette_app = pytest.importorskip("datasette.app")
    out = tmp_path / "metadata.json"
    result = CliRunner().invoke(main, ["metadata", "--db", str(corpus_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads(out.read_text(encoding="utf-8"))

    async def visit() -> tuple[int, str, dict[str, object]]:
        ds = datasette_app.Datasette([str(corpus_db)], metadata=meta)
        await ds.invoke_startup()
        page = await ds.client.get(f"/{corpus_db.stem}/claims")
        found = await ds.client.get(
            f"/{corpus_db.stem}/claims.json", params={"_search": "October", "_shape": "objects"}
        )
        return page.status_code, page.text, found.json()

    status, html, found = asyncio.run(visit())
    assert status == 200
    assert "Every figure found" in html and "The figure as written" in html
    rows = found["rows"]
    assert isinstance(rows, list) and any(r["surface"] == "9,487" for r in rows)


def test_a_postgresql_database_gives_the_same_report_and_searches(
    corpus_db: Path, postgres_database: str, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(EXAMPLES, docs)
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    for args in (
        [str(docs / "articles"), "--manifest", str(docs / "articles.jsonl")],
        [str(tmp_path / "hostile.txt")],
    ):
        result = CliRunner().invoke(main, ["ingest", *args, "--db", postgres_database, "-q"])
        assert result.exit_code == 0, result.output
    write_report(str(corpus_db), tmp_path / "sqlite")
    write_report(postgres_database, tmp_path / "postgres")
    on_sqlite = sorted(p.relative_to(tmp_path / "sqlite") for p in (tmp_path / "sqlite").rglob("*"))
    on_postgres = sorted(
        p.relative_to(tmp_path / "postgres") for p in (tmp_path / "postgres").rglob("*")
    )
    assert on_sqlite == on_postgres
    for page in on_sqlite:
        if page.suffix == ".html":
            sqlite_html = (tmp_path / "sqlite" / page).read_text(encoding="utf-8")
            assert (tmp_path / "postgres" / page).read_text(encoding="utf-8") == sqlite_html, page
    with TestClient(create_app(postgres_database)) as client:  # closes the store at exit
        html = client.get("/search.html", params={"q": "October"}).text
        assert "Figures (" in html and "9,487" in html and "<h2>measure</h2>" in html
        assert "<mark>October</mark>" in html  # a document snippet with the word marked
        hostile = client.get("/search.html", params={"q": "'); DROP TABLE claims;-- \"x"})
        assert hostile.status_code == 200
        assert client.get("/index.html").status_code == 200
