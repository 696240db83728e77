"""``crosscount serve``: the pages of a database as a local, read-only web app."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..store import Store
from .pages import Page, SearchQuery, Site

# What a page may load: its own scripts and styles only (vega compiles chart expressions,
# hence 'unsafe-eval'; vega-embed sets inline styles). Injected markup could run nothing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_LIST = re.compile(r"^(findings|variables|documents)(?:-(\d+))?$")


def static_dir() -> Path:
    return Path(str(resources.files("crosscount") / "web" / "static"))


def create_app(db: str | Path) -> Starlette:
    """The app for database ``db`` (which must exist)."""
    store = Store(db)
    site = Site(store)

    def page(found: Page | None) -> Response:
        if found is None:
            return HTMLResponse("<h1>Not found</h1>", status_code=404, headers=SECURITY_HEADERS)
        return HTMLResponse(found.html, headers=SECURITY_HEADERS)

    async def index(request: Request) -> Response:
        return page(site.overview())

    async def listing(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "index":
            return page(site.overview())
        if name == "search":
            q = request.query_params
            query = SearchQuery(
                q=q.get("q", "")[:300],
                measure=q.get("measure", ""),
                source=q.get("source", ""),
                outlet=q.get("outlet", ""),
                year=q.get("year", ""),
            )
            return page(site.search(query))
        m = _LIST.match(name)
        if m is None:
            return page(None)
        return page(site.list_page(m.group(1), int(m.group(2) or 1)))

    async def variable(request: Request) -> Response:
        return page(site.variable(request.path_params["key"]))

    async def finding(request: Request) -> Response:
        return page(site.finding(request.path_params["key"]))

    async def document(request: Request) -> Response:
        key = request.path_params["key"]
        return page(site.document(int(key)) if key.isdigit() else None)

    async def root_redirect(request: Request) -> Response:
        return RedirectResponse("/index.html")

    routes = [
        Route("/", root_redirect),
        Route("/{name}.html", listing),
        Route("/variable/{key}.html", variable),
        Route("/finding/{key}.html", finding),
        Route("/doc/{key}.html", document),
        Mount("/static", StaticFiles(directory=static_dir()), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    return Starlette(routes=routes, lifespan=lifespan)
