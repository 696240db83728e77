"""The pages of crosscount's web app and static report, rendered from a store.

Every page is a file-like path ("index.html", "variable/v1234.html", "findings-2.html") with
relative links, so the same HTML serves the local app (``crosscount serve``) and the static
site (``crosscount report``). Article text is untrusted: Jinja2 escapes everything it renders,
the figure highlighting builds its markup from escaped pieces, and charts receive their data as
JSON inside a ``<script type="application/json">`` block with ``<`` escaped.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape
from sqlalchemy import text as sql

from ..export import SERIOUSNESS
from ..store import Store
from .chart import period_dates, timeline_spec

PAGE_SIZE = 100  # rows per list page: a list of 10,000 documents is read a page at a time
OVERVIEW_ROWS = 15
# CSS colour classes for measures, in the order the database first names them.
MEASURE_COLOURS = 10
_SERIOUS_SQL = (
    "CASE WHEN kind = 'arithmetic' AND holds IS FALSE THEN "
    f"{SERIOUSNESS['arithmetic_fails']} "
    + " ".join(
        f"WHEN kind = '{k}' THEN {v}" for k, v in SERIOUSNESS.items() if k != "arithmetic_fails"
    )
    + f" ELSE {len(SERIOUSNESS)} END"
)


@dataclass
class Page:
    path: str
    html: str


@dataclass
class SearchQuery:
    q: str = ""
    measure: str = ""
    source: str = ""
    outlet: str = ""
    year: str = ""

    @property
    def filters(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("measure", self.measure),
                ("source", self.source),
                ("outlet", self.outlet),
                ("year", self.year),
            )
            if v
        }


@dataclass
class SearchResult:
    query: SearchQuery
    claims: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    error: str | None = None


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("crosscount.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.filters["label"] = lambda v: (v or "").replace("_", " ")
    env.filters["when"] = when
    return env


def _number(value: Any) -> str:
    if value is None:
        return ""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    return f"{v:,.0f}" if v.is_integer() or abs(v) >= 100 else f"{v:,.2f}"


def when(row: dict[str, Any]) -> str:
    """The period or date of a claim or variable, as a reader writes it."""
    start, end, as_of = row.get("period_start"), row.get("period_end"), row.get("as_of")
    if as_of:
        return f"as of {as_of}"
    if start and end:
        return start if start == end else f"{start} to {end}"
    if start:
        return f"since {start}"
    return ""


def page_query(page: int) -> tuple[int, int]:
    page = max(1, page)
    return page, (page - 1) * PAGE_SIZE


def list_path(base: str, page: int) -> str:
    return f"{base}.html" if page <= 1 else f"{base}-{page}.html"


class Site:
    """Reads a store and renders its pages."""

    def __init__(self, store: Store, static: bool = False) -> None:
        self.store = store
        self.static = static  # the static report: search runs in the browser
        self.env = _environment()
        self._colours: dict[str, int] = {}
        for row in self._rows(
            "SELECT measure FROM claims WHERE measure IS NOT NULL "
            "GROUP BY measure ORDER BY min(doc_id), min(start)"
        ):
            self._colours[row["measure"]] = len(self._colours) % MEASURE_COLOURS

    # -- queries ---------------------------------------------------------------------------

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of a query written for SQLite; on PostgreSQL, text sorts by code point
        too (SQLite's BINARY collation is PostgreSQL's "C"), so both give the same pages."""
        if self.store.is_postgres:
            query = query.replace("COLLATE BINARY", 'COLLATE "C"')
        with self.store.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sql(query), params).mappings()]

    def _json_items(self, column: str) -> str:
        """A table ``j`` of the items of a JSON list column, one row each (``j.value``)."""
        if self.store.is_postgres:
            return f"json_array_elements_text(CAST({column} AS json)) AS j(value)"
        return f"json_each({column}) AS j"

    def _one(self, query: str, **params: Any) -> dict[str, Any] | None:
        rows = self._rows(query, **params)
        return rows[0] if rows else None

    def counts(self) -> dict[str, int]:
        names = ("documents", "claims", "variables", "findings")
        return {n: self._rows(f"SELECT count(*) AS n FROM {n}")[0]["n"] for n in names}

    def documents(self, offset: int, limit: int | None = None) -> list[dict[str, Any]]:
        limit = limit or PAGE_SIZE
        return self._rows(
            "SELECT d.id, d.name, d.title, d.outlet, d.published, d.url, d.chars, "
            "(SELECT count(*) FROM claims c WHERE c.doc_id = d.id) AS figures "
            "FROM documents d ORDER BY d.published IS NULL, d.published COLLATE BINARY, "
            "d.name COLLATE BINARY "
            "LIMIT :limit OFFSET :offset",
            limit=limit,
            offset=offset,
        )

    def variables(self, offset: int, limit: int | None = None) -> list[dict[str, Any]]:
        limit = limit or PAGE_SIZE
        return self._rows(
            "SELECT * FROM variables ORDER BY claims DESC, measure COLLATE BINARY, "
            "period_start COLLATE BINARY NULLS FIRST, variable_id COLLATE BINARY "
            "LIMIT :limit OFFSET :offset",
            limit=limit,
            offset=offset,
        )

    def findings(self, offset: int, limit: int | None = None) -> list[dict[str, Any]]:
        limit = limit or PAGE_SIZE
        rows = self._rows(
            f"SELECT * FROM findings ORDER BY {_SERIOUS_SQL}, message COLLATE BINARY, "
            "finding_id COLLATE BINARY LIMIT :limit OFFSET :offset",
            limit=limit,
            offset=offset,
        )
        return [self._finding(r) for r in rows]

    def _finding(self, row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        row["claims"], row["docs"] = json.loads(row["claims"]), json.loads(row["docs"])
        return row

    def claims_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        if not ids:
            return []
        marks = ", ".join(f":c{i}" for i in range(len(ids)))
        rows = self._rows(
            f"SELECT c.*, d.outlet, d.published FROM claims c JOIN documents d ON d.id = c.doc_id "
            f"WHERE c.claim_id IN ({marks})",
            **{f"c{i}": cid for i, cid in enumerate(ids)},
        )
        order = {cid: i for i, cid in enumerate(ids)}
        return sorted(rows, key=lambda r: order[r["claim_id"]])

    def document_id(self, name: str) -> int | None:
        row = self._one("SELECT id FROM documents WHERE name = :n", n=name)
        return int(row["id"]) if row else None

    # -- pages -----------------------------------------------------------------------------

    def render(self, template: str, root: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            root=root, static=self.static, colour=self.colour, **context
        )

    def colour(self, measure: str | None) -> str:
        return f"m{self._colours[measure]}" if measure in self._colours else "m-none"

    def overview(self) -> Page:
        variables = self.variables(0, OVERVIEW_ROWS)
        html = self.render(
            "overview.html",
            "",
            counts=self.counts(),
            documents=self.documents(0, OVERVIEW_ROWS),
            variables=variables,
            findings=self.findings(0, OVERVIEW_ROWS),
            outlets=self._rows(
                "SELECT coalesce(outlet, '(no outlet)') AS outlet, count(*) AS n, "
                "min(published) AS first, max(published) AS last FROM documents "
                "GROUP BY outlet ORDER BY n DESC, coalesce(outlet, '(no outlet)') COLLATE BINARY "
                "LIMIT 20"
            ),
        )
        return Page("index.html", html)

    def list_page(self, kind: str, page: int) -> Page:
        page, offset = page_query(page)
        total = self.counts()[kind]
        rows: list[dict[str, Any]] = {
            "documents": self.documents,
            "variables": self.variables,
            "findings": self.findings,
        }[kind](offset)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        html = self.render(
            f"{kind}.html",
            "",
            rows=rows,
            page=page,
            pages=pages,
            total=total,
            prev=list_path(kind, page - 1) if page > 1 else None,
            next=list_path(kind, page + 1) if page < pages else None,
        )
        return Page(list_path(kind, page), html)

    def variable(self, variable_id: str) -> Page | None:
        variable = self._one("SELECT * FROM variables WHERE variable_id = :v", v=variable_id)
        if variable is None:
            return None
        claims = self._rows(
            "SELECT c.*, d.id AS doc_id, d.outlet, d.published FROM claims c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.variable_id = :v "
            "ORDER BY c.period_start COLLATE BINARY NULLS FIRST, c.doc COLLATE BINARY, c.start",
            v=variable_id,
        )
        findings = [
            self._finding(f)
            for f in self._rows(
                "SELECT * FROM findings f WHERE f.variable_id = :v OR EXISTS ("
                f"SELECT 1 FROM {self._json_items('f.claims')} JOIN claims c "
                f"ON c.claim_id = j.value WHERE c.variable_id = :v) ORDER BY {_SERIOUS_SQL}, "
                "f.message COLLATE BINARY, f.finding_id COLLATE BINARY",
                v=variable_id,
            )
        ]
        origins = Counter(c.get("source") or c["doc"] for c in claims)
        spec = timeline_spec(variable, claims)
        undated = sum(1 for c in claims if period_dates(c) is None)
        html = self.render(
            "variable.html",
            "../",
            variable=variable,
            claims=claims,
            findings=findings,
            origins=origins.most_common(),
            spec=_json_for_script(spec),
            undated=undated,
        )
        return Page(f"variable/{variable_id}.html", html)

    def finding(self, finding_id: str) -> Page | None:
        row = self._one("SELECT * FROM findings WHERE finding_id = :f", f=finding_id)
        if row is None:
            return None
        finding = self._finding(row)
        claims = self.claims_by_id(finding["claims"])
        for c in claims:
            c["quote_html"] = highlight_quote(c)
        documents = {name: self.document_id(name) for name in finding["docs"]}
        html = self.render(
            "finding.html", "../", finding=finding, claims=claims, documents=documents
        )
        return Page(f"finding/{finding_id}.html", html)

    def document(self, doc_id: int) -> Page | None:
        doc = self._one("SELECT * FROM documents WHERE id = :i", i=doc_id)
        if doc is None:
            return None
        claims = self._rows(
            'SELECT * FROM claims WHERE doc_id = :i ORDER BY start, "end"', i=doc_id
        )
        body = highlight_document(doc["text"], claims, self.colour)
        measures = sorted({c["measure"] for c in claims if c["measure"]})
        html = self.render(
            "document.html",
            "../",
            doc=doc,
            body=body,
            figures=len(claims),
            measures=measures,
        )
        return Page(f"doc/{doc_id}.html", html)

    def search(self, query: SearchQuery) -> Page:
        result = self.run_search(query) if not self.static else SearchResult(query)
        index = None
        if self.static:
            index = self._search_index()
        html = self.render("search.html", "", result=result, index=index)
        return Page("search.html", html)

    def run_search(self, query: SearchQuery) -> SearchResult:
        """Full-text search over claims and documents, with facets over the matching claims.
        The words typed are matched as plain words: FTS5 syntax in them is quoted away."""
        result = SearchResult(query)
        match = fts_query(query.q)
        where, params = ["1 = 1"], {}
        if match and self.store.is_postgres:
            where.append(f"to_tsvector('simple', {PG_CLAIM_TEXT}) @@ {PG_QUERY}")
            params["m"] = query.q
        elif match:
            where.append("c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :m)")
            params["m"] = match
        for name, column in (
            ("measure", "c.measure"),
            ("source", "c.source"),
            ("outlet", "d.outlet"),
        ):
            value = query.filters.get(name)
            if value:
                where.append(f"{column} = :{name}")
                params[name] = value
        if query.year:
            where.append("substr(coalesce(c.period_start, c.as_of, d.published), 1, 4) = :year")
            params["year"] = query.year
        if not match and not query.filters:
            return result
        condition = " AND ".join(where)
        base = f"FROM claims c JOIN documents d ON d.id = c.doc_id WHERE {condition}"
        result.claims = self._rows(
            f"SELECT c.*, d.id AS doc_id, d.outlet, d.published {base} "
            "ORDER BY c.doc COLLATE BINARY, c.start LIMIT 200",
            **params,
        )
        for c in result.claims:
            c["quote_html"] = highlight_quote(c)
        for name, expr in (
            ("measure", "c.measure"),
            ("source", "c.source"),
            ("outlet", "d.outlet"),
            ("year", "substr(coalesce(c.period_start, c.as_of, d.published), 1, 4)"),
        ):
            rows = self._rows(
                f"SELECT {expr} AS facet, count(*) AS n {base} AND {expr} IS NOT NULL "
                f"GROUP BY {expr} ORDER BY n DESC, {expr} COLLATE BINARY LIMIT 12",
                **params,
            )
            result.facets[name] = [(r["facet"], r["n"]) for r in rows]
        if match:
            result.documents = self._rows(
                PG_DOCUMENT_SEARCH if self.store.is_postgres else FTS_DOCUMENT_SEARCH,
                m=query.q if self.store.is_postgres else match,
            )
            for d in result.documents:
                d["snippet_html"] = _marked_snippet(d["snippet"] or "")
        return result

    def _search_index(self) -> str:
        """The claims as a compact list for the static report's in-browser search."""
        rows = self._rows(
            "SELECT c.surface, c.measure, c.source, c.quote, c.period_start, c.as_of, "
            'c.start, c."end", d.id AS doc_id, d.name AS doc, d.outlet, d.published '

            "FROM claims c JOIN documents d ON d.id = c.doc_id "
            "ORDER BY c.doc COLLATE BINARY, c.start"
        )
        index = [
            [
                r["surface"],
                r["measure"] or "",
                r["source"] or "",
                r["quote"],
                r["doc"],
                r["outlet"] or "",
                (r["period_start"] or r["as_of"] or r["published"] or "")[:4],
                f"doc/{r['doc_id']}.html#f{r['start']}-{r['end']}",
            ]
            for r in rows
        ]
        return _json_for_script(index)


# Document search with a snippet around the words found: SQLite's FTS5 index, or
# PostgreSQL's full-text functions (no stemming on either: the words match as typed).
FTS_DOCUMENT_SEARCH = (
    "SELECT d.id, d.name, d.title, d.outlet, d.published, "
    "snippet(documents_fts, 3, '\x02', '\x03', ' … ', 12) AS snippet "
    "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
    "WHERE documents_fts MATCH :m ORDER BY rank LIMIT 50"
)
PG_QUERY = "plainto_tsquery('simple', :m)"
PG_CLAIM_TEXT = (
    "concat_ws(' ', c.surface, c.what, c.measure, c.source, c.quote)"
)
PG_DOCUMENT_SEARCH = (
    "SELECT d.id, d.name, d.title, d.outlet, d.published, "
    f"ts_headline('simple', d.text, {PG_QUERY}, "
    "'StartSel=\x02, StopSel=\x03, MaxWords=14, MinWords=6, FragmentDelimiter= … ') "
    "AS snippet FROM documents d "
    "WHERE to_tsvector('simple', concat_ws(' ', d.name, d.title, d.outlet, d.text)) "
    f"@@ {PG_QUERY} "
    f"ORDER BY ts_rank(to_tsvector('simple', d.text), {PG_QUERY}) DESC LIMIT 50"
)


def fts_query(words: str) -> str:
    """An FTS5 query that matches every word typed, each quoted as a plain string."""
    tokens = re.findall(r"\w+", words)[:20]
    return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def _json_for_script(value: Any) -> Markup:
    """JSON safe inside a <script> element: no "</script>" or "<!--" can close it."""
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _marked_snippet(snippet: str) -> Markup:
    parts = re.split(r"(\x02|\x03)", snippet)
    out, inside = [], False
    for part in parts:
        if part == "\x02":
            inside = True
        elif part == "\x03":
            inside = False
        else:
            out.append(f"<mark>{escape(part)}</mark>" if inside else str(escape(part)))
    return Markup("".join(out))


def highlight_quote(claim: dict[str, Any]) -> Markup:
    """The claim's sentence with its figure marked."""
    quote, surface = claim["quote"], claim["surface"]
    at = quote.find(surface)
    if at < 0:
        return Markup(escape(quote))
    return Markup(
        f"{escape(quote[:at])}<mark>{escape(surface)}</mark>{escape(quote[at + len(surface) :])}"
    )


def highlight_document(text: str, claims: list[dict[str, Any]], colour: Any) -> list[Markup]:
    """The document's paragraphs, every figure a focusable link with its claim beside it."""
    out: list[str] = []
    pos = 0
    for c in claims:
        start, end = int(c["start"]), int(c["end"])
        if start < pos:
            continue  # overlapping spans: the first one wins
        out.append(str(escape(text[pos:start])))
        tip = _claim_tip(c)
        href = f"../variable/{c['variable_id']}.html" if c["variable_id"] else f"#f{start}-{end}"
        out.append(
            f'<a class="fig {colour(c["measure"])}" id="f{start}-{end}" href="{escape(href)}" '
            f'aria-describedby="t{start}-{end}">{escape(text[start:end])}'
            f'<span class="tip" role="tooltip" id="t{start}-{end}">{tip}</span></a>'
        )
        pos = end
    out.append(str(escape(text[pos:])))
    html = "".join(out)
    return [Markup(p) for p in re.split(r"\n\s*\n|\n", html) if p.strip()]


def _claim_tip(c: dict[str, Any]) -> str:
    via = json.loads(c["via"]) if isinstance(c.get("via"), str) else (c.get("via") or [])
    lines = [
        ("what", (c.get("measure") or "").replace("_", " ") or c.get("what") or "not classified"),
        (
            "when",
            " · ".join(x for x in (when(c), (c.get("rate") or "").replace("_", " ")) if x)
            or "not stated",
        ),
        ("where", c.get("place") or "not stated"),
        ("source", c.get("source") or ("the author" if c.get("derived") else "not stated")),
    ]
    if via:
        lines.append(("via", ", ".join(via)))
    return "".join(f"<b>{escape(k)}</b> {escape(v)}<br>" for k, v in lines)
