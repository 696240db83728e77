"""fetch: a real HTTP server on 127.0.0.1 stands in for the web (the network is the boundary)."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crosscount.errors import FetchError
from crosscount.fetch import (
    USER_AGENT,
    FeedEntry,
    Fetched,
    Fetcher,
    is_url,
    read_feed,
    read_url_list,
)

PAGE = b"<html><head><title>Losses</title></head><body><p>35,307 cases in 2024.</p></body></html>"
BIG = b"x" * 5000  # over the 1000-byte limit the size tests set
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kyiv Daily</title><link>http://example.org/</link>
<item><title>First</title><link>http://example.org/a/1</link>
  <pubDate>Mon, 03 Mar 2025 09:40:00 GMT</pubDate></item>
<item><title>No link</title><description>nothing to follow</description></item>
<item><title>Script</title><link>javascript:alert(1)</link></item>
<item><title>Relative</title><link>/a/4</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2025-01-17T10:00:00Z</updated>
<entry><title>One</title><id>urn:1</id><link href="https://example.net/one"/>
  <updated>2025-01-17T10:00:00Z</updated></entry>
<entry><title>Linkless</title><id>urn:2</id><updated>2025-01-18T10:00:00Z</updated></entry>
<entry><title>Two</title><id>urn:3</id><link href="https://example.net/two"/>
  <published>2024-12-14T08:00:00Z</published></entry>
</feed>"""


@dataclass
class Web:
    """The test server: its base URL, how often each path was asked for, and what it saw."""

    base: str
    calls: Counter[str] = field(default_factory=Counter)
    agents: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close joins every handler thread: none is left running
    web: Web


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        web = self.server.web
        web.calls[self.path] += 1
        web.agents.append(self.headers.get("User-Agent", ""))
        route = ROUTES.get(self.path)
        if route is None:
            self._send(404, b"not here")
        else:
            route(self, web.calls[self.path])


def _slow(h: _Handler, n: int) -> None:
    h.server.web.release.wait(5)  # past the client's timeout; teardown releases it at once


def _big_streamed(h: _Handler, n: int) -> None:
    h.send_response(200)  # no Content-Length: the body runs until the connection closes
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    h.wfile.write(BIG)


ROUTES: dict[str, Callable[[_Handler, int], None]] = {
    "/page": lambda h, n: h._send(200, PAGE, "text/html; charset=utf-8"),
    "/redirect": lambda h, n: h._send(302, Location="/page"),
    "/loop": lambda h, n: h._send(302, Location="/loop"),
    "/flaky": lambda h, n: h._send(503) if n == 1 else h._send(200, PAGE),
    "/down": lambda h, n: h._send(503),
    "/limited": lambda h, n: h._send(429, Retry_After="7") if n == 1 else h._send(200, PAGE),
    "/greedy": lambda h, n: h._send(429, Retry_After="3600") if n == 1 else h._send(200, PAGE),
    "/slow": _slow,
    "/big": lambda h, n: h._send(200, BIG, "text/plain"),
    "/big-streamed": _big_streamed,
    "/rss": lambda h, n: h._send(200, RSS, "application/rss+xml"),
    "/atom": lambda h, n: h._send(200, ATOM, "application/atom+xml"),
}


@pytest.fixture
def web() -> Iterator[Web]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.web = Web(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.web
    finally:
        server.web.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def fetcher(tmp_path: Path, slept: list[float]) -> Iterator[Fetcher]:
    with Fetcher(tmp_path / "cache", retries=2, backoff=0.5, sleep=slept.append) as f:
        yield f


def test_a_page_is_fetched_with_its_provenance(web: Web, fetcher: Fetcher) -> None:
    got = fetcher.get(web.url("/page"))
    assert got.data == PAGE
    assert (got.url, got.final_url, got.status) == (web.url("/page"), web.url("/page"), 200)
    assert got.content_type == "text/html; charset=utf-8"
    assert got.from_cache is False
    assert got.fetched_at.endswith("Z") and len(got.fetched_at) == len("2025-01-01T00:00:00Z")
    assert web.agents == [USER_AGENT]
    assert USER_AGENT.startswith("crosscount/")


def test_a_redirect_is_followed_and_the_final_url_kept(web: Web, fetcher: Fetcher) -> None:
    got = fetcher.get(web.url("/redirect"))
    assert (got.url, got.final_url, got.data) == (web.url("/redirect"), web.url("/page"), PAGE)


def test_a_redirect_loop_is_an_error(web: Web, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(web.url("/loop"))
    assert web.calls["/loop"] == 6


def test_a_404_is_not_retried(web: Web, fetcher: Fetcher, slept: list[float]) -> None:
    url = web.url("/gone")
    with pytest.raises(FetchError, match="HTTP 404 Not Found; check the URL") as caught:
        fetcher.get(url)
    assert str(caught.value).startswith(url)
    assert web.calls["/gone"] == 1 and slept == []


def test_a_503_is_retried_after_the_backoff(web: Web, fetcher: Fetcher, slept: list[float]):
    assert fetcher.get(web.url("/flaky")).data == PAGE
    assert web.calls["/flaky"] == 2
    assert slept == [0.5]


def test_a_server_that_stays_down_fails_after_every_attempt(
    web: Web, fetcher: Fetcher, slept: list[float]
) -> None:
    with pytest.raises(FetchError, match=r"HTTP 503 .*\(3 attempts\); try again later"):
        fetcher.get(web.url("/down"))
    assert web.calls["/down"] == 3
    assert slept == [0.5, 1.0]  # backoff * 2**attempt


@pytest.mark.parametrize(("path", "wait"), [("/limited", 7.0), ("/greedy", 60.0)])
def test_a_429_waits_as_long_as_retry_after_says_up_to_a_minute(
    web: Web, fetcher: Fetcher, slept: list[float], path: str, wait: float
) -> None:
    assert fetcher.get(web.url(path)).data == PAGE
    assert slept == [wait]


def test_a_slow_server_times_out_after_retries(web: Web, tmp_path: Path) -> None:
    slept: list[float] = []
    url = web.url("/slow")
    with (
        Fetcher(tmp_path, timeout=0.3, retries=1, sleep=slept.append) as fetcher,
        pytest.raises(FetchError, match=r"timed out after 0.3 s .*raise --timeout") as caught,
    ):
        fetcher.get(url)
    assert str(caught.value).startswith(url)
    assert web.calls["/slow"] == 2 and slept == [1.0]


def test_a_refused_connection_is_an_error(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"
    slept: list[float] = []
    with (
        Fetcher(tmp_path, retries=1, sleep=slept.append) as fetcher,
        pytest.raises(FetchError, match="refused the connection") as caught,
    ):
        fetcher.get(url)
    assert str(caught.value).startswith(url) and "try again later" in str(caught.value)
    assert slept == [1.0]


@pytest.mark.parametrize("path", ["/big", "/big-streamed"])
def test_a_body_over_the_limit_is_refused(web: Web, tmp_path: Path, path: str) -> None:
    with (
        Fetcher(tmp_path, max_bytes=1000, sleep=lambda s: None) as fetcher,
        pytest.raises(FetchError, match=r"over the 0.001 MB limit; raise it with --max-size \d"),
    ):
        fetcher.get(web.url(path))
    assert web.calls[path] == 1  # not retried
    assert not list(tmp_path.iterdir())  # and nothing cached


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "example.org/a"])
def test_only_http_urls_are_fetched(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetcher.get(url)


def test_a_second_get_comes_from_the_cache(web: Web, fetcher: Fetcher) -> None:
    first = fetcher.get(web.url("/redirect"))
    second = fetcher.get(web.url("/redirect"))
    assert web.calls["/redirect"] == 1
    assert second.from_cache is True
    assert second == Fetched(**{**first.__dict__, "from_cache": True})


def test_the_cache_outlives_the_fetcher_and_works_offline(web: Web, tmp_path: Path) -> None:
    with Fetcher(tmp_path) as online:
        fetched = online.get(web.url("/page"))
    with Fetcher(tmp_path, offline=True, refresh=True) as offline:
        assert offline.get(web.url("/page")).data == fetched.data
    assert web.calls["/page"] == 1


def test_refresh_fetches_again(web: Web, tmp_path: Path) -> None:
    with Fetcher(tmp_path) as fetcher:
        fetcher.get(web.url("/page"))
    with Fetcher(tmp_path, refresh=True) as fetcher:
        assert fetcher.get(web.url("/page")).from_cache is False
    assert web.calls["/page"] == 2


def test_offline_without_a_cache_entry_is_an_error(tmp_path: Path) -> None:
    with (
        Fetcher(tmp_path / "none", offline=True) as fetcher,
        pytest.raises(FetchError, match="not in the cache.*run without --offline"),
    ):
        fetcher.get("https://example.org/a")
    assert not (tmp_path / "none").exists()


def test_failures_are_not_cached(web: Web, fetcher: Fetcher) -> None:
    for _ in range(2):
        with pytest.raises(FetchError):
            fetcher.get(web.url("/gone"))
    assert web.calls["/gone"] == 2


@pytest.mark.parametrize(
    "damage",
    [
        "drop the json",  # a crash between writing the body and the JSON
        "drop the body",
        "corrupt the json",
        "change the body",  # a crash while refreshing: a new body under the old JSON
    ],
)
def test_an_incomplete_cache_entry_is_not_read(web: Web, tmp_path: Path, damage: str) -> None:
    with Fetcher(tmp_path) as fetcher:
        fetcher.get(web.url("/page"))
    (body,) = tmp_path.glob("*.body")
    (meta,) = tmp_path.glob("*.json")
    (tmp_path / f".{body.name}.leftover.tmp").write_bytes(b"half")  # another crash's leftover
    if damage == "drop the json":
        meta.unlink()
    elif damage == "drop the body":
        body.unlink()
    elif damage == "corrupt the json":
        meta.write_text('{"url": ')
    else:
        body.write_bytes(b"other")
    with Fetcher(tmp_path) as fetcher:
        got = fetcher.get(web.url("/page"))
    assert (got.from_cache, got.data) == (False, PAGE)
    assert web.calls["/page"] == 2
    with Fetcher(tmp_path, offline=True) as fetcher:
        assert fetcher.get(web.url("/page")).data == PAGE  # and the entry is whole again


def test_an_rss_feed_lists_its_entries_and_its_broken_ones(web: Web, fetcher: Fetcher) -> None:
    feed = web.url("/rss")
    got = list(read_feed(fetcher.get(feed)))
    assert got[0] == FeedEntry("http://example.org/a/1", "First", "2025-03-03", "Kyiv Daily")
    assert isinstance(got[1], FetchError)
    assert str(got[1]) == f"{feed}: entry 2 has no link; skipped"
    assert isinstance(got[2], FetchError)
    assert str(got[2]).startswith(f"{feed}: entry 3 links to 'javascript:alert(1)'")
    assert got[3] == FeedEntry(web.url("/a/4"), "Relative", None, "Kyiv Daily")
    assert len(got) == 4


def test_an_atom_feed_lists_its_entries(web: Web, fetcher: Fetcher) -> None:
    feed = web.url("/atom")
    got = list(read_feed(fetcher.get(feed)))
    assert got[0] == FeedEntry("https://example.net/one", "One", "2025-01-17", "Wire")
    assert isinstance(got[1], FetchError) and "entry 2 has no link" in str(got[1])
    assert got[2] == FeedEntry("https://example.net/two", "Two", "2024-12-14", "Wire")
    assert len(got) == 3


@pytest.mark.parametrize("data", [PAGE, b"", b"/etc/hostname", b"not xml at all <"])
def test_a_page_that_is_not_a_feed_is_one_error(data: bytes) -> None:
    url = "https://example.org/feed"
    fetched = Fetched(url, url, 200, "text/html", data, "2025-01-01T00:00:00Z", False)
    (error,) = read_feed(fetched)
    assert isinstance(error, FetchError)
    assert str(error).startswith(f"{url}: not an RSS or Atom feed")


def test_a_url_list_skips_comments_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text(
        "# articles\n\nhttps://example.org/a\n  http://example.org/b  \n"
        "example.org/c\n   # indented comment\nftp://example.org/d\n"
    )
    got = list(read_url_list(path))
    assert got[:2] == ["https://example.org/a", "http://example.org/b"]
    assert [str(e) for e in got[2:]] == [
        f"{path}:5: 'example.org/c' is not an http(s) URL; fix or remove the line",
        f"{path}:7: 'ftp://example.org/d' is not an http(s) URL; fix or remove the line",
    ]
    assert all(isinstance(e, FetchError) for e in got[2:])


def test_a_missing_url_list_is_one_error(tmp_path: Path) -> None:
    (error,) = read_url_list(tmp_path / "nope.txt")
    assert isinstance(error, FetchError) and "nope.txt" in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("http://127.0.0.1:8080/", True),
        ("http://", False),
        ("https:///path", False),
        ("ftp://example.org", False),
        ("javascript:alert(1)", False),
        ("example.org", False),
        ("https://exa mple.org", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected
