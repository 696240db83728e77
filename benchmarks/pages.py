"""Page render times of the web app on a large corpus.

The seeds are ingested once; their documents and claims are then copied under new names until
the database holds N documents (the copies' claims are not linked into quantities, so the
quantities and findings stay those of the seeds: what grows is what lists, document pages and
search must page through). Each page is rendered through the app (HTTP, in process), best of a
few runs.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from crosscount.cli import main
from crosscount.store import Store

RUNS = 5


@dataclass
class PageTiming:
    page: str
    best_ms: float
    median_ms: float
    bytes: int

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page,
            "best_ms": round(self.best_ms, 1),
            "median_ms": round(self.median_ms, 1),
            "bytes": self.bytes,
        }


def build(seeds: Path, documents: int, folder: Path) -> Path:
    """A database of ``documents`` documents made from the seeds."""
    db = folder / "pages.db"
    result = CliRunner().invoke(main, ["ingest", str(seeds), "--db", str(db), "-q"])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    with sqlite3.connect(db) as conn:
        originals = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        copy = 0
        while originals * (copy + 1) < documents:
            copy += 1
            conn.execute(
                "INSERT INTO documents (name, sha256, path, title, outlet, url, published, "
                "published_from, chars, text, ingested_at, produced_by) "
                "SELECT 'copy' || :n || '_' || name, sha256, path, title, "
                "coalesce(outlet, 'Outlet ' || (:n % 50)), url, published, published_from, "
                "chars, text, ingested_at, produced_by FROM documents WHERE id <= :o",
                {"n": copy, "o": originals},
            )
            conn.execute(
                "INSERT INTO claims (claim_id, doc_id, doc, start, \"end\", surface, value, "
                "value_high, approx, unit, measure, what, period_start, period_end, as_of, "
                "rate, place, side, source, via, derived, quote, variable_id, vague, "
                "produced_by, page) "
                "SELECT 'copy' || :n || '_' || c.claim_id, d2.id, d2.name, "
                "c.start, c.end, c.surface, c.value, c.value_high, c.approx, c.unit, c.measure, "
                "c.what, c.period_start, c.period_end, c.as_of, c.rate, c.place, c.side, "
                "c.source, c.via, c.derived, c.quote, NULL, c.vague, c.produced_by, c.page "
                "FROM claims c JOIN documents d ON d.id = c.doc_id "
                "JOIN documents d2 ON d2.name = 'copy' || :n || '_' || d.name "
                "WHERE d.id <= :o",
                {"n": copy, "o": originals},
            )
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    Store(db).close()
    return db


def page_timings(seeds: Path, documents: int) -> tuple[list[PageTiming], dict[str, int]]:
    from starlette.testclient import TestClient

    from crosscount.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = build(seeds, documents, Path(tmp))
        with sqlite3.connect(db) as conn:
            counts = {
                t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "claims", "variables", "findings")
            }
            variable = conn.execute(
                "SELECT variable_id FROM variables ORDER BY claims DESC"
            ).fetchone()[0]
            last_doc = conn.execute("SELECT max(id) FROM documents").fetchone()[0]
        last_page = max(1, -(-counts["documents"] // 100))
        paths = {
            "overview": "/index.html",
            "documents, first page": "/documents.html",
            "documents, last page": f"/documents-{last_page}.html",
            "findings": "/findings.html",
            "quantity (most claims)": f"/variable/{variable}.html",
            "document": f"/doc/{last_doc}.html",
            "search 'October' (facets)": "/search.html?q=October",
            "search, filtered by outlet": "/search.html?q=cases&outlet=Outlet+7",
        }
        timings = []
        with TestClient(create_app(db)) as client:
            for name, path in paths.items():
                runs, size = [], 0
                for _ in range(RUNS):
                    started = time.perf_counter()
                    response = client.get(path)
                    runs.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"{path}: HTTP {response.status_code}")
                    size = len(response.content)
                timings.append(PageTiming(name, min(runs), statistics.median(runs), size))
    return timings, counts
