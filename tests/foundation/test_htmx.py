"""Our htmx surface: page or fragment from one template, redirects, the client config."""

from __future__ import annotations

import json
import re

from flask import Blueprint, g, url_for

from porsche_web import htmx


def make_demo_app(make_app, tmp_path):
    app = make_app()
    (tmp_path / "demo.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Demo</h1>'
        '<div id="part">{% block part %}part {{ value }}{% endblock %}</div>{% endblock %}'
    )
    from jinja2 import ChoiceLoader, FileSystemLoader

    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(str(tmp_path))])
    bp = Blueprint("demo", __name__)

    @bp.get("/demo")
    def demo():
        return htmx.render_page("demo.html", block="part", value=42)

    @bp.post("/go")
    def go():
        g.unused = True
        return htmx.redirect("/se/sv/")

    app.register_blueprint(bp)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_one_template_serves_page_and_fragment(make_app, tmp_path):
    client = make_demo_app(make_app, tmp_path).test_client()
    page = client.get("/demo")
    assert "<h1>Demo</h1>" in page.get_data(as_text=True)
    fragment = client.get("/demo", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True) == "part 42"
    boosted = client.get("/demo", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<h1>Demo</h1>" in boosted.get_data(as_text=True)
    for response in (page, fragment, boosted):
        assert "HX-Request" in response.headers["Vary"]


def test_redirects_work_for_browsers_and_htmx(make_app, tmp_path):
    client = make_demo_app(make_app, tmp_path).test_client()
    plain = client.post("/go")
    assert plain.status_code == 303 and plain.headers["Location"] == "/se/sv/"
    hx = client.post("/go", headers={"HX-Request": "true"})
    assert hx.status_code == 204 and hx.headers["HX-Redirect"] == "/se/sv/"


def test_pages_load_the_vendored_htmx_on_demand_with_a_strict_config(client):
    """htmx is not in the first view: site.js fetches it from its data-htmx-src (README,
    "htmx on demand"); the page names no other script."""
    page = client.get("/se/sv/").get_data(as_text=True)
    assert re.search(
        r'<script src="/static/js/site\.[0-9a-f]{12}\.js" '
        r'data-htmx-src="/static/vendor/htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js" defer>',
        page,
    )
    assert len(re.findall(r"<script\b", page)) == 1
    raw = re.search(r'<meta name="htmx-config" content="([^"]+)">', page).group(1)
    config = json.loads(raw.replace("&#34;", '"'))
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    assert config["selfRequestsOnly"] is True and config["allowScriptTags"] is False
    assert {"code": "422", "swap": True} in config["responseHandling"]
    assert "<script>" not in page and "style=" not in page and "<style" not in page


def test_the_vendored_htmx_is_served_with_its_licence(app, client):
    with app.test_request_context():
        script_url = url_for("static", filename="vendor/htmx-2.0.11.min.js")
        licence_url = url_for("static", filename="vendor/htmx-2.0.11.LICENSE.txt")
    script = client.get(script_url)
    assert script.status_code == 200 and b"htmx" in script.data[:2000]
    assert client.get(licence_url).status_code == 200
