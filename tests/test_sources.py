"""Real-world inputs through the command line: PDF reports, web pages and PDFs by URL, feeds
and URL lists (from a local HTTP server on 127.0.0.1), each bad one named while the rest of
the batch goes on, and fetched bytes kept so a re-run needs no network."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from crosscount.store import Store

from .helpers import run

PAGES = [
    "In 2024 the courts opened 17,593 cases of desertion against soldiers who left their "
    "units, the prosecutor said.",
    "The prosecutor general said that 6,290 of the cases opened in the first quarter of 2025 "
    "concerned soldiers who had fled.",
    "Officials expect that at least 3,400 further cases will be opened during the summer.",
]
ARTICLE = (
    b"<html><head><title>Desertion cases rise</title>"
    b'<meta property="og:site_name" content="Example News">'
    b'<meta name="author" content="Staff Reporter"></head><body>'
    b"<nav>Home | World | 2025 | Contact</nav><article><h1>Desertion cases rise</h1>"
    b"<p>Prosecutors opened 9,487 cases of unauthorised absence in October, the office said in "
    b"a reply to a request from journalists. Another 1,200 cases of desertion were opened in "
    b"the same month.</p></article><footer>Copyright 2025, 12 people</footer></body></html>"
)


def _report() -> bytes:
    """A three-page PDF report with a running header and a "Page N of M" footer."""

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, "Annual Report 2025", align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report()
    pdf.set_title("Annual report on desertion")
    for text in PAGES:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _encrypted() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Secret: 400 cases.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def _ingest(*args: str) -> tuple[int, str]:
    code, _, err = run("ingest", *args)
    return code, err


def _claims(db: Path) -> list[dict[str, Any]]:
    with Store(db) as store:
        return list(store.claim_rows())


def test_pdf_reports_give_figures_with_their_page_and_bad_pdfs_are_named(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    report = _report()
    (docs / "report.pdf").write_bytes(report)
    (docs / "encrypted.pdf").write_bytes(_encrypted())
    (docs / "truncated.pdf").write_bytes(report[: len(report) // 2])
    (docs / "note.txt").write_text("About 300 soldiers left.", encoding="utf-8")
    db = tmp_path / "f.db"
    code, err = _ingest(str(docs), "--db", str(db))
    assert code == 1
    assert "encrypted.pdf: the PDF is encrypted; decrypt it first" in err
    assert "truncated.pdf: the PDF is damaged or truncated" in err
    assert "2 ingested, 0 skipped (unchanged), 2 failed" in err
    rows = [r for r in _claims(db) if r["doc"] == "report.pdf"]
    for number, page in (("17,593", 1), ("6,290", 2), ("3,400", 3)):
        assert [r["page"] for r in rows if number in r["surface"]] == [page], number
    assert all("Page" not in r["quote"] and "Annual Report" not in r["quote"] for r in rows)
    with Store(db) as store:
        text = store.document_text("report.pdf") or ""
        doc = next(d for d in store.document_rows() if d["name"] == "report.pdf")
    assert all(text[r["start"] : r["end"]] == r["surface"] for r in rows)
    assert doc["title"] == "Annual report on desertion"
    assert [r["page"] for r in _claims(db) if r["doc"] == "note.txt"] == [None]
    table = run("claims", "--db", str(db), "--doc", "report.pdf")[1]
    assert "report.pdf p.2" in table  # the page is shown with the document


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    routes: dict[str, tuple[int, str, bytes]]
    calls: Counter[str]
    release: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.calls[self.path] += 1
        if self.path == "/slow":
            self.server.release.wait(10)  # past the client's timeout; teardown releases it
        status, ctype, body = self.server.routes.get(self.path, (404, "text/plain", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.calls, httpd.release, httpd.routes = Counter(), threading.Event(), {}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_pages_feeds_and_url_lists_are_fetched_once_and_kept(
    server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>{base}/</link><description>d</description>"
        f"<item><title>Report</title><link>{base}/report.pdf</link>"
        "<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate></item>"
        "<item><title>No link here</title></item>"
        f"<item><title>Gone</title><link>{base}/gone.html</link></item>"
        "</channel></rss>"
    ).encode()
    server.routes.update(
        {
            "/article.html": (200, "text/html; charset=utf-8", ARTICLE),
            "/report.pdf": (200, "application/pdf", _report()),
            "/feed.xml": (200, "application/rss+xml", feed),
            "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        }
    )
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# reading list\n{base}/slow\n\nnot a url\n{base}/image.png\n", "utf-8")
    db = tmp_path / "f.db"
    args = [f"{base}/article.html", "--feed", f"{base}/feed.xml", "--urls", str(urls)]
    code, err = _ingest(*args, "--db", str(db), "--timeout", "0.3", "--retries", "0")
    assert code == 1
    for words in (
        f"{base}/slow: timed out",
        "urls.txt:4: ",
        f"{base}/image.png: the server sent image/png",
        f"{base}/feed.xml: entry 2 has no link",
        f"{base}/gone.html: HTTP 404",
    ):
        assert words in err, words
    assert "2 ingested, 0 skipped (unchanged), 5 failed" in err
    with Store(db) as store:
        docs = {d["name"]: d for d in store.document_rows()}
    assert set(docs) == {f"{base}/article.html", f"{base}/report.pdf"}
    article, report = docs[f"{base}/article.html"], docs[f"{base}/report.pdf"]
    assert (article["outlet"], article["url"]) == ("Example News", f"{base}/article.html")
    assert article["author"] == "Staff Reporter"
    assert (report["outlet"], report["published"]) == ("Example News", "2025-03-03")
    surfaces = {r["surface"] for r in _claims(db) if r["doc"] == f"{base}/article.html"}
    assert {"9,487", "1,200"} <= surfaces and "12" not in surfaces  # not the footer's
    assert (tmp_path / "f.fetched").is_dir()

    before = Counter(server.calls)
    code, err = _ingest(*args, "--db", str(db), "--offline")
    assert "0 ingested, 2 skipped (unchanged)" in err
    assert server.calls == before, "a re-run of what was fetched needs no network"
    assert f"{base}/slow: not in the cache" in err and "run without --offline" in err


def test_a_manifest_line_may_name_a_url(server: _Server, tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.routes["/article.html"] = (200, "text/html", ARTICLE)
    manifest = tmp_path / "m.jsonl"
    line = {"url": f"{base}/article.html", "outlet": "Wire", "published": "2025-10-31"}
    manifest.write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = tmp_path / "f.db"
    code, err = _ingest("--manifest", str(manifest), "--db", str(db))
    assert code == 0, err
    with Store(db) as store:
        (doc,) = store.document_rows()
    assert (doc["name"], doc["outlet"], doc["published"]) == (line["url"], "Wire", "2025-10-31")
