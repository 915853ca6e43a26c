"""Bytes on the wire (issue #11, item 2): compression per content type, hashed static files
cached for a year, ETag and 304 on public pages, no-store on personal ones."""

from __future__ import annotations

import gzip
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from flask import url_for

import porsche_web
from porsche_web.serving import built_css

SV = "/se/sv"
BOTH = {"Accept-Encoding": "gzip, deflate, br"}
KEY_PAGES = [f"{SV}/", f"{SV}/store", f"{SV}/support", f"{SV}/privacy", f"{SV}/account/login"]


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    return response.data


def static_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', page)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_html_is_compressed_as_the_client_accepts(client, accept, expected):
    response = client.get(f"{SV}/support", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"</html>" in decoded(response)


def test_a_large_json_body_is_compressed(app):
    @app.get("/test-json")
    def big_json():
        return {"items": [f"item {n}" for n in range(200)]}

    response = app.test_client().get("/test-json", headers=BOTH)
    assert response.headers["Content-Encoding"] == "br"
    assert decoded(response).startswith(b'{"items"')


@pytest.mark.parametrize(
    ("filename", "mimetype", "encoding"),
    [
        ("css/site.css", "text/css", "br"),
        ("vendor/htmx-2.0.11.min.js", "text/javascript", "br"),
        ("js/site.js", "text/javascript", "br"),
        ("img/favicon.svg", "image/svg+xml", None),  # 228 bytes: not worth compressing
    ],
)
def test_static_files_have_hashed_urls_and_are_cached_for_a_year(
    app, client, filename, mimetype, encoding
):
    with app.test_request_context():
        url = url_for("static", filename=filename)
    stem = filename.rsplit(".", 1)[0]
    assert re.fullmatch(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.\w+", url)
    response = client.get(url, headers=BOTH)
    assert response.status_code == 200
    assert response.mimetype in (mimetype, "application/javascript")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers.get("Content-Encoding") == encoding
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    original = (app.static_folder + "/" + filename).encode()
    with open(original, "rb") as file:
        data = file.read()
    if filename.endswith(".css"):  # served without comments and extra white space
        data = built_css(filename, data, {})
    assert decoded(response) == data
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers.get("Content-Encoding") == (encoding and "gzip")
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers
    # the old unhashed URL is gone, and so is a wrong hash
    assert client.get(f"/static/{filename}").status_code == 404
    assert client.get(url.replace(url.split(".")[-2], "0" * 12)).status_code == 404


def test_every_static_url_of_a_page_resolves(client):
    page = client.get(f"{SV}/").get_data(as_text=True)
    urls = static_urls(page)
    assert len(urls) >= 4
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", [*KEY_PAGES[:4], "/"])
def test_public_pages_send_an_etag_and_answer_a_repeat_view_with_304(client, url):
    first = client.get(url, headers=BOTH)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={**BOTH, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    plain = client.get(url)
    assert plain.status_code == 200
    assert client.get(url, headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_personal_pages_keep_no_store_and_no_etag(app, porsche_id):
    porsche_id.register_and_confirm()
    porsche_id.login()
    for url in (f"{SV}/account/", f"{SV}/"):
        response = porsche_id.client.get(url, headers=BOTH)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers


def _site_js_rule() -> re.Pattern[str]:
    """site.js's own rule for the htmx triggers that start without the visitor (read from it,
    so that the count follows the rule)."""
    site_js = (Path(porsche_web.__file__).parent / "static/js/site.js").read_text("utf-8")
    return re.compile(re.search(r"var STARTS_ALONE = /(.+)/;", site_js).group(1))


STARTS_ALONE = _site_js_rule()


class FirstView(HTMLParser):
    """What a browser fetches to show a page, read from its HTML: stylesheets, icons, preloads,
    scripts and images; the page's text decides which font faces of the stylesheets it needs."""

    FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.text: set[str] = set()
        self.starts_htmx = False
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "link" and self.FETCHED_LINKS & set(attr.get("rel", "").split()):
            self.urls.append(attr["href"])
        elif tag in ("script", "img") and attr.get("src"):
            self.urls.append(attr["src"])
        if tag in ("script", "style", "title", "template"):
            self._hidden += 1
        trigger = attr.get("data-hx-trigger") or attr.get("hx-trigger") or ""
        # site.js fetches htmx without the visitor only for these triggers (README, "htmx on
        # demand"); any other htmx waits for the visitor and is not part of the first view
        if STARTS_ALONE.search(trigger):
            self.starts_htmx = True
        if tag == "script" and attr.get("data-htmx-src"):
            self.htmx = attr["data-htmx-src"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title", "template"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.update(data)


def font_faces(css: str, stylesheet_url: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each ``@font-face`` of ``css``: its URL and its unicode-range as (first, last) pairs."""
    faces = []
    for block in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        src = re.search(r"url\(([^)]+)\)", block).group(1).strip("\"'")
        spans = re.search(r"unicode-range:([^;}]+)", block)
        ranges = []
        for part in (spans.group(1) if spans else "U+0-10FFFF").split(","):
            first, _, last = part.strip()[2:].partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
        faces.append(
            (posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet_url), src)), ranges)
        )
    return faces


def shows(text: set[str], ranges: list[tuple[int, int]]) -> bool:
    """True when a character of ``text`` is in one of the ``ranges`` (a face's unicode-range)."""
    return any(first <= ord(c) <= last for c in text for first, last in ranges)


def first_view(client, page_url: str) -> dict[str, int]:
    """Bytes on the wire (compressed as a browser accepts) for every file of the first view of
    ``page_url``: the HTML, what it links, and every font face of its stylesheets that covers a
    character of its text (the browser fetches a face when text in its range is shown; every
    weight counts, as the header, the buttons and the labels use both)."""
    page = client.get(page_url, headers=BOTH)
    assert page.status_code == 200, page_url
    view = FirstView()
    view.feed(decoded(page).decode())
    sizes = {page_url: len(page.data)}
    urls = list(dict.fromkeys(view.urls))
    if view.starts_htmx:
        urls.append(view.htmx)
    for url in urls:
        assert url.startswith("/static/"), url  # everything is self-hosted
        response = client.get(url, headers=BOTH)
        assert response.status_code == 200, url
        sizes[url] = len(response.data)
        if url.endswith(".css"):
            for face, ranges in font_faces(decoded(response).decode(), url):
                if shows(view.text, ranges) and face not in sizes:
                    font = client.get(face, headers=BOTH)
                    assert font.status_code == 200, face
                    sizes[face] = len(font.data)
    return sizes


def test_the_first_view_counts_the_fonts_the_page_shows(client):
    """The count is what the browser fetches: both faces of the Latin text, not the htmx that
    waits for the visitor; a page that has no character of a face's range does not fetch it."""
    sizes = first_view(client, f"{SV}/support")
    fonts = [url for url in sizes if url.endswith(".woff2")]
    assert any("latin-400" in url for url in fonts) and any("latin-600" in url for url in fonts)
    assert not any("htmx" in url for url in sizes)
    assert any("/js/site." in url for url in sizes)
    assert not any("latin-ext" in url for url in fonts)  # Swedish needs no Latin Extended
    css = next(url for url in sizes if "/tokens." in url)
    faces = dict(font_faces(decoded(client.get(css, headers=BOTH)).decode(), css))
    latin_ext = next(url for url in faces if "latin-ext-400" in url)
    assert shows(set("Łódź"), faces[latin_ext]) and not shows(set("Göteborg"), faces[latin_ext])


def test_htmx_is_in_the_first_view_only_where_a_trigger_starts_without_the_visitor():
    for trigger, alone in [
        ("every 2s", True),
        ("load", True),
        ("revealed", True),
        ("change, submit", False),
        ("submit", False),
        ("keyup changed delay:500ms", False),
    ]:
        view = FirstView()
        view.feed(f'<form data-hx-get="/x" data-hx-trigger="{trigger}"></form>')
        assert view.starts_htmx is alone, trigger


@pytest.mark.parametrize("site", [SV, "/se/en", "/de/de", "/jp/ja"])
def test_the_first_view_of_a_key_page_is_at_most_35_kb(client, site):
    """Everything the browser fetches for the first view (see first_view): the semibold face
    counts, htmx does not (site.js fetches it when the visitor turns to an htmx form)."""
    for page_url in KEY_PAGES:
        page_url = page_url.replace(SV, site, 1)
        sizes = first_view(client, page_url)
        assert sum(sizes.values()) <= 35 * 1024, (page_url, sum(sizes.values()), sizes)
