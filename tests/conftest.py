"""Shared fixtures: paths to the annotated corpus beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "dev.claims.jsonl"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not found: the seeds corpus lives beside the repository")
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> Path:
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} not found: the annotations live beside the repository")
    return GOLD
