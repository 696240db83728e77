"""Read the text of a PDF: pages in reading order, running headers and footers left out.

The stored text is built here, so claim offsets index it (not the PDF): each page's text as
pypdf extracts it, compatibility characters normalised (``ﬁ`` -> ``fi``), running header and
footer lines and page numbers left out, lines wrapped inside a paragraph joined with a space,
and pages joined with a blank line. ``page_starts`` records where each page begins, so that
``page_of`` can say which page a figure is on.

Reading order: pypdf's plain mode, which follows the order in which the PDF draws its text.
Word processors and typesetters draw a column at a time, so a two-column report reads column
after column and its sentences stay whole. The "layout" mode places text where it stands on
the page instead, which interleaves the lines of side-by-side columns ("left line 1   right
line 1") and cuts every sentence of a two-column page; its one gain, blank lines between
paragraphs, is recovered well enough by ``WRAPPED_LINE_FILL`` below.

Errors (all ``InputError``s that name the file and say what to do): ``EncryptedDocument``
for a PDF that does not open with an empty password, ``DamagedDocument`` for one pypdf cannot
parse or that has no pages, ``EmptyDocument`` for one with no text (a scan).
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DamagedDocument, EmptyDocument, EncryptedDocument, InputError

if TYPE_CHECKING:
    from pypdf import PdfReader

# A PDF's "%PDF-" header may follow some junk bytes; readers look this far for it.
PDF_SNIFF_BYTES = 1024
# Pages are joined with a blank line: the segmenter splits paragraphs at line breaks, so no
# sentence runs over a page break (one that does in the PDF is cut in two there).
PAGE_SEPARATOR = "\n\n"
# How many lines at the top and at the bottom of a page may be a running header or footer.
EDGE_LINES = 3
# A line is a running header or footer when it stands among the edge lines of at least this
# many pages and at least this share of them (so a 2-page document needs it on both pages).
# Calibrated on reports with one- or two-line headers and "Page N of M" footers; after a
# change re-run tests/test_pdf.py.
RUNNING_MIN_PAGES = 2
RUNNING_MIN_SHARE = 0.5
# A line at least this share of the page's typical line length (its 75th percentile, in
# characters) was wrapped and goes on in the next line; a shorter one ends a paragraph or is
# a heading. Set low because wrongly joining a short line costs little (a heading glued to
# its paragraph) while wrongly breaking a wrapped line cuts a sentence in two.
WRAPPED_LINE_FILL = 0.6
TYPICAL_LINE_PERCENTILE = 0.75
# Characters of a word broken across a line end: hyphen, soft hyphen, Unicode hyphen.
HYPHENS = "-\u00ad\u2010"

# A line that is only a page number: "3", "- 3 -", "Page 3", "p. 3", "Page 3 of 12", "3/12",
# "iii". Roman numerals up to 399.
_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_DECOR = r"[\s\-–—|.·•()\[\]<>]*"
_PAGE_NUMBER = re.compile(
    rf"{_DECOR}(?:(?:page|pg\.?|p\.)\s*)?(?:\d{{1,4}}|{_ROMAN})(?:\s*(?:of|/)\s*\d{{1,4}})?{_DECOR}",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})?")


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF as crosscount stores it, and where its pages begin."""

    text: str  # the text to store; claim offsets index it
    page_starts: tuple[int, ...]  # offset in text where each page begins; the first is 0
    meta: dict[str, str]  # "title", "author", "published" (ISO) from the document info
    left_out: int  # running header, footer and page-number lines left out


def is_pdf(data: bytes) -> bool:
    """True when the bytes carry the ``%PDF-`` header near their start."""
    return b"%PDF-" in data[:PDF_SNIFF_BYTES]


def page_of(page_starts: Sequence[int], offset: int) -> int:
    """The 1-based number of the page that holds character ``offset`` of the text."""
    page = bisect_right(page_starts, offset)
    if page == 0:
        raise ValueError(f"offset {offset} is before the first page (starts {page_starts[:1]})")
    return page


def pdf_text(data: bytes, path: Path) -> PdfText:
    """The stored text of a PDF, or an InputError that names ``path`` and says what to do."""
    pages, meta = _read(data, path)
    running = running_lines(pages)
    kept: list[str] = []
    left_out = 0
    for lines in pages:
        body, dropped = strip_edges(lines, running)
        kept.append(join_lines(body))
        left_out += dropped
    text = PAGE_SEPARATOR.join(kept)
    if not text.strip():
        raise EmptyDocument(f"{path}: no text in the PDF (a scan?); run OCR first, e.g. ocrmypdf")
    starts = itertools.accumulate(
        (len(page) + len(PAGE_SEPARATOR) for page in kept[:-1]), initial=0
    )
    return PdfText(text, tuple(starts), meta, left_out)


def _read(data: bytes, path: Path) -> tuple[list[list[str]], dict[str, str]]:
    """Each page's lines (normalised, stripped) and the document info, read with pypdf."""
    # Imported here: pypdf takes about a tenth of a second to import, and most runs and
    # commands read no PDF.
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    encrypted = (
        f"{path}: the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt) and ingest the copy"
    )
    where = ""
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise EncryptedDocument(encrypted)
            if len(reader.pages) == 0:
                raise DamagedDocument(
                    f"{path}: the PDF has no pages (damaged or truncated?); "
                    "download it again or repair it, e.g. qpdf in.pdf repaired.pdf"
                )
            meta = _metadata(reader)
            pages: list[list[str]] = []
            for number, page in enumerate(reader.pages, 1):
                where = f"page {number}: "
                text = normalise(page.extract_text())
                pages.append([line.strip() for line in text.splitlines()])
    except InputError:
        raise
    except DependencyError as exc:  # AES without the cryptography package
        raise EncryptedDocument(encrypted) from exc
    except Exception as exc:  # pypdf raises many kinds on a damaged file; none may escape
        reason = f"{type(exc).__name__}: {exc}"[:160]
        raise DamagedDocument(
            f"{path}: the PDF is damaged or truncated ({where}{reason}); "
            "download it again or repair it, e.g. qpdf in.pdf repaired.pdf"
        ) from exc
    return pages, meta


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's logged warnings (a damaged file logs one per object it repairs)."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _metadata(reader: PdfReader) -> dict[str, str]:
    """Title, author and date (CreationDate, else ModDate) from the document info."""
    info = reader.metadata
    if info is None:
        return {}
    meta: dict[str, str] = {}
    for key, value in (("title", info.title), ("author", info.author)):
        if value and str(value).strip():
            meta[key] = " ".join(str(value).split())
    for raw in (info.creation_date_raw, info.modification_date_raw):
        published = pdf_date(str(raw)) if raw else None
        if published:
            meta["published"] = published
            break
    return meta


def pdf_date(raw: str) -> str | None:
    """A PDF date ("D:20250301120000+02'00'") as ISO YYYY-MM-DD (or YYYY-MM)."""
    m = _PDF_DATE.match(raw.strip())
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    return parsed.isoformat() if m.group(3) else parsed.isoformat()[:7]


def normalise(text: str) -> str:
    """NFKC (ligatures, full-width and compatibility characters) except "other number"
    characters: a superscript footnote mark or a fraction kept as NFKC would merge into the
    number before it ("17,593¹" would read "17,5931")."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    runs = itertools.groupby(text, key=lambda char: unicodedata.category(char) == "No")
    return "".join(
        "".join(chars) if kept else unicodedata.normalize("NFKC", "".join(chars))
        for kept, chars in runs
    )


def _key(line: str) -> str:
    """A line as running headers compare it: digits as "#", spaces collapsed, case folded."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def _edges(lines: list[str]) -> list[str]:
    written = [line for line in lines if line]
    return written[:EDGE_LINES] + written[EDGE_LINES:][-EDGE_LINES:]


def running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of the lines that recur among the edge lines of enough pages."""
    counts = Counter(key for lines in pages for key in {_key(line) for line in _edges(lines)})
    need = max(RUNNING_MIN_PAGES, math.ceil(len(pages) * RUNNING_MIN_SHARE))
    return {key for key, pages_with in counts.items() if pages_with >= need}


def strip_edges(lines: list[str], running: set[str]) -> tuple[list[str], int]:
    """A page's lines without the running lines and page numbers at its top and bottom, and
    how many were left out. Each edge is read inwards and stops at the first body line, so a
    line inside the page is never left out."""
    written = [i for i, line in enumerate(lines) if line]
    dropped: set[int] = set()
    for edge in (written[:EDGE_LINES], written[::-1][:EDGE_LINES]):
        for i in edge:
            if _key(lines[i]) not in running and not _PAGE_NUMBER.fullmatch(lines[i]):
                break
            dropped.add(i)
    return [line for i, line in enumerate(lines) if i not in dropped], len(dropped)


def join_lines(lines: list[str]) -> str:
    """A page's lines as paragraphs: a wrapped line joins the next with a space (a word
    hyphenated over the line end is rejoined); a short line, a blank line, or a line ending
    in a number before one that does not start in lower case (a table row) ends the
    paragraph with a line break."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return ""
    full = WRAPPED_LINE_FILL * lengths[int(TYPICAL_LINE_PERCENTILE * (len(lengths) - 1))]
    pieces: list[str] = []
    previous = ""
    for line in lines:
        if line and pieces:
            cut, separator = _separator(previous, line, wrapped=len(previous) >= full)
            pieces[-1] = pieces[-1][: len(pieces[-1]) - cut]
            pieces.append(separator)
        if line:
            pieces.append(line)
        previous = line
    return "".join(pieces)


def _separator(previous: str, line: str, wrapped: bool) -> tuple[int, str]:
    """How many characters to cut off the end of ``previous`` (a hyphen) and what to put
    between it and ``line``; ``previous`` is "" after a blank line."""
    if not previous or not wrapped:
        return 0, "\n"
    if previous[-1] in HYPHENS and previous[-2:-1].isalnum():
        fragment = previous[:-1].rsplit(None, 1)[-1]
        if previous[-1] == "\u00ad" or (
            fragment.isalpha() and fragment.islower() and line[0].islower()
        ):
            return 1, ""  # "deser-" + "tion"
        return 0, ""  # "Kharkiv-" + "based", "2024-" + "2025"
    if previous[-1].isdigit() and not line[0].islower():
        return 0, "\n"  # "12" + "300" must not read as 12 300: a table row ends
    return 0, " "
