"""Time other number recognisers on texts; runs in the peers' own virtual environment.

    .peers-venv/bin/python benchmarks/peer_timer.py TEXTS.json [--min-reps N] [--min-seconds S]

TEXTS.json holds a JSON list of strings. peers.py starts this script with the peers'
environment's python; it imports the peers and the standard library only, never crosscount,
so that neither environment sees the other's packages.

Each peer is imported (timed), run once over the first text as a warm-up (lazy loading, regex
caches), then over all the texts until it has ``--min-reps`` runs and ``--min-seconds`` of
runs. Prints one JSON object on stdout: per peer its package and version, the import and
warm-up times, each run's seconds, and how many items it found (a check that every run did
the same work); and the warnings the peers raised, so none is lost.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import time
import warnings
from collections.abc import Callable
from typing import Any

Reader = Callable[[str], int]  # a text -> how many items were found in it


def quantulum3() -> Reader:
    from quantulum3 import classifier, parser

    if not classifier.USE_CLF:
        warnings.warn("quantulum3 runs without its unit classifier", stacklevel=1)

    def read(text: str) -> int:
        return len(parser.parse(text))
    return read


def recognizers_text_number() -> Reader:
    from ms_recognizers_number import Culture, NumberRecognizer

    model = NumberRecognizer(Culture.English).get_number_model()

    def read(text: str) -> int:
        return len(model.parse(text))
    return read


# (name shown, distribution whose version is reported, what it runs, how it is loaded)
PEERS: list[tuple[str, str, str, Callable[[], Reader]]] = [
    ("quantulum3", "quantulum3", "parser.parse(text), with its unit classifier", quantulum3),
    ("Recognizers-Text (number)", "ms-recognizers-text-number",
     "NumberRecognizer(Culture.English).get_number_model().parse(text)",
     recognizers_text_number),
]


def time_peer(load: Callable[[], Reader], texts: list[str], min_reps: int,
              min_seconds: float) -> dict[str, Any]:
    t0 = time.perf_counter()
    read = load()
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    read(texts[0])
    warm_up_s = time.perf_counter() - t0
    runs: list[float] = []
    found = 0
    while len(runs) < min_reps or sum(runs) < min_seconds:
        t0 = time.perf_counter()
        found = sum(read(t) for t in texts)
        runs.append(time.perf_counter() - t0)
    return {"import_s": import_s, "warm_up_s": warm_up_s, "runs_s": runs, "found": found}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("texts", help="JSON file: a list of texts")
    p.add_argument("--min-reps", type=int, default=2)
    p.add_argument("--min-seconds", type=float, default=3.0)
    args = p.parse_args()
    with open(args.texts, encoding="utf-8") as f:
        texts: list[str] = json.load(f)
    results = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name, dist, call, load in PEERS:
            timed = time_peer(load, texts, args.min_reps, args.min_seconds)
            results.append({"peer": name, "package": dist,
                            "version": importlib.metadata.version(dist), "call": call,
                            **timed})
    messages = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    print(json.dumps({"chars": sum(len(t) for t in texts), "texts": len(texts),
                      "peers": results, "warnings": messages}))


if __name__ == "__main__":
    main()
