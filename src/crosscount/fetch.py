"""Fetch articles and feeds over HTTP, keeping the bytes so a re-run needs no network.

``Fetcher.get`` downloads one URL (http or https only), following up to 5 redirects, with a
size cap and retries with exponential backoff on timeouts, dropped connections, HTTP 429 and
5xx. Every successful (2xx) response is kept in a cache folder, keyed by the SHA-256 of the
URL as asked: the body in ``<key>.body`` and its provenance (url, final_url, status,
content_type, fetched_at, the body's SHA-256) in ``<key>.json``. Both are written atomically,
body first, and the JSON makes the entry valid: an entry whose JSON is missing, unreadable or
does not match its body is treated as not cached. ``read_feed`` lists the articles of an RSS
or Atom feed already fetched; ``read_url_list`` reads a text file of URLs.

Everything that goes wrong is a ``FetchError`` naming the URL (or file and line), what
happened and what to do; lists and feeds yield their broken lines and entries as errors and go
on with the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from . import __version__
from .errors import FetchError

# httpx and feedparser are imported where a download or a feed needs them: together they take
# about 60 ms to import, and most runs and commands read only local files.
if TYPE_CHECKING:
    import httpx

USER_AGENT = f"crosscount/{__version__} (reads news articles to cross-check the figures in them)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf,application/rss+xml,"
    "application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
# The longest Retry-After honoured, in seconds; a server asking for more gets this much.
MAX_RETRY_AFTER = 60.0
# Statuses worth asking again for: rate limited, or the server's own trouble.
RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))
# What to do about a 4xx that is not worth retrying; anything else: check the URL.
STATUS_ADVICE = {
    401: "the page needs a login; save it from a browser and give crosscount the file",
    403: "the site refuses crosscount; save the page from a browser and give crosscount the file",
    410: "the page was removed; look for an archived copy",
}
CACHE_KEYS = ("url", "final_url", "status", "content_type", "fetched_at", "sha256")


@dataclass(frozen=True)
class Fetched:
    """One HTTP response body and where it came from."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # e.g. "text/html; charset=utf-8" ("" if none)
    data: bytes
    fetched_at: str  # ISO 8601 UTC, seconds
    from_cache: bool


@dataclass(frozen=True)
class FeedEntry:
    """One article a feed lists."""

    url: str
    title: str | None
    published: str | None  # ISO YYYY-MM-DD
    outlet: str | None  # the feed's title


class _Retry(Exception):
    """An attempt that failed in a way worth trying again (internal to ``Fetcher``)."""

    def __init__(self, what: str, advice: str, wait: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.advice = advice
        self.wait = wait  # the server's Retry-After, if it gave one


class Fetcher:
    """Fetches URLs through a cache folder; use as a context manager, or call ``close``.

    ``retries`` is how many times a failed attempt is repeated (so ``retries + 1`` attempts),
    waiting ``backoff * 2**n`` seconds before repeat n (from 0), or the server's Retry-After.
    ``refresh`` fetches again even what is cached; ``offline`` never touches the network.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_bytes: int = 20_000_000,
        refresh: bool = False,
        offline: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.cache = _Cache(cache_dir)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.refresh = refresh
        self.offline = offline
        self._sleep = sleep
        self._transport = transport
        self._client: httpx.Client | None = None  # opened on the first download

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str) -> Fetched:
        """The body of ``url``: from the cache if it is there, else downloaded and cached."""
        if not is_url(url):
            raise FetchError(
                f"{url}: not an http(s) URL; give a URL starting with http:// or https://"
            )
        if self.offline or not self.refresh:
            cached = self.cache.read(url)
            if cached is not None:
                return cached
        if self.offline:
            raise FetchError(
                f"{url}: not in the cache ({self.cache.folder}); run without --offline to fetch it"
            )
        fetched = self._download(url)
        self.cache.write(fetched)
        return fetched

    def _download(self, url: str) -> Fetched:
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                return self._attempt(url)
            except _Retry as failure:
                if attempt == attempts - 1:
                    tries = f" ({attempts} attempts)" if attempts > 1 else ""
                    raise FetchError(f"{url}: {failure.what}{tries}; {failure.advice}") from None
                wait = failure.wait
                self._sleep(self.backoff * 2**attempt if wait is None else wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _attempt(self, url: str) -> Fetched:
        """One GET; a ``_Retry`` for what is worth repeating, a ``FetchError`` for the rest."""
        import httpx

        try:
            with self._open().stream("GET", url) as response:
                _check_status(url, response)
                data = self._read_capped(url, response)
                return Fetched(
                    url=url,
                    final_url=str(response.url),
                    status=response.status_code,
                    content_type=response.headers.get("content-type", ""),
                    data=data,
                    fetched_at=_now(),
                    from_cache=False,
                )
        except httpx.TimeoutException:
            raise _Retry(
                f"timed out after {self.timeout:g} s", "raise --timeout or try again later"
            ) from None
        except httpx.ConnectError as exc:
            refused = "refused" in str(exc).lower()
            what = "refused the connection" if refused else f"cannot connect ({exc})"
            raise _Retry(what, "check the URL or try again later") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Retry(f"the connection broke ({exc})", "try again later") from None
        except httpx.TooManyRedirects:
            raise FetchError(
                f"{url}: more than {MAX_REDIRECTS} redirects; check the URL in a browser"
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: cannot fetch ({exc}); check the URL") from None

    def _open(self) -> httpx.Client:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
                transport=self._transport,
            )
        return self._client

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        """The body, refused as soon as it is known to be over ``max_bytes``."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(url, int(declared))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(url, None)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str, size: int | None) -> FetchError:
        limit = self.max_bytes / 1e6
        if size is None:  # stopped reading: the true size is unknown
            return FetchError(
                f"{url}: the response is over the {limit:g} MB limit; "
                f"raise it with --max-size {int(limit * 2) + 1}"
            )
        return FetchError(
            f"{url}: {size / 1e6:.1f} MB is over the {limit:g} MB limit; "
            f"raise it with --max-size {int(size / 1e6) + 1}"
        )


def _check_status(url: str, response: httpx.Response) -> None:
    """Raise for a response that is not a success: ``_Retry`` if it is worth asking again."""
    status = response.status_code
    if 200 <= status < 300:
        return
    what = f"HTTP {status} {response.reason_phrase}".rstrip()
    if status in RETRY_STATUSES:
        raise _Retry(what, "try again later", _retry_after(response))
    raise FetchError(f"{url}: {what}; {STATUS_ADVICE.get(status, 'check the URL')}")


def _retry_after(response: httpx.Response) -> float | None:
    """A numeric Retry-After in seconds, at most ``MAX_RETRY_AFTER``; None for a date or none."""
    try:
        seconds = float(response.headers.get("retry-after", ""))
    except ValueError:
        return None
    if not 0 <= seconds < float("inf"):
        return None
    return min(seconds, MAX_RETRY_AFTER)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Cache:
    """Fetched bodies on disk: ``<sha256 of url>.body`` and the ``.json`` that validates it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.body", self.folder / f"{key}.json"

    def read(self, url: str) -> Fetched | None:
        """The cached entry for ``url``; None if there is none or it is incomplete."""
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not _valid_meta(meta, url) or hashlib.sha256(data).hexdigest() != meta["sha256"]:
            return None
        return Fetched(
            url=url,
            final_url=meta["final_url"],
            status=meta["status"],
            content_type=meta["content_type"],
            data=data,
            fetched_at=meta["fetched_at"],
            from_cache=True,
        )

    def write(self, fetched: Fetched) -> None:
        """Keep ``fetched``: the body first, then the JSON that makes the entry valid."""
        body_path, meta_path = self._paths(fetched.url)
        meta = {k: v for k, v in asdict(fetched).items() if k in CACHE_KEYS}
        meta["sha256"] = hashlib.sha256(fetched.data).hexdigest()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(body_path, fetched.data)
            _write_atomic(meta_path, json.dumps(meta, indent=1).encode("utf-8"))
        except OSError as exc:
            raise FetchError(
                f"{fetched.url}: cannot write the cache in {self.folder} ({exc}); "
                "free some space or choose another cache folder"
            ) from exc


def _valid_meta(meta: Any, url: str) -> bool:
    return (
        isinstance(meta, dict)
        and all(key in meta for key in CACHE_KEYS)
        and meta["url"] == url
        and isinstance(meta["status"], int)
        and all(isinstance(meta[k], str) for k in CACHE_KEYS if k != "status")
    )


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_feed(fetched: Fetched) -> Iterator[FeedEntry | FetchError]:
    """The articles an RSS or Atom feed lists, in order; broken entries are yielded as errors.

    feedparser reads only the bytes given (never the network or a file); relative links are
    resolved against the feed's final URL.
    """
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(
        io.BytesIO(fetched.data),
        response_headers={
            "content-location": fetched.final_url,
            "content-type": fetched.content_type or "application/xml",
        },
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no feed elements"
        yield FetchError(f"{fetched.url}: not an RSS or Atom feed ({reason}); check the feed URL")
        return
    outlet = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, 1):
        yield _feed_entry(fetched, number, entry, outlet)


def _feed_entry(
    fetched: Fetched, number: int, entry: Any, outlet: str | None
) -> FeedEntry | FetchError:
    where = f"{fetched.url}: entry {number}"
    link = _text(entry.get("link"))
    # Without <link>, feedparser offers the id or guid as the link: kept only if it is a URL.
    if link is None or not entry.get("links") and not is_url(link):
        return FetchError(f"{where} has no link; skipped")
    url = urljoin(fetched.final_url, link)
    if not is_url(url):
        return FetchError(f"{where} links to {link!r}, not an http(s) URL; skipped")
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return FeedEntry(
        url=url,
        title=_text(entry.get("title")),
        published=time.strftime("%Y-%m-%d", when) if when else None,
        outlet=outlet,
    )


def _text(value: Any) -> str | None:
    """A stripped, non-empty string, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def read_url_list(path: Path) -> Iterator[str | FetchError]:
    """The URLs in a text file, one a line; blank lines and ``#`` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        yield FetchError(f"{path}: cannot read the URL list ({exc}); it must be a UTF-8 text file")
        return
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if is_url(text):
            yield text
        else:
            yield FetchError(
                f"{path}:{number}: {text!r} is not an http(s) URL; fix or remove the line"
            )


def is_url(text: str) -> bool:
    """True for an http:// or https:// URL with a host (and no whitespace)."""
    if any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
        return parts.scheme.lower() in SCHEMES and bool(parts.hostname)
    except ValueError:  # e.g. a malformed IPv6 host or port
        return False
