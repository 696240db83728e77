"""Write stored claims and findings in the export contract's shape (DESIGN.md): JSON Lines,
CSV, or Parquet (typed columns, for data that outgrows JSON), streamed a batch at a time."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

# Field order of the export contract. Extend only; never rename or drop.
CLAIM_FIELDS = (
    "claim_id",
    "doc",
    "start",
    "end",
    "surface",
    "value",
    "value_high",
    "approx",
    "unit",
    "measure",
    "what",
    "period_start",
    "period_end",
    "as_of",
    "rate",
    "place",
    "side",
    "source",
    "via",
    "derived",
    "quote",
    "variable_id",
    "page",  # the page of a PDF the figure is on (from 1); null for other documents
)
FINDING_FIELDS = ("finding_id", "kind", "claims", "docs", "variable_id", "holds", "message")
FORMATS = ("jsonl", "csv", "parquet")
TEXT_FORMATS = ("jsonl", "csv")
# Rows per Parquet row group: memory stays flat whatever the number of claims.
PARQUET_BATCH = 50_000


def contract_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Stored claim rows reduced to the contract's fields, values as JSON types."""
    for row in rows:
        out = {k: row.get(k) for k in CLAIM_FIELDS}
        out["value"] = _number(out["value"])
        out["value_high"] = _number(out["value_high"])
        out["derived"] = bool(out["derived"])
        out["via"] = list(out["via"] or [])
        yield out


def _number(value: float | None) -> float | int | None:
    """Whole numbers as integers (9487, not 9487.0); others as they are."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def write_claims(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write claims to ``out`` as ``fmt`` (jsonl or csv); returns how many were written."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
    count = 0
    writer = None
    for row in contract_rows(rows):
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=CLAIM_FIELDS, lineterminator="\n")
                writer.writeheader()
            row["via"] = json.dumps(row["via"], ensure_ascii=False)
            writer.writerow(row)
        count += 1
    if fmt == "csv" and writer is None:
        csv.DictWriter(out, fieldnames=CLAIM_FIELDS, lineterminator="\n").writeheader()
    return count


def write_findings(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write findings to ``out`` as ``fmt`` (the findings export contract)."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
    writer = csv.DictWriter(out, fieldnames=FINDING_FIELDS, lineterminator="\n")
    if fmt == "csv":
        writer.writeheader()
    count = 0
    for row in rows:
        out_row = {k: row.get(k) for k in FINDING_FIELDS}
        out_row["holds"] = None if out_row["holds"] is None else bool(out_row["holds"])
        if fmt == "jsonl":
            out.write(json.dumps(out_row, ensure_ascii=False) + "\n")
        else:
            out_row["claims"] = json.dumps(out_row["claims"])
            out_row["docs"] = json.dumps(out_row["docs"], ensure_ascii=False)
            writer.writerow(out_row)
        count += 1
    return count


# Order of seriousness for readers: what disagrees first, what merely agrees last.
SERIOUSNESS = {
    "conflict": 0,
    "arithmetic_fails": 1,
    "explanation": 2,
    "duplicate_docs": 3,
    "arithmetic": 4,
    "agreement": 5,
}


def by_seriousness(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def rank(row: dict[str, Any]) -> tuple[int, str]:
        kind = row["kind"]
        if kind == "arithmetic" and row.get("holds") is False:
            kind = "arithmetic_fails"
        return SERIOUSNESS.get(kind, len(SERIOUSNESS)), row["message"]

    return sorted(rows, key=rank)


def write_parquet(rows: Iterable[dict[str, Any]], path: str, what: str) -> int:
    """Write contract rows (claims or findings, as ``what`` says) to a Parquet file at
    ``path``, a row group per ``PARQUET_BATCH`` rows; returns how many were written."""
    import pyarrow as pa  # imported late: it takes a quarter of a second
    import pyarrow.parquet as pq

    text, number, whole, flag = pa.string(), pa.float64(), pa.int64(), pa.bool_()
    texts = pa.list_(pa.string())
    types: dict[str, Any] = (
        {f: text for f in CLAIM_FIELDS}
        | {"start": whole, "end": whole, "page": whole, "value": number, "value_high": number}
        | {"derived": flag, "via": texts}
        if what == "claims"
        else {f: text for f in FINDING_FIELDS} | {"claims": texts, "docs": texts, "holds": flag}
    )
    schema = pa.schema([(name, types[name]) for name in types])
    records = contract_rows(rows) if what == "claims" else rows
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in records:
            batch.append({k: row.get(k) for k in types})
            if len(batch) == PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
