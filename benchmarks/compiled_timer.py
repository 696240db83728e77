"""Time the compiled build (mypyc); runs in that build's own environment.

    .venv-compiled/bin/python benchmarks/compiled_timer.py SEEDS MIN_REPS MIN_SECONDS MAX_REPS

run.py starts this script with the python of the environment `make compiled` made, where
crosscount is installed with its recogniser and claim readers compiled, so that the same
workloads as the throughput table's (throughput.py) run on the compiled modules: the
recogniser, the pipeline, and ingest (reading and storing too, as `crosscount ingest` runs in
that build). Prints one JSON list of timings on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import throughput as tp

from crosscount.numbers import grammar


def main() -> int:
    folder, min_reps, min_seconds, max_reps = sys.argv[1:5]
    if grammar.__file__ is None or grammar.__file__.endswith(".py"):
        raise SystemExit(f"crosscount is not compiled here ({grammar.__file__}): run make compiled")
    corpus = tp.load_corpus(Path(folder))
    timings = tp.seeds_timings(corpus, int(min_reps), float(min_seconds), int(max_reps))
    json.dump([t.as_json() for t in timings], sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
