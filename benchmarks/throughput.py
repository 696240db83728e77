"""Time the three stages of crosscount on a corpus, in this process.

    recogniser  ``find_quantities`` over each text
    pipeline    ``process`` over each Document (sentences, quantities, claims)
    ingest      ``Store`` + ``ingest_sources(find_sources(folder))`` into a fresh SQLite file:
                reading files, header dates, processing and writing, one transaction a file

Each workload runs until it has both ``min_reps`` runs and ``min_seconds`` of runs (at most
``max_reps``); the best run gives the headline rate, the median shows the spread. Memory:
while a workload runs, a thread samples the process's resident set size (``/proc/self/statm``,
every ``RSS_SAMPLE_S``), giving its peak and its growth over the RSS before it started; on the
small corpus, one extra untimed run under ``tracemalloc`` gives the peak of Python allocations
(tracemalloc slows the recogniser about 2.6x, too slow to run on the 10 MB corpus).
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crosscount.ingest import Source, document_from_bytes, find_sources
from crosscount.model import Document
from crosscount.numbers import find_quantities
from crosscount.pipeline import ingest_sources, process
from crosscount.store import Store

# How often the RSS sampler looks (seconds). Reading /proc/self/statm takes ~20 us; at
# 20 ms the sampler changed timings by less than their run-to-run noise (~2%).
RSS_SAMPLE_S = 0.02
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Corpus:
    """Texts to time: names and contents, and the folder they came from."""

    names: list[str]
    texts: list[str]
    folder: Path

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)

    @property
    def bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.texts)


def load_corpus(folder: Path) -> Corpus:
    if not folder.is_dir():
        raise SystemExit(f"{folder}: seeds folder not found; give it with --seeds")
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    if not files:
        raise SystemExit(f"{folder}: no .txt files; give the seeds folder with --seeds")
    return Corpus([p.name for p in files], [p.read_bytes().decode("utf-8") for p in files],
                  folder)


def shortest(corpus: Corpus) -> Corpus:
    """The corpus's shortest text alone."""
    i = min(range(len(corpus.texts)), key=lambda k: len(corpus.texts[k]))
    return Corpus([corpus.names[i]], [corpus.texts[i]], corpus.folder)


@dataclass
class Timing:
    """One workload's measurement."""

    stage: str
    corpus: str
    chars: int
    bytes: int
    found: int  # quantities (recogniser) or claims (pipeline, ingest): a sanity check
    runs_s: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    rss_growth_mb: float | None = None
    tracemalloc_peak_mb: float | None = None
    note: str = ""

    @property
    def best_s(self) -> float:
        return min(self.runs_s)

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs_s)

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.best_s

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.best_s

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(best_s=self.best_s, median_s=self.median_s, reps=len(self.runs_s),
                    chars_per_s=round(self.chars_per_s), mb_per_s=round(self.mb_per_s, 4),
                    chars_per_s_median=round(self.chars / self.median_s))
        return data


# The goals set for this machine, one process (issue 7), in MB/s on the seeds.
GOALS_MB_S = {"recogniser": 5.0, "pipeline": 1.0}


def goals(timings: list[Timing], corpora: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each goal against each build timed on the seeds (the ``corpora`` labels): its rate and
    whether it meets the goal."""
    return [
        {"stage": t.stage, "corpus": t.corpus, "goal_mb_per_s": goal,
         "mb_per_s": round(t.mb_per_s, 2), "met": t.mb_per_s >= goal}
        for stage, goal in GOALS_MB_S.items()
        for t in timings
        if t.stage == stage and t.corpus in corpora
    ]


class RssSampler:
    """Peak resident set size of this process while a block runs (Linux; else None)."""

    def __init__(self) -> None:
        self.available = Path("/proc/self/statm").exists()
        self.peak = self.base = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * _PAGE

    def __enter__(self) -> RssSampler:
        if self.available:
            self.base = self.peak = self.rss()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_S):
            self.peak = max(self.peak, self.rss())

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self.peak = max(self.peak, self.rss())


def measure(timing: Timing, run: Callable[[], tuple[float, int]], min_reps: int,
            min_seconds: float, max_reps: int) -> Timing:
    """Run ``run`` (which returns its own elapsed seconds and what it found) repeatedly."""
    with RssSampler() as sampler:
        while len(timing.runs_s) < max_reps and (
                len(timing.runs_s) < min_reps or sum(timing.runs_s) < min_seconds):
            elapsed, found = run()
            timing.runs_s.append(elapsed)
            timing.found = found
    if sampler.available:
        timing.peak_rss_mb = round(sampler.peak / 1e6, 1)
        timing.rss_growth_mb = round((sampler.peak - sampler.base) / 1e6, 1)
    return timing


def traced_peak_mb(run: Callable[[], tuple[float, int]]) -> float:
    """Peak Python allocations (tracemalloc) of one untimed run."""
    tracemalloc.start()
    try:
        run()
        return round(tracemalloc.get_traced_memory()[1] / 1e6, 2)
    finally:
        tracemalloc.stop()


def recogniser_run(texts: list[str]) -> Callable[[], tuple[float, int]]:
    def run() -> tuple[float, int]:
        t0 = time.perf_counter()
        found = sum(len(find_quantities(t)) for t in texts)
        return time.perf_counter() - t0, found
    return run


def pipeline_run(docs: list[Document]) -> Callable[[], tuple[float, int]]:
    def run() -> tuple[float, int]:
        t0 = time.perf_counter()
        found = sum(len(process(d).claims) for d in docs)
        return time.perf_counter() - t0, found
    return run


def ingest_run(folder: Path, files: int) -> Callable[[], tuple[float, int]]:
    """Ingest ``folder`` into a fresh SQLite file in a new temporary folder (not timed:
    making and removing that folder)."""
    def run() -> tuple[float, int]:
        with tempfile.TemporaryDirectory(prefix="crosscount-bench-db-") as tmp:
            t0 = time.perf_counter()
            with Store(Path(tmp) / "bench.db") as store:
                report = ingest_sources(store, find_sources([folder]))
            elapsed = time.perf_counter() - t0
        if report.failed or len(report.ingested) != files:
            raise SystemExit(f"ingest benchmark: {len(report.ingested)} of {files} files "
                             f"ingested; failures: {report.failed[:3]}")
        return elapsed, report.claims
    return run


def documents(corpus: Corpus) -> list[Document]:
    return [document_from_bytes(t.encode("utf-8"), Source(corpus.folder / n, n))
            for n, t in zip(corpus.names, corpus.texts, strict=True)]


def replicate_text(corpus: Corpus, target_chars: int) -> tuple[str, int]:
    """The corpus's texts joined by blank lines, repeated until ``target_chars`` is reached;
    and the number of copies."""
    unit = "\n\n".join(corpus.texts) + "\n\n"
    copies = max(1, -(-target_chars // len(unit)))
    return unit * copies, copies


def replicate_files(corpus: Corpus, target_chars: int, folder: Path) -> tuple[int, int]:
    """Copies of the corpus's files under distinct names in ``folder`` until
    ``target_chars``; returns (files, chars)."""
    files = chars = 0
    k = 0
    while chars < target_chars:
        for name, text in zip(corpus.names, corpus.texts, strict=True):
            (folder / f"copy{k:04d}_{name}").write_text(text, encoding="utf-8", newline="")
            files, chars = files + 1, chars + len(text)
        k += 1
    return files, chars


def seeds_timings(corpus: Corpus, min_reps: int, min_seconds: float, max_reps: int,
                  label: str = "seeds", ingest: bool = True) -> list[Timing]:
    """The three stages (the first two without ``ingest``) on the corpus as it is, with a
    tracemalloc peak for each."""
    docs = documents(corpus)
    runs = [("recogniser", recogniser_run(corpus.texts)), ("pipeline", pipeline_run(docs))]
    if ingest:
        runs.append(("ingest", ingest_run(corpus.folder, len(corpus.names))))
    timings = []
    for stage, run in runs:
        first, _ = run()  # warm-up: lazy imports (dateparser), regex caches; kept as a note
        t = measure(Timing(stage, label, corpus.chars, corpus.bytes, 0), run, min_reps,
                    min_seconds, max_reps)
        t.tracemalloc_peak_mb = traced_peak_mb(run)
        t.note = f"first (cold) run {first:.3f} s, not counted"
        timings.append(t)
    return timings


def replicated_timings(corpus: Corpus, target_chars: int, ingest_chars: int,
                       reps: int) -> list[Timing]:
    """Ingest of ``ingest_chars`` of replicated files written to a temporary folder, then the
    recogniser and the pipeline on one in-memory text of ``target_chars``. Ingest goes first
    so that its RSS growth is not hidden by memory the 10 MB text leaves in the allocator."""
    timings = []
    tmp = Path(tempfile.mkdtemp(prefix="crosscount-bench-src-"))
    try:
        files, chars = replicate_files(corpus, ingest_chars, tmp)
        size = sum(p.stat().st_size for p in tmp.iterdir())
        timings.append(measure(Timing("ingest", f"{files} files", chars, size, 0),
                               ingest_run(tmp, files), reps, 0.0, reps))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    big, copies = replicate_text(corpus, target_chars)
    size = len(big.encode("utf-8"))
    label = f"seeds x{copies}, one text"
    doc = Document(name="replicated.txt", text=big,
                   sha256=hashlib.sha256(big.encode("utf-8")).hexdigest())
    timings += [
        measure(Timing("recogniser", label, len(big), size, 0), recogniser_run([big]),
                reps, 0.0, reps),
        measure(Timing("pipeline", label, len(big), size, 0), pipeline_run([doc]),
                reps, 0.0, reps),
    ]
    return timings


def max_rss_mb() -> float:
    """The process's peak RSS so far (ru_maxrss: KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 1e3 if os.uname().sysname == "Linux" else peak / 1e6, 1)
