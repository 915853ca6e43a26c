"""Bytes on the wire (issue #11, item 2): compression per content type, hashed static files
cached for a year, ETag and 304 on public pages, no-store on personal ones."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from flask import url_for

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


def test_the_first_view_of_a_key_page_is_at_most_35_kb(client):
    """HTML, stylesheets, scripts, the icon and the preloaded regular font face (what the page
    links); the semibold face, fetched by the CSS when first used, is not counted (README)."""
    for page_url in KEY_PAGES:
        page = client.get(page_url, headers=BOTH)
        total = len(page.data)
        for url in set(static_urls(decoded(page).decode())):
            total += len(client.get(url, headers=BOTH).data)
        assert total <= 35 * 1024, (page_url, total)
