"""Ingest one folder into a fresh database, in a process of its own, and print JSON timings.

    python benchmarks/ingest_timer.py FOLDER DB [WARM_UP_FILES]

Does what ``crosscount ingest FOLDER --db DB --quiet`` does, through the library so that its
two parts are timed apart: ingest (read, process and store each file: ``ingest_sources``) and
check (link and cross-check every stored claim: ``run_check``). scaling.py starts one such
process per corpus size, so that each size's peak memory is its own.

Before the clock starts, the first WARM_UP_FILES files (default 1; scaling.py gives one copy
of the seeds) are ingested and checked in a throwaway database (warm_up_s): lazy imports
(dateparser; datasketch, ~0.6 s, for check), regex and SQL caches would otherwise weigh on the
smallest size alone and flatter the larger sizes' ratio to it.

Prints one JSON object: files, claims, variables, findings (by kind), warm_up_s, ingest_s,
check_s, and this process's peak RSS (imports included) before the ingest, after it, and at
the end. The peak is the kernel's high-water mark ``VmHWM``, which starts anew at exec;
``ru_maxrss`` does not (it keeps the peak of the parent's memory the child was forked from)
and is used only where there is no /proc.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from crosscount.errors import InputError
from crosscount.ingest import Source, find_sources
from crosscount.pack import Pack, load_pack
from crosscount.pipeline import ingest_sources, run_check
from crosscount.store import Store


def main(folder: Path, db: Path, warm_up_files: int = 1) -> dict[str, object]:
    pack = load_pack()
    sources = list(find_sources([folder]))
    warm_up_s = _warm_up(sources[:warm_up_files], pack)
    before = _max_rss_mb()
    with Store(db) as store:
        t0 = time.perf_counter()
        report = ingest_sources(store, sources, pack=pack)
        t1 = time.perf_counter()
        after_ingest = _max_rss_mb()
        checked = run_check(store, pack)
        t2 = time.perf_counter()
    if report.failed or len(report.ingested) != len(sources):
        raise SystemExit(f"{folder}: {len(report.ingested)} of {len(sources)} files "
                         f"ingested; failures: {report.failed[:3]}")
    return {"files": len(report.ingested), "claims": report.claims,
            "variables": checked.variables, "findings": checked.findings,
            "warm_up_s": warm_up_s, "ingest_s": t1 - t0, "check_s": t2 - t1,
            "max_rss_before_mb": before, "max_rss_after_ingest_mb": after_ingest,
            "max_rss_mb": _max_rss_mb()}


def _warm_up(sources: list[Source | InputError], pack: Pack) -> float:
    """Seconds to ingest and check ``sources`` in a throwaway database."""
    t0 = time.perf_counter()
    with (tempfile.TemporaryDirectory(prefix="crosscount-bench-warm-up-") as tmp,
          Store(Path(tmp) / "warm-up.db") as store):
        ingest_sources(store, sources, pack=pack)
        run_check(store, pack)
    return time.perf_counter() - t0


def _max_rss_mb() -> float:
    """This process's peak RSS so far, in MB: VmHWM (kB), else ru_maxrss (kB on Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1e3, 1)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    warm_up = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), warm_up)))
