"""Other number recognisers, timed on the same texts in an environment of their own.

The peers are installed with pip into ``benchmarks/.peers-venv``, which this module makes on
first use (``python -m venv``, pip upgraded, then the pinned ``PEER_REQUIREMENTS``; a marker
file records what was installed, so later runs reuse it). ``peer_timer.py`` runs them in a
subprocess with that environment's python: they are never imported into crosscount's
environment, nor crosscount into theirs. Nothing is downloaded while they run.

When the environment cannot be made (no network, a failed install), ``time_peers`` returns
the reason instead of timings, and the benchmarks go on without the peers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PEERS_VENV = Path(__file__).resolve().parent / ".peers-venv"
PEER_TIMER = Path(__file__).resolve().parent / "peer_timer.py"
PEER_REQUIREMENTS = (
    # With its optional unit classifier, as its README recommends; the classifier comes
    # trained inside the package (clf.joblib), nothing is fetched at run time.
    "quantulum3[classifier]==0.10.0",
    # quantulum3 0.10.0's clf.joblib was pickled by scikit-learn 1.8.0; 1.9 cannot unpickle
    # it (ModuleNotFoundError: _loss). Re-check both pins together.
    "scikit-learn==1.8.0",
    # Microsoft Recognizers-Text's number recogniser under its current name; the older
    # recognizers-text-number 1.0.2a2 fails on import.
    "ms-recognizers-text-number==1.0.0.1",
)
PIP_FLAGS = ("--quiet", "--disable-pip-version-check", "--timeout", "30", "--retries", "2")
# Seconds allowed for making the environment (scikit-learn and scipy are ~100 MB of wheels)
# and for one timing run (quantulum3 reads the seeds at ~10,000 chars/s).
INSTALL_TIMEOUT_S = 900
TIMER_TIMEOUT_S = 900


@dataclass
class PeerTiming:
    """One peer's runs over the texts."""

    peer: str
    package: str
    version: str
    call: str
    chars: int
    found: int
    import_s: float
    warm_up_s: float
    runs_s: list[float]

    @property
    def best_s(self) -> float:
        return min(self.runs_s)

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.best_s

    def as_json(self) -> dict[str, Any]:
        return {"peer": self.peer, "package": self.package, "version": self.version,
                "call": self.call, "chars": self.chars, "found": self.found,
                "import_s": round(self.import_s, 3), "warm_up_s": round(self.warm_up_s, 3),
                "runs_s": [round(r, 4) for r in self.runs_s], "best_s": round(self.best_s, 4),
                "chars_per_s": round(self.chars_per_s)}


@dataclass
class PeersRun:
    """The peers' timings, or why there are none."""

    timings: list[PeerTiming] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    environment: str = str(PEERS_VENV)


def time_peers(texts: list[str], min_reps: int, min_seconds: float,
               venv: Path = PEERS_VENV) -> PeersRun:
    """Time each peer over ``texts`` (best of at least ``min_reps`` runs and
    ``min_seconds``), making the peers' environment first if need be."""
    error = ensure_environment(venv)
    if error:
        return PeersRun(error=error, environment=str(venv))
    with tempfile.TemporaryDirectory(prefix="crosscount-bench-peers-") as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        command = [str(_python(venv)), str(PEER_TIMER), str(texts_file),
                   "--min-reps", str(min_reps), "--min-seconds", str(min_seconds)]
        error, out = _run(command, TIMER_TIMEOUT_S)
    if error:
        return PeersRun(error=f"peer_timer.py failed: {error}", environment=str(venv))
    data = json.loads(out)
    timings = [PeerTiming(p["peer"], p["package"], p["version"], p["call"], data["chars"],
                          p["found"], p["import_s"], p["warm_up_s"], p["runs_s"])
               for p in data["peers"]]
    return PeersRun(timings, data["warnings"], environment=str(venv))


def ensure_environment(venv: Path) -> str | None:
    """Make ``venv`` with the peers installed, unless it already has them; the reason it
    could not be made, or None."""
    marker = venv / ".installed"
    wanted = "\n".join(PEER_REQUIREMENTS) + "\n"
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return None
    python = str(_python(venv))
    steps = [
        ("python -m venv", [sys.executable, "-m", "venv", "--clear", str(venv)]),
        ("pip install --upgrade pip",
         [python, "-m", "pip", "install", *PIP_FLAGS, "--upgrade", "pip"]),
        ("pip install " + " ".join(PEER_REQUIREMENTS),
         [python, "-m", "pip", "install", *PIP_FLAGS, *PEER_REQUIREMENTS]),
    ]
    for what, command in steps:
        error, _ = _run(command, INSTALL_TIMEOUT_S)
        if error:
            return f"could not make the peers' environment {venv}: {what} failed: {error}"
    marker.write_text(wanted, encoding="utf-8")
    return None


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _run(command: list[str], timeout_s: float) -> tuple[str | None, str]:
    """Run ``command``; (None, its stdout) or (what went wrong, "")."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                              check=False)
    except subprocess.TimeoutExpired:
        return f"no answer in {timeout_s:g} s", ""
    except OSError as exc:
        return str(exc), ""
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        return f"exit code {done.returncode}: " + " / ".join(last), ""
    return None, done.stdout
