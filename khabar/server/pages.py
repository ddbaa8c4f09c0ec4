"""The dashboard: server-rendered HTML pages, each with a JSON twin.

JSON twin convention: add ``.json`` to the page's path —
``/stories/{id}`` ↔ ``/stories/{id}.json``, ``/entities/{id}`` ↔
``/entities/{id}.json``, ``/articles/{id}`` ↔ ``/articles/{id}.json``,
``/search?q=…`` ↔ ``/search.json?q=…``, ``/`` ↔ ``/index.json``,
``/entities`` ↔ ``/entities.json``.  The twin returns exactly the dict the
page renders (built by :mod:`khabar.server.views`).

All article text is untrusted: templates autoescape, no inline script or
style (the Content-Security-Policy forbids both), and no event handler
attributes; the little JavaScript there is lives in ``static/khabar.js``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Callable
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..report import story_dates
from ..store import ArticleFilter
from . import charts, views
from .api import DATE, MAX_LIMIT, dumps

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("khabar.server", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["path"] = lambda s: quote(str(s), safe="")
    env.filters["cite"] = cite_url
    env.filters["story_dates"] = story_dates
    env.globals.update(timeline_svg=charts.timeline_svg, graph_svg=charts.graph_svg)
    return env


def render(template: str, **context) -> str:
    """Render ``template`` (autoescaped)."""
    context.setdefault("json_url", None)
    return _env().get_template(template).render(**context)


def cite_url(article_id: str, sentence: int | None = None) -> str:
    """Link to an article with one sentence marked: ``/articles/ID?s=N#sN``."""
    base = "/articles/" + quote(article_id, safe="")
    return base if sentence is None else f"{base}?s={int(sentence)}#s{int(sentence)}"


async def _answer(request: Request, template: str, build: Callable[[], dict],
                  title: Callable[[dict], str]) -> Response:
    """The page, or its JSON twin for a ``.json`` path; both built in a worker
    thread and cached by URL until the database changes."""
    svc = _svc(request)
    key = request.url.path + "?" + request.url.query
    if request.url.path.endswith(".json"):
        return Response(await svc.response(key, lambda: dumps(build())),
                        media_type="application/json")
    path = request.url.path.rstrip("/") or "/index"
    json_url = path + ".json" + (f"?{request.url.query}" if request.url.query else "")

    def html() -> bytes:
        data = build()
        return render(template, **data, title=title(data), json_url=json_url).encode("utf-8")

    return HTMLResponse(await svc.response(key, html))


def _svc(request: Request):
    return request.app.state.khabar


def _strip(ident: str) -> str:
    return ident[:-5] if ident.endswith(".json") else ident


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/index.json")
@router.get("/", response_class=HTMLResponse)
async def home(request: Request, sort: Annotated[str, Query(pattern="^(newest|biggest)$")] = "newest",
         language: Annotated[str | None, Query(max_length=8)] = None,
         outlet: Annotated[str | None, Query(max_length=200)] = None,
         limit: Limit = 50, offset: Offset = 0):
    def build():
        data = views.home(_svc(request), sort=sort, language=language, outlet=outlet, limit=limit,
                          offset=offset)
        return dict(data, pages=_pages(request, data["stories"]))

    return await _answer(request, "home.html", build, lambda d: "Stories")


@router.get("/stories/{story_id}.json")
@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: str):
    return await _answer(request, "story.html", lambda: views.story(_svc(request), _strip(story_id)),
                   lambda d: d["story"]["title"] or d["story"]["id"])


@router.get("/entities.json")
@router.get("/entities", response_class=HTMLResponse)
async def entities(request: Request, type: Annotated[str | None, Query(pattern="^(?i:PER|ORG|LOC|MISC)$")] = None,
             q: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = 100,
             offset: Offset = 0):
    def build():
        found = views.actors(_svc(request), type=type.upper() if type else None, q=q, limit=limit,
                             offset=offset)
        for a in found["items"]:
            a["dir"] = views.text_dir(a["name"])
        return {"type": type, "q": q, "actors": found, "pages": _pages(request, found)}

    return await _answer(request, "entities.html", build, lambda d: "Actors")


@router.get("/entities/{actor_id}.json")
@router.get("/entities/{actor_id}", response_class=HTMLResponse)
async def entity(request: Request, actor_id: str):
    return await _answer(request, "entity.html", lambda: views.actor(_svc(request), _strip(actor_id)),
                   lambda d: d["actor"]["name"])


@router.get("/articles/{article_id}.json")
@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article(request: Request, article_id: str, s: Annotated[int | None, Query(ge=0)] = None):
    return await _answer(request, "article.html",
                   lambda: views.article(_svc(request), _strip(article_id), highlight=s),
                   lambda d: d["article"]["title"] or d["article"]["id"])


@router.get("/search.json")
@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
           language: Annotated[str | None, Query(max_length=8)] = None,
           outlet: Annotated[str | None, Query(max_length=200)] = None,
           since: Annotated[str | None, Query(pattern=DATE)] = None,
           until: Annotated[str | None, Query(pattern=DATE)] = None,
           limit: Limit = 20, offset: Offset = 0):
    flt = ArticleFilter(language=language or None, outlet=outlet or None, since=since, until=until,
                        limit=limit, offset=offset)

    def build():
        found = views.search(_svc(request), q, flt)
        return {"results": found, "q": q, "pages": _pages(request, found)}

    return await _answer(request, "search.html", build, lambda d: f"Search: {q}" if q else "Search")


def _pages(request: Request, listing: dict) -> dict:
    """Previous/next links that keep the other query parameters."""
    params = dict(request.query_params)
    limit, offset = listing["limit"], listing["offset"]

    def at(off: int) -> str:
        return request.url.path + "?" + urlencode({**params, "offset": off, "limit": limit})

    more = listing.get("has_more", offset + limit < listing["total"])
    return {"prev": at(max(0, offset - limit)) if offset > 0 else None,
            "next": at(offset + limit) if more else None,
            "first": offset + 1 if listing["items"] else 0,
            "last": offset + len(listing["items"]), "total": listing["total"]}
