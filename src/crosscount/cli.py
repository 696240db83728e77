"""The command line: thin wrappers over the library; domain errors become click errors here."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .engines import ENGINES, Engine, dask_engine, local_engine
from .errors import CrosscountError, InputError
from .evaluate import (
    RELATION_KINDS,
    SEMANTIC_FIELDS,
    EvalReport,
    RelationReport,
    evaluate,
    evaluate_relations,
    load_gold,
    load_relations,
)
from .export import (
    FORMATS,
    by_seriousness,
    contract_rows,
    write_claims,
    write_findings,
    write_parquet,
)
from .fetch import Fetcher
from .ingest import (
    CORPUS_COLUMNS,
    DEFAULT_MAX_MB,
    Source,
    feed_sources,
    find_sources,
    url_list_sources,
)
from .link import RULES
from .pack import DEFAULT_PACK, Pack, load_pack
from .pipeline import CheckReport, ingest_sources, run_check
from .store import Store

DEFAULT_DB = "crosscount.db"
db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    metavar="PATH|URL",
    envvar="CROSSCOUNT_DB",
    show_envvar=True,
    help="SQLite database file, or a PostgreSQL URL (postgresql://user:password@host/db).",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
# Tables are drawn at least this wide, also when piped (rich's default there is 80).
TABLE_MIN_WIDTH = 140


def _open(db: str) -> Store:
    try:
        return Store(db)
    except CrosscountError as exc:
        raise click.ClickException(str(exc)) from exc


def _existing(db: str) -> Store:
    if "://" not in db and not Path(db).is_file():
        raise click.ClickException(f"{db}: no such database; run crosscount ingest first")
    return _open(db)


format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="File to write (default: standard output; a file is needed for parquet).",
)


def _export(rows: Any, output: str, fmt: str, what: str) -> None:
    """Write ``rows`` (claims or findings) to ``output`` in ``fmt``, and say how many."""
    if fmt == "parquet":
        if output == "-":
            raise click.UsageError("parquet is binary: give a file with -o FILE.parquet")
        count = write_parquet(rows, output, what)
    else:
        write = write_claims if what == "claims" else write_findings
        with click.open_file(output, "w", encoding="utf-8") as out:
            count = write(rows, out, fmt)
    if output != "-":
        err.print(f"{count} {what} written to {output}")


def _build() -> str:
    """Which build runs: "compiled" (the recogniser and claim readers compiled with mypyc,
    setup.py) or "plain" Python."""
    from .numbers import grammar

    return "plain" if (grammar.__file__ or "").endswith(".py") else "compiled"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="crosscount", message=f"%(prog)s, version %(version)s ({_build()} build)"
)
def main() -> None:
    """Turn news articles into a sourced table of every figure in them.

    Start with `crosscount ingest ARTICLES/ --db figures.db`, then look at the figures with
    `crosscount claims --db figures.db` or export them with `crosscount export claims`.
    """


@main.command()
@click.argument("inputs", nargs=-1, metavar="[PATH|URL]...")
@db_option
@click.option(
    "--manifest",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="JSON Lines file of {file, url, outlet, published, title, author} per document (a line "
    "with a url and no file is fetched).",
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=NAME",
    help="In .jsonl/.csv corpora, read FIELD (text, url, published, title, author, outlet, "
    "id) from the column NAME, e.g. --column text=story (repeatable).",
)
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="URL",
    help="An RSS or Atom feed: every article it lists is fetched (repeatable).",
)
@click.option(
    "--urls",
    "url_lists",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A text file of URLs to fetch, one a line (repeatable).",
)
@click.option(
    "--max-size",
    "max_mb",
    type=float,
    default=DEFAULT_MAX_MB,
    show_default=True,
    metavar="MB",
    help="Refuse files and downloads larger than this many megabytes.",
)
@click.option(
    "--pack",
    "pack_name",
    default=DEFAULT_PACK,
    show_default=True,
    metavar="NAME|PATH",
    help="Domain pack: a shipped pack's name or a pack YAML file (see docs/packs.md).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Where fetched pages are kept, so a re-run needs no network "
    "[default: DB.fetched/ beside a SQLite file, else ./crosscount.fetched/].",
)
@click.option(
    "--timeout", type=float, default=20.0, show_default=True, help="Seconds to wait for a server."
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Times a failed download is tried again (waiting 1, 2, 4... s).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, None),
    default=1,
    show_default=True,
    help="Processes that read documents at once (the results are the same as with one).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where documents are read: local processes (--jobs), or a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="The Dask scheduler (tcp://host:8786) for --engine dask; without it, a local "
    "cluster of --jobs workers.",
)
@click.option("--refresh", is_flag=True, help="Fetch URLs again even when they are in the cache.")
@click.option("--offline", is_flag=True, help="Never use the network: URLs come from the cache.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
def ingest(
    inputs: tuple[str, ...],
    db: str,
    manifest: Path | None,
    columns: tuple[str, ...],
    feeds: tuple[str, ...],
    url_lists: tuple[Path, ...],
    max_mb: float,
    pack_name: str,
    cache_dir: Path | None,
    timeout: float,
    retries: int,
    jobs: int,
    engine: str,
    scheduler: str | None,
    refresh: bool,
    offline: bool,
    quiet: bool,
) -> None:
    """Read .txt, .md, .html and .pdf files (or folders of them), web pages and PDFs by URL,
    the articles of RSS/Atom feeds, and .jsonl/.csv corpora (one article per row), and store
    every figure in them, with what it measures, when, where and who said it, read through
    a domain pack.

    Re-running on unchanged inputs changes nothing (fetched pages come from the cache); a
    changed one (or another pack) replaces its old figures. Unreadable inputs are reported
    and skipped and the rest go on. Exit code: 0 when every input was read, 1 when some
    failed (the others are stored), also 1 when nothing could be ingested.
    """
    if not inputs and manifest is None and not feeds and not url_lists:
        raise click.UsageError(
            "give at least one file, folder or URL, or --manifest FILE, --feed URL, --urls FILE"
        )
    fetcher = Fetcher(
        cache_dir or _default_cache(db),
        timeout=timeout,
        retries=retries,
        max_bytes=int(max_mb * 1e6),
        refresh=refresh,
        offline=offline,
    )
    with fetcher:
        try:
            pack = load_pack(pack_name)
            found = find_sources(list(inputs), manifest, _corpus_columns(columns))
            sources: list[Source | InputError] = list(found)
            for url_list in url_lists:
                sources.extend(url_list_sources(url_list))
            for feed in feeds:
                sources.extend(feed_sources(feed, fetcher))
        except CrosscountError as exc:
            raise click.ClickException(str(exc)) from exc
        if scheduler and engine != "dask":
            raise click.UsageError("--scheduler goes with --engine dask")
        with _open(db) as store:
            try:
                runner = dask_engine(scheduler, jobs) if engine == "dask" else local_engine(jobs)
            except CrosscountError as exc:
                raise click.ClickException(str(exc)) from exc
            try:
                report = _run_ingest(store, sources, max_mb, quiet, pack, fetcher, runner)
            finally:
                runner.close()
            checked = run_check(store, pack) if store.needs_check() else None
    err.print(
        f"[bold]{len(report.ingested)} ingested[/], {len(report.unchanged)} skipped "
        f"(unchanged), {len(report.failed)} failed; {report.claims} new figures in "
        f"{store.location}"
    )
    if checked is not None and not quiet:
        err.print(_check_summary(checked))
    if not report.ingested and not report.unchanged:
        raise click.ClickException("nothing could be ingested; see the messages above")
    if report.failed:
        raise click.ClickException(
            f"{len(report.failed)} input(s) could not be read (named above); the rest are stored"
        )


def _corpus_columns(pairs: tuple[str, ...]) -> dict[str, str]:
    """--column FIELD=NAME options as {field: column name}."""
    columns = {}
    for pair in pairs:
        field, _, name = pair.partition("=")
        if field not in CORPUS_COLUMNS or not name:
            raise click.UsageError(
                f"--column {pair}: give FIELD=NAME with FIELD one of "
                f"{', '.join(CORPUS_COLUMNS)}"
            )
        columns[field] = name
    return columns


def _default_cache(db: str) -> Path:
    """Fetched pages are kept beside a SQLite file (figures.db -> figures.fetched/)."""
    if "://" in db:
        return Path("crosscount.fetched")
    return Path(db).with_suffix(".fetched")


def _check_summary(report: CheckReport) -> str:
    kinds = ", ".join(
        f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(report.findings.items())
    )
    return f"checked: {report.variables} variables; findings: {kinds or 'none'}"


@main.command("check")
@db_option
@click.option(
    "--pack",
    "pack_name",
    default=DEFAULT_PACK,
    show_default=True,
    metavar="NAME|PATH",
    help="Domain pack whose combinations give the parts and totals to check.",
)
@click.option(
    "--rule",
    type=click.Choice(sorted(RULES)),
    default=None,
    help="How each variable's best value is chosen (low and high are the extremes "
    "reported): ucdp = the value most independent origins report, median = the median "
    "over origins, low = the lowest. Remembered for later runs; default: the rule last used "
    "on this database, else ucdp.",
)
def check_command(db: str, pack_name: str, rule: str | None) -> None:
    """Link claims about the same quantity into variables and cross-check them: conflicts,
    agreements, arithmetic (parts and totals, flows and cumulative totals, ratios, shares),
    explanations of discrepancies and duplicate documents. Also run at the end of ingest."""
    try:
        pack = load_pack(pack_name)
    except CrosscountError as exc:
        raise click.ClickException(str(exc)) from exc
    with _existing(db) as store:
        report = run_check(store, pack, rule)
    err.print(_check_summary(report))


def _run_ingest(
    store: Store,
    sources: Sequence[Source | InputError],
    max_mb: float,
    quiet: bool,
    pack: Pack,
    fetcher: Fetcher,
    runner: Engine,
) -> Any:
    from rich.progress import Progress

    def tell(name: str, status: str, message: str) -> None:
        if status == "failed":
            err.print(f"[red]error[/]: {message}")
        elif status == "warning":
            err.print(f"[yellow]warning[/]: {message}", markup=True)
        elif not quiet:
            err.print(f"{status:>9}  {name}  ({message})", markup=False)

    show = not quiet and len(sources) > 20 and err.is_terminal
    with Progress(console=err, transient=True, disable=not show) as progress:
        task = progress.add_task("ingesting", total=len(sources))

        def step(name: str, status: str, message: str) -> None:
            if status != "warning":
                progress.advance(task)
            tell(name, status, message)

        return ingest_sources(
            store, sources, max_mb, on_outcome=step, pack=pack, fetcher=fetcher, engine=runner
        )


@main.group()
def export() -> None:
    """Export stored data in the stable export contract (see DESIGN.md)."""


@export.command("claims")
@db_option
@format_option
@output_option
def export_claims(db: str, fmt: str, output: str) -> None:
    """Every stored figure, one per line (JSON Lines), row (CSV) or Parquet row."""
    with _existing(db) as store:
        _export(store.claim_rows(), output, fmt, "claims")


@export.command("findings")
@db_option
@format_option
@output_option
def export_findings(db: str, fmt: str, output: str) -> None:
    """Every finding (conflict, agreement, arithmetic, explanation, duplicate_docs) with its
    claims."""
    with _existing(db) as store:
        _export(by_seriousness(store.finding_rows()), output, fmt, "findings")


@main.command("findings")
@db_option
@click.option(
    "--kind",
    type=click.Choice(["conflict", "agreement", "arithmetic", "duplicate_docs"]),
    help="Only findings of this kind.",
)
@click.option("--limit", type=int, default=50, show_default=True, help="Rows to show (0: all).")
def findings_table(db: str, kind: str | None, limit: int) -> None:
    """The findings in the terminal, most serious first: conflicts, arithmetic that fails,
    duplicate documents, arithmetic that holds, agreements."""
    out = Console(highlight=False, width=max(Console().width, TABLE_MIN_WIDTH))
    with _existing(db) as store:
        rows = by_seriousness(store.finding_rows())
    rows = [r for r in rows if kind is None or r["kind"] == kind]
    table = Table(header_style="bold", expand=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("holds", no_wrap=True)
    table.add_column("finding", overflow="fold", ratio=1)
    table.add_column("documents", overflow="fold", max_width=40)
    for row in rows[: limit or None]:
        holds = "" if row["holds"] is None else ("yes" if row["holds"] else "NO")
        table.add_row(row["kind"], holds, row["message"], ", ".join(row["docs"]))
    out.print(table)
    out.print(f"{min(len(rows), limit or len(rows))} of {len(rows)} findings")


@main.command("claims")
@db_option
@click.option("--doc", help="Only the figures of this document.")
@click.option("--limit", type=int, default=200, show_default=True, help="Rows to show (0: all).")
def claims_table(db: str, doc: str | None, limit: int) -> None:
    """A readable table of the stored figures: the figure as written, its value, what it
    measures, when, where, who said it, and the words around it."""
    out = Console(highlight=False, width=max(Console().width, TABLE_MIN_WIDTH))
    table = Table(header_style="bold", expand=True)
    table.add_column("doc", no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column("figure", overflow="fold", max_width=22, style="bold")
    table.add_column("value", justify="right", overflow="fold", max_width=18)
    table.add_column("measures", overflow="fold", max_width=22)
    table.add_column("when", overflow="fold", max_width=17)
    table.add_column("where", overflow="fold", max_width=14)
    table.add_column("source (via)", overflow="fold", max_width=24)
    table.add_column("in context", overflow="fold", ratio=1, min_width=36)
    with _existing(db) as store:
        rows = list(contract_rows(store.claim_rows(doc)))
    for row in rows[: limit or None]:
        table.add_row(
            row["doc"] + (f" p.{row['page']}" if row["page"] else ""),
            row["surface"],
            _value(row),
            row["measure"] or (row["what"] and f"({row['what']})") or "",
            _when(row),
            row["place"] or "",
            _source(row),
            _snippet(row["quote"], row["surface"]),
        )
    out.print(table)
    shown = len(rows) if not limit else min(limit, len(rows))
    more = "" if shown == len(rows) else " (use --limit 0 to see all)"
    out.print(f"{shown} of {len(rows)} figures{more}")


def _value(row: dict[str, Any]) -> str:
    mark = "" if row["approx"] == "=" else row["approx"]
    value = f"{mark}{row['value']:,}"
    if row["value_high"] is not None:
        value += f"–{row['value_high']:,}"
    unit = "" if row["unit"] == "count" else " %" if row["unit"] == "percent" else f" {row['unit']}"
    return value + unit


def _when(row: dict[str, Any]) -> str:
    start, end = row["period_start"], row["period_end"]
    when = ""
    if start and end:
        when = start if start == end else f"{start}..{end}"
    elif start:
        when = f"since {start}"
    elif row["as_of"]:
        when = f"as of {row['as_of']}"
    if row["rate"]:
        when = f"{when} {row['rate'].replace('_', ' ')}".strip()
    return when


def _source(row: dict[str, Any]) -> str:
    if row["derived"] and not row["source"]:
        return "(computed by the author)"
    source = row["source"] or ""
    if row["via"]:
        source += f" (via {', '.join(row['via'])})"
    return source


def _snippet(quote: str, surface: str, width: int = 72) -> str:
    """The words around ``surface`` in its sentence, at most ``width`` characters."""
    at = quote.find(surface)
    if len(quote) <= width or at < 0:
        return quote
    lo = max(0, min(at - (width - len(surface)) // 2, len(quote) - width))
    return ("…" if lo else "") + quote[lo : lo + width] + ("…" if lo + width < len(quote) else "")


@main.command("eval")
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(path_type=Path),
    help="Claim annotations (JSON Lines, the gold README's format).",
)
@click.option(
    "--relations",
    "relations_path",
    type=click.Path(path_type=Path),
    help="Relation annotations: conflicts, agreements, arithmetic, duplicate documents.",
)
@click.option(
    "--docs",
    "docs_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder holding the annotated documents.",
)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(
    gold_path: Path | None, relations_path: Path | None, docs_dir: Path, db: str, as_json: bool
) -> None:
    """Score the stored figures against hand annotations: precision, recall by tier, the
    semantic fields; and, with --relations, the share of annotated relations the findings show."""
    if gold_path is None and relations_path is None:
        raise click.UsageError("give --gold FILE, --relations FILE or both")
    try:
        gold = load_gold(gold_path, docs_dir) if gold_path else None
        relations = load_relations(relations_path, docs_dir) if relations_path else None
    except CrosscountError as exc:
        raise click.ClickException(str(exc)) from exc
    with _existing(db) as store:
        report = evaluate(gold, store.claim_rows()) if gold is not None else None
        related = (
            evaluate_relations(relations, store.claim_rows(), store.finding_rows())
            if relations is not None
            else None
        )
    if as_json:
        summary = {**(report.summary() if report else {}), **(related.summary() if related else {})}
        click.echo(json.dumps(summary, indent=2))
        return
    if report is not None:
        _print_eval(report)
    if related is not None:
        _print_relations(related)


def _print_relations(report: RelationReport) -> None:
    out = Console(highlight=False, soft_wrap=True)
    for relation in report.missed:
        out.print(f"  missed {relation.kind}: {relation.why[:140]}", markup=False)
    table = Table(title="crosscount eval (relations)", header_style="bold")
    for name in ("kind", "found", "of", "recall", "beyond gold"):
        table.add_column(name, justify="right" if name != "kind" else "left")
    for kind in RELATION_KINDS:
        if report.gold.get(kind) or report.extra.get(kind):
            table.add_row(
                kind,
                str(report.found.get(kind, 0)),
                str(report.gold.get(kind, 0)),
                f"{report.recall(kind):.3f}",
                str(report.extra.get(kind, 0)),
            )
    out.print(table)


def _print_eval(report: EvalReport) -> None:
    out = Console(highlight=False, soft_wrap=True)
    for name in report.missing_docs:
        out.print(f"[yellow]warning[/]: {name} is annotated but not in the database")
    if report.misses:
        out.print("[bold]Missed[/] (tier, doc, surface, value):")
        for g in report.misses:
            out.print(
                f"  {g.tier:5} {g.doc[:20]}  {g.surface!r} = {g.value:g}   «{g.quote[:70]}»",
                markup=False,
            )
    if report.wrong:
        out.print("[bold]Wrong or unannotated[/] (doc, surface, value):")
        for w in report.wrong:
            out.print(
                f"  {w['doc'][:20]}  {w['surface']!r} = {w['value']:g}  overlaps {w['overlaps']}",
                markup=False,
            )
    if report.semantic_errors:
        out.print(
            "[bold]Field disagreements[/] on matched core figures (field, doc, surface: "
            "annotated | stored):"
        )
        for name, item, want, got in report.semantic_errors:
            out.print(f"  {name:8} {item.doc[:12]}  {item.surface!r}: {want} | {got}", markup=False)
    table = Table(title="crosscount eval", header_style="bold")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_column("of", justify="right")
    table.add_row("precision", f"{report.precision:.3f}", str(report.claims))
    for label, tiers in (
        ("recall core", ("core",)),
        ("recall core+stat", ("core", "stat")),
        ("recall all tiers", ("core", "stat", "minor")),
    ):
        total = sum(report.gold.get(t, 0) for t in tiers)
        table.add_row(label, f"{report.recall(*tiers):.3f}", str(total))
    table.add_row("value accuracy", f"{report.value_accuracy:.3f}", str(report.overlapped))
    table.add_row("approx accuracy", f"{report.approx_accuracy:.3f}", str(report.matched))
    table.add_row("unit accuracy", f"{report.unit_accuracy:.3f}", str(report.matched))
    for name in SEMANTIC_FIELDS:
        table.add_row(f"{name} (core)", f"{report.semantic(name):.3f}", str(report.semantic_total))
    out.print(table)


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve(db: str, host: str, port: int) -> None:
    """Browse the figures, quantities, findings and documents of a database in a local,
    read-only web app (overview, timeline charts, quotes side by side, full-text search)."""
    import uvicorn

    from .web.app import create_app

    _existing(db).close()
    err.print(f"serving {db} on http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


@main.command("report")
@db_option
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the site into (new, empty, or an earlier report to replace).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
def report(db: str, out: str, quiet: bool) -> None:
    """Write every page of a database as a self-contained static site: open OUT/index.html
    in a browser, publish it or mail it; it needs no server and no network."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from .web.report import ReportTargetError, write_report

    _existing(db).close()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err, disable=quiet
    ) as progress:
        task = progress.add_task("writing pages", total=None)

        def step(path: str) -> None:
            progress.update(task, advance=1, description=f"writing {path}")

        try:
            written = write_report(db, out, on_page=step)
        except ReportTargetError as exc:
            raise click.ClickException(str(exc)) from exc
    err.print(f"{written} pages written; open {Path(out) / 'index.html'}")


@main.command("metadata")
@db_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file, not stdout."
)
def metadata_command(db: str, output: str | None) -> None:
    """Table and column descriptions for Datasette: `crosscount metadata --db figures.db -o
    metadata.json`, then `datasette figures.db -m metadata.json`."""
    from .web.metadata import datasette_metadata

    if "://" in db:
        raise click.ClickException(
            "Datasette browses SQLite files; for a PostgreSQL database use crosscount serve, "
            "or crosscount export claims/findings"
        )
    _existing(db).close()
    text = json.dumps(datasette_metadata(db), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        err.print(f"metadata written to {output}; run: datasette {db} -m {output}")
