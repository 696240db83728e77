"""Cross-check the claims of a corpus: findings with the claims behind them, in plain words.

- conflict: a variable whose claims allow no common value ("9,048 vs 9,487 criminal
  proceedings, October 2024").
- agreement: a variable reported by several documents with compatible values; retellings of
  one origin are called copies, not independent confirmation.
- arithmetic, each marked holds or fails: parts against their total (the pack's combinations:
  Article 407 + Article 408 = both), a cumulative total plus the flows after it against a
  later total, a ratio stated in words ("twice as many") against the figures it compares, a
  share ("17% of the total") against the figure and the total, a part and its whole in one
  sentence ("37 of them"), and cumulative totals that fall over time.
- explanation: a discrepancy that equals another claimed figure, and yearly series shifted
  by one year.
- duplicate_docs: the same article in two documents, identical, reprinted or contained in a
  longer one (MinHash LSH Ensemble on word shingles, confirmed by exact containment).
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .link import DEFAULT_RULE, Interval, interval, link
from .model import Finding, Fingerprint, Variable
from .pack import Pack

PRODUCED_BY = "check.v1"
# How document signatures are made; a stored signature made another way is not comparable.
FINGERPRINT = "minhash128-crc32"
# Relative tolerance of a stated ratio or share: "almost twice" is 2.0 +- 10%.
RATIO_TOLERANCE = 0.1
# How close a share must follow the figure it is a share of ("3,136 came back - less than
# three percent"), in characters.
APPOSITION_REACH = 25
# How far before an author's computed figure the figure and share it comes from may stand.
DERIVATION_REACH = 600
# How far back (characters) "the twofold difference" may look for the two figures it compares.
RATIO_REACH = 300
# Word shingles and the containment above which two documents hold the same article.
# Calibrated on the seeds: an article reprinted with edits inside a pamphlet keeps 75% of
# its 5-word shingles; unrelated articles on the same topic share under 5%.
SHINGLE_WORDS = 5
DUPLICATE_CONTAINMENT = 0.5
MINHASH_PERMUTATIONS = 128
# Shingles hashed into the signature per batch: the batch's permuted hashes (this many rows of
# MINHASH_PERMUTATIONS 32-bit values, 256 KB) stay in the processor's cache, where one batch
# of a long article's 11,000 shingles made arrays of 5.6 MB. The minimum is the same either
# way. Calibrated on the seeds' signatures, each size in a fresh process: 200 gave 18.5 ms,
# 512 gave 17.5, 1000 gave 18, 2048 gave 27 (the allocator returned its 1 MB arrays to the
# system after every batch), one batch 21.5.
MINHASH_BATCH = 512
# datasketch's hashing scheme; stored signatures are only comparable under the same one.
MINHASH_SCHEME = "affine32"
# Names a finding about copies of one text lists before it says "and N more".
COPIES_SHOWN = 5
# A discrepancy is explained by another figure when it lies within that figure's interval
# widened by 1% (rounded retellings); gaps under 10 are too small to tell a dropped row from
# a typo.
EXPLANATION_TOLERANCE = 0.01
EXPLAINED_GAP_MIN = 10
# Shares of the two parts of one whole ("68% ... the other 32%") add up to 100% within this
# (rounded percentages of two parts are each off by at most half a point).
COMPLEMENT_TOLERANCE = 0.015
_COMPLEMENT = re.compile(r"\b(?:other|remaining|rest|remainder)\b[^.;]{0,12}$", re.IGNORECASE)
# A cumulative total plus at most this many later figures is checked against a later total.
FLOW_CHAIN_LENGTH = 3
# Months by which two cumulative totals may differ in start and still count as one series:
# "since January 2022" and "from February 2022" both mean since the war began.
TOTAL_START_SLACK = 1
_WORD = re.compile(r"\w+")

Row = dict[str, Any]


def check(
    claims: list[Row],
    texts: Mapping[str, str],
    pack: Pack,
    rule: str = DEFAULT_RULE,
    fingerprints: Mapping[str, Fingerprint] | None = None,
) -> tuple[list[Variable], dict[str, str], list[Finding]]:
    """Variables (low, best and high chosen by ``rule``), the variable of each claim, and the
    findings of the whole corpus. ``texts`` gives a document's text when a check needs the
    words around a figure (it may load them lazily); ``fingerprints`` the documents' content
    hashes and MinHash signatures, computed from ``texts`` when not given."""
    if fingerprints is None:
        fingerprints = {name: fingerprint(text) for name, text in texts.items()}
    variables, assignment = link(claims, rule)
    by_id = {c["claim_id"]: c for c in claims}
    findings: list[Finding] = []
    for variable in variables:
        findings.extend(_compare(variable, [by_id[i] for i in variable.claim_ids], claims))
    # The checks between figures read each text once: a copy of a text (the same article
    # stored under another name) repeats its figures and would repeat every finding about
    # them; the copies are reported together below.
    copies = _copies(fingerprints)
    distinct = [c for c in claims if c["doc"] not in copies]
    findings.extend(_parts_and_totals(distinct, pack))
    findings.extend(_flows_and_totals(distinct))
    findings.extend(_ratios(distinct))
    findings.extend(_shares(distinct))
    findings.extend(_parts_exceed_whole(distinct, pack))
    findings.extend(_share_conflicts(distinct, pack, texts))
    findings.extend(_derived_from_shares(distinct))
    findings.extend(_parts_of_wholes(distinct, texts))
    findings.extend(_falling_totals(distinct))
    findings.extend(_shifted_series(distinct))
    findings.extend(duplicate_documents(fingerprints))
    unique = {f.finding_id: f for f in findings}
    return variables, assignment, list(unique.values())


def _finding(
    kind: str,
    members: Iterable[Row],
    message: str,
    variable_id: str | None = None,
    holds: bool | None = None,
) -> Finding:
    rows = list(members)
    ids = tuple(r["claim_id"] for r in rows)
    docs = tuple(sorted({r["doc"] for r in rows}))
    digest = hashlib.sha1(f"{kind}|{'|'.join(sorted(ids))}".encode()).hexdigest()[:12]
    return Finding(f"f{digest}", kind, ids, docs, message, variable_id, holds, PRODUCED_BY)


def _describe(variable: Variable) -> str:
    when = variable.period_start or ""
    if variable.period_end and variable.period_end != variable.period_start:
        when = f"{when}..{variable.period_end}"
    if variable.as_of:
        when = f"as of {variable.as_of}"
    parts = [
        variable.measure.replace("_", " "),
        variable.place or "",
        when,
        (variable.rate or "").replace("_", " "),
    ]
    return ", ".join(p for p in parts if p)


def _show(row: Row) -> str:
    return f"{row['surface']} ({row['doc']})"


def _compare(variable: Variable, members: list[Row], claims: list[Row]) -> list[Finding]:
    """A conflict when the claims of a variable allow no common value; an agreement for each
    value several documents share.

    Two values of one variable in one sentence are a breakdown ("442 and 414 cases,
    respectively"), not a conflict; and figures with neither a period, a date nor a rate
    ("300,000 soldiers", "a brigade of 3 to 5 thousand") are too loosely scoped to conflict."""
    sentences = defaultdict(list)
    for r in members:
        sentences[(r["doc"], r["quote"])].append(float(r["value"]))
    members = [
        r
        for r in members
        if len(set(sentences[(r["doc"], r["quote"])])) == 1 and not r.get("vague")
    ]
    if not members:
        return []
    clusters = _clusters(members)
    what = _describe(variable)
    scoped = any((variable.period_start, variable.period_end, variable.as_of, variable.rate))
    found = []
    if len(clusters) > 1 and scoped:
        sides = "; ".join(" = ".join(_show(r) for r in cluster) for cluster in clusters)
        found.append(
            _finding(
                "conflict",
                members,
                f"Conflict on {what}: {sides} do not agree.",
                variable.variable_id,
            )
        )
        for low, high in zip(clusters, clusters[1:], strict=False):
            gap = float(high[0]["value"]) - float(low[0]["value"])
            found.extend(_explanations(gap, [low[0], high[0]], claims))
    for cluster in clusters:
        if len({r["doc"] for r in cluster}) >= 2:
            found.append(_agreement(variable, what, cluster))
    return found


def _agreement(variable: Variable, what: str, cluster: list[Row]) -> Finding:
    docs = {r["doc"] for r in cluster}
    origins = {r.get("source") for r in cluster if r.get("source")}
    copies = (
        f"all retelling one origin ({next(iter(origins))}), so copies, not independent"
        if len(origins) == 1 and all(r.get("source") for r in cluster)
        else f"{len(docs)} documents"
    )
    values = ", ".join(_show(r) for r in cluster)
    return _finding(
        "agreement", cluster, f"Agreement on {what}: {values}; {copies}.", variable.variable_id
    )


def _clusters(members: list[Row]) -> list[list[Row]]:
    """Groups of claims whose intervals overlap, in order of value."""
    rows = sorted(members, key=lambda r: interval(r).low)
    clusters: list[list[Row]] = []
    bound: Interval | None = None
    for row in rows:
        iv = interval(row)
        if bound is not None and iv.overlaps(bound):
            clusters[-1].append(row)
            bound = Interval(max(bound.low, iv.low), min(bound.high, iv.high))
        else:
            clusters.append([row])
            bound = iv
    return clusters


def _same_scope(a: Row, b: Row) -> bool:
    return (
        all(a.get(k) == b.get(k) for k in ("place", "side"))
        and _month(a, "period_start") == _month(b, "period_start")
        and _month(a, "period_end") == _month(b, "period_end")
    )


def _month(row: Row, key: str) -> str | None:
    value = row.get(key)
    return value[:7] if value else None


def _parts_and_totals(claims: list[Row], pack: Pack) -> list[Finding]:
    """Article 407 + Article 408 against the total of both, within a document."""
    found = []
    counts = [c for c in claims if c["unit"] == "count" and c.get("measure")]
    for parts, combined in pack.combinations:
        for total in (c for c in counts if c["measure"] == combined):
            pieces = []
            for part in sorted(parts):
                match = [
                    c
                    for c in counts
                    if c["measure"] == part and c["doc"] == total["doc"] and _same_scope(c, total)
                ]
                if not match:
                    break
                pieces.append(match[0])
            else:
                found.append(_sum_finding(pieces, total))
                if not found[-1].holds:
                    gap = _gap(_sum(pieces), float(total["value"]))
                    found.extend(_explanations(gap, [*pieces, total], claims))
    return found


def _sum_finding(pieces: list[Row], total: Row) -> Finding:
    value = _sum(pieces)
    holds = value.overlaps(interval(total))
    terms = " + ".join(p["surface"] for p in pieces)
    verdict = "holds" if holds else "fails"
    message = f"{terms} = {_show_sum(value)} against {_show(total)}: {verdict}."
    return _finding("arithmetic", [*pieces, total], message, holds=holds)


def _sum(rows: Iterable[Row]) -> Interval:
    """What a sum of figures allows: a bound ("more than 41,000") leaves the sum open on its
    side; exact and approximate figures count at their value (the tolerance of the total
    absorbs their rounding)."""
    low = high = 0.0
    for r in rows:
        if r["approx"] in (">", ">=", "<", "<="):
            iv = interval(r)
            low, high = low + iv.low, high + iv.high
        else:
            low, high = low + float(r["value"]), high + float(r["value"])
    return Interval(low, high)


def _gap(value: Interval, total: float) -> float:
    """How far a sum lies from a total (0 when the total is within it)."""
    return max(value.low - total, total - value.high, 0.0)


def _show_sum(value: Interval) -> str:
    if value.low == value.high:
        return f"{value.low:,.0f}"
    if value.high == math.inf:
        return f"{value.low:,.0f} or more"
    if value.low == -math.inf:
        return f"{value.high:,.0f} or less"
    return f"{value.low:,.0f} to {value.high:,.0f}"


def _flows_and_totals(claims: list[Row]) -> list[Finding]:
    """A cumulative total plus the flows of the months after it against a later total from the
    same start: "95,296 to November 1 + 18,984 in November = 114,280 to December 1", and chains
    across documents ("114,280 to December + 17,593 in December + 160,000 in 2025 ~ about
    300,000 from 2022 to September 2025")."""
    segments: dict[tuple[Any, ...], list[list[Row]]] = defaultdict(list)
    for group in _segment_groups(claims):
        first = group[0]
        scope = (first["measure"], first.get("place"), first.get("side"))
        segments[(*scope, _month(first, "period_start"))].append(group)
    found = []
    for groups in list(segments.values()):
        for base in groups:
            end = _month(base[0], "period_end")
            if not end or end == _month(base[0], "period_start"):
                continue
            scope = (base[0]["measure"], base[0].get("place"), base[0].get("side"))
            docs = {r["doc"] for r in base}
            for chain in _chains(segments, scope, end, FLOW_CHAIN_LENGTH, docs):
                # the shortest chain that reaches a total is the check; longer ones repeat it
                if any(_totals(base, chain[:n], segments, scope) for n in range(1, len(chain))):
                    continue
                for finding, gap, rows in _chain_findings(base, chain, segments, scope):
                    found.append(finding)
                    if not finding.holds:
                        found.extend(_explanations(gap, rows, claims))
    return found


def _segment_groups(claims: list[Row]) -> list[list[Row]]:
    """Counts with a period, grouped by measure, place, side, months and compatible value
    (a group is one figure and its copies)."""
    by_key: dict[tuple[Any, ...], list[list[Row]]] = defaultdict(list)
    for c in claims:
        if c["unit"] != "count" or not c.get("measure") or not c.get("period_start"):
            continue
        if c.get("rate") or c.get("vague"):
            continue
        key = (
            c["measure"],
            c.get("place"),
            c.get("side"),
            _month(c, "period_start"),
            _month(c, "period_end"),
        )
        groups = by_key[key]
        same = [g for g in groups if interval(g[0]).overlaps(interval(c))]
        if same:
            same[0].append(c)
        else:
            groups.append([c])
    return [g for groups in by_key.values() for g in groups]


def _chains(
    segments: dict[tuple[Any, ...], list[list[Row]]],
    scope: tuple[Any, ...],
    end: str,
    length: int,
    docs: set[str],
) -> Iterable[list[list[Row]]]:
    """Runs of up to ``length`` figures covering the months right after ``end``, each taking
    up where the one before ends; only the last may be open-ended ("in 2025", still running).
    Where the documents of the base figure give a month, only their figure is taken: another
    outlet's version of that month is a conflict to report, not a sum to try."""
    if length == 0:
        return
    candidates = segments.get((*scope, _shift_month(end, 1)), [])
    own = [g for g in candidates if any(r["doc"] in docs for r in g)]
    for group in own or candidates:
        last = _month(group[0], "period_end")
        yield [group]
        if last:
            for rest in _chains(segments, scope, last, length - 1, docs):
                yield [group, *rest]


def _totals(
    base: list[Row],
    chain: list[list[Row]],
    segments: dict[tuple[Any, ...], list[list[Row]]],
    scope: tuple[Any, ...],
) -> list[list[Row]]:
    """The totals from about the start of ``base`` to the end of ``chain``; an open-ended last
    figure reaches any total that ends after it starts."""
    start = _month(base[0], "period_start") or ""
    chain_end = _month(chain[-1][0], "period_end")
    chain_from = _month(chain[-1][0], "period_start") or ""
    totals = []
    for shift in range(-TOTAL_START_SLACK, TOTAL_START_SLACK + 1):
        for group in segments.get((*scope, _shift_month(start, shift)), []):
            end = _month(group[0], "period_end")
            if group is base or end is None or any(group is g for g in chain):
                continue
            if end == chain_end or (chain_end is None and end >= chain_from):
                totals.append(group)
    return totals


def _chain_findings(
    base: list[Row],
    chain: list[list[Row]],
    segments: dict[tuple[Any, ...], list[list[Row]]],
    scope: tuple[Any, ...],
) -> list[tuple[Finding, float, list[Row]]]:
    """Each check of the chain against a total, with the gap and the figures it compares."""
    chain_end = _month(chain[-1][0], "period_end")
    totals = _totals(base, chain, segments, scope)
    found = []
    for total in totals:
        value = _sum([base[0], *(g[0] for g in chain)])
        holds = value.overlaps(interval(total[0]))
        terms = [f"{base[0]['surface']} to {_month(base[0], 'period_end')}"]
        for group in chain:
            g_start, g_end = _month(group[0], "period_start"), _month(group[0], "period_end")
            span = g_start if g_start == g_end else f"{g_start}..{g_end or 'open'}"
            terms.append(f"{group[0]['surface']} in {span}")
        total_end = _month(total[0], "period_end")
        message = (
            f"{' + '.join(terms)} = {_show_sum(value)} against {_show(total[0])} to {total_end}: "
            f"{'holds' if holds else 'fails'}."
        )
        if chain_end is None:
            message += f" (If the last figure runs to {total_end}.)"
        every = [*base, *(r for g in chain for r in g), *total]
        compared = [base[0], *(g[0] for g in chain), total[0]]
        gap = _gap(value, float(total[0]["value"]))
        found.append((_finding("arithmetic", every, message, holds=holds), gap, compared))
    return found


def _shift_month(month: str, by: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + by
    return f"{index // 12}-{index % 12 + 1:02d}"


def _ratios(claims: list[Row]) -> list[Finding]:
    """ "twice as many as in October": the figure of the ratio's period over the base; or, for
    "the twofold difference" after two figures, the larger over the smaller."""
    found = []
    counts = [c for c in claims if c["unit"] == "count" and c.get("measure")]
    for ratio in (c for c in claims if c["unit"] == "multiplier"):
        pair = _ratio_pair(ratio, counts)
        if pair is None:
            continue
        a, b = pair
        actual = float(a["value"]) / float(b["value"])
        holds = _ratio_holds(actual, float(ratio["value"]), ratio["approx"])
        message = (
            f"{a['surface']} / {b['surface']} = {actual:.2f} against "
            f'"{ratio["surface"]}" ({ratio["doc"]}): {"holds" if holds else "fails"}.'
        )
        found.append(_finding("arithmetic", [ratio, a, b], message, holds=holds))
    return found


def _ratio_pair(ratio: Row, counts: list[Row]) -> tuple[Row, Row] | None:
    same_doc = [c for c in counts if c["doc"] == ratio["doc"]]
    if ratio.get("measure"):
        numerator = [
            c
            for c in same_doc
            if c["measure"] == ratio["measure"]
            and _same_scope(c, ratio)
            and c["start"] < ratio["start"]
        ]
        base = [
            c
            for c in same_doc
            if c["measure"] == ratio["measure"]
            and c["start"] > ratio["end"]
            and c["quote"] == ratio["quote"]
        ]
        if numerator and base and float(base[0]["value"]):
            return numerator[-1], base[0]
    before = [c for c in same_doc if c["end"] <= ratio["start"]][-2:]
    if (
        len(before) == 2
        and before[0].get("measure") == before[1].get("measure")
        and ratio["start"] - before[0]["start"] < RATIO_REACH
    ):
        small, big = sorted(before, key=lambda c: float(c["value"]))
        if float(small["value"]):
            return big, small  # "100 thousand ..., 200 thousand. The twofold difference"
    return None


def _shares(claims: list[Row]) -> list[Finding]:
    """ "17% of the total": the figure of the share's period over the total; "3,136 came back
    - less than three percent" of the 265,843 before it."""
    found = []
    counts = [c for c in claims if c["unit"] == "count" and c.get("measure")]
    for share in (c for c in claims if c["unit"] in ("percent", "fraction") and c.get("measure")):
        pair = _share_pair(share, counts)
        if pair is None:
            continue
        part, whole = pair
        actual = float(part["value"]) / float(whole["value"])
        stated = float(share["value"]) / (100 if share["unit"] == "percent" else 1)
        holds = _share_holds(actual, stated, share["approx"])
        message = (
            f"{part['surface']} / {whole['surface']} = {actual:.1%} against "
            f'"{share["surface"]}" ({share["doc"]}): {"holds" if holds else "fails"}.'
        )
        found.append(_finding("arithmetic", [share, part, whole], message, holds=holds))
    return found


def _share_pair(share: Row, counts: list[Row]) -> tuple[Row, Row] | None:
    """The part and the whole a share compares: the figure it stands right after and a larger
    figure before it in the sentence ("265,843 open cases ... only 3,136 came back - less than
    three percent"), else the figure of its period and the cumulative total ending then."""
    before = [
        c
        for c in counts
        if c["doc"] == share["doc"] and c["quote"] == share["quote"] and c["end"] <= share["start"]
    ]
    if len(before) >= 2 and share["start"] - before[-1]["end"] <= APPOSITION_REACH:
        part = before[-1]
        larger = [c for c in before[:-1] if float(c["value"]) > float(part["value"])]
        if larger:
            return part, larger[-1]
    same = [c for c in counts if c["doc"] == share["doc"] and c["measure"] == share["measure"]]
    month = _month(share, "period_end")
    parts = [c for c in same if _same_scope(c, share)]
    if share["unit"] != "percent" or not month or not parts:
        return None
    found = parts[-1]
    wholes = [
        c
        for c in same
        if _month(c, "period_end") == month
        and c is not found
        and (c.get("period_start") or "") < (found.get("period_start") or "")
        and float(c["value"]) > float(found["value"])
    ]
    return (found, wholes[-1]) if wholes else None


def _share_holds(actual: float, stated: float, approx: str) -> bool:
    if approx in ("<", "<="):
        return actual <= stated
    if approx in (">", ">="):
        return actual >= stated
    return abs(actual - stated) <= max(stated * RATIO_TOLERANCE, 0.01)


def _ratio_holds(actual: float, stated: float, approx: str) -> bool:
    if approx in (">", ">="):
        return actual >= stated * (1 - RATIO_TOLERANCE / 2)
    if approx in ("<", "<="):
        return actual <= stated * (1 + RATIO_TOLERANCE / 2)
    return abs(actual - stated) <= stated * RATIO_TOLERANCE


def _falling_totals(claims: list[Row]) -> list[Finding]:
    """Cumulative totals from one start that fall as their end moves on."""
    series: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for c in claims:
        if (
            c["unit"] == "count"
            and c.get("measure")
            and c.get("period_start")
            and c.get("period_end")
            and _month(c, "period_start") != _month(c, "period_end")
        ):
            series[(c["measure"], c.get("place"), c.get("side"), _month(c, "period_start"))].append(
                c
            )
    found = []
    for rows in series.values():
        rows.sort(key=lambda r: r["period_end"])
        for earlier, later in zip(rows, rows[1:], strict=False):
            if (
                _month(earlier, "period_end") != _month(later, "period_end")
                and interval(later).high < interval(earlier).low
            ):
                message = (
                    f"Cumulative total falls: {_show(earlier)} to "
                    f"{_month(earlier, 'period_end')}, then {_show(later)} to "
                    f"{_month(later, 'period_end')}."
                )
                found.append(_finding("arithmetic", [earlier, later], message, holds=False))
    return found


def fingerprint(text: str, sha256: str | None = None) -> Fingerprint:
    """The fingerprint of a text (``sha256``: the hash of the bytes it was read from, by
    default that of the text)."""
    from datasketch import MinHash  # imported late: it loads scipy

    grams = _shingles(text)
    # crc32 hashes a shingle in one C call, where datasketch's default (SHA-1 in Python) costs
    # ten times more; the permutations on top make up for its weaker mixing.
    m = MinHash(
        num_perm=MINHASH_PERMUTATIONS,
        scheme=MINHASH_SCHEME,
        hashfunc=zlib.crc32,
        permutations=_minhash_permutations(),
    )
    encoded = list(map(str.encode, grams))  # a minimum: the order does not matter
    for first in range(0, len(encoded), MINHASH_BATCH):
        m.update_batch(encoded[first : first + MINHASH_BATCH])
    digest = sha256 or hashlib.sha256(text.encode()).hexdigest()
    return Fingerprint(digest, m.hashvalues.tobytes(), len(grams))


@lru_cache(maxsize=1)
def _minhash_permutations() -> Any:
    """datasketch's permutations for MINHASH_PERMUTATIONS and its default seed, drawn once:
    every MinHash would otherwise draw them again from a new random generator (0.16 ms)."""
    from datasketch import MinHash

    return MinHash(num_perm=MINHASH_PERMUTATIONS, scheme=MINHASH_SCHEME).permutations


def _copies(fingerprints: Mapping[str, Fingerprint]) -> dict[str, str]:
    """Documents with the same content as a document named before them (in name order):
    copy -> the first."""
    first: dict[str, str] = {}
    copies = {}
    for name in sorted(fingerprints):
        original = first.setdefault(fingerprints[name].sha256, name)
        if original != name:
            copies[name] = original
    return copies


def duplicate_documents(fingerprints: Mapping[str, Fingerprint]) -> list[Finding]:
    """Documents with the same content, as one finding per content; and pairs of documents
    one of which holds the other's article (compared once per distinct content), their shared
    shingles estimated from the MinHash signatures."""
    import numpy as np
    from datasketch import MinHash, MinHashLSHEnsemble  # imported late: it loads scipy

    copies = _copies(fingerprints)
    found = _copy_groups(copies)
    prints = {n: f for n, f in fingerprints.items() if n not in copies and f.shingles}
    if len(prints) < 2:
        return found
    hashes = {
        name: MinHash(
            hashvalues=np.frombuffer(f.signature, dtype=np.uint32),
            scheme=MINHASH_SCHEME,
            permutations=_minhash_permutations(),
        )
        for name, f in prints.items()
    }
    ensemble = MinHashLSHEnsemble(threshold=DUPLICATE_CONTAINMENT, num_perm=MINHASH_PERMUTATIONS)
    ensemble.index([(n, hashes[n], prints[n].shingles) for n in prints])
    for name in sorted(prints):
        size = prints[name].shingles
        for other in ensemble.query(hashes[name], size):
            if other == name:
                continue
            share = _containment(hashes[name], hashes[other], size, prints[other].shingles)
            if share >= DUPLICATE_CONTAINMENT:
                found.append(_duplicate(name, other, share, size, prints[other].shingles))
    return found


def _containment(a: Any, b: Any, size_a: int, size_b: int) -> float:
    """The share of a's shingles that are also b's, from the signatures' Jaccard estimate:
    |a & b| = J (|a| + |b|) / (1 + J)."""
    jaccard = float(a.jaccard(b))
    return min(1.0, jaccard * (size_a + size_b) / (1 + jaccard) / size_a)


def _copy_groups(copies: dict[str, str]) -> list[Finding]:
    """One finding per text stored under several names."""
    groups: dict[str, list[str]] = defaultdict(list)
    for copy, original in copies.items():
        groups[original].append(copy)
    found = []
    for original, names in sorted(groups.items()):
        members = sorted([original, *names])
        shown = ", ".join(members[:COPIES_SHOWN]) + (
            f" and {len(members) - COPIES_SHOWN} more" if len(members) > COPIES_SHOWN else ""
        )
        message = f"Duplicate documents: the same text in {len(members)} documents ({shown})."
        digest = hashlib.sha1(f"duplicate_docs|{'|'.join(members)}".encode()).hexdigest()[:12]
        kind, docs = "duplicate_docs", tuple(members)
        found.append(Finding(f"f{digest}", kind, (), docs, message, produced_by=PRODUCED_BY))
    return found


def _duplicate(small: str, big: str, share: float, n_small: int, n_big: int) -> Finding:
    how = "the same article" if n_small >= 0.9 * n_big else f"{small} is contained in {big}"
    message = f"Duplicate documents: {how} (about {share:.0%} of {small}'s text is in {big})."
    pair = sorted((small, big))
    digest = hashlib.sha1(f"duplicate_docs|{'|'.join(pair)}".encode()).hexdigest()[:12]
    return Finding(
        f"f{digest}", "duplicate_docs", (), tuple(pair), message, None, None, PRODUCED_BY
    )


def _shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    # each run of SHINGLE_WORDS words: zip stops at the shortest, words[SHINGLE_WORDS - 1:]
    return set(map(" ".join, zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False)))


def _parts_exceed_whole(claims: list[Row], pack: Pack) -> list[Finding]:
    """A total for a period smaller than the figures reported for parts of that period: "67,000
    in 2024" against 53,503 for January-September, 9,487 for October, 18,984 for November and
    17,593 for December."""
    counts = [
        c
        for c in claims
        if c["unit"] == "count"
        and c.get("measure")
        and c.get("period_start")
        and c.get("period_end")
    ]
    parts_of = {combined: parts for parts, combined in pack.combinations}
    found = []
    # The pieces depend on the whole's period, place, side and measure only: wholes reported
    # alike (retellings, reprints) share one search.
    covered: dict[tuple[Any, ...], list[tuple[float, list[Row]]]] = {}
    for whole in counts:
        start, end = _month(whole, "period_start"), _month(whole, "period_end")
        if start is None or end is None or start == end:
            continue
        key = (start, end, whole.get("place"), whole.get("side"), whole["measure"])
        if key not in covered:
            parts = parts_of.get(whole["measure"], frozenset())
            covered[key] = _covering(whole, counts, parts, start, end)
        pieces = covered[key]
        if len(pieces) < 2:
            continue
        total = sum(value for value, _ in pieces)
        if total > interval(whole).high:
            rows = [r for _, group in pieces for r in group]
            message = (
                f"Conflict: the parts of {start}..{end} add up to {total:,.0f}, more than "
                f"{_show(whole)}: " + ", ".join(_show(r) for r in rows) + "."
            )
            found.append(_finding("conflict", [whole, *rows], message))
    return found


def _covering(
    whole: Row, counts: list[Row], parts: frozenset[str], start: str, end: str
) -> list[tuple[float, list[Row]]]:
    """Figures for disjoint stretches of the whole's period: the longest first at each start."""
    by_period: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for c in counts:
        s, e = _month(c, "period_start"), _month(c, "period_end")
        if (
            s
            and e
            and start <= s <= e <= end
            and (s, e) != (start, end)
            and c.get("place") == whole.get("place")
            and c.get("side") == whole.get("side")
            and (c["measure"] == whole["measure"] or c["measure"] in parts)
        ):
            by_period[(s, e)].append(c)
    stretches = []
    for period, rows in by_period.items():
        same = [r for r in rows if r["measure"] == whole["measure"]]
        if same:
            stretches.append((period, float(same[0]["value"]), [same[0]]))
            continue
        chosen = [next((r for r in rows if r["measure"] == p), None) for p in sorted(parts)]
        if parts and all(chosen):
            picked = [r for r in chosen if r is not None]
            stretches.append((period, sum(float(r["value"]) for r in picked), picked))
    taken: list[tuple[float, list[Row]]] = []
    last_end = ""
    for (s, e), value, rows in sorted(stretches, key=lambda x: (x[0][0], -_span(x[0]))):
        if s > last_end:
            taken.append((value, rows))
            last_end = e
    return taken


def _span(period: tuple[str, str]) -> int:
    (y1, m1), (y2, m2) = (map(int, p.split("-")) for p in period)
    return (y2 - y1) * 12 + m2 - m1


def _share_conflicts(claims: list[Row], pack: Pack, texts: Mapping[str, str]) -> list[Finding]:
    """Shares of one outcome measure, place and side that no reading allows together ("half of
    them have returned" against "less than three percent" returned). Only outcomes: a share of
    the cases closed or of the soldiers who came back has one base; other shares ("17% of the
    total", "99 percent of the camp") have bases of their own."""
    outcomes = {m.key for m in pack.measures if m.outcome}
    shares = [
        c
        for c in claims
        if c["unit"] in ("percent", "fraction")
        and c.get("measure") in outcomes
        and not c.get("vague")
    ]
    found = []
    for a, b in _pairs(shares):
        if (a["measure"], a.get("place"), a.get("side")) != (
            b["measure"],
            b.get("place"),
            b.get("side"),
        ):
            continue
        if a["quote"] == b["quote"] or not _periods_compatible(a, b):
            continue
        later = b if (b["doc"], b["start"]) > (a["doc"], a["start"]) else a
        lead = texts.get(later["doc"], "")[max(0, later["start"] - 25) : later["start"]]
        if _COMPLEMENT.search(lead):
            # "the other 32%": the rest of the base, not another reading of the same share
            if a["doc"] != b["doc"]:
                continue
            total = sum(float(r["value"]) / (100 if r["unit"] == "percent" else 1) for r in (a, b))
            holds = abs(total - 1) <= COMPLEMENT_TOLERANCE
            message = (
                f"{_show(a)} + {_show(later if later is not a else b)} = {total:.0%} of "
                f"{a['measure'].replace('_', ' ')}: {'holds' if holds else 'fails'}."
            )
            found.append(_finding("arithmetic", [a, b], message, holds=holds))
            continue
        if not _share_interval(a).overlaps(_share_interval(b)):
            message = (
                f"Conflict on the share of {a['measure'].replace('_', ' ')}: "
                f"{_show(a)} against {_show(b)}."
            )
            found.append(_finding("conflict", [a, b], message))
    return found


def _pairs(rows: list[Row]) -> Iterable[tuple[Row, Row]]:
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            yield a, b


def _periods_compatible(a: Row, b: Row) -> bool:
    """Same period, or one of the two has none."""
    pa = (_month(a, "period_start"), _month(a, "period_end"), _month(a, "as_of"))
    pb = (_month(b, "period_start"), _month(b, "period_end"), _month(b, "as_of"))
    return pa == pb or not any(pa) or not any(pb)


def _share_interval(row: Row) -> Interval:
    iv = interval({**row, "surface": ""})
    scale = 100.0 if row["unit"] == "percent" else 1.0
    return Interval(iv.low / scale, iv.high / scale)


def _derived_from_shares(claims: list[Row]) -> list[Finding]:
    """An author's figure computed from a figure and a share stated before it: "19 thousand
    reports ... at most half of the real number ... about 38,000 people flee a month"."""
    found = []
    for derived in (c for c in claims if c.get("derived") and c["unit"] == "count"):
        earlier = [
            c
            for c in claims
            if c["doc"] == derived["doc"] and 0 < derived["start"] - c["end"] < DERIVATION_REACH
        ]
        shares = [c for c in earlier if c["unit"] in ("percent", "fraction")]
        for share in shares[-1:]:
            bases = [c for c in earlier if c["unit"] == "count" and c["end"] <= share["start"]]
            if not bases or not float(share["value"]):
                continue
            base = bases[-1]
            fraction = float(share["value"]) / (100 if share["unit"] == "percent" else 1)
            implied = float(base["value"]) / fraction
            holds = interval(derived).low <= implied <= interval(derived).high
            message = (
                f"{base['surface']} / {share['surface']} = {implied:,.0f} against "
                f"{_show(derived)}: {'holds' if holds else 'fails'}."
            )
            found.append(_finding("arithmetic", [base, share, derived], message, holds=holds))
    return found


# "35,307 out of 59,606", "37 of them", "out of 90 people, three": the words between a part
# and its whole, or between a whole and its part.
_PART_THEN_WHOLE = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+|all\s+|some\s+)?$", re.I)
_PART_OF_THEM = re.compile(r"^\s+(?:out\s+)?of\s+(?:them|those|these|whom|which)\b", re.I)
_OUT_OF = re.compile(r"\bout\s+of\s+(?:the\s+|all\s+)?$", re.I)
_WHOLE_THEN_PART = re.compile(r"^[\w\s-]{0,40},\s*(?:only\s+|just\s+)?$", re.I)


def _parts_of_wholes(claims: list[Row], texts: Mapping[str, str]) -> list[Finding]:
    """A part stated with its whole in one sentence: the part must not exceed the whole, and
    the message gives the share and the rest ("out of 90 people, three reached ..." leaves
    87)."""
    found = []
    counts = [c for c in claims if c["unit"] == "count" and not c.get("vague")]
    by_sentence: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for c in counts:
        by_sentence[(c["doc"], c["quote"])].append(c)
    for (doc, _quote), rows in by_sentence.items():
        text = texts.get(doc, "")
        rows.sort(key=lambda r: r["start"])
        for pair in _part_whole_pairs(rows, text):
            part, whole = pair
            p, w = float(part["value"]), float(whole["value"])
            if not w:
                continue
            holds = interval(part).low <= interval(whole).high
            rest = f"; the rest: {w - p:,.0f}" if holds else ""
            message = (
                f"{part['surface']} of {whole['surface']} ({part['doc']}) = {p / w:.0%}{rest}: "
                f"{'holds' if holds else 'fails, the part exceeds the whole'}."
            )
            found.append(_finding("arithmetic", [part, whole], message, holds=holds))
    return found


def _part_whole_pairs(rows: list[Row], text: str) -> Iterable[tuple[Row, Row]]:
    for i, a in enumerate(rows):
        after = text[a["end"] : a["end"] + 40]
        if i + 1 < len(rows):
            b = rows[i + 1]
            between = text[a["end"] : b["start"]]
            if _PART_THEN_WHOLE.match(between):
                yield a, b
                continue
            if _OUT_OF.search(text[max(0, a["start"] - 20) : a["start"]]) and (
                _WHOLE_THEN_PART.match(between)
            ):
                yield b, a
                continue
        if i > 0 and _PART_OF_THEM.match(after):
            larger = [r for r in rows[:i] if float(r["value"]) > float(a["value"])]
            if larger:
                yield a, larger[-1]


def _explanations(gap: float, compared: list[Row], claims: list[Row]) -> list[Finding]:
    """A discrepancy that equals another claimed figure of the same measure and side ("short
    by exactly one year's count"): the likeliest account of it is that one of the compared
    figures left out, or counted twice, the period that figure covers."""
    if gap < EXPLAINED_GAP_MIN:
        return []
    first = compared[0]
    ids = {r["claim_id"] for r in compared}
    found = []
    for c in claims:
        if (
            c["claim_id"] in ids
            or c["unit"] != "count"
            or c.get("vague")
            or c["approx"] not in ("=", "~")
            or c.get("measure") != first.get("measure")
            or c.get("side") != first.get("side")
            or not (c.get("period_start") or c.get("as_of"))
        ):
            continue
        iv = interval(c)
        if iv.low * (1 - EXPLANATION_TOLERANCE) <= gap <= iv.high * (1 + EXPLANATION_TOLERANCE):
            when = c.get("period_start") or c.get("as_of")
            if c.get("period_end") and c["period_end"][:7] != (when or "")[:7]:
                when = f"{when}..{c['period_end']}"
            figures = ", ".join(_show(r) for r in compared)
            message = (
                f"The gap of {gap:,.0f} between {figures} equals {_show(c)} for {when}: "
                "one figure may leave out, or count twice, that period."
            )
            found.append(_finding("explanation", [*compared, c], message))
    return found


def _shifted_series(claims: list[Row]) -> list[Finding]:
    """Two documents giving yearly figures of one measure where one's series is the other's
    moved by a year ("67,000 in 2024, 160,000 in 2025" against "67,000 in 2023, 160,000 in
    2024"): an outlet dropped or misdated a row."""
    years: dict[tuple[Any, ...], dict[str, dict[int, Row]]] = defaultdict(lambda: defaultdict(dict))
    for c in claims:
        start, end = c.get("period_start") or "", c.get("period_end") or ""
        if (
            c["unit"] == "count"
            and c.get("measure")
            and not c.get("vague")
            and start[5:7] == "01"
            and end[5:7] == "12"
            and start[:4] == end[:4]
        ):
            scope = (c["measure"], c.get("place"), c.get("side"))
            years[scope][c["doc"]].setdefault(int(start[:4]), c)
    found = []
    for series in years.values():
        docs = sorted(series)
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                for shift in (1, -1):
                    pairs = [
                        (series[a][y], series[b][y + shift])
                        for y in series[a]
                        if y + shift in series[b]
                    ]
                    if (
                        len(pairs) >= 2
                        and all(interval(x).overlaps(interval(y)) for x, y in pairs)
                        and not _agree_unshifted(series[a], series[b])
                    ):
                        shown = "; ".join(
                            f"{_show(x)} for {x['period_start'][:4]} = "
                            f"{_show(y)} for {y['period_start'][:4]}"
                            for x, y in pairs
                        )
                        message = (
                            f"Yearly series shifted by one year: {shown}. One document has "
                            "probably dropped or misdated a year."
                        )
                        rows = [r for pair in pairs for r in pair]
                        found.append(_finding("explanation", rows, message))
    return found


def _agree_unshifted(a: dict[int, Row], b: dict[int, Row]) -> bool:
    common = [y for y in a if y in b]
    return bool(common) and all(interval(a[y]).overlaps(interval(b[y])) for y in common)
