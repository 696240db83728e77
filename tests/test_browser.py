"""The pages in a real headless browser (Debian's chromium driven by Playwright): every page
kind loads without console errors, a figure's claim shows on hover and focus, clicking it
leads to its quantity's chart, search works in the app and in the static report, and a
hostile document runs nothing. Screenshots are kept in artifacts/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

from crosscount.cli import main
from crosscount.web.app import create_app
from crosscount.web.report import write_report

from .conftest import EXAMPLES, ROOT
from .test_web import HOSTILE

CHROMIUM = Path(os.environ.get("CROSSCOUNT_CHROMIUM", "/usr/bin/chromium"))
SHOTS = ROOT / "artifacts" / "screenshots"
# Run as root on a closed network: no sandbox, no shared memory, nothing phoning home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    shutil.copytree(EXAMPLES, base / "examples")
    (base / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    path = base / "figures.db"
    for args in (
        [str(base / "examples" / "articles"), "--manifest", str(base / "examples/articles.jsonl")],
        [str(base / "hostile.txt")],
    ):
        assert CliRunner().invoke(main, ["ingest", *args, "--db", str(path), "-q"]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


class Watched:
    """A page that records console errors, uncaught exceptions and dialogs."""

    def __init__(self, browser: object) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        self.page.close()


def _one(db: Path, query: str) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute(query).fetchone()[0])


def test_every_page_kind_loads_cleanly(browser: object, server: str, db: Path) -> None:
    watched = Watched(browser)
    variable = _one(db, "SELECT variable_id FROM variables ORDER BY claims DESC")
    finding = _one(db, "SELECT finding_id FROM findings WHERE kind = 'conflict'")
    for name, path in (
        ("overview", "/index.html"),
        ("findings", "/findings.html"),
        ("variables", "/variables.html"),
        ("documents", "/documents.html"),
        ("variable", f"/variable/{variable}.html"),
        ("finding", f"/finding/{finding}.html"),
    ):
        watched.page.goto(server + path)
        watched.page.wait_for_load_state("networkidle")
        assert watched.page.locator("h1").count() == 1
        watched.shot(name)
    watched.close()


def test_a_figure_shows_its_claim_and_leads_to_its_quantity(
    browser: object, server: str, db: Path
) -> None:
    watched = Watched(browser)
    doc = _one(
        db,
        "SELECT doc_id FROM claims WHERE variable_id IS NOT NULL AND surface = '9,487' LIMIT 1",
    )
    page = watched.page
    page.goto(f"{server}/doc/{doc}.html")
    figure = page.locator("a.fig", has_text="9,487").first
    tip = figure.locator(".tip")
    assert not tip.is_visible()
    figure.hover()
    assert tip.is_visible() and "what" in tip.inner_text()
    watched.shot("document-hover")
    page.mouse.move(0, 0)
    figure.focus()  # the keyboard reaches the same claim
    assert tip.is_visible()
    figure.click()
    page.wait_for_url("**/variable/*.html")
    page.wait_for_selector("#chart svg")
    assert page.locator("#chart svg .mark-rule, #chart svg .mark-symbol").count() > 0
    assert "9,487" in page.locator("table.claims").inner_text()
    watched.shot("variable-chart")
    watched.close()


def test_search_in_the_app(browser: object, server: str) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{server}/search.html")
    page.fill("#q", "October")
    page.keyboard.press("Enter")
    page.wait_for_selector("ul.hits li")
    assert "9,487" in page.locator("ul.hits").first.inner_text()
    page.locator(".facets a").first.click()
    page.wait_for_selector(".filters")
    watched.shot("search")
    page.fill("#q", "'); DROP TABLE claims;--")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    watched.close()


def test_the_hostile_document_runs_nothing(browser: object, server: str, db: Path) -> None:
    watched = Watched(browser)
    doc = _one(db, "SELECT id FROM documents WHERE name = 'hostile.txt'")
    watched.page.goto(f"{server}/doc/{doc}.html")
    watched.page.wait_for_load_state("networkidle")
    assert "<script>" in watched.page.locator("article.doc").inner_text()
    assert watched.page.locator("article.doc img, article.doc script").count() == 0
    watched.shot("hostile-document")
    watched.close()  # no dialog opened, no error


def test_the_static_report_works_offline(browser: object, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_report(db, out)
    watched = Watched(browser)
    page = watched.page
    context_requests: list[str] = []
    page.on("request", lambda r: context_requests.append(r.url))
    page.goto((out / "index.html").as_uri())
    page.locator("nav a", has_text="Search").click()
    page.fill("#q", "October")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results ul.hits li")
    watched.shot("report-search")
    page.locator("#results ul.hits a").first.click()
    page.wait_for_selector("article.doc")
    page.locator("nav a", has_text="Variables").click()
    page.locator("table a").first.click()
    page.wait_for_selector("#chart svg")
    watched.shot("report-variable")
    assert all(url.startswith("file://") for url in context_requests), context_requests
    watched.close()


def test_the_document_page_reads_without_javascript(browser: object, server: str, db: Path) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    doc = _one(db, "SELECT doc_id FROM claims WHERE surface = '9,487' LIMIT 1")
    page.goto(f"{server}/doc/{doc}.html")
    figure = page.locator("a.fig", has_text="9,487").first
    figure.hover()
    assert figure.locator(".tip").is_visible()
    context.close()
