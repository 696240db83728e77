"""The order of the stages, in one place.

    ingest   read a file into a Document (exact text, hash, metadata)      ingest.py
    segment  sentences with character offsets                               segment.py
    numbers  every quantity expression, normalised; non-quantities rejected numbers/
    claims   each quantity with what it counts, its measure (domain pack),  claims/
             period, place, side, source and via
    store    one transaction per document                                   store.py
    link     claims about one quantity form a variable (low / best / high)  link.py
    check    conflicts, agreements, arithmetic, duplicate documents         check.py

``process`` runs the pure stages on one document; ``ingest_sources`` drives a batch
through them into a store, reporting each input's outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from . import __version__, check, claims, numbers, segment
from .engines import Engine, InProcess
from .errors import CrosscountError, InputError
from .fetch import Fetcher
from .ingest import DEFAULT_MAX_MB, Source, read_document
from .link import DEFAULT_RULE
from .model import Claim, Document, Fingerprint, Rejected
from .pack import Pack, load_pack
from .pdf import page_of
from .store import Store


def produced_by(pack: Pack) -> str:
    """The names and versions of the code and data that read a document."""
    return (
        f"crosscount {__version__} ({segment.PRODUCED_BY}, {numbers.PRODUCED_BY}, "
        f"{claims.PRODUCED_BY}, {check.FINGERPRINT}, pack {pack.name} v{pack.version})"
    )


@dataclass(frozen=True)
class Processed:
    document: Document
    claims: list[Claim]
    rejected: list[Rejected]
    fingerprint: Fingerprint


def process(doc: Document, pack: Pack | None = None) -> Processed:
    """Run the per-document stages on ``doc``, reading its domain through ``pack``."""
    sentences = segment.split_sentences(doc.text)
    scan = numbers.scan(doc.text)
    found = claims.claims_from(doc, sentences, scan.quantities, pack or load_pack())
    if doc.page_starts:
        found = [replace(c, page=page_of(doc.page_starts, c.start)) for c in found]
    return Processed(doc, found, scan.rejected, check.fingerprint(doc.text, doc.sha256))


@dataclass
class BatchReport:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0


Outcome = Callable[[str, str, str], None]  # (input, status, message)


def ingest_sources(
    store: Store,
    sources: Iterable[Source | InputError],
    max_mb: float = DEFAULT_MAX_MB,
    on_outcome: Outcome | None = None,
    pack: Pack | None = None,
    fetcher: Fetcher | None = None,
    engine: Engine | None = None,
) -> BatchReport:
    """Read, process and store each source; a bad input is recorded and the batch goes on.

    A document already stored with the same content, read by the same code and pack, is left
    as it is; otherwise its claims are replaced. Inputs are read and results stored here, in
    input order; the per-document stages run on ``engine`` (default: this process)."""
    pack = pack or load_pack()
    version = produced_by(pack)
    report = BatchReport()

    def new_documents() -> Iterator[Document]:
        for source in sources:
            if isinstance(source, InputError):
                _fail(store, report, "?", str(source), on_outcome)
                continue
            try:
                doc = read_document(source, max_mb, fetcher)
            except (InputError, OSError) as exc:
                _fail(store, report, source.label, _message(source, exc), on_outcome)
                continue
            for warning in doc.warnings:
                _tell(on_outcome, doc.name, "warning", warning)
            if store.stored_version(doc.name) == (doc.sha256, version):
                report.unchanged.append(doc.name)
                _tell(on_outcome, doc.name, "unchanged", "already stored, unchanged")
                continue
            yield doc

    for result in (engine or InProcess()).process(new_documents(), pack):
        doc = result.document
        store.save(doc, result.claims, result.rejected, version, result.fingerprint)
        report.ingested.append(doc.name)
        report.claims += len(result.claims)
        _tell(on_outcome, doc.name, "ingested", f"{len(result.claims)} figures")
    return report


# Texts a check keeps in memory at once (it reads them document by document, in order).
TEXTS_KEPT = 8
# How many times a cross-check is computed before it is written whatever ingests do meanwhile.
CHECK_ATTEMPTS = 5


@dataclass
class CheckReport:
    variables: int
    findings: dict[str, int]


def run_check(store: Store, pack: Pack | None = None, rule: str | None = None) -> CheckReport:
    """Link and cross-check every stored claim; replaces the stored variables and findings.
    Without ``rule``, the reconciliation rule last used on this database (else the default)."""
    rule = rule or store.setting("reconcile_rule") or DEFAULT_RULE
    for attempt in range(1, CHECK_ATTEMPTS + 1):
        # Computed again if another ingest stored documents meanwhile; the last attempt writes
        # what it found (that ingest runs its own check when it ends).
        generation = store.generation() if attempt < CHECK_ATTEMPTS else None
        rows = list(store.claim_rows(compact=True))
        prints = _fingerprints(store)
        texts = StoredTexts(store)
        variables, assignment, findings = check.check(
            rows, texts, pack or load_pack(), rule, prints
        )
        if store.save_check(variables, assignment, findings, rule, generation):
            break
    kinds: dict[str, int] = {}
    for f in findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    return CheckReport(len(variables), kinds)


def _fingerprints(store: Store) -> dict[str, Fingerprint]:
    """Every document's fingerprint; those stored before fingerprints were kept, or made
    another way, are computed from their text."""
    found = {}
    for name, sha256, signature, shingles, reader in store.fingerprint_rows():
        if signature is None or check.FINGERPRINT not in reader:
            found[name] = check.fingerprint(store.document_text(name) or "", sha256)
        else:
            found[name] = Fingerprint(sha256, bytes(signature), shingles or 0)
    return found


class StoredTexts(Mapping[str, str]):
    """The stored documents' texts, read when asked for (a few kept), so a check holds the
    claims but not the corpus."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._names = store.document_names()
        self._read = functools.lru_cache(maxsize=TEXTS_KEPT)(self._load)

    def _load(self, name: str) -> str:
        text = self.store.document_text(name)
        if text is None:
            raise KeyError(name)
        return text

    def __getitem__(self, name: str) -> str:
        return self._read(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _message(source: Source, exc: Exception) -> str:
    if isinstance(exc, CrosscountError):
        return str(exc)
    return f"{source.label}: cannot read ({exc.__class__.__name__}: {exc})"


def _fail(
    store: Store, report: BatchReport, name: str, message: str, on_outcome: Outcome | None
) -> None:
    report.failed.append((name, message))
    store.record_failure(name if name != "?" else message.split(": ", 1)[0], message)
    _tell(on_outcome, name, "failed", message)


def _tell(on_outcome: Outcome | None, name: str, status: str, message: str) -> None:
    if on_outcome is not None:
        on_outcome(name, status, message)
