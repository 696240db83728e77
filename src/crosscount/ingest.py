"""Load documents: find the files, read them exactly, attach their metadata.

A plain-text document's text is its bytes decoded as UTF-8, unchanged (no newline or BOM
translation), so character offsets index the file. The SHA-256 of the bytes identifies the
document's content. Metadata comes from a manifest (JSON Lines) or, where the text starts
with a dated byline or header, from the text itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import (
    BinaryDocument,
    EmptyDocument,
    EncodingError,
    ManifestError,
    MissingInput,
    TooLarge,
)
from .model import Document

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
# Default size limit per document. A news article is 5-100 KB; 20 MB is a book-length dump
# and almost certainly a wrong input. Raise it with --max-size.
DEFAULT_MAX_MB = 20.0
# How much of a binary file's first bytes may be control characters before it is refused.
BINARY_SNIFF_BYTES = 8192
MANIFEST_KEYS = {"file", "url", "outlet", "published", "title"}

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
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]


@dataclass(frozen=True)
class Source:
    """One input to ingest: a file and the metadata a manifest gives it."""

    path: Path
    name: str
    meta: dict[str, str] = field(default_factory=dict)


def find_sources(
    paths: list[Path], manifest: Path | None = None
) -> Iterator[Source | MissingInput]:
    """The documents under ``paths`` (files or folders) and those a manifest lists.

    Missing paths are yielded as ``MissingInput`` errors so the caller can report them and
    go on with the rest.
    """
    listed: dict[Path, Source] = {}
    if manifest is not None:
        for entry in read_manifest(manifest):
            if isinstance(entry, MissingInput):
                yield entry
            else:
                listed[entry.path.resolve()] = entry
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            yield MissingInput(f"{path}: no such file or folder; check the path")
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
            and file.suffix.lower() in TEXT_SUFFIXES
            and not any(part.startswith(".") for part in file.relative_to(path).parts)
        ):
            yield file, file.relative_to(path).as_posix()


def read_manifest(manifest: Path) -> Iterator[Source | MissingInput]:
    """Entries of a JSON Lines manifest: {"file", "url", "outlet", "published", "title"}."""
    if not manifest.is_file():
        raise ManifestError(f"{manifest}: manifest not found; check the --manifest path")
    lines = manifest.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        entry = _manifest_entry(manifest, number, line)
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
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise ManifestError(f'{where}: each line needs a "file" key with a path')
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


def read_document(source: Source, max_mb: float = DEFAULT_MAX_MB) -> Document:
    """Read one source into a Document, or raise an InputError that names the file."""
    path = source.path
    size = path.stat().st_size
    if size > max_mb * 1e6:
        raise TooLarge(
            f"{path}: {size / 1e6:.1f} MB is over the {max_mb:g} MB limit; "
            f"raise it with --max-size {int(size / 1e6) + 1}"
        )
    data = path.read_bytes()
    return document_from_bytes(data, source)


def document_from_bytes(data: bytes, source: Source) -> Document:
    """A Document from raw bytes; the pure part of ``read_document``."""
    path = source.path
    if not data.strip():
        raise EmptyDocument(f"{path}: empty file; nothing to read")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise BinaryDocument(f"{path}: binary file, not text; give crosscount .txt or .md files")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. iconv -f cp1251 -t utf-8"
        ) from exc
    meta = source.meta
    published, published_from = meta.get("published"), "manifest" if meta.get("published") else None
    if published is None:
        published = header_date(text)
        published_from = "header" if published else None
    return Document(
        name=source.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(path),
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=published,
        published_from=published_from,
    )


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
            or not any(month in m.group(1).lower() for month in _MONTHS)
            and not re.match(r"\d{4}-\d{2}-\d{2}", m.group(1))
        ):
            continue
        parsed = _parse_date(m.group(1))
        if parsed:
            return parsed
    return None


def _parse_date(span: str) -> str | None:
    from dateparser.date import DateDataParser  # imported late: it costs 0.3 s

    parser = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    data = parser.get_date_data(span)
    if data.date_obj is None:
        return None
    formats = {"month": "%Y-%m", "day": "%Y-%m-%d"}
    if data.period not in formats:
        return None
    return str(data.date_obj.strftime(formats[data.period]))
