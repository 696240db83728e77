"""crosscount benchmarks: throughput, memory, peers, scaling, and agreement with public suites.

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
COMPILED_VENV = ROOT / ".venv-compiled"  # made by `make compiled`
COMPILED_LABEL = "seeds, compiled"
# The corpora the throughput goals are read on: the seeds, in each build, and what each build
# is: `pip install .` compiles (setup.py); this script runs in .venv, an editable install, which
# is plain Python, as is an install without a C compiler or with CROSSCOUNT_COMPILE=0.
GOAL_CORPORA = ("seeds", COMPILED_LABEL)
BUILD_NAMES = {"seeds": "plain Python", COMPILED_LABEL: "compiled, as pip install . installs it"}
sys.path.insert(0, str(BENCH))

import agreement as ag  # noqa: E402
import pages as pg  # noqa: E402
import peers as pr  # noqa: E402
import scaling as sc  # noqa: E402
import throughput as tp  # noqa: E402
from suites import load_suites  # noqa: E402

import crosscount  # noqa: E402

# Peers' throughput as the project quoted it before they were measured here (chars/s); shown
# as a reference only, beside the measured rates. CQE is not measured here.
QUOTED_PEERS = {"quantulum3": 4_800, "CQE": 6_700, "Recognizers-Text": 16_000}
# Peers' runs over the seeds: quantulum3 takes ~12 s a run, so two runs (best of them).
PEER_MIN_REPS, PEER_MIN_SECONDS = 2, 3.0

# Sizes. The throughput section stays under ~2 minutes on 2 cores: at ~1 MB/s the 10 MB
# recogniser and pipeline runs take ~10 s each and ingest ~20 s, once each (a 10 s run is its
# own average).
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
    timings += _compiled(args, corpus, console, notes)
    _print_throughput(console, timings, notes)
    peers = _peers(args, corpus, timings, console)
    scaled = _scaling(args, corpus, console)
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
                       "goals": tp.goals(timings, GOAL_CORPORA),
                       "process_max_rss_mb": tp.max_rss_mb()},
        "peers": peers,
        "scaling": scaled.as_json(),
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


def _compiled(args: argparse.Namespace, corpus: tp.Corpus, console: Console,
              notes: list[str]) -> list[tp.Timing]:
    """The recogniser, the pipeline and ingest on the seeds in the compiled build (`make
    compiled`, which `make bench` makes first), timed in that build's own environment."""
    python = COMPILED_VENV / "bin" / "python"
    if not python.is_file():
        notes.append(f"compiled build not timed: {_rel(COMPILED_VENV)} not found (make compiled)")
        return []
    reps = [2, 0.2] if args.quick else [SEEDS_MIN_REPS, SEEDS_MIN_SECONDS]
    with console.status("timing the compiled build on the seeds corpus..."):
        done = subprocess.run(
            [str(python), str(BENCH / "compiled_timer.py"), str(args.seeds.resolve()),
             *map(str, reps), str(SEEDS_MAX_REPS)],
            capture_output=True, text=True, cwd=BENCH, check=False)
    if done.returncode != 0:
        notes.append(f"compiled build not timed: {done.stderr.strip()[-300:]}")
        return []
    timings = []
    for row in json.loads(done.stdout):
        fields = {k: row[k] for k in ("stage", "chars", "bytes", "found", "runs_s",
                                      "peak_rss_mb", "rss_growth_mb", "tracemalloc_peak_mb",
                                      "note")}
        timings.append(tp.Timing(corpus=COMPILED_LABEL, **fields))
    notes.append(f"{COMPILED_LABEL}: crosscount as `pip install .` installs it, the recogniser, "
                 f"the claim readers and the records compiled with mypyc, in "
                 f"{_rel(COMPILED_VENV)}; the other rows run plain Python (the editable install "
                 f"in .venv; an install without a C compiler, or with CROSSCOUNT_COMPILE=0)")
    return timings


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
    for stage, goal in tp.GOALS_MB_S.items():
        rates = [
            f"{BUILD_NAMES[g['corpus']]} {g['mb_per_s']:.2f} ({'met' if g['met'] else 'not met'})"
            for g in tp.goals(timings, GOAL_CORPORA)
            if g["stage"] == stage
        ]
        console.print(f"  goal, {stage} >= {goal:g} MB/s in one process: " + "; ".join(rates))


def _print_pages(console: Console, timings: list[pg.PageTiming], counts: dict[str, int]) -> None:
    table = Table(title=f"Web pages ({counts['documents']:,} documents, {counts['claims']:,} "
                        "figures; rendered through the app in process)", title_justify="left")
    for col in ("page", "best ms", "median ms", "KB"):
        table.add_column(col, justify="left" if col == "page" else "right")
    for t in timings:
        table.add_row(t.page, f"{t.best_ms:.1f}", f"{t.median_ms:.1f}", f"{t.bytes / 1e3:.1f}")
    console.print(table)


def _peers(args: argparse.Namespace, corpus: tp.Corpus, timings: list[tp.Timing],
           console: Console) -> dict[str, Any]:
    """Time the peers on the seeds (with --quick, on the shortest seed) and set them beside
    crosscount's recogniser and pipeline on the same texts and on the replicated corpus."""
    if args.quick:
        texts = tp.shortest(corpus)
        ours = tp.seeds_timings(texts, 2, 0.2, SEEDS_MAX_REPS, label="shortest seed",
                                ingest=False)
    else:
        texts = corpus
        ours = [t for t in timings if t.corpus == "seeds" and t.stage != "ingest"]
    large = [t for t in timings if t.stage != "ingest" and t.corpus != "seeds"]
    made = (pr.PEERS_VENV / ".installed").is_file()
    with console.status("timing the peers" + ("" if made else
                        " (first making their environment: a few minutes)") + "..."):
        run = pr.time_peers(texts.texts, 2 if args.quick else PEER_MIN_REPS,
                            0.2 if args.quick else PEER_MIN_SECONDS)
    label = ours[0].corpus
    _print_peers(console, run, ours + large, label)
    rates = {t.stage: t.chars_per_s for t in ours}
    return {
        "environment": run.environment, "requirements": list(pr.PEER_REQUIREMENTS),
        "error": run.error, "text": {"corpus": label, "files": len(texts.texts),
                                     "chars": texts.chars},
        "crosscount": [t.as_json() for t in ours + large],
        "peers": [{**p.as_json(),
                   "recogniser_ratio": round(rates["recogniser"] / p.chars_per_s, 2),
                   "pipeline_ratio": round(rates["pipeline"] / p.chars_per_s, 2)}
                  for p in run.timings],
        "warnings": run.warnings,
        "quoted_before": QUOTED_PEERS,
    }


def _print_peers(console: Console, run: pr.PeersRun, ours: list[tp.Timing],
                 label: str) -> None:
    table = Table(title=f"Peers: other recognisers on the same text ({label}; rates from the "
                        "best run)", title_justify="left")
    for col in ("reader", "text", "chars", "chars/s", "found",
                "recogniser vs it", "pipeline vs it"):
        table.add_column(col, justify="left" if col in ("reader", "text") else "right")
    for t in ours:
        table.add_row(f"crosscount {t.stage}", t.corpus, f"{t.chars:,}",
                      f"{t.chars_per_s:,.0f}", f"{t.found:,}", "", "")
    rates = {t.stage: t.chars_per_s for t in ours if t.corpus == label}
    for p in run.timings:
        table.add_row(f"{p.peer} {p.version}", label, f"{p.chars:,}",
                      f"{p.chars_per_s:,.0f}", f"{p.found:,}",
                      _times(rates["recogniser"] / p.chars_per_s),
                      _times(rates["pipeline"] / p.chars_per_s))
    if run.error:
        table.add_row("quantulum3, Recognizers-Text", "[red]not run[/]", *[""] * 5)
    console.print(table)
    if run.error:
        console.print(f"  [red]peers not run:[/] {run.error}", highlight=False)
    console.print("  recogniser / pipeline vs it: crosscount's chars/s on the same text over "
                  "the peer's (above 1x crosscount is faster)")
    console.print("  found: quantities (crosscount recogniser, quantulum3), claims (crosscount "
                  "pipeline), numbers (Recognizers-Text)")
    for p in run.timings:
        console.print(f"  {p.peer}: {p.call}; best of {len(p.runs_s)} runs; import "
                      f"{p.import_s:.2f} s and warm-up on the first text {p.warm_up_s:.2f} s, "
                      "not counted", highlight=False)
    if run.timings:
        slowest = min(run.timings, key=lambda p: p.chars_per_s)
        console.print(f"  peers run on the seeds only ({slowest.peer} would take "
                      f"~{LARGE_MB * 1e6 / slowest.chars_per_s / 60:.0f} min on "
                      f"{LARGE_MB:g} MB), in {_rel(Path(run.environment))}, never in "
                      "crosscount's environment")
    for warning in run.warnings:
        console.print(f"  peer warning: {warning}", highlight=False)
    console.print("  quoted by the project before these were measured (chars/s, reference "
                  "only): " + ", ".join(f"{k} ~{v:,}" for k, v in QUOTED_PEERS.items()))


def _times(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio < 10 else f"{ratio:.0f}x"


def _scaling(args: argparse.Namespace, corpus: tp.Corpus, console: Console) -> sc.Scaling:
    scales = sc.QUICK_SCALES if args.quick else sc.SCALES
    sizes = ", ".join(f"{s}x" for s in scales)
    with console.status(f"ingesting {sizes} the seeds, each in a fresh process..."):
        result = sc.scaling(corpus, scales)
    _print_scaling(console, result)
    return result


def _print_scaling(console: Console, result: sc.Scaling) -> None:
    table = Table(title="Scaling: copies of the seeds ingested into a fresh SQLite file, each "
                        "size in a fresh process", title_justify="left")
    for col in ("size", "files", "MB", "claims", "findings", "ingest s", "check s", "total s",
                "s/MB", "peak RSS MB", "after ingest", "before"):
        table.add_column(col, justify="right")
    for r in result.runs:
        table.add_row(f"{r.copies}x", str(r.files), f"{r.bytes / 1e6:.2f}", f"{r.claims:,}",
                      f"{sum(r.findings.values()):,}",
                      f"{r.ingest_s:.2f}", f"{r.check_s:.2f}", f"{r.total_s:.2f}",
                      f"{r.s_per_mb:.2f}", f"{r.max_rss_mb:.0f}",
                      f"{r.max_rss_after_ingest_mb:.0f}", f"{r.max_rss_before_mb:.0f}")
    console.print(table)
    large = result.runs[-1].copies
    total = result.ratio("total_s")
    met = "[green]met[/]" if total <= sc.TIME_GOAL_RATIO else "[red]not met[/]"
    console.print(f"  time of {large}x over {large} x the 1x time: total {total:.2f} (goal <= "
                  f"{sc.TIME_GOAL_RATIO:.2f}: {met}); ingest {result.ratio('ingest_s'):.2f}, "
                  f"check {result.ratio('check_s'):.2f}")
    memory = result.memory_ratio()
    flat = "[green]flat[/]" if memory <= sc.FLAT_MEMORY_RATIO else "[red]grows[/]"
    console.print(f"  peak RSS of {large}x over 1x: {memory:.2f} ({flat}; flat means <= "
                  f"{sc.FLAT_MEMORY_RATIO:g}); when ingest ended, before check: "
                  f"{result.memory_ratio('max_rss_after_ingest_mb'):.2f}")
    console.print("  'after ingest' and 'before': the peak RSS when ingest ended and when it "
                  "began (after imports and the warm-up)")
    for note in result.notes:
        console.print(f"  {note}")


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
