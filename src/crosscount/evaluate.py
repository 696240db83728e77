"""Score stored claims against hand annotations (format: ../shared/gold/README.md).

A stored claim is correct when its span overlaps an annotated quantity of any tier and its
value equals the annotation's; vague quantities ("several", "dozens") carry conventional
values and match on overlap alone. A claim that overlaps nothing annotated counts against
precision. Recall is the share of annotated quantities, by tier, that some correct claim
covers. Only documents that the annotations cover are scored.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldError

TIERS = ("core", "stat", "minor")
# Values are equal when they differ by float noise or by the rounding of a share written to
# four decimals (two-thirds annotated as 0.6667); 35,308 is not 35,307.
VALUE_REL_TOL = 1e-6
VALUE_ABS_TOL = 5e-4
VAGUE_WORDS = ("several", "dozen", "hundreds", "thousands", "couple", "tens of", "millions", "few")


SEMANTIC_FIELDS = ("measure", "period", "source", "place", "side")


@dataclass(frozen=True)
class GoldItem:
    doc: str
    start: int
    end: int
    surface: str
    value: float
    approx: str
    unit: str
    tier: str
    quote: str
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def vague(self) -> bool:
        return any(w in self.surface.lower() for w in VAGUE_WORDS)


@dataclass
class EvalReport:
    claims: int = 0
    correct: int = 0
    gold: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    value_ok: int = 0
    overlapped: int = 0
    approx_ok: int = 0
    unit_ok: int = 0
    matched: int = 0
    misses: list[GoldItem] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    missing_docs: list[str] = field(default_factory=list)
    semantic_total: int = 0
    semantic_ok: dict[str, int] = field(default_factory=dict)
    semantic_errors: list[tuple[str, GoldItem, Any, Any]] = field(default_factory=list)

    def semantic(self, name: str) -> float:
        """Share of matched core claims whose ``name`` field agrees with the annotation."""
        return self.semantic_ok.get(name, 0) / self.semantic_total if self.semantic_total else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.claims if self.claims else 0.0

    def recall(self, *tiers: str) -> float:
        gold = sum(self.gold.get(t, 0) for t in tiers)
        return sum(self.found.get(t, 0) for t in tiers) / gold if gold else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.overlapped if self.overlapped else 0.0

    @property
    def approx_accuracy(self) -> float:
        return self.approx_ok / self.matched if self.matched else 0.0

    @property
    def unit_accuracy(self) -> float:
        return self.unit_ok / self.matched if self.matched else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "precision": round(self.precision, 4),
            "recall_core": round(self.recall("core"), 4),
            "recall_core_stat": round(self.recall("core", "stat"), 4),
            "recall_all": round(self.recall(*TIERS), 4),
            "value_accuracy": round(self.value_accuracy, 4),
            "approx_accuracy": round(self.approx_accuracy, 4),
            "unit_accuracy": round(self.unit_accuracy, 4),
            "gold": self.gold,
            "found": self.found,
            "misses": len(self.misses),
            "wrong": len(self.wrong),
            **{f"{name}_accuracy": round(self.semantic(name), 4) for name in SEMANTIC_FIELDS},
            "semantic_of": self.semantic_total,
        }


def load_gold(gold_path: Path, docs_dir: Path) -> list[GoldItem]:
    """Annotations with their character spans located in the documents' text."""
    if not gold_path.is_file():
        raise GoldError(f"{gold_path}: annotation file not found")
    texts: dict[str, str] = {}
    items = []
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{gold_path}:{number}"
        try:
            row = json.loads(line)
            doc, quote, surface = row["doc"], row["quote"], row["surface"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{where}: not an annotation ({exc}); see the gold README") from exc
        if doc not in texts:
            path = docs_dir / doc
            if not path.is_file():
                raise GoldError(f"{where}: document {doc} not found in {docs_dir}")
            texts[doc] = path.read_bytes().decode("utf-8")
        q = texts[doc].find(quote)
        s = texts[doc].find(surface, q) if q >= 0 else -1
        if q < 0 or s < 0 or s + len(surface) > q + len(quote):
            raise GoldError(f"{where}: quote or surface {surface!r} not found in {doc}")
        items.append(
            GoldItem(
                doc,
                s,
                s + len(surface),
                surface,
                float(row["value"]),
                row.get("approx", "="),
                row.get("unit", "count"),
                row.get("tier", "minor"),
                quote,
                fields=row,
            )
        )
    return items


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=VALUE_REL_TOL, abs_tol=VALUE_ABS_TOL)


def evaluate(gold: list[GoldItem], claims: Iterable[dict[str, Any]]) -> EvalReport:
    """Score claim rows (dicts with doc, start, end, value, approx, unit, vague)."""
    report = EvalReport()
    by_doc: dict[str, list[GoldItem]] = defaultdict(list)
    for item in gold:
        by_doc[item.doc].append(item)
        report.gold[item.tier] = report.gold.get(item.tier, 0) + 1
    found: dict[int, dict[str, Any]] = {}
    overlapped: dict[int, bool] = {}
    seen_docs = set()
    for claim in claims:
        if claim["doc"] not in by_doc:
            continue
        seen_docs.add(claim["doc"])
        report.claims += 1
        hits = [
            g for g in by_doc[claim["doc"]] if g.start < claim["end"] and claim["start"] < g.end
        ]
        good = [
            g for g in hits if g.vague or claim.get("vague") or _same_value(g.value, claim["value"])
        ]
        for g in hits:
            overlapped[id(g)] = overlapped.get(id(g), False) or g in good
        for g in good:
            found.setdefault(id(g), claim)
        if good:
            report.correct += 1
        else:
            report.wrong.append({**claim, "overlaps": [h.surface for h in hits]})
    report.missing_docs = sorted(set(by_doc) - seen_docs)
    report.overlapped = len(overlapped)
    report.value_ok = sum(overlapped.values())
    for item in gold:
        match = found.get(id(item))
        if match is None:
            report.misses.append(item)
            continue
        report.found[item.tier] = report.found.get(item.tier, 0) + 1
        report.matched += 1
        report.approx_ok += match["approx"] == item.approx
        report.unit_ok += match["unit"] == item.unit
        if item.tier == "core":
            _score_semantics(report, item, match)
    return report


def _score_semantics(report: EvalReport, item: GoldItem, claim: dict[str, Any]) -> None:
    report.semantic_total += 1
    for name in SEMANTIC_FIELDS:
        want, got = _field(item.fields, name), _field(claim, name)
        ok = _same_source(want, got) if name == "source" else want == got
        if ok:
            report.semantic_ok[name] = report.semantic_ok.get(name, 0) + 1
        else:
            report.semantic_errors.append((name, item, want, got))


def _field(row: dict[str, Any], name: str) -> Any:
    """A semantic field as compared: periods to the month, the rest as they are."""
    if name == "period":
        return tuple(
            (row.get(k) or "")[:7] or None for k in ("period_start", "period_end", "as_of")
        )
    return row.get(name)


_STOP = {"the", "of", "a", "an", "in", "from", "source", "sources", "representative", "anonymous"}


def _source_words(name: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", name.lower())
    return {w.rstrip("s") for w in words if w not in _STOP}


def _same_source(want: str | None, got: str | None) -> bool:
    """Sources agree when both are absent, or one's words hold all of the other's
    ("Polish security service" and "a source in the Polish security services")."""
    if not want or not got:
        return not want and not got
    a, b = _source_words(want), _source_words(got)
    return bool(a and b) and (a <= b or b <= a)


RELATION_KINDS = ("conflict", "agreement", "arithmetic", "duplicate_docs")


@dataclass(frozen=True)
class GoldRelation:
    kind: str
    spans: tuple[tuple[str, int, int], ...]  # (doc, start, end) of each claim it names
    docs: tuple[str, ...]
    why: str


@dataclass
class RelationReport:
    gold: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)
    missed: list[GoldRelation] = field(default_factory=list)

    def recall(self, kind: str) -> float:
        return self.found.get(kind, 0) / self.gold[kind] if self.gold.get(kind) else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            **{f"{k}_recall": round(self.recall(k), 4) for k in RELATION_KINDS if self.gold.get(k)},
            "relations_gold": self.gold,
            "relations_found": self.found,
            "findings_beyond_gold": self.extra,
        }


def load_relations(path: Path, docs_dir: Path) -> list[GoldRelation]:
    """Gold relations with the spans of the claims they name located in the documents."""
    if not path.is_file():
        raise GoldError(f"{path}: relations file not found")
    texts: dict[str, str] = {}
    relations = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            kind = row["kind"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}:{number}: not a relation ({exc})") from exc
        spans = []
        for ref in row.get("claims", []):
            doc = ref["doc"]
            if doc not in texts:
                file = docs_dir / doc
                if not file.is_file():
                    raise GoldError(f"{path}:{number}: document {doc} not found in {docs_dir}")
                texts[doc] = file.read_bytes().decode("utf-8")
            q = texts[doc].find(ref.get("quote_prefix", ""))
            s = texts[doc].find(ref["surface"], max(q, 0))
            if s >= 0:
                spans.append((doc, s, s + len(ref["surface"])))
        docs = tuple(row.get("docs") or sorted({d for d, _, _ in spans}))
        relations.append(GoldRelation(kind, tuple(spans), docs, row.get("why", "")))
    return relations


def evaluate_relations(
    relations: list[GoldRelation], claims: Iterable[dict[str, Any]], findings: list[dict[str, Any]]
) -> RelationReport:
    """The share of gold relations some finding of the same kind shows, and the findings
    beyond them (among the documents the relations cover)."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        by_doc[claim["doc"]].append(claim)
    report = RelationReport()
    used: set[str] = set()
    for relation in relations:
        report.gold[relation.kind] = report.gold.get(relation.kind, 0) + 1
        ids = {
            c["claim_id"]
            for doc, s, e in relation.spans
            for c in by_doc[doc]
            if c["start"] < e and s < c["end"]
        }
        match = _matching_finding(relation, ids, findings)
        if match is None:
            report.missed.append(relation)
            continue
        used.add(match["finding_id"])
        report.found[relation.kind] = report.found.get(relation.kind, 0) + 1
    covered = {d for r in relations for d in r.docs}
    for f in findings:
        if f["finding_id"] not in used and set(f["docs"]) <= covered:
            report.extra[f["kind"]] = report.extra.get(f["kind"], 0) + 1
    return report


def _matching_finding(
    relation: GoldRelation, ids: set[str], findings: list[dict[str, Any]]
) -> dict[str, Any] | None:
    for f in findings:
        if f["kind"] != relation.kind:
            continue
        if relation.kind == "duplicate_docs":
            if set(relation.docs) <= set(f["docs"]):
                return f
        elif len(ids & set(f["claims"])) >= min(2, len(relation.spans)):
            return f
    return None
