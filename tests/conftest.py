"""Shared fixtures: paths to the annotated corpus beside the repository, and databases on
both backends (a SQLite file; a fresh database on the PostgreSQL server that
CROSSCOUNT_TEST_POSTGRES names, which .ci/run installs and starts)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.exc import ProgrammingError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "dev.claims.jsonl"
EXAMPLES = ROOT / "examples"


POSTGRES_ENV = "CROSSCOUNT_TEST_POSTGRES"


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


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server where the user may create databases; in CI a missing
    server fails the tests that need it, elsewhere it skips them."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        message = f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server, as the --db URL that names it."""
    server = make_url(postgres_server)
    name = f"crosscount_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            _drop(admin, name)
        finally:
            admin.dispose()


# FORCE ends the sessions a test left open. An autovacuum worker that happens to be in the
# database can be ended only with pg_signal_backend (.ci/run grants it); without it, the drop
# waits for the worker to move on.
DROP_ATTEMPTS = 20
DROP_WAIT_S = 0.5


def _drop(admin: Engine, name: str) -> None:
    for attempt in range(DROP_ATTEMPTS):
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except ProgrammingError:
            if attempt == DROP_ATTEMPTS - 1:
                raise
            time.sleep(DROP_WAIT_S)
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database on each backend, as the --db value that names it."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return str(request.getfixturevalue("postgres_database"))
