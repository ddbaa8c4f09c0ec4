"""The JSON API under ``/api/``.

Lists answer ``{"items": […], "total": N, "limit": L, "offset": O}``; every
error answers ``{"ok": false, "error": "…", "status": N}`` (see
:mod:`khabar.server.app`).  Reads are open; ``POST /api/ingest`` and the
analyst edits need ``Authorization: Bearer <token>``: 403 when the server has
no token (read-only), 401 when the token is missing or wrong.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import tempfile
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from ..errors import InputError
from ..store import ArticleFilter
from . import views

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["api"])

DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_LIMIT = 1000
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items.")]
Language = Annotated[str | None, Query(max_length=8, description="ISO 639-1 code, e.g. ar.")]
Outlet = Annotated[str | None, Query(max_length=200, description="Outlet name.")]
Since = Annotated[str | None, Query(pattern=DATE, description="On or after this date (YYYY-MM-DD).")]
Until = Annotated[str | None, Query(pattern=DATE, description="On or before this date (YYYY-MM-DD).")]
Actor = Annotated[str | None, Query(max_length=200, description="Actor id, e.g. per:wang-yi.")]
EventType = Annotated[str | None, Query(max_length=40, description="PLOVER type, e.g. CONSULT.")]
AnyId = Annotated[str, Path(min_length=1, max_length=200)]


def _svc(request: Request):
    return request.app.state.khabar


def dumps(data: Any) -> bytes:
    """JSON as the API writes it (UTF-8, not ASCII-escaped)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


async def answer(request: Request, build) -> Response:
    """The JSON of ``build()`` (run in a worker thread), cached by URL until
    the database changes."""
    url = request.url.path + "?" + request.url.query
    return Response(await _svc(request).response(url, lambda: dumps(build())),
                    media_type="application/json")


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """403 on a read-only server, 401 without the right bearer token."""
    token = _svc(request).token
    if not token:
        raise HTTPException(403, "this server is read-only: start `khabar serve` with --token "
                                 "(or KHABAR_TOKEN) to allow ingest and edits")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


Writer = [Depends(require_token)]


# ------------------------------------------------------------------ reads

@router.get("/articles", summary="Articles (no text), in arrival order")
async def list_articles(request: Request, language: Language = None, outlet: Outlet = None,
                  since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0):
    flt = ArticleFilter(language=language, outlet=outlet, since=since, until=until,
                        limit=limit, offset=offset)
    return await answer(request, lambda: views.articles(_svc(request), flt))


@router.get("/articles/{article_id}", summary="One article: text as sentences, actors, quotes")
async def get_article(request: Request, article_id: AnyId,
                s: Annotated[int | None, Query(ge=0, description="Sentence to mark.")] = None):
    return await answer(request, lambda: views.article(_svc(request), article_id, highlight=s))


@router.get("/stories", summary="Stories: newest (last seen) or biggest (independent sources) first")
async def list_stories(request: Request,
                 sort: Annotated[str, Query(pattern="^(newest|biggest)$")] = "newest",
                 language: Language = None, outlet: Outlet = None, since: Since = None,
                 until: Until = None, actor: Actor = None, limit: Limit = 50, offset: Offset = 0):
    return await answer(request, lambda: views.stories(
        _svc(request), sort=sort, language=language, outlet=outlet, since=since, until=until,
        actor=actor, limit=limit, offset=offset))


@router.get("/stories/{story_id}", summary="One story (same data as the story page)")
async def get_story(request: Request, story_id: AnyId):
    return await answer(request, lambda: views.story(_svc(request), story_id))


@router.get("/entities", summary="Actors, most articles first")
async def list_entities(request: Request,
                  type: Annotated[str | None, Query(pattern="^(?i:PER|ORG|LOC|MISC)$")] = None,
                  q: Annotated[str | None, Query(max_length=200, description="Name contains.")] = None,
                  limit: Limit = 50, offset: Offset = 0):
    return await answer(request, lambda: views.actors(
        _svc(request), type=type.upper() if type else None, q=q, limit=limit, offset=offset))


@router.get("/entities/{actor_id}", summary="One actor (same data as the entity page)")
async def get_entity(request: Request, actor_id: AnyId):
    return await answer(request, lambda: views.actor(_svc(request), actor_id))


@router.get("/events", summary="Fused events (PLOVER type, mode, source → target, date, sources)")
async def list_events(request: Request, story: Annotated[str | None, Query(max_length=200)] = None,
                type: EventType = None, actor: Actor = None, language: Language = None,
                outlet: Outlet = None, since: Since = None, until: Until = None,
                limit: Limit = 50, offset: Offset = 0):
    return await answer(request, lambda: views.events(
        _svc(request), story=story, type=type, actor=actor, language=language, outlet=outlet,
        since=since, until=until, limit=limit, offset=offset))


@router.get("/quotes", summary="Quotes: speaker, cue, text and span")
async def list_quotes(request: Request, speaker: Actor = None,
                story: Annotated[str | None, Query(max_length=200)] = None,
                article: Annotated[str | None, Query(max_length=200)] = None,
                language: Language = None, outlet: Outlet = None, since: Since = None,
                until: Until = None, limit: Limit = 50, offset: Offset = 0):
    return await answer(request, lambda: views.quotes(
        _svc(request), speaker=speaker, story=story, article=article, language=language,
        outlet=outlet, since=since, until=until, limit=limit, offset=offset))


@router.get("/search", summary="Full-text search (Arabic/Persian spelling variants included)")
async def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
           language: Language = None, outlet: Outlet = None, since: Since = None,
           until: Until = None, limit: Limit = 20, offset: Offset = 0):
    flt = ArticleFilter(language=language, outlet=outlet, since=since, until=until,
                        limit=limit, offset=offset)
    return await answer(request, lambda: views.search(_svc(request), q, flt))


# ------------------------------------------------------------------ writes

class IngestText(BaseModel):
    """An article as JSON; or only ``url`` to fetch a page or feed."""

    text: str | None = Field(None, description="Article text (plain text or HTML).")
    title: str | None = None
    url: str | None = Field(None, description="Where the text came from; alone: fetch it.")
    outlet: str | None = None
    published: str | None = Field(None, description="Publication date, any common format.")
    author: str | None = None


class MergeBody(BaseModel):
    sources: list[str] = Field(..., min_length=1, description="Stories merged into this one.")


class SplitBody(BaseModel):
    articles: list[str] = Field(..., min_length=1, description="Articles moved to a new story.")


class RenameBody(BaseModel):
    title: str = Field(..., min_length=1, max_length=500)


_INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": IngestText.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "A file in any format `khabar ingest` reads."}}}}}}}


@router.post("/ingest", dependencies=Writer, openapi_extra=_INGEST_BODY,
             summary="Ingest JSON text, a URL (fetched; private addresses refused) or a file")
async def ingest(request: Request):
    svc = _svc(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    limit = svc.settings.max_bytes
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        # A body without a declared length could be of any size: refused
        # before anything is read or spooled to disk.
        raise HTTPException(411, "send a Content-Length header")
    if int(declared) > limit:
        raise HTTPException(413, f"request body is over max_bytes={limit:,}")
    if ctype == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, "invalid request: file: a multipart field 'file' is required")
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, f"file is over max_bytes={limit:,}")
        name = upload.filename or "upload.txt"
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest_bytes, svc, name, data)
    if ctype not in ("application/json", ""):
        raise HTTPException(415, "send application/json (an article or {\"url\": …}) or "
                                 "multipart/form-data with a 'file' field")
    raw = await request.body()
    try:
        doc = IngestText.model_validate_json(raw)
    except ValueError as exc:
        raise HTTPException(422, "invalid request: " + _first_error(exc)) from None
    from starlette.concurrency import run_in_threadpool

    if doc.text and doc.text.strip():
        record = {k: v for k, v in doc.model_dump().items() if v is not None}
        payload = json.dumps(record, ensure_ascii=False).encode("utf-8")
        return await run_in_threadpool(_ingest_bytes, svc, "article.json", payload)
    if doc.url:
        if not re.match(r"^https?://", doc.url, re.I):
            raise HTTPException(422, "invalid request: url: only http and https URLs are fetched")
        return await run_in_threadpool(_ingest_inputs, svc, [doc.url])
    raise HTTPException(422, "invalid request: give 'text' (an article) or 'url' (a page to fetch)")


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        e = errors()[0]
        where = ".".join(str(x) for x in e.get("loc", ())) or "body"
        return f"{where}: {e.get('msg', 'invalid')}"
    return str(exc)


def _ingest_bytes(svc, name: str, data: bytes) -> dict[str, Any]:
    """Ingest an uploaded file (or a posted article, as ``article.json``).

    The bytes go through the same readers as ``khabar ingest FILE`` (format by
    extension, else sniffed), from a private temp dir that lives for the run;
    the store records the source as ``upload:NAME``.
    """
    safe = (re.sub(r"[^\w.\-]+", "_", os.path.basename(name)).lstrip(".") or "upload.txt")[-120:]
    with tempfile.TemporaryDirectory(prefix="khabar-upload-") as tmp:
        path = os.path.join(tmp, safe)
        with open(path, "wb") as f:
            f.write(data)
        return _ingest_inputs(svc, [path], label=(path, "upload:" + safe))


class _Recording:
    """The writer store, noting which articles a run wrote or saw again."""

    def __init__(self, store):
        self._store = store
        self.new: list[str] = []
        self.seen: list[str] = []

    def write_batch(self, articles, sightings, rejections, run_id=None, outlet_lines=None):
        self.new += [a.id for a in articles]
        self.seen += [s.article_id for s in sightings]
        return self._store.write_batch(articles, sightings, rejections, run_id, outlet_lines)

    def __getattr__(self, name):
        return getattr(self._store, name)


def _run_ingest(inputs: list[str], store, settings, label: tuple[str, str] | None):
    """khabar's ingest; with ``label`` (temp path, name) the sources are renamed."""
    from .. import ingest as ingest_mod

    if label is None or not hasattr(ingest_mod, "ingest_items"):
        return ingest_mod.ingest(inputs, store, settings)
    from dataclasses import replace

    from .. import readers

    tmp, name = label
    items = (replace(doc, source=name + doc.source[len(tmp):]) if doc.source.startswith(tmp) else doc
             for doc in readers.iter_documents(inputs, settings))
    return ingest_mod.ingest_items(items, store, settings, inputs=[name])


def _ingest_inputs(svc, inputs: list[str], label: tuple[str, str] | None = None) -> dict[str, Any]:
    """Run khabar's ingest (and the actor, story and event steps) on ``inputs``.

    URLs go through the readers' fetch guard: a host on a loopback, private,
    link-local or otherwise non-public address is refused (``private-address``)
    unless the ``allow_private_urls`` setting is on."""
    import importlib

    from ..errors import MissingExtra

    with svc.write_lock:
        store = svc.writer()
        rec = _Recording(store)
        try:
            summary = _run_ingest(inputs, rec, svc.settings, label)
            steps: dict[str, Any] = {}
            if summary.ingested:
                for step in ("actors", "stories", "events"):
                    try:
                        module = importlib.import_module(f"khabar.{step}")
                        steps[step] = getattr(module, f"update_{step}")(store, svc.settings).as_dict()
                    except MissingExtra as exc:
                        steps[step] = {"skipped": str(exc)}
        finally:
            svc.wrote()
        ids = list(dict.fromkeys(rec.new + rec.seen))
        story_of = views._stories_of(store, ids)
    out = summary.as_dict()
    refused = {r: n for r, n in summary.rejected.items() if r in ("private-address", "unsupported")}
    if refused and not ids:
        detail = "; ".join(summary.examples.get(r, [""])[0] for r in refused)
        raise InputError(f"URL refused ({', '.join(refused)}): {detail}", reason=next(iter(refused)))
    out.update(ok=summary.ok, articles=[{"id": i, "new": i in rec.new, "story": story_of.get(i)}
                                        for i in ids], steps=steps)
    return out


@router.post("/stories/{story_id}/merge", dependencies=Writer, summary="Merge stories into this one")
def merge(request: Request, story_id: AnyId, body: MergeBody):
    svc = _svc(request)
    with svc.write_lock:
        try:
            target = svc.writer().merge_stories(story_id, body.sources)
        finally:
            svc.wrote()
    return {"ok": True, "story": target, "merged": body.sources}


@router.post("/stories/{story_id}/split", dependencies=Writer,
             summary="Move articles out of this story into a new one")
def split(request: Request, story_id: AnyId, body: SplitBody):
    svc = _svc(request)
    with svc.write_lock:
        try:
            new_id = svc.writer().split_story(story_id, body.articles)
        finally:
            svc.wrote()
    return {"ok": True, "story": story_id, "new_story": new_id}


@router.post("/stories/{story_id}/rename", dependencies=Writer,
             summary="Give a story a title of your own (kept by later runs)")
def rename(request: Request, story_id: AnyId, body: RenameBody):
    svc = _svc(request)
    with svc.write_lock:
        try:
            svc.writer().rename_story(story_id, body.title)
        finally:
            svc.wrote()
    return {"ok": True, "story": svc.store().get_story(story_id)["id"], "title": body.title}
