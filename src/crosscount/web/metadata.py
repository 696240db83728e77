"""Table and column descriptions of a crosscount database, as Datasette metadata.

`crosscount metadata --db figures.db -o metadata.json`, then `datasette figures.db -m
metadata.json`: Datasette shows what every table and column holds, searches claims and
documents through crosscount's own full-text indexes, and hides the indexes' inner tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import __version__

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "documents": (
        "The articles read, one row per file, with their text exactly as stored.",
        {
            "id": "Row number of the document (the document page is /doc/ID.html)",
            "name": "File name, as claims refer to it",
            "sha256": "Hash of the file's bytes: an unchanged file is not read again",
            "path": "Where the file was read from",
            "title": "Title (from the manifest)",
            "outlet": "Outlet that published it (from the manifest)",
            "url": "Address it was published at (from the manifest)",
            "published": "Publication date, ISO (from the manifest or the text's header)",
            "published_from": "Where the date came from: manifest, header, byline or dateline",
            "chars": "Length of the text in characters",
            "text": "The text; every claim's start and end index it",
            "ingested_at": "When it was read (UTC)",
            "produced_by": "Versions of the readers that read it",
            "author": "Who wrote it (from the page, the PDF, the manifest or the corpus row)",
            "minhash": "MinHash signature of its word shingles, for the duplicate check",
            "shingles": "How many distinct 5-word shingles it has",
            "page_starts": "Where each page of a PDF begins in the text (JSON list of offsets)",
        },
    ),
    "claims": (
        "Every figure found, with what it counts, when, where, who says so, and its quote.",
        {
            "claim_id": "Document name and character span, doc:start-end",
            "doc_id": "The document's row in documents",
            "doc": "The document's file name, or URL",
            "start": "First character of the figure in the document's text",
            "end": "Character after the figure: text[start:end] is the surface",
            "surface": "The figure as written",
            "value": "Its value (the low end of a range)",
            "value_high": "The high end of a range",
            "approx": "= exact, ~ about, > more than, >= at least, < less than, <= at most",
            "unit": "count, percent, fraction, multiplier, a currency, a duration...",
            "measure": "What it counts, a key of the domain pack",
            "what": "The counted noun phrase",
            "period_start": "First month or day of the period it covers",
            "period_end": "Last month or day of the period it covers",
            "as_of": "The date a level is given for",
            "rate": "per_month, per_day... when the figure is a rate",
            "place": "Where (canonical name)",
            "side": "Whose forces it is about",
            "source": "Origin of the figure",
            "via": "Outlets that carried it, nearest to the origin first (JSON list)",
            "derived": "1 when the author computed it",
            "quote": "The sentence it stands in",
            "variable_id": "The quantity it reports (variables)",
            "vague": "1 for conventional values of vague words (several, dozens)",
            "produced_by": "Versions of the readers that found it",
            "page": "The page of a PDF it stands on (from 1)",
        },
    ),
    "variables": (
        "Quantities: claims about the same measure, place, side and period, reconciled.",
        {
            "variable_id": "Identifier (the quantity page is /variable/ID.html)",
            "measure": "What is counted",
            "place": "Where",
            "side": "Whose forces",
            "period_start": "First month of the period",
            "period_end": "Last month of the period",
            "as_of": "Date of a level",
            "rate": "per_month, per_day... for rates",
            "low": "Lowest value reported",
            "best": "Best value, chosen by the rule",
            "high": "Highest value reported",
            "rule": "How low, best and high were chosen",
            "claims": "Number of claims that report it",
            "produced_by": "Version of the linker",
        },
    ),
    "findings": (
        "Conflicts, agreements, arithmetic checks, explanations and duplicate documents.",
        {
            "finding_id": "Identifier (the finding page is /finding/ID.html)",
            "kind": "conflict, agreement, arithmetic, explanation or duplicate_docs",
            "claims": "The claims behind it (JSON list of claim_id)",
            "docs": "The documents behind it (JSON list of names)",
            "variable_id": "The quantity it is about, if one",
            "holds": "For arithmetic: 1 holds, 0 fails",
            "message": "What it says, in plain words",
            "produced_by": "Version of the cross-checks",
        },
    ),
    "rejects": (
        "Numbers seen but not stored as figures (years, ordinals, unit names), and why.",
        {"reason": "Why the number is not a quantity"},
    ),
    "failures": ("Inputs that could not be read, and why.", {}),
    "meta": ("Schema version, the writer's version and settings.", {}),
}
SEARCHABLE = {"claims": ("claims_fts", "rowid"), "documents": ("documents_fts", "id")}
HIDDEN_PREFIXES = ("claims_fts", "documents_fts")


def datasette_metadata(db: str | Path) -> dict[str, Any]:
    """Datasette metadata for database file ``db`` (its name in Datasette is the file stem)."""
    tables: dict[str, Any] = {}
    for name, (description, columns) in TABLES.items():
        entry: dict[str, Any] = {"description": description, "columns": columns}
        if name in SEARCHABLE:
            entry["fts_table"], entry["fts_pk"] = SEARCHABLE[name]
        tables[name] = entry
    for prefix in HIDDEN_PREFIXES:
        for suffix in ("", "_data", "_idx", "_docsize", "_config", "_content"):
            tables[prefix + suffix] = {"hidden": True}
    return {
        "title": "crosscount figures",
        "description": (
            "Figures read from news articles by crosscount "
            f"{__version__}: every figure with its quote, the quantities they report, and "
            "the findings between them."
        ),
        "databases": {Path(db).stem: {"tables": tables}},
    }
