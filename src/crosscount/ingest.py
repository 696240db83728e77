"""Load documents: find the files, read them exactly, attach their metadata.

A plain-text document's text is its bytes decoded, unchanged (no newline or BOM
translation), so character offsets index the file: UTF-8, or the encoding charset-normalizer
detects (with a warning that names it). An HTML page's text is its main text as trafilatura
extracts it (navigation, comments and boilerplate left out), and offsets index that stored
text. A corpus file (JSON Lines or CSV, one article per row) gives one document per row. The
SHA-256 of the original bytes identifies the document's content. Metadata comes from a
manifest (JSON Lines), the corpus row, the HTML page's metadata or, where the text starts with
a dated byline or header, from the text itself.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import (
    BinaryDocument,
    EmptyDocument,
    EncodingError,
    FetchError,
    InputError,
    ManifestError,
    MissingInput,
    TooLarge,
)
from .fetch import Fetcher, is_url, read_feed, read_url_list
from .model import Document
from .numbers.vocab import MONTH_ABBREVIATIONS, MONTHS
from .pdf import is_pdf, pdf_text

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
CORPUS_SUFFIXES = (".jsonl", ".csv")  # read as corpora when named on the command line
# The columns of a corpus file, and the names they may go by.
CORPUS_COLUMNS = {
    "text": ("text", "body", "content", "article"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at"),
    "title": ("title", "headline"),
    "author": ("author", "byline", "authors"),
    "outlet": ("outlet", "source", "site", "publisher"),
    "id": ("id", "name", "file"),
}
# Fewer words than this after extraction is a page without an article (a menu, a login form).
MIN_ARTICLE_WORDS = 6
# The least confidence (1 - chaos) at which a detected encoding is accepted.
ENCODING_MIN_COHERENCE = 0.8
# Default size limit per document. A news article is 5-100 KB; 20 MB is a book-length dump
# and almost certainly a wrong input. Raise it with --max-size.
DEFAULT_MAX_MB = 20.0
# How much of a binary file's first bytes may be control characters before it is refused.
BINARY_SNIFF_BYTES = 8192
MANIFEST_KEYS = {"file", "url", "outlet", "published", "title", "author"}

# Header lines that carry the publication date: a short line that is (almost) only a date,
# or a line that says "Published", "Posted", "Submitted by ... on", "Updated".
HEADER_LINES = 12
_DATE = (
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}"
    r"|[A-Za-z]{3,9}\s+\d{4}|\d{4}-\d{2}-\d{2})"
)
_HEADER_DATE = re.compile(
    rf"^\W*(?:(?:published|posted|submitted|updated|date)\b[^\n]{{0,60}}?)?({_DATE})"
    # an optional time of day: "21 October 2025, 09:40", "March 3, 2025 at 5:12 pm (EET)"
    r"(?:\W{1,3}(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?\W*$",
    re.IGNORECASE,
)
# A wire-service dateline opening the first paragraph: "KYIV, March 3, 2025 (Reuters) -".
_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'-]{{1,30}},\s+({_DATE})\s*(?:\([^)]{{1,40}}\))?\s*[-–—]", re.IGNORECASE
)


@dataclass(frozen=True)
class Source:
    """One input to ingest: a file, a corpus row or a URL, and the metadata a manifest, a
    corpus row or a feed gives it."""

    path: Path
    name: str
    meta: dict[str, str] = field(default_factory=dict)
    text: str | None = None  # a corpus row's text: the source is not a file of its own
    url: str | None = None  # a web page or PDF to fetch (``path`` is then unused)

    @property
    def label(self) -> str:
        """How messages name the input: its URL or its path."""
        return self.url or str(self.path)


def url_source(url: str, meta: dict[str, str] | None = None) -> Source:
    """A source fetched from ``url``; the URL as given names the document."""
    return Source(Path(), url, {"url": url, **(meta or {})}, url=url)


def find_sources(
    paths: Sequence[str | Path],
    manifest: Path | None = None,
    columns: dict[str, str] | None = None,
) -> Iterator[Source | MissingInput]:
    """The documents under ``paths`` (files, folders or http(s) URLs) and those a manifest
    lists. ``columns`` names a corpus file's columns where they go by other names
    ({"text": "story"}).

    Missing paths are yielded as ``MissingInput`` errors so the caller can report them and
    go on with the rest.
    """
    listed: dict[Path, Source] = {}
    if manifest is not None:
        for entry in read_manifest(manifest):
            if isinstance(entry, MissingInput):
                yield entry
            elif entry.url is not None:
                yield entry  # a manifest line with a URL and no file: fetched
            else:
                listed[entry.path.resolve()] = entry
    seen: set[Path] = set()
    for item in paths:
        if isinstance(item, str) and is_url(item):
            yield url_source(item)
            continue
        path = Path(item)
        if not path.exists():
            yield MissingInput(f"{path}: no such file or folder; check the path")
            continue
        if path.is_file() and path.suffix.lower() in CORPUS_SUFFIXES and path != manifest:
            yield from read_corpus(path, columns)
            continue
        for file, name in _files_under(path):
            key = file.resolve()
            seen.add(key)
            meta = listed[key].meta if key in listed else {}
            yield Source(file, name, meta)
    for key, source in listed.items():
        if key not in seen:
            yield source


def _files_under(path: Path) -> Iterator[tuple[Path, str]]:
    if path.is_file():
        yield path, path.name
        return
    for file in sorted(path.rglob("*")):
        if (
            file.is_file()
            and file.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
            and not any(part.startswith(".") for part in file.relative_to(path).parts)
        ):
            yield file, file.relative_to(path).as_posix()


def feed_sources(feed: str, fetcher: Fetcher) -> Iterator[Source | InputError]:
    """One source per article a feed (RSS or Atom) lists, with the feed's title as outlet;
    a feed that cannot be fetched or read, and each broken entry, is yielded as an error."""
    try:
        fetched = fetcher.get(feed)
    except FetchError as exc:
        yield exc
        return
    for entry in read_feed(fetched):
        if isinstance(entry, FetchError):
            yield entry
            continue
        meta = {"title": entry.title, "published": entry.published, "outlet": entry.outlet}
        yield url_source(entry.url, {k: v for k, v in meta.items() if v})


def url_list_sources(path: Path) -> Iterator[Source | InputError]:
    """One source per URL in a text file of URLs (one a line, # comments)."""
    for url in read_url_list(path):
        yield url if isinstance(url, FetchError) else url_source(url)


def read_corpus(
    path: Path, columns: dict[str, str] | None = None
) -> Iterator[Source | MissingInput]:
    """One source per row of a JSON Lines or CSV corpus file; a row without text is reported
    and skipped, the rest go on. A field is read from the column ``columns`` names for it,
    else from the first of its usual names (CORPUS_COLUMNS) the row has."""
    names_of = {
        key: (columns[key],) if columns and key in columns else names
        for key, names in CORPUS_COLUMNS.items()
    }
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield MissingInput(f"{path}: cannot read the corpus file ({exc}); it must be UTF-8")
        return
    if path.suffix.lower() == ".csv":
        rows: Iterator[tuple[int, Any]] = (
            (n, row) for n, row in enumerate(csv.DictReader(io.StringIO(raw, newline="")), 2)
        )
    else:
        rows = ((n, line) for n, line in enumerate(raw.splitlines(), 1) if line.strip())
    for number, row in rows:
        where = f"{path}:{number}"
        if isinstance(row, str):
            try:
                row = json.loads(row)
            except json.JSONDecodeError as exc:
                yield MissingInput(f"{where}: not valid JSON ({exc.msg}); row skipped")
                continue
        if not isinstance(row, dict):
            yield MissingInput(f"{where}: not an object with a text field; row skipped")
            continue
        fields = {
            key: next((str(row[n]) for n in names if row.get(n) not in (None, "")), None)
            for key, names in names_of.items()
        }
        if not fields["text"] or not fields["text"].strip():
            names = "/".join(names_of["text"])
            yield MissingInput(f"{where}: no article text (a {names} field); row skipped")
            continue
        meta = {k: v for k, v in fields.items() if k not in ("text", "id") and v}
        if "published" in meta and not _iso_date(meta["published"][:10]):
            del meta["published"]
        elif "published" in meta:
            meta["published"] = meta["published"][:10]
        name = f"{path.name}#{fields['id'] or number}"
        yield Source(path, name, meta, text=fields["text"])


def read_manifest(manifest: Path) -> Iterator[Source | MissingInput]:
    """Entries of a JSON Lines manifest: {"file", "url", "outlet", "published", "title"}; a
    line with a "url" and no "file" is a page to fetch."""
    if not manifest.is_file():
        raise ManifestError(f"{manifest}: manifest not found; check the --manifest path")
    lines = manifest.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        entry = _manifest_entry(manifest, number, line)
        if entry.get("file") is None:
            meta = {k: str(v) for k, v in entry.items() if k != "url" and v is not None}
            yield url_source(entry["url"], meta)
            continue
        path = Path(entry["file"])
        if not path.is_absolute():
            path = manifest.parent / path
        if not path.is_file():
            yield MissingInput(
                f"{manifest}:{number}: {entry['file']} does not exist; "
                "fix the manifest line or add the file"
            )
            continue
        meta = {k: str(v) for k, v in entry.items() if k != "file" and v is not None}
        yield Source(path, path.name, meta)


def _manifest_entry(manifest: Path, number: int, line: str) -> dict[str, Any]:
    where = f"{manifest}:{number}"
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"{where}: not valid JSON ({exc.msg}); each line must be one JSON object"
        ) from exc
    if not isinstance(entry, dict) or not (
        isinstance(entry.get("file"), str) or is_url(str(entry.get("url", "")))
    ):
        raise ManifestError(
            f'{where}: each line needs a "file" key with a path, or a "url" key with an '
            "http(s) URL"
        )
    unknown = set(entry) - MANIFEST_KEYS
    if unknown:
        raise ManifestError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"known keys are {', '.join(sorted(MANIFEST_KEYS))}"
        )
    if entry.get("published") is not None and not _iso_date(str(entry["published"])):
        raise ManifestError(
            f"{where}: published {entry['published']!r} is not an ISO date (YYYY-MM-DD or YYYY-MM)"
        )
    return entry


def _iso_date(value: str) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value) is not None


def read_document(
    source: Source, max_mb: float = DEFAULT_MAX_MB, fetcher: Fetcher | None = None
) -> Document:
    """Read one source into a Document, or raise an InputError that names the input. A URL
    is fetched through ``fetcher`` (its cache first)."""
    path = source.path
    if source.text is not None:
        return document_from_bytes(source.text.encode("utf-8"), source)
    if source.url is not None:
        if fetcher is None:
            raise FetchError(f"{source.url}: URLs need a fetcher; this is a bug, please report it")
        fetched = fetcher.get(source.url)
        return document_from_bytes(fetched.data, source, fetched.content_type)
    size = path.stat().st_size
    if size > max_mb * 1e6:
        raise TooLarge(
            f"{path}: {size / 1e6:.1f} MB is over the {max_mb:g} MB limit; "
            f"raise it with --max-size {int(size / 1e6) + 1}"
        )
    data = path.read_bytes()
    return document_from_bytes(data, source)


def document_from_bytes(data: bytes, source: Source, content_type: str = "") -> Document:
    """A Document from raw bytes (and, for a fetched page, its HTTP content type); the pure
    part of ``read_document``."""
    where = source.label
    if not data.strip():
        raise EmptyDocument(f"{where}: empty file; nothing to read")
    meta = dict(source.meta)
    warnings: list[str] = []
    page_starts: tuple[int, ...] = ()
    kind = _kind(data, source, content_type)
    if kind != "pdf" and b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise _binary(where)  # before any decoding guesses at it
    if kind == "pdf":
        pdf = pdf_text(data, Path(where))
        text, page_starts, found, read_from = pdf.text, pdf.page_starts, pdf.meta, "pdf"
    elif kind == "html":
        text, found = _html_text(data, where)
        read_from = "html"
    else:
        text, found, read_from = _decode(data, where, warnings), {}, "manifest"
    if "\x00" in text:
        raise _binary(where)  # a NUL further in, which no database column may hold
    for key, value in found.items():
        if key in ("title", "author", "outlet", "url", "published"):
            meta.setdefault(key, value)
    from_meta = "manifest" if source.meta.get("published") else read_from
    published = meta.get("published")
    published_from = from_meta if published else None
    if published is None:
        published = header_date(text)
        published_from = "header" if published else None
    return Document(
        name=source.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        path=None if source.url else str(source.path),
        title=meta.get("title"),
        author=meta.get("author"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=published,
        published_from=published_from,
        warnings=tuple(warnings),
        page_starts=page_starts,
    )


def _binary(where: str) -> BinaryDocument:
    return BinaryDocument(
        f"{where}: binary file, not text; give crosscount .txt, .md, .html or .pdf files"
    )


def _kind(data: bytes, source: Source, content_type: str) -> str:
    """How to read the bytes: "pdf" (by its magic bytes), "html" (by the file's suffix, the
    HTTP content type, or a fetched page's markup) or "text"."""
    if is_pdf(data):
        return "pdf"
    if source.text is not None:
        return "text"
    if source.url is None:
        return "html" if source.path.suffix.lower() in HTML_SUFFIXES else "text"
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media in ("", "application/octet-stream"):
        head = data[:BINARY_SNIFF_BYTES].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
            return "html"
    if media in ("text/plain", "text/markdown", ""):
        return "text"
    if media.startswith("text/"):
        return "html" if media.endswith("html") else "text"
    raise BinaryDocument(
        f"{source.label}: the server sent {media}, not a web page, text or PDF; nothing to read"
    )


def _decode(data: bytes, path: str, warnings: list[str]) -> str:
    """UTF-8, else the encoding charset-normalizer finds with confidence (and a warning)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or 1 - best.chaos < ENCODING_MIN_COHERENCE:
            raise EncodingError(
                f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) and "
                "no other encoding fits; convert it, e.g. iconv -f cp1251 -t utf-8"
            ) from exc
        warnings.append(f"{path}: not UTF-8; read as {best.encoding}")
        return str(best)


def _html_text(data: bytes, path: str) -> tuple[str, dict[str, str]]:
    """The main text of an HTML page and its metadata (title, author, outlet, url,
    published)."""
    import trafilatura  # imported late: it loads lxml

    found = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True
    )
    text = getattr(found, "text", None) if found is not None else None
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        raise EmptyDocument(f"{path}: no article text found in the page; nothing to read")
    meta = {
        "title": getattr(found, "title", None),
        "author": getattr(found, "author", None),
        "outlet": getattr(found, "sitename", None),
        "url": getattr(found, "url", None),
        "published": getattr(found, "date", None),
    }
    if meta["published"] and not _iso_date(str(meta["published"])[:10]):
        meta["published"] = None
    return str(text), {k: str(v)[:10] if k == "published" else str(v) for k, v in meta.items() if v}


def header_date(text: str) -> str | None:
    """The publication date a document's header states, as ISO (day or month precision)."""
    lines = [line.strip() for line in text[:2000].splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        dateline = _DATELINE.match(line)
        if dateline is not None:  # "KYIV, March 3, 2025 (Reuters) - ..."
            parsed = _parse_date(dateline.group(1))
            if parsed:
                return parsed
        m = _HEADER_DATE.match(line) if len(line) <= 80 else None
        if (
            m is None
            or not any(month in m.group(1).lower() for month in MONTHS | MONTH_ABBREVIATIONS)
            and not re.match(r"\d{4}-\d{2}-\d{2}", m.group(1))
        ):
            continue
        parsed = _parse_date(m.group(1))
        if parsed:
            return parsed
    return None


@functools.cache
def _date_parser() -> Any:
    """One dateparser parser for every header (making one costs 15 ms)."""
    from dateparser.date import DateDataParser  # imported late: it costs 0.3 s

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


def _parse_date(span: str) -> str | None:
    data = _date_parser().get_date_data(span)
    if data.date_obj is None:
        return None
    formats = {"month": "%Y-%m", "day": "%Y-%m-%d"}
    if data.period not in formats:
        return None
    return str(data.date_obj.strftime(formats[data.period]))
