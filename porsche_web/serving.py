"""Bytes on the wire (issue #11, item 2): compression, static files, validators.

* **Compression**: Flask-Compress answers HTML, CSS, JS, JSON and SVG with brotli or gzip,
  whichever the client accepts (``Accept-Encoding``; ``Vary: Accept-Encoding``).
* **Static files** (:class:`StaticFiles`, in the spirit of WhiteNoise): every file under
  ``porsche_web/static`` is read once per process, named by its content
  (``css/site.3f2a9c1b7d4e.css``) and kept with its gzip and brotli forms; a WSGI middleware
  in front of Flask serves them with ``Cache-Control: public, max-age=31536000, immutable``
  before any session or database work. ``url_for('static', filename='css/site.css')`` gives the
  hashed URL; the old unhashed URLs are 404, so nothing stale is cached for a year.
* **Whole pages kept** (:func:`cache_public_pages`): a public page asked for without a session,
  without a query and not by htmx is rendered once per (page, host, language, hour's anonymous
  CSRF token) and process, and then served from memory with its ETag: no template is rendered.
  Everything else of the request (routing, the market check, the security headers, the access
  log, compression, the 304) runs as for a page rendered now.
* **Validators**: the public pages (:data:`PUBLIC_ENDPOINTS`), shown to a visitor without a
  session, carry an ETag and ``Cache-Control: no-cache``: a repeat view is a 304. Pages of a
  logged-in customer keep ``no-store`` (``porsche_web.accounts.auth``).

WhiteNoise itself needs the hashed and compressed copies on disk (Django's ``collectstatic``);
with a handful of files, keeping them in memory avoids a build step and a writable folder.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
import os
import posixpath
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
from flask import Flask, Response, abort, g, make_response, request, session
from flask_compress import Compress

from porsche_web import fragments
from porsche_web.csrf import generate_csrf, has_session
from porsche_web.htmx import is_htmx
from porsche_web.i18n import ui_language

#: Pages that are the same for every anonymous visitor of a market and language.
PUBLIC_ENDPOINTS = frozenset(
    {"home.choose_market", "home.start", "connect.store", "support.support", "support.privacy"}
)
#: Public pages kept whole for visitors without a session (:func:`cache_public_pages`). The
#: market chooser is not one of them: its suggestion follows each browser's Accept-Language.
KEPT_PAGES = PUBLIC_ENDPOINTS - {"home.choose_market"}
STATIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")

compress = Compress()


@dataclass(frozen=True)
class StaticFile:
    mimetype: str
    etag: str
    #: content encoding ("identity", "br", "gzip") -> bytes
    bodies: dict[str, bytes]


def _hashed_name(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot or "/" in suffix:
        return f"{name}.{digest}"
    return f"{stem}.{digest}.{suffix}"


_CSS_URL = re.compile(rb"url\((['\"]?)([^'\")]+)\1\)")


_CSS_COMMENT = re.compile(rb"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(rb"\s+")
_CSS_PUNCTUATION = re.compile(rb" ?([{};]) ?")


def built_css(name: str, css: bytes, hashed: dict[str, str]) -> bytes:
    """A stylesheet as it is served: comments and runs of white space dropped (our CSS has no
    strings that contain them), ``url()`` references hashed (:func:`_hashed_references`)."""
    css = _CSS_COMMENT.sub(b"", css)
    css = _CSS_PUNCTUATION.sub(rb"\1", _CSS_SPACE.sub(b" ", css)).strip() + b"\n"
    return _hashed_references(name, css, hashed)


def _hashed_references(name: str, css: bytes, hashed: dict[str, str]) -> bytes:
    """``url(../vendor/f.woff2)`` in the stylesheet ``name`` → ``url(../vendor/f.<hash>.woff2)``
    (the unhashed URL is 404). References to unknown files are left as they are."""
    base = posixpath.dirname(name)

    def replace(match: re.Match[bytes]) -> bytes:
        reference = match.group(2).decode()
        if ":" in reference or reference.startswith(("/", "#")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(base, reference))
        if target not in hashed:
            return match.group(0)
        new = posixpath.relpath(hashed[target], base or ".")
        return b"url(" + new.encode() + b")"

    return _CSS_URL.sub(replace, css)


class StaticFiles:
    """The static files of one folder, hashed and compressed once (see the module doc)."""

    _built: dict[tuple[str, float], tuple[dict[str, str], dict[str, StaticFile]]] = {}
    _lock = threading.Lock()

    def __init__(self, folder: str, url_path: str = "/static") -> None:
        self.url_path = url_path.rstrip("/") + "/"
        self.hashed, self.files = self._build(Path(folder))

    @classmethod
    def _build(cls, folder: Path) -> tuple[dict[str, str], dict[str, StaticFile]]:
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
        key = (str(folder), max((p.stat().st_mtime for p in paths), default=0.0))
        with cls._lock:
            if key not in cls._built:
                hashed: dict[str, str] = {}
                files: dict[str, StaticFile] = {}
                # Stylesheets last: their url() references are rewritten to the hashed names
                # of the files they point at (fonts, images), so they are hashed after them.
                paths.sort(key=lambda p: p.suffix == ".css")
                for path in paths:
                    name = path.relative_to(folder).as_posix()
                    data = path.read_bytes()
                    if path.suffix == ".css":
                        data = built_css(name, data, hashed)
                    digest = hashlib.sha256(data).hexdigest()[:12]
                    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
                    bodies = {"identity": data}
                    if mimetype.startswith(COMPRESSIBLE) and len(data) > 256:
                        bodies["br"] = brotli.compress(data, quality=11)
                        bodies["gzip"] = gzip.compress(data, compresslevel=9, mtime=0)
                    hashed[name] = _hashed_name(name, digest)
                    files[hashed[name]] = StaticFile(mimetype, f'"{digest}"', bodies)
                cls._built[key] = (hashed, files)
            return cls._built[key]

    def url_defaults(self, endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = self.hashed.get(values["filename"], values["filename"])

    def middleware(self, app: Callable) -> Callable:
        def serve(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "")
            method = environ.get("REQUEST_METHOD", "GET")
            if not path.startswith(self.url_path) or method not in ("GET", "HEAD"):
                return app(environ, start_response)
            found = self.files.get(path[len(self.url_path) :])
            if found is None:
                return app(environ, start_response)
            return self._respond(found, environ, start_response, method)

        return serve

    @staticmethod
    def _respond(
        found: StaticFile, environ: dict[str, Any], start_response: Callable, method: str
    ) -> Iterable[bytes]:
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), found.bodies)
        body = found.bodies[encoding]
        etag = found.etag if encoding == "identity" else f'"{found.etag[1:-1]}-{encoding}"'
        headers = [
            ("Cache-Control", STATIC_CACHE_CONTROL),
            ("ETag", etag),
            ("X-Content-Type-Options", "nosniff"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
        ]
        if len(found.bodies) > 1:
            headers.append(("Vary", "Accept-Encoding"))
        if etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            start_response("304 Not Modified", headers)
            return [b""]
        content_type = found.mimetype
        if content_type.startswith(("text/", "application/javascript")):
            content_type += "; charset=utf-8"
        headers += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
        start_response("200 OK", headers)
        return [b""] if method == "HEAD" else [body]


def choose_encoding(accept_encoding: str, available: Iterable[str]) -> str:
    """brotli before gzip, when the client accepts it (``q=0`` refuses)."""
    accepted: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip()] = quality
    for encoding in ("br", "gzip"):
        if encoding in available and accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return "identity"


def _static_not_found(filename: str) -> Response:
    abort(404)


def public_page_validator(response: Response) -> Response:
    """An ETag (and a 304 for a repeat view) on public pages seen without a session."""
    if (
        request.method in ("GET", "HEAD")
        and request.endpoint in PUBLIC_ENDPOINTS
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not getattr(session, "sid", None)
        and not session
        and "Set-Cookie" not in response.headers
        and "Cache-Control" not in response.headers
    ):
        response.headers["Cache-Control"] = "no-cache"
        response.vary.add("Cookie")
        response.add_etag()
        response.make_conditional(request)
    return response


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    #: the view's headers (Content-Type, Content-Length, Vary, ETag), before ``after_request``
    headers: list[tuple[str, str]]
    etag: str


class CompressedPages:
    """Flask-Compress's cache (``COMPRESS_CACHE_BACKEND``): the brotli and gzip forms of the
    kept pages, by encoding and ETag (a hash of the page), so a kept page is compressed once
    per encoding, not on every request. Any other response is compressed as it goes (its key
    is empty and never kept)."""

    def __init__(self, limit: int = fragments.MAX_PAGES * 2) -> None:
        self.limit = limit
        self.bodies: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            found = self.bodies.get(key)
            if found is not None:
                self.bodies.move_to_end(key)
            return found

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";"):  # not a kept page
            return
        with self.lock:
            self.bodies[key] = value
            while len(self.bodies) > self.limit:
                self.bodies.popitem(last=False)


def compressed_page_key(_request: Any) -> str:
    """Flask-Compress's cache key: the kept page's ETag, or nothing (:class:`CompressedPages`)."""
    return g.get("kept_page_etag", "")


def _page_key() -> tuple[Any, ...] | None:
    """The kept page's key for this request, or None when the page must be rendered now."""
    if (
        request.method not in ("GET", "HEAD")
        or request.query_string
        or has_session()
        or is_htmx()
        or not fragments.enabled()
    ):
        return None
    return (
        request.endpoint,
        request.scheme,
        request.host,
        request.script_root,
        request.path,
        ui_language(),
        # The page carries the anonymous token: the same for an hour, then a new page.
        generate_csrf(),
    )


def kept_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """``view``, its page kept whole for visitors without a session (:func:`_page_key`).

    Only a 200 text/html answer that set no cookie and started no session is kept. The key
    holds everything the page depends on besides the plugins' answers, and the pages are kept
    in the market registry's memo, so they go with those answers (``clear_cache()``)."""

    @functools.wraps(view)
    def serve(*args: Any, **kwargs: Any) -> Any:
        key = _page_key()
        if key is None:
            return view(*args, **kwargs)
        pages = fragments.kept_pages()
        found = pages.find(key)
        if found is not None:
            g.kept_page_etag = found.etag
            return Response(found.body, 200, found.headers)
        response = make_response(view(*args, **kwargs))
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and not response.is_streamed
            and "Set-Cookie" not in response.headers
            and not has_session()
        ):
            response.add_etag()  # what public_page_validator would add: hashed once
            etag = response.get_etag()[0] or ""
            pages.keep(key, KeptPage(response.get_data(), list(response.headers.items()), etag))
            g.kept_page_etag = etag
        return response

    return serve


def cache_public_pages(app: Flask) -> None:
    """Keep the pages of :data:`KEPT_PAGES` whole (after the blueprints are registered)."""
    for endpoint in KEPT_PAGES:
        app.view_functions[endpoint] = kept_page(app.view_functions[endpoint])


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_CACHE_BACKEND", CompressedPages)
    app.config.setdefault("COMPRESS_CACHE_KEY", compressed_page_key)
    compress.init_app(app)
    # after_request functions run last-registered first: the validator sees the page before
    # Flask-Compress, which then marks the ETag with the encoding and answers the 304.
    app.after_request(public_page_validator)

    fragments.init_app(app)  # {% cache %}: rendered parts kept per market and language

    static = StaticFiles(os.fspath(app.static_folder), app.static_url_path or "/static")
    app.extensions["porsche_web.static"] = static
    app.url_defaults(static.url_defaults)
    app.view_functions["static"] = _static_not_found
    app.wsgi_app = static.middleware(app.wsgi_app)  # type: ignore[method-assign]

    from porsche_web.security import trust_proxies

    trust_proxies(app)  # outermost: everything inside sees the real client
