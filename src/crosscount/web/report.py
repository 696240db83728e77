"""``crosscount report``: every page of a database as a self-contained static site."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from ..store import Store
from .app import static_dir
from .pages import Page, SearchQuery, Site, page_query


def pages(site: Site) -> Iterator[Page]:
    """Every page of the site, lists page by page."""
    yield site.overview()
    counts = site.counts()
    for kind in ("findings", "variables", "documents"):
        page = 1
        while True:
            yield site.list_page(kind, page)
            _, offset = page_query(page + 1)
            if offset >= counts[kind]:
                break
            page += 1
    for row in site._rows("SELECT variable_id FROM variables"):
        found = site.variable(row["variable_id"])
        if found is not None:
            yield found
    for row in site._rows("SELECT finding_id FROM findings"):
        found = site.finding(row["finding_id"])
        if found is not None:
            yield found
    for row in site._rows("SELECT id FROM documents"):
        found = site.document(int(row["id"]))
        if found is not None:
            yield found
    yield site.search(SearchQuery())


MARKER = ".crosscount-report"  # names a folder as a report this command may replace


class ReportTargetError(Exception):
    """The output folder holds something other than an earlier report."""


def write_report(
    db: str | Path, out: str | Path, on_page: Callable[[str], None] | None = None
) -> int:
    """Write the site for ``db`` into ``out`` (created or refreshed); returns the page count.
    Pages are written to a temporary folder first and swapped in at the end, so an
    interrupted run leaves the previous report whole."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ReportTargetError(
            f"{out}: exists and is not an earlier crosscount report; choose an empty or new folder"
        )
    staging = out.with_name(out.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    written = 0
    with Store(db) as store:
        site = Site(store, static=True)
        for page in pages(site):
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.html, encoding="utf-8")
            written += 1
            if on_page is not None:
                on_page(page.path)
    shutil.copytree(static_dir(), staging / "static")
    (staging / MARKER).write_text("written by crosscount report\n", encoding="utf-8")
    if out.exists():
        old = out.with_name(out.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)
    return written
