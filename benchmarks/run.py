"""crosscount benchmarks: throughput, memory, and agreement with public test suites.

    python benchmarks/run.py [--seeds PATH] [--external PATH] [--quick] [--out FILE]

Prints tables and writes benchmarks/results/latest.json. Paths default to the shared folder
next to the repository (``../shared/corpus/seeds``, ``../shared/external``), resolved from the
repository root, so ``make bench`` works from there. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import agreement as ag  # noqa: E402
import pages as pg  # noqa: E402
import throughput as tp  # noqa: E402
from suites import load_suites  # noqa: E402

import crosscount  # noqa: E402

# Throughput of other recognisers on these articles, as the project quotes them (chars/s,
# one process). Not re-measured here: the peers are not installed.
PEERS = {"quantulum3": 4_800, "CQE": 6_700, "Recognizers-Text": 16_000}

# Sizes. The full run stays under ~2 minutes on 2 cores: at ~1 MB/s the 10 MB recogniser and
# pipeline runs take ~10 s each and ingest ~20 s, once each (a 10 s run is its own average).
SEEDS_MIN_SECONDS = 3.0
SEEDS_MIN_REPS, SEEDS_MAX_REPS = 5, 200
LARGE_MB = 10.0
LARGE_REPS = 1
# Ingest of the large corpus is cut to INGEST_FALLBACK_MB when the seeds rate predicts that
# INGEST_LARGE_MB would take longer than INGEST_BUDGET_S.
INGEST_BUDGET_S = 40.0
INGEST_FALLBACK_MB = 1.0
EXAMPLES_IN_JSON = 3
# Documents in the database the web pages are timed on (seeds copied under new names).
PAGES_DOCS = 10_000
# Width of the printed tables when the output is not a terminal (make bench | tee, CI logs).
CONSOLE_WIDTH = 130


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    console = Console() if sys.stdout.isatty() else Console(width=CONSOLE_WIDTH)
    started = time.perf_counter()
    corpus = tp.load_corpus(args.seeds)
    loaded = load_suites(args.external)  # fails early on a wrong --external
    console.rule("[bold]crosscount benchmarks")
    console.print(f"seeds: {args.seeds} ({len(corpus.texts)} files, {corpus.chars:,} chars, "
                  f"{corpus.bytes / 1e3:.1f} KB); external: {args.external}"
                  + ("; [yellow]--quick: tiny sizes, numbers not comparable[/]"
                     if args.quick else ""))
    timings, notes = _throughput(args, corpus, console)
    _print_throughput(console, timings, notes)
    recogniser_rate = next(t.chars_per_s for t in timings
                           if t.stage == "recogniser" and t.corpus == "seeds")
    ingest_rate = next(t.chars_per_s for t in timings if t.stage == "ingest"
                       and t.corpus == "seeds")
    peers = _print_peers(console, recogniser_rate, ingest_rate)
    suites = [ag.run_suite(name, kind, cases)
              for name, (kind, cases) in loaded.items()]
    _print_agreement(console, suites)
    with console.status(f"timing the web pages on {args.pages_docs:,} documents..."):
        page_times, page_counts = pg.page_timings(args.seeds, args.pages_docs)
    _print_pages(console, page_times, page_counts)
    elapsed = time.perf_counter() - started
    result = {
        "meta": _meta(args, elapsed),
        "throughput": {"timings": [t.as_json() for t in timings], "notes": notes,
                       "process_max_rss_mb": tp.max_rss_mb()},
        "peers": peers,
        "agreement": _agreement_json(suites),
        "pages": {"corpus": page_counts, "timings": [t.as_json() for t in page_times]},
    }
    _save(args.out, result)
    console.print(f"\nwrote {_rel(args.out)} in {elapsed:.1f} s")
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=Path, default=Path("../shared/corpus/seeds"),
                   help="folder of .txt articles (default ../shared/corpus/seeds, from the "
                        "repository root)")
    p.add_argument("--external", type=Path, default=Path("../shared/external"),
                   help="folder of the public suites (default ../shared/external)")
    p.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    p.add_argument("--large-mb", type=float, default=None,
                   help=f"size of the replicated corpus in MB (default {LARGE_MB:g})")
    p.add_argument("--pages-docs", type=int, default=None,
                   help=f"documents in the web-page benchmark (default {PAGES_DOCS:,})")
    p.add_argument("--out", type=Path, default=BENCH / "results" / "latest.json",
                   help="where to write the JSON results (default "
                        "benchmarks/results/latest.json)")
    args = p.parse_args(argv)
    for name in ("seeds", "external", "out"):
        path = getattr(args, name)
        setattr(args, name, path if path.is_absolute() else (ROOT / path).resolve())
    if args.pages_docs is None:
        args.pages_docs = 200 if args.quick else PAGES_DOCS
    if args.large_mb is None:
        args.large_mb = 0.3 if args.quick else LARGE_MB
    return args


def _throughput(args: argparse.Namespace, corpus: tp.Corpus,
                console: Console) -> tuple[list[tp.Timing], list[str]]:
    quick = args.quick
    with console.status("timing the seeds corpus..."):
        timings = tp.seeds_timings(corpus, 2 if quick else SEEDS_MIN_REPS,
                                   0.2 if quick else SEEDS_MIN_SECONDS, SEEDS_MAX_REPS)
    target = int(args.large_mb * 1e6)
    ingest_target, notes = target, []
    ingest_rate = timings[-1].chars_per_s
    if target / ingest_rate > INGEST_BUDGET_S:
        ingest_target = int(min(args.large_mb, INGEST_FALLBACK_MB) * 1e6)
        notes.append(f"ingest of the replicated corpus cut to {ingest_target / 1e6:g} MB: "
                     f"{args.large_mb:g} MB would take ~{target / ingest_rate:.0f} s here")
    with console.status(f"timing the seeds replicated to ~{args.large_mb:g} MB..."):
        timings += tp.replicated_timings(corpus, target, ingest_target, LARGE_REPS)
    notes.append(f"replicated runs: {LARGE_REPS} run each (each runs ~10 s at 10 MB); seeds "
                 f"runs: best of >= {SEEDS_MIN_REPS} runs and >= {SEEDS_MIN_SECONDS:g} s")
    notes.append("MB = 10^6 bytes of UTF-8; chars = Python str length; rates use the best run")
    return timings, notes


def _print_throughput(console: Console, timings: list[tp.Timing], notes: list[str]) -> None:
    table = Table(title="Throughput (one process; rates from the best run)",
                  title_justify="left")
    for col in ("stage", "corpus", "chars", "runs", "best s", "median s", "chars/s", "MB/s",
                "found"):
        table.add_column(col, justify="left" if col in ("stage", "corpus") else "right")
    for t in timings:
        table.add_row(t.stage, t.corpus, f"{t.chars:,}", str(len(t.runs_s)), f"{t.best_s:.3f}",
                      f"{t.median_s:.3f}", f"{t.chars_per_s:,.0f}", f"{t.mb_per_s:.2f}",
                      f"{t.found:,}")
    console.print(table)
    memory = Table(title="Memory (MB)", title_justify="left")
    for col in ("stage", "corpus", "peak RSS", "RSS growth", "tracemalloc peak"):
        memory.add_column(col, justify="left" if col in ("stage", "corpus") else "right")
    for t in timings:
        memory.add_row(t.stage, t.corpus, _num(t.peak_rss_mb), _num(t.rss_growth_mb),
                       _num(t.tracemalloc_peak_mb))
    console.print(memory)
    for t in timings:
        if t.note:
            console.print(f"  {t.stage} / {t.corpus}: {t.note}")
    for note in notes:
        console.print(f"  {note}")
    console.print(f"  process peak RSS (ru_maxrss): {tp.max_rss_mb():.1f} MB")


def _print_pages(console: Console, timings: list[pg.PageTiming], counts: dict[str, int]) -> None:
    table = Table(title=f"Web pages ({counts['documents']:,} documents, {counts['claims']:,} "
                        "figures; rendered through the app in process)", title_justify="left")
    for col in ("page", "best ms", "median ms", "KB"):
        table.add_column(col, justify="left" if col == "page" else "right")
    for t in timings:
        table.add_row(t.page, f"{t.best_ms:.1f}", f"{t.median_ms:.1f}", f"{t.bytes / 1e3:.1f}")
    console.print(table)


def _print_peers(console: Console, recogniser: float, ingest: float) -> list[dict[str, Any]]:
    table = Table(title="Peers (figures quoted by the project, not run here)",
                  title_justify="left")
    for col in ("peer", "chars/s", "recogniser vs peer", "end-to-end ingest vs peer"):
        table.add_column(col, justify="left" if col == "peer" else "right")
    peers = []
    for name, rate in PEERS.items():
        table.add_row(name, f"~{rate:,}", f"{recogniser / rate:.0f}x", f"{ingest / rate:.0f}x")
        peers.append({"peer": name, "chars_per_s": rate, "recogniser_ratio":
                      round(recogniser / rate, 1), "ingest_ratio": round(ingest / rate, 1)})
    console.print(table)
    console.print(f"  ours on the seeds: recogniser {recogniser:,.0f} chars/s, end-to-end "
                  f"ingest {ingest:,.0f} chars/s (best runs)")
    return peers


def _print_agreement(console: Console, suites: list[ag.SuiteResult]) -> None:
    table = Table(title="Agreement with public suites (reads the values the same)",
                  title_justify="left")
    for col in ("suite", "cases", "agreed", "share", "differ on purpose only",
                "agreed + on purpose", "not supported upstream"):
        table.add_column(col, justify="left" if col == "suite" else "right")
    totals = Counter[str]()
    for s in suites:
        row = _suite_row(s)
        totals.update(row)
        table.add_row(s.name, *_suite_cells(row))
    table.add_row("all", *_suite_cells(totals), style="bold")
    console.print(table)
    counts = ag.category_counts(suites)
    cats = Table(title="Disagreeing cases by category (each case once, under its most "
                       "serious difference)", title_justify="left")
    for col in ("category", "kind", *[s.name for s in suites], "total"):
        cats.add_column(col, justify="left" if col in ("category", "kind") else "right")
    for cat in ag.CATEGORIES:
        cats.add_row(cat, _kind(cat), *[str(counts[cat][s.name] or "") for s in suites],
                     str(sum(counts[cat].values())))
    console.print(cats)
    under = Counter(o.underlying for s in suites for o in s.outcomes if o.underlying)
    console.print("  not supported upstream, by what they would be otherwise: "
                  + ", ".join(f"{k} {v}" for k, v in under.most_common()))
    console.print("  one example per category (more in the JSON details):")
    for cat, found in _examples(suites, 1).items():
        if found:
            console.print(f"  {cat}: {_example_text(found[0])}", markup=False,
                          highlight=False)


def _suite_row(s: ag.SuiteResult) -> Counter[str]:
    return Counter(cases=s.cases, agreed=s.agreed, purpose=s.count(ag.ON_PURPOSE),
                   upstream=s.count(ag.UPSTREAM))


def _suite_cells(row: Counter[str]) -> list[str]:
    cases = row["cases"] or 1
    return [str(row["cases"]), str(row["agreed"]), f"{row['agreed'] / cases:.1%}",
            str(row["purpose"]), f"{(row['agreed'] + row['purpose']) / cases:.1%}",
            str(row["upstream"])]


def _kind(category: str) -> str:
    return "real" if category in ag.REAL else "upstream" if category in ag.UPSTREAM \
        else "on purpose"


def _examples(suites: list[ag.SuiteResult], per_category: int) -> dict[str, list[dict[str, Any]]]:
    """Up to ``per_category`` disagreeing cases per category, taken across the suites in turn
    so one suite does not supply them all."""
    pools: dict[str, list[list[ag.Outcome]]] = {c: [] for c in ag.CATEGORIES}
    for s in suites:
        for cat in ag.CATEGORIES:
            pools[cat].append([o for o in s.outcomes if o.category == cat])
    chosen: dict[str, list[dict[str, Any]]] = {}
    for cat, pool in pools.items():
        picked: list[ag.Outcome] = []
        while len(picked) < per_category and any(pool):
            for outcomes in pool:
                if outcomes and len(picked) < per_category:
                    picked.append(outcomes.pop(0))
        chosen[cat] = [ag.describe(o) for o in picked]
    return chosen


def _example_text(example: dict[str, Any]) -> str:
    if not example:
        return ""
    text = example["input"]
    text = text if len(text) <= 90 else text[:87] + "..."
    tag = f"[{example['underlying'] or example['category']}]"
    diffs = example["missing"] + example["extra"]
    diff = sorted(diffs, key=lambda d: not d.endswith(tag))[:2]  # its own category first
    return f"[{example['suite']}] {text!r} -> " + "; ".join(
        ("missing " if d in example["missing"] else "extra ") + d for d in diff)


def _agreement_json(suites: list[ag.SuiteResult]) -> dict[str, Any]:
    counts = ag.category_counts(suites)
    return {
        "tolerance": {"rel": ag.REL_TOL, "abs": ag.ABS_TOL},
        "suites": [{"suite": s.name, "kind": s.kind, "cases": s.cases, "agreed": s.agreed,
                    "share": round(s.agreed / s.cases, 4),
                    "on_purpose_only": s.count(ag.ON_PURPOSE),
                    "not_supported_upstream": s.count(ag.UPSTREAM)} for s in suites],
        "categories": {c: {"kind": _kind(c), "total": sum(counts[c].values()),
                           "by_suite": dict(counts[c])} for c in ag.CATEGORIES},
        "details": {
            "examples": _examples(suites, EXAMPLES_IN_JSON),
            "disagreements": [ag.describe(o) for s in suites for o in s.outcomes
                              if not o.agreed],
        },
    }


def _meta(args: argparse.Namespace, elapsed: float) -> dict[str, Any]:
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "crosscount": crosscount.__version__, "commit": _git("rev-parse", "--short", "HEAD"),
        "src_modified": bool(_git("status", "--porcelain", "--", "src")),
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "quick": args.quick, "seeds": str(args.seeds),
        "external": str(args.external), "large_mb": args.large_mb,
        "elapsed_s": round(elapsed, 1),
    }


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                             timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _save(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:,.1f}"


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
