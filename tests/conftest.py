"""Shared fixtures: paths to the annotated corpus beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "dev.claims.jsonl"
EXAMPLES = ROOT / "examples"


def _beside(path: Path, what: str) -> Path:
    """A path beside the repository; missing, it skips the test, except in CI, where it fails."""
    if not path.exists():
        message = f"{path} not found: {what} lives beside the repository"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    return _beside(SEEDS, "the seeds corpus")


@pytest.fixture(scope="session")
def gold() -> Path:
    return _beside(GOLD, "the annotation set")
