"""The design system (#19, item 8): tokens in one stylesheet, a self-hosted open-licence
typeface served from our own hashed URLs, a text wordmark, our own model silhouettes on the
store, the order and the car pages, service cards grouped by category."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from porsche_web.connect.catalogue import MODELS, Category
from porsche_web.testing.actions.activation import step_url

STATIC = Path(__file__).resolve().parents[2] / "porsche_web" / "static"
FONT = STATIC / "vendor" / "albert-sans-5.3.0"


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)


def test_tokens_come_first_and_hold_every_colour_and_size(client):
    html = client.get("/se/sv/").get_data(as_text=True)
    sheets = stylesheets(html)
    assert [Path(s).name.split(".")[0] for s in sheets] == ["tokens", "site"]
    tokens = client.get(sheets[0]).get_data(as_text=True)
    for token in ("--ink:", "--accent:", "--font:", "--text-3xl:", "--space-7:", "--radius:"):
        assert token in tokens
    site = client.get(sheets[1]).get_data(as_text=True)
    assert "var(--font)" in site and "font-family:system-ui" not in site.replace(" ", "")


def test_the_typeface_is_self_hosted_with_its_licence_and_swaps(client):
    html = client.get("/se/sv/").get_data(as_text=True)
    preload = re.search(
        r'<link rel="preload" href="([^"]+\.woff2)" as="font"[^>]*crossorigin>', html
    )
    assert preload, "the regular face is preloaded"
    tokens = client.get(stylesheets(html)[0]).get_data(as_text=True)
    faces = re.findall(r"@font-face\{[^}]*\}", tokens)
    assert len(faces) == 4  # regular and semibold, each latin and latin-ext (pl, cs, ro, lv …)
    urls = re.findall(r"url\(([^)]+)\)", tokens)
    assert all("unicode-range" in face for face in faces)
    # the preloaded regular faces swap in; the semibold one is used only if there in time
    assert ["font-display: swap" in face for face in faces] == [True, True, False, False]
    for semibold in faces[2:]:
        assert "font-display: optional" in semibold and "font-weight: 600" in semibold
    for url in urls:  # rewritten to the hashed names: the plain names are 404
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", url), url
        response = client.get(posixpath.normpath("/static/css/" + url))
        assert response.status_code == 200 and response.mimetype == "font/woff2"
        assert response.headers["Cache-Control"].endswith("immutable")
    assert preload.group(1).endswith(Path(urls[0]).name)
    assert sorted(p.suffix for p in FONT.iterdir() if p.suffix == ".woff2") == [".woff2"] * 4
    assert "SIL Open Font License" in (FONT / "LICENSE.txt").read_text()
    assert "@fontsource/albert-sans 5.3.0" in (FONT / "SOURCE.txt").read_text()


def test_the_strong_weight_is_a_real_face_not_synthetic_bold(client):
    """--weight-strong (labels, buttons, service names) has its own face; only the regular
    latin face is preloaded: the semibold one is fetched when the CSS first uses it."""
    html = client.get("/se/sv/").get_data(as_text=True)
    tokens = client.get(stylesheets(html)[0]).get_data(as_text=True)
    strong = re.search(r"--weight-strong:\s*(\d+)", tokens).group(1)
    weights = {
        re.search(r"font-weight:\s*(\d+)", face).group(1): re.search(r"url\(([^)]+)\)", face)[1]
        for face in re.findall(r"@font-face\{[^}]*\}", tokens)
        if "U+0000-00FF" in face  # the latin subset: every letter of sv, en and de
    }
    assert set(weights) == {"400", strong} and strong == "600"
    assert "latin-600-normal" in weights[strong]
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font"', html)
    assert len(preloads) == 1 and "latin-400-normal" in preloads[0]
    assert client.get(posixpath.normpath("/static/css/" + weights[strong])).status_code == 200


@pytest.mark.parametrize("path", ["/", "/se/sv/", "/se/en/support"])
def test_the_header_is_a_text_wordmark_with_my_porsche_once(client, path):
    html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    header = html[html.index("<header") : html.index("</header>")]
    assert '<span class="wordmark">' in header
    assert header.count(">My Porsche<") == 1 and "<img" not in header


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.id)
def test_every_model_has_a_silhouette_of_our_own(model):
    svg = (STATIC / "img" / "models" / f"{model.family}.svg").read_text()
    assert svg.startswith("<svg") and "not a Porsche asset" in svg


def test_the_store_shows_the_car_and_its_services_as_cards_by_category(client):
    html = client.get("/se/en/store?model=taycan&year=2026").get_data(as_text=True)
    assert re.search(
        r'<img class="silhouette" src="/static/img/models/taycan\.[0-9a-f]{12}\.svg" alt=""', html
    )
    groups = re.findall(r'<h3 id="group-(\w+)">([^<]+)</h3>', html)
    order = [c.value for c in Category]
    assert [g[0] for g in groups] == sorted((g[0] for g in groups), key=order.index)
    assert ("remote", "Remote control") in groups and len(groups) >= 4
    remote = html[html.index('id="group-remote"') :]
    remote = remote[: remote.index("</section>")]
    assert "Remote Lock and Unlock" in remote and "Navigation Plus" not in remote
    assert html.count('class="service"') + html.count('class="service service-unavailable"') >= 10


SILHOUETTE = re.compile(r'<img class="silhouette" src="/static/img/models/(\w+)\.\w+\.svg" alt=""')


def test_the_order_page_shows_the_silhouette(client, activation):
    activation.use_link(activation.make_order(model="cayenne", year=2025))
    start = client.get("/se/sv/activate")
    assert start.status_code == 200, start.status_code
    assert SILHOUETTE.search(start.get_data(as_text=True)).group(1) == "cayenne"


def test_check_your_answers_shows_the_silhouette(client, activation):
    activation.use_link(activation.make_order())
    activation.walk_to_check()
    check = client.get(step_url("SE-200300", "check")).get_data(as_text=True)
    assert SILHOUETTE.search(check).group(1) == "taycan"


def test_the_car_page_shows_the_silhouette(client, activation, vehicles):
    activation.activate(vin="WP0ZZZY1ZPS000002")
    car = client.get(vehicles.link_car()).get_data(as_text=True)
    assert SILHOUETTE.search(car).group(1) == "taycan"
