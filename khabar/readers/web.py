"""Fetching URLs safely.

URL lists are untrusted input, so every hop of a fetch is checked before
connecting: only http and https; the host is resolved and refused
(``private-address``) when any of its addresses is loopback, private,
link-local, reserved or multicast, unless ``Settings.allow_private_urls``;
the connection then goes to the address that was checked (no second DNS
lookup a rebinding attacker could answer differently).  Redirects are
followed by hand, at most :data:`MAX_REDIRECTS`, each hop checked again.
Bodies are streamed and cut at ``max_bytes``; each request has
``Settings.timeout`` seconds in all.  Proxy environment variables are ignored
(a proxy would defeat the address check).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import urljoin

import httpx

from ..article import RawDocument, Rejection
from ..config import Settings
from ..errors import FetchError, InputError
from ._formats import read_payload
from ._io import parse_content_type

log = logging.getLogger(__name__)

Item = RawDocument | Rejection

MAX_REDIRECTS = 5
USER_AGENT = "khabar/0.1 (multilingual news reader)"
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
              "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    # No br/zstd: httpx would need optional packages to decode them.
    "Accept-Encoding": "gzip, deflate",
}


@dataclass
class Fetched:
    """A successful response: final URL, media type, charset and body.

    ``status`` 304 (Not Modified: the conditional request's validators still
    match) has an empty body.  ``etag`` and ``last_modified`` are the
    validators to send back next time (``If-None-Match`` / ``If-Modified-Since``).
    """

    url: str
    status: int
    mime: str
    charset: str | None
    data: bytes
    etag: str | None = None
    last_modified: str | None = None


def read_url(url: str, settings: Settings) -> Iterator[Item]:
    """Documents at ``url``: an HTML page, each entry of a feed, or a text.

    Never raises for a bad URL: yields a Rejection (``fetch-failed``,
    ``private-address``, ``too-large``, ``unsupported`` …) instead."""
    try:
        fetched = fetch(url, settings)
    except InputError as exc:
        yield Rejection(url, exc.reason, exc.message)
        return
    yield from read_payload(url, fetched.data, fetched.mime, fetched.charset, settings,
                            url=fetched.url, fmt="html")


def fetch(url: str, settings: Settings, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` following at most :data:`MAX_REDIRECTS` redirects.

    ``headers`` are added to every hop (conditional requests: ``If-None-Match``,
    ``If-Modified-Since``; a 304 answer is returned as a :class:`Fetched`).
    Raises :class:`FetchError` with reason ``unsupported`` (not http/https),
    ``private-address``, ``too-large`` or ``fetch-failed`` (timeout,
    connection refused, HTTP error status, redirect loop, DNS failure).
    """
    chain = [url]
    with httpx.Client(timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
                      trust_env=False, headers=_HEADERS) as client:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            result = _get(client, current, settings, headers)
            if isinstance(result, Fetched):
                return result
            nxt = urljoin(current, result)
            if nxt in chain:
                raise FetchError("redirect loop: " + " -> ".join(chain + [nxt]),
                                 reason="fetch-failed", url=url)
            chain.append(nxt)
            current = nxt
    raise FetchError(f"more than {MAX_REDIRECTS} redirects: " + " -> ".join(chain),
                     reason="fetch-failed", url=url)


def _get(client: httpx.Client, url: str, settings: Settings,
         extra: dict[str, str] | None = None) -> Fetched | str:
    """One request: a :class:`Fetched`, or the Location of a redirect."""
    target, headers, extensions = _pin(url, settings)
    headers.update(extra or {})
    deadline = time.monotonic() + settings.timeout
    try:
        with client.stream("GET", target, headers=headers, extensions=extensions) as resp:
            validators = {"etag": resp.headers.get("etag"),
                          "last_modified": resp.headers.get("last-modified")}
            if resp.status_code == 304:
                return Fetched(url=url, status=304, mime="", charset=None, data=b"", **validators)
            if resp.has_redirect_location:
                return resp.headers["location"]
            if not resp.is_success:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip(),
                                 reason="fetch-failed", url=url)
            data = _body(resp, url, settings, deadline)
            mime, charset = parse_content_type(resp.headers.get("content-type"))
            return Fetched(url=url, status=resp.status_code, mime=mime, charset=charset, data=data,
                           **validators)
    except httpx.TimeoutException:
        raise FetchError(f"timeout: no complete response within {settings.timeout:g} s",
                         reason="fetch-failed", url=url) from None
    except httpx.ConnectError as exc:
        raise FetchError(_connect_detail(exc), reason="fetch-failed", url=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}", reason="fetch-failed", url=url) from None


def _body(resp: httpx.Response, url: str, settings: Settings, deadline: float) -> bytes:
    """The decoded body, refused as soon as it passes max_bytes or the deadline."""
    limit = settings.max_bytes
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"Content-Length {int(declared):,} is over max_bytes={limit:,}",
                         reason="too-large", url=url)
    body = bytearray()
    for chunk in resp.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(f"body is over max_bytes={limit:,}", reason="too-large", url=url)
        if time.monotonic() > deadline:
            # A server dripping bytes never trips the per-read timeout.
            raise FetchError(f"timeout: body not complete within {settings.timeout:g} s",
                             reason="fetch-failed", url=url)
    return bytes(body)


def _connect_detail(exc: httpx.ConnectError) -> str:
    cause = exc.__cause__ or exc.__context__
    text = f"{exc} {cause or ''}".lower()
    if "refused" in text or isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    return f"cannot connect: {exc}"


def post_json(url: str, payload: Any, settings: Settings) -> int:
    """POST ``payload`` as JSON to ``url`` (a webhook); returns the HTTP status.

    The address is checked as for :func:`fetch` (``private-address`` unless
    ``allow_private_urls``); redirects are not followed (a POST must not be
    replayed to wherever a 3xx points) and the response body is not read.
    Raises :class:`FetchError` (``fetch-failed``, ``private-address``,
    ``unsupported``) when the request fails or the status is not 2xx.
    """
    target, headers, extensions = _pin(url, settings)
    headers.update({"User-Agent": USER_AGENT, "Content-Type": "application/json; charset=utf-8"})
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    try:
        with httpx.Client(timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
                          trust_env=False) as client:
            with client.stream("POST", target, content=body, headers=headers,
                               extensions=extensions) as resp:
                status = resp.status_code
    except httpx.TimeoutException:
        raise FetchError(f"timeout: no response within {settings.timeout:g} s",
                         reason="fetch-failed", url=url) from None
    except httpx.ConnectError as exc:
        raise FetchError(_connect_detail(exc), reason="fetch-failed", url=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}", reason="fetch-failed", url=url) from None
    if not 200 <= status < 300:
        raise FetchError(f"HTTP {status}", reason="fetch-failed", url=url)
    return status


# ---------------------------------------------------------------- address checks

def _pin(url: str, settings: Settings) -> tuple[httpx.URL, dict[str, str], dict]:
    """Check ``url`` and aim the request at the address that was checked.

    Returns the URL to request (host replaced by the IP address), the Host
    header and, for https, the TLS server name to present and verify.
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}", reason="fetch-failed", url=url) from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parsed.scheme or 'no scheme'}",
                         reason="unsupported", url=url)
    if not parsed.host:
        raise FetchError("URL has no host", reason="fetch-failed", url=url)
    address = _checked_address(parsed, settings, url)
    headers = {"Host": parsed.netloc.decode("ascii")}
    extensions = {"sni_hostname": parsed.host} if parsed.scheme == "https" else {}
    return parsed.copy_with(host=address), headers, extensions


def _checked_address(parsed: httpx.URL, settings: Settings, url: str) -> str:
    """The address to connect to; raises ``private-address`` when the host
    has any address outside the public internet (and they are not allowed)."""
    addresses = _resolve(parsed, url)
    if not settings.allow_private_urls:
        for ip in addresses:
            kind = _non_public_kind(ip)
            if kind:
                raise FetchError(
                    f"{parsed.host} is {ip}, a {kind} address; set allow_private_urls "
                    "to fetch from the local network", reason="private-address", url=url)
    # IPv4 first: local test servers and many hosts listen on IPv4 only.
    addresses.sort(key=lambda ip: ip.version)
    return str(addresses[0])


def _resolve(parsed: httpx.URL, url: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    host = parsed.host
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {exc}", reason="fetch-failed", url=url) from None
    found = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])  # drop an IPv6 zone id
        if ip not in found:
            found.append(ip)
    if not found:
        raise FetchError(f"host {host} has no address", reason="fetch-failed", url=url)
    return found


def _non_public_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` must not be fetched from, or None for a public address."""
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:127.0.0.1 reaches 127.0.0.1
        ip = mapped
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:  # carrier-grade NAT 100.64/10, documentation ranges…
        return "non-global"
    return None
