"""How ingest scales with the size of the corpus: 1x, 10x and 100x the seeds.

For each size, copies of the seeds under new names are written to a temporary folder and
``ingest_timer.py`` ingests them into a fresh temporary SQLite file, in a fresh process (so
each size's peak RSS is its own). Its two parts are timed apart: ingest (read, process, store)
and check (link and cross-check every claim), as ``crosscount ingest`` runs them.

The goal: 100x in at most 110x the time of 1x, with flat memory. The copies repeat the same
articles: check links every claim of every copy, but reads each distinct text once for its
checks between figures and reports the copies of a text as one finding, so its time here
understates what as many distinct articles would cost it; ingest's is the part that scales
with any corpus.

When the sizes before it predict that the largest would take longer than
``LARGEST_BUDGET_S``, ``FALLBACK_LARGEST`` copies are ingested instead, and the result says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import throughput as tp

INGEST_TIMER = Path(__file__).resolve().parent / "ingest_timer.py"
SCALES = (1, 10, 100)
QUICK_SCALES = (1, 2, 5)
# The largest size is cut to FALLBACK_LARGEST copies when predicted to take longer than this
# (seconds of ingest + check). 100x took ~130 s on 2 cores.
LARGEST_BUDGET_S = 360.0
FALLBACK_LARGEST = 50
# Goal: the largest size in at most this many times (copies x the 1x time).
TIME_GOAL_RATIO = 1.10
# Memory counts as flat when the largest size's peak RSS is at most this many times 1x's.
FLAT_MEMORY_RATIO = 1.25
TIMEOUT_S = 1800


@dataclass
class SizeRun:
    """One corpus size ingested in its own process."""

    copies: int
    files: int
    bytes: int
    claims: int
    variables: int
    findings: dict[str, int]
    warm_up_s: float
    ingest_s: float
    check_s: float
    process_s: float  # the whole process, start-up and imports included
    max_rss_before_mb: float
    max_rss_after_ingest_mb: float
    max_rss_mb: float

    @property
    def total_s(self) -> float:
        return self.ingest_s + self.check_s

    @property
    def s_per_mb(self) -> float:
        return self.total_s / (self.bytes / 1e6)

    def as_json(self) -> dict[str, Any]:
        return {"copies": self.copies, "files": self.files, "bytes": self.bytes,
                "claims": self.claims, "variables": self.variables,
                "findings": self.findings, "warm_up_s": round(self.warm_up_s, 3),
                "ingest_s": round(self.ingest_s, 3), "check_s": round(self.check_s, 3),
                "total_s": round(self.total_s, 3), "process_s": round(self.process_s, 3),
                "s_per_mb": round(self.s_per_mb, 3),
                "max_rss_before_mb": self.max_rss_before_mb,
                "max_rss_after_ingest_mb": self.max_rss_after_ingest_mb,
                "max_rss_mb": self.max_rss_mb}


@dataclass
class Scaling:
    runs: list[SizeRun]
    notes: list[str]

    def ratio(self, part: str) -> float:
        """The largest size's time (``part``: ingest_s, check_s or total_s) over copies x
        the 1x time: 1.0 is linear."""
        small, large = self.runs[0], self.runs[-1]
        scale = large.copies / small.copies
        return float(getattr(large, part)) / (scale * float(getattr(small, part)))

    def memory_ratio(self, peak: str = "max_rss_mb") -> float:
        """The largest size's peak RSS (``peak``: at the end, max_rss_mb, or when ingest
        ended, max_rss_after_ingest_mb) over 1x's."""
        return float(getattr(self.runs[-1], peak)) / float(getattr(self.runs[0], peak))

    def as_json(self) -> dict[str, Any]:
        return {"runs": [r.as_json() for r in self.runs], "notes": self.notes,
                "time_ratio": {p: round(self.ratio(p), 3)
                               for p in ("ingest_s", "check_s", "total_s")},
                "time_goal_ratio": TIME_GOAL_RATIO,
                "time_goal_met": self.ratio("total_s") <= TIME_GOAL_RATIO,
                "memory_ratio": {p: round(self.memory_ratio(p), 3)
                                 for p in ("max_rss_after_ingest_mb", "max_rss_mb")},
                "flat_memory_ratio": FLAT_MEMORY_RATIO,
                "memory_flat": self.memory_ratio() <= FLAT_MEMORY_RATIO}


def scaling(corpus: tp.Corpus, scales: tuple[int, ...] = SCALES) -> Scaling:
    """Ingest ``scales`` copies of the corpus, each in a fresh process and database."""
    runs: list[SizeRun] = []
    notes: list[str] = []
    for copies in scales:
        if copies == scales[-1] and len(runs) >= 2:
            predicted = _predict(runs, copies)
            if predicted > LARGEST_BUDGET_S and runs[-1].copies < FALLBACK_LARGEST:
                notes.append(f"{copies}x would take ~{predicted:.0f} s here (over "
                             f"{LARGEST_BUDGET_S:.0f} s): ran {FALLBACK_LARGEST}x instead")
                copies = FALLBACK_LARGEST
        runs.append(_ingest_copies(corpus, copies))
    notes.append("each size in a fresh process and a fresh SQLite file; times exclude start-up "
                 "and a warm-up (one copy of the seeds ingested and checked in a throwaway "
                 "database)")
    notes.append("the copies repeat the same articles: check links every claim of every copy "
                 "but compares figures across each distinct text once (copies are one "
                 "finding), so its time understates that of as many distinct articles; "
                 "ingest's is the part that scales with any corpus")
    return Scaling(runs, notes)


def _predict(runs: list[SizeRun], copies: int) -> float:
    """Seconds for ``copies``: the last run's time per copy, grown as much again as it grew
    between the first run and the last."""
    first, last = runs[0], runs[-1]
    per_copy = last.total_s / last.copies
    growth = per_copy / (first.total_s / first.copies)
    return copies * per_copy * max(1.0, growth)


def _ingest_copies(corpus: tp.Corpus, copies: int) -> SizeRun:
    tmp = Path(tempfile.mkdtemp(prefix="crosscount-bench-scaling-"))
    try:
        folder = tmp / "corpus"
        folder.mkdir()
        files, _ = tp.replicate_files(corpus, copies * corpus.chars, folder)
        size = sum(p.stat().st_size for p in folder.iterdir())
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, str(INGEST_TIMER), str(folder),
                               str(tmp / "bench.db"), str(len(corpus.names))],
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        process_s = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"scaling benchmark, {copies}x: ingest_timer.py failed "
                         f"(exit code {done.returncode}):\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout)
    if out["files"] != files:
        raise SystemExit(f"scaling benchmark, {copies}x: {out['files']} of {files} ingested")
    return SizeRun(copies, files, size, out["claims"], out["variables"], out["findings"],
                   out["warm_up_s"], out["ingest_s"], out["check_s"], process_s,
                   out["max_rss_before_mb"],
                   out["max_rss_after_ingest_mb"], out["max_rss_mb"])
