"""Helpers the test modules share: the command line in process, and the golden-case tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from crosscount.cli import main


def run(*args: str) -> tuple[int, str, str]:
    """``crosscount ARGS`` in process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of a golden-case table (a YAML list of mappings)."""
    with path.open(encoding="utf-8") as fh:
        cases = yaml.safe_load(fh)
    if not isinstance(cases, list):
        raise TypeError(f"{path}: expected a list of cases, got {type(cases).__name__}")
    return cases


def case_id(case: dict[str, Any]) -> str:
    """A case's pytest id: its id, else the start of its text."""
    return str(case.get("id") or str(case.get("text"))[:40])
