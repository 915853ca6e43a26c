"""Copy and markup defects that stay fixed (#19, item 6): unique ids, required selects with an
empty first option, htmx attributes with the data- prefix, a description per page, dates in one
format on the car page, no sample-data markers or internal ids in what customers read."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from porsche_web.testing.actions.activation import step_url

TEMPLATES = Path(__file__).resolve().parents[2] / "porsche_web"
#: What a customer must never read: sample-data markers and internal version ids.
INTERNAL = re.compile(r"\(sample|PorscheConnectDPG/|DataPass/SE|PartnerDataExchange/")


def ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def description(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "no meta description"
    return match.group(1)


def test_every_template_writes_htmx_attributes_with_the_data_prefix():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r'(?<![\w-])hx-[a-z-]+="', line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert offenders == []


def test_pages_have_their_own_description(client):
    pages = ["/", "/se/sv/", "/se/sv/store", "/se/sv/support", "/se/sv/account/register"]
    texts = [description(client.get(path).get_data(as_text=True)) for path in pages]
    assert all(len(text) > 40 for text in texts), texts
    assert len(set(texts)) == len(texts), texts


def test_required_selects_start_with_an_empty_option(client, activation):
    html = client.get("/se/sv/account/register").get_data(as_text=True)
    for name in ("country", "language"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>\s*<option([^>]*)>', html)
        assert select and 'value=""' in select.group(1), name
    activation.use_link(activation.make_order())
    activation.walk_to_check()
    html = client.get(step_url("SE-200300", "partner")).get_data(as_text=True)
    select = re.search(r'<select[^>]*name="partner"[^>]*>\s*<option([^>]*)>', html)
    assert select and 'value=""' in select.group(1)


def test_the_car_page_has_unique_ids_and_one_date_format(client, activation, vehicles):
    activation.activate(vin="WP0ZZZY1ZPS000002")
    car_page = vehicles.link_car()
    html = client.get(car_page).get_data(as_text=True)
    assert [name for name, n in ids(html).items() if n > 1] == []
    main = html[html.index("<main") :]
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", main)  # no short numeric dates
    assert re.search(r"\b\d{1,2} [a-zåäö]+ \d{4}\b", main)  # "9 december 2029"


@pytest.mark.parametrize("step", ["data-pass", "check"])
def test_no_sample_marker_or_internal_id_in_the_activation(client, activation, step):
    activation.use_link(activation.make_order())
    activation.walk_to_check()
    html = client.get(step_url("SE-200300", step)).get_data(as_text=True)
    assert not INTERNAL.search(html), INTERNAL.search(html)


def test_no_internal_id_on_the_next_steps(client, activation):
    activation.activate()
    html = client.get("/se/sv/activate/orders/SE-200300/next-steps").get_data(as_text=True)
    assert "Exempel Mobil AB" in html
    assert not INTERNAL.search(html), INTERNAL.search(html)


def test_the_next_steps_have_unique_ids(client, activation):
    activation.activate()
    html = client.get("/se/sv/activate/orders/SE-200300/next-steps").get_data(as_text=True)
    assert html.count("Återkalla samtycket") >= 2  # a form per consent
    assert [name for name, n in ids(html).items() if n > 1] == []


def test_the_data_pass_choice_is_yes_or_no_with_the_provider_as_its_hint(client, activation):
    activation.use_link(activation.make_order())
    activation.walk_to_check()
    html = client.get(step_url("SE-200300", "data-pass")).get_data(as_text=True)
    labels = re.findall(r'<label class="radio-label" for="[^"]+">([^<]+)</label>', html)
    assert labels == ["Ja", "Nej"], labels
    hint = re.search(r'<div class="hint item-hint" id="choice-0-hint">([^<]+)</div>', html)
    assert hint and "Exempel Mobil AB" in hint.group(1)


#: Names of products that stay as they are in every language (like "Porsche Connect").
PRODUCT_NAMES = {"Navigation Plus", "Voice Pilot", "Apple Music"}


@pytest.mark.parametrize("language", ["sv", "de"])
def test_service_names_are_fully_translated(app, language):
    from flask_babel import force_locale

    from porsche_web.connect.catalogue import SERVICES

    with app.test_request_context(), force_locale(language):
        untranslated = [
            str(s.name)
            for s in SERVICES
            if str(s.name) == s.name._args[0] and str(s.name) not in PRODUCT_NAMES
        ]
    assert untranslated == []


def test_porsche_centre_is_spelled_one_way_per_language(client):
    sv = client.get("/se/sv/support").get_data(as_text=True)
    en = client.get("/se/en/support").get_data(as_text=True)
    assert "Porsche Centre" not in sv and "Porsche Center" in sv  # the partners' names too
    assert "Porsche Centres in Sweden" in en  # British English; the partners keep their names
