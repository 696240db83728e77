"""Store documents and claims in SQLite (a file, the default) or PostgreSQL (a
``postgresql://`` URL) through SQLAlchemy Core: one schema, the same results on both.

One document is written in one transaction: its old claims go and its new ones come in
together, or nothing changes. Writers queue: SQLite takes its write lock at BEGIN (BEGIN
IMMEDIATE), PostgreSQL a transaction-scoped advisory lock, so two ingests into one database
both finish. Re-storing an unchanged document (same name, same hash) is a no-op. The schema
carries a version in ``meta``; older databases are migrated on open and a database from a
newer crosscount is refused. Full-text search indexes (FTS5) exist on SQLite only.

Tables: documents, claims, rejects (number-like text that is not a quantity, with the
reason), failures (inputs that could not be read, with the reason), meta.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from . import __version__
from .errors import SchemaError, StoreError
from .model import Claim, Document, Finding, Fingerprint, Rejected, Variable

SCHEMA_VERSION = 6
# Claim columns the cross-check does not read, and those whose texts repeat from claim to
# claim (held once when every claim is loaded).
BOOKKEEPING_COLUMNS = frozenset({"doc_id", "produced_by", "variable_id", "page"})
SHARED_COLUMNS = (
    "doc", "unit", "approx", "measure", "what", "period_start", "period_end", "as_of",
    "rate", "place", "side", "source", "quote",
)
# Seconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 30
# Seconds between tries to open a new SQLite file that another process is creating.
LOCKED_RETRY_S = 0.1
# Seconds to wait for a PostgreSQL server to answer before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10
# The key of the advisory lock PostgreSQL writers queue on (any constant shared by all).
WRITE_LOCK_KEY = 0x63726F73  # "cros"
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

metadata = MetaData()
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String, nullable=False, unique=True),
    Column("sha256", String(64), nullable=False),
    Column("path", String),
    Column("title", String),
    Column("author", String),
    Column("outlet", String),
    Column("url", String),
    Column("published", String(10)),
    Column("published_from", String),
    Column("chars", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String, nullable=False),
    Column("produced_by", String, nullable=False),
    Column("page_starts", Text),  # JSON list of each page's first offset (PDFs)
    Column("minhash", LargeBinary),  # MinHash signature of its word shingles (duplicates)
    Column("shingles", Integer),  # how many distinct word shingles it has
)
claims = Table(
    "claims",
    metadata,
    Column("claim_id", String, primary_key=True),
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("doc", String, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("surface", String, nullable=False),
    Column("value", Float, nullable=False),
    Column("value_high", Float),
    Column("approx", String(2), nullable=False),
    Column("unit", String, nullable=False),
    Column("measure", String),
    Column("what", String),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("as_of", String(10)),
    Column("rate", String),
    Column("place", String),
    Column("side", String),
    Column("source", String),
    Column("via", Text, nullable=False),
    Column("derived", Boolean, nullable=False),
    Column("quote", Text, nullable=False),
    Column("variable_id", String),
    Column("vague", Boolean, nullable=False),
    Column("produced_by", String, nullable=False),
    Column("page", Integer),
    Index("claims_doc", "doc_id", "start"),
    Index("claims_variable", "variable_id"),
)
rejects = Table(
    "rejects",
    metadata,
    Column("doc_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("surface", String, nullable=False),
    Column("reason", String, nullable=False),
    Index("rejects_doc", "doc_id"),
)
failures = Table(
    "failures",
    metadata,
    Column("input", String, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("seen_at", String, nullable=False),
)
variables = Table(
    "variables",
    metadata,
    Column("variable_id", String, primary_key=True),
    Column("measure", String, nullable=False),
    Column("place", String),
    Column("side", String),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("as_of", String(10)),
    Column("rate", String),
    Column("low", Float, nullable=False),
    Column("best", Float, nullable=False),
    Column("high", Float, nullable=False),
    Column("rule", String, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("produced_by", String, nullable=False),
)
findings = Table(
    "findings",
    metadata,
    Column("finding_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("claims", Text, nullable=False),
    Column("docs", Text, nullable=False),
    Column("variable_id", String),
    Column("holds", Boolean),
    Column("message", Text, nullable=False),
    Column("produced_by", String, nullable=False),
)
meta = Table("meta", metadata, Column("key", String, primary_key=True), Column("value", String))

# Full-text indexes over documents and claims (SQLite FTS5, external content: the text is not
# stored twice). Rebuilt with the cross-check, at the end of every ingest and check.
SEARCH_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
    "name, title, outlet, text, content='documents', content_rowid='id')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5("
    "surface, what, measure, source, quote, content='claims', content_rowid='rowid')",
]
REBUILD_SEARCH = [
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]
# Migrations: version -> SQL statements that bring a database from version-1 to version, per
# backend. 2: variables and findings; 3: full-text search tables (both created on open); 4: an
# index of claims by variable (the quantity pages); 5: page numbers (PDFs) and authors;
# 6: documents' MinHash signatures (computed when read, not at every check). PostgreSQL
# support began at version 4.
MIGRATIONS: dict[int, list[str]] = {
    2: [],
    3: REBUILD_SEARCH,
    4: ["CREATE INDEX IF NOT EXISTS claims_variable ON claims (variable_id)"],
    5: [
        "ALTER TABLE documents ADD COLUMN page_starts TEXT",
        "ALTER TABLE documents ADD COLUMN author VARCHAR",
        "ALTER TABLE claims ADD COLUMN page INTEGER",
    ],
    6: [
        "ALTER TABLE documents ADD COLUMN minhash {binary}",
        "ALTER TABLE documents ADD COLUMN shingles INTEGER",
    ],
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A crosscount database. Use as a context manager or call ``close()``."""

    def __init__(self, location: str | Path) -> None:
        self.engine = _engine(str(location))
        # Where the database is, fit to print: a URL's password is masked.
        self.location = (
            self.engine.url.render_as_string(hide_password=True)
            if self.is_postgres
            else str(location)
        )
        try:
            self._prepare()
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def _prepare(self) -> None:
        """Create the tables or migrate them. A new SQLite file that another process is
        creating at the same moment can be locked without SQLite waiting (turning a new file
        to WAL takes an exclusive lock): that is tried again until the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._create_or_migrate()
                return
            except DatabaseError as exc:
                locked = isinstance(exc, OperationalError) and "locked" in str(exc.orig)
                if self.is_postgres or not locked or time.monotonic() > deadline:
                    raise self._cannot_open(exc) from exc
                time.sleep(LOCKED_RETRY_S)

    def _create_or_migrate(self) -> None:
        with self._write() as conn:
            names = set(inspect(conn).get_table_names())
            if names and "meta" not in names:
                raise StoreError(
                    f"{self.location}: not a crosscount database (it has other "
                    "tables); choose another --db path"
                )
            metadata.create_all(conn)
            for statement in [] if self.is_postgres else SEARCH_TABLES:
                conn.execute(text(statement))
            row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version"))
            found = row.scalar()
            version = int(found) if found is not None else SCHEMA_VERSION
            if version > SCHEMA_VERSION:
                raise SchemaError(
                    f"{self.location} was written by a newer crosscount (schema {version}, "
                    f"this is {SCHEMA_VERSION}): upgrade crosscount"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(step, []):
                    binary = "BYTEA" if self.is_postgres else "BLOB"
                    conn.execute(text(statement.format(binary=binary)))
            _set_meta(conn, "schema_version", str(SCHEMA_VERSION))

    def _cannot_open(self, exc: DatabaseError) -> StoreError:
        if self.is_postgres:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            return StoreError(
                f"{self.location}: cannot use the PostgreSQL database ({reason}); check "
                "the URL, that the server is running and that the user may create tables"
            )
        return StoreError(
            f"{self.location}: cannot open as a SQLite database "
            f"({exc.orig}); choose another --db path"
        )

    def stored_version(self, name: str) -> tuple[str, str] | None:
        """(content hash, producer) stored for document ``name``, or None."""
        query = select(documents.c.sha256, documents.c.produced_by).where(documents.c.name == name)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (row[0], row[1]) if row is not None else None

    def save(
        self,
        doc: Document,
        doc_claims: list[Claim],
        doc_rejects: list[Rejected],
        produced_by: str,
        fingerprint: Fingerprint | None = None,
    ) -> None:
        """Replace document ``doc.name`` and everything read from it (and its fingerprint for
        the duplicate check), in one transaction."""
        with self._write() as conn:
            _set_meta(conn, "claims_generation", str(_generation(conn) + 1))
            conn.execute(delete(documents).where(documents.c.name == doc.name))
            row = {k: v for k, v in asdict(doc).items() if k != "warnings"}
            row["page_starts"] = json.dumps(list(doc.page_starts)) if doc.page_starts else None
            if fingerprint is not None:
                row.update(minhash=fingerprint.signature, shingles=fingerprint.shingles)
            row.update(chars=len(doc.text), ingested_at=_now(), produced_by=produced_by)
            doc_id = conn.execute(insert(documents).values(**row)).inserted_primary_key[0]
            if doc_claims:
                conn.execute(insert(claims), [_claim_row(c, doc_id) for c in doc_claims])
            if doc_rejects:
                conn.execute(
                    insert(rejects),
                    [
                        {
                            "doc_id": doc_id,
                            "start": r.start,
                            "end": r.end,
                            "surface": r.surface,
                            "reason": r.reason,
                        }
                        for r in doc_rejects
                    ],
                )
            names = [n for n in (doc.path, doc.name, doc.url) if n]
            conn.execute(delete(failures).where(failures.c.input.in_(names)))

    def generation(self) -> int:
        """How many times documents have been stored: a check computed from the claims read
        at one generation is stale once another ingest has moved it on."""
        with self.engine.connect() as conn:
            return _generation(conn)

    def needs_check(self) -> bool:
        """Whether documents were stored after the last cross-check was written (or a check
        was cut short): the variables and findings do not cover every stored claim."""
        with self.engine.connect() as conn:
            checked = conn.execute(
                select(meta.c.value).where(meta.c.key == "checked_generation")
            ).scalar()
            return str(_generation(conn)) != (checked or "0")

    def save_check(
        self,
        found: list[Variable],
        assignment: dict[str, str],
        results: list[Finding],
        rule: str | None = None,
        generation: int | None = None,
    ) -> bool:
        """Replace the variables, each claim's variable and the findings, and remember the
        reconciliation rule, in one transaction. With ``generation``, nothing is written if
        documents were stored since (another ingest running at the same time) and the result
        is False: compute again."""
        with self._write() as conn:
            current = _generation(conn)
            if generation is not None and current != generation:
                return False
            _set_meta(conn, "checked_generation", str(current))
            if rule is not None:
                _set_meta(conn, "reconcile_rule", rule)
            conn.execute(delete(findings))
            conn.execute(delete(variables))
            conn.execute(update(claims).values(variable_id=None))
            if assignment:
                conn.execute(
                    update(claims)
                    .where(claims.c.claim_id == bindparam("cid"))
                    .values(variable_id=bindparam("vid")),
                    [{"cid": c, "vid": v} for c, v in assignment.items()],
                )
            if found:
                conn.execute(insert(variables), [_variable_row(v) for v in found])
            if results:
                conn.execute(insert(findings), [_finding_row(f) for f in results])
            for statement in [] if self.is_postgres else REBUILD_SEARCH:
                conn.execute(text(statement))
        return True

    def setting(self, key: str) -> str | None:
        """A value kept in the database's meta table (e.g. ``reconcile_rule``), or None."""
        with self.engine.connect() as conn:
            return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()

    def finding_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(findings)).mappings()]
        for row in rows:
            row["claims"], row["docs"] = json.loads(row["claims"]), json.loads(row["docs"])
        return rows

    def variable_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(variables)).mappings()]

    def document_names(self) -> list[str]:
        with self.engine.connect() as conn:
            query = select(documents.c.name).order_by(documents.c.name)
            return [name for (name,) in conn.execute(query)]

    def fingerprint_rows(self) -> list[tuple[str, str, bytes | None, int | None, str]]:
        """(name, content hash, MinHash signature, shingle count, producer) of every
        document."""
        d = documents.c
        cols = (d.name, d.sha256, d.minhash, d.shingles, d.produced_by)
        with self.engine.connect() as conn:
            return [(r[0], r[1], r[2], r[3], r[4]) for r in conn.execute(select(*cols))]

    def record_failure(self, input_name: str, reason: str) -> None:
        """Remember that an input could not be read, and why."""
        with self._write() as conn:
            conn.execute(delete(failures).where(failures.c.input == input_name))
            conn.execute(insert(failures).values(input=input_name, reason=reason, seen_at=_now()))

    def _write(self) -> Any:
        """A write transaction that takes the write lock when it begins (see ``_engine``), so
        two writers queue instead of failing when one upgrades its lock."""
        return self.engine.execution_options(crosscount_write=True).begin()

    def claim_rows(self, doc: str | None = None, compact: bool = False) -> Iterator[dict[str, Any]]:
        """Stored claims as dicts, in document and position order. ``compact`` (for holding
        every claim at once, as the cross-check does): without the columns of the database's
        own bookkeeping, and each repeated text (document, measure, quote...) held once."""
        columns = [c for c in claims.c if not compact or c.name not in BOOKKEEPING_COLUMNS]
        query = select(*columns).order_by(claims.c.doc, claims.c.start, claims.c.end)
        if doc is not None:
            query = query.where(claims.c.doc == doc)
        names = [str(c.name) for c in columns]  # plain str: the database's names subclass it
        shared: dict[str, str] = {}
        with self.engine.connect() as conn:
            for values in conn.execute(query):
                if compact:
                    record = vars(_Compact(names, values))
                else:
                    record = dict(zip(names, values, strict=True))
                record["via"] = json.loads(record["via"])
                if compact:
                    for key in SHARED_COLUMNS:
                        value = record[key]
                        if value is not None:
                            record[key] = shared.setdefault(value, value)
                yield record

    def document_rows(self) -> list[dict[str, Any]]:
        """Stored documents without their text."""
        cols = [c for c in documents.c if c.name != "text"]
        with self.engine.connect() as conn:
            return [
                dict(r) for r in conn.execute(select(*cols).order_by(documents.c.name)).mappings()
            ]

    def document_text(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.text).where(documents.c.name == name)).scalar()

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0
                for t in (documents, claims, rejects, failures)
            }

    def failure_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(failures)).mappings()]


class _Compact:
    """A claim row held by the cross-check with every other: its fields are set as attributes,
    in the same order on every row, so the dict they are read through (``vars``) keeps only
    the values and shares its keys with the other rows' (key-sharing dictionaries, PEP 412):
    about 280 bytes a row where a dict of its own takes 1,170. It is a plain dict either way."""

    def __init__(self, names: list[str], values: Iterable[Any]) -> None:
        for name, value in zip(names, values, strict=True):
            setattr(self, name, value)


def _claim_row(claim: Claim, doc_id: int) -> dict[str, Any]:
    row = claim.as_dict()  # its fields are plain values: no deep copy (asdict) needed
    row["via"] = json.dumps(list(claim.via), ensure_ascii=False)
    row["claim_id"] = claim.claim_id
    row["doc_id"] = doc_id
    row["variable_id"] = None
    return row


def _variable_row(v: Variable) -> dict[str, Any]:
    row = asdict(v)
    row["claims"] = len(row.pop("claim_ids"))
    return row


def _finding_row(f: Finding) -> dict[str, Any]:
    row = asdict(f)
    row["claims"] = json.dumps(list(f.claims))
    row["docs"] = json.dumps(list(f.docs), ensure_ascii=False)
    return row


def _generation(conn: Any) -> int:
    found = conn.execute(select(meta.c.value).where(meta.c.key == "claims_generation")).scalar()
    return int(found) if found is not None else 0


def _set_meta(conn: Any, key: str, value: str) -> None:
    conn.execute(delete(meta).where(meta.c.key == key))
    conn.execute(insert(meta).values(key=key, value=value))
    if key == "schema_version":
        conn.execute(delete(meta).where(meta.c.key == "written_by"))
        conn.execute(insert(meta).values(key="written_by", value=f"crosscount {__version__}"))


def _engine(location: str) -> Engine:
    if "://" in location:
        return _postgres_engine(location)
    path = Path(location)
    if path.is_dir():
        raise StoreError(f"{location}: is a folder; give a database file path")
    if not path.parent.exists():
        raise StoreError(f"{location}: folder {path.parent} does not exist; create it first")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
        except Exception as exc:  # sqlite3.DatabaseError on a file that is not a database
            raise OperationalError("PRAGMA", {}, exc) from exc
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        write = conn.get_execution_options().get("crosscount_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgres_engine(location: str) -> Engine:
    """An engine for a ``postgresql://user:password@host:port/database`` URL (psycopg 3)."""
    try:
        url = make_url(location)
    except ArgumentError as exc:
        raise StoreError(
            f"{location.split('@')[-1]}: not a database URL; give a SQLite file path or "
            "postgresql://user:password@host:port/database"
        ) from exc
    if url.drivername not in POSTGRES_SCHEMES:
        raise StoreError(
            f"{url.render_as_string(hide_password=True)}: {url.drivername} is not supported; "
            "give a SQLite file path or a postgresql:// URL"
        )
    engine = create_engine(
        url.set(drivername="postgresql+psycopg"),
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        pool_pre_ping=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get("crosscount_write", False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    return engine
