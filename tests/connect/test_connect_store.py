"""The Connect Store (F1–F3): availability by model, model year and country, with reasons."""

from __future__ import annotations

import re

import pytest

from porsche_web.connect import catalogue


def squash(html: str) -> str:
    """The text of ``html`` with runs of ordinary white space made one (no-break spaces stay)."""
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def text(response) -> str:
    return squash(response.get_data(as_text=True))


def service_block(html: str, name: str) -> str:
    start = html.index(f'<h4 class="service-name">{name}</h4>')
    end = html.find('<li class="service', start)
    return squash(html[start : end if end > 0 else html.index("</ul>", start)])


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/se/sv/store", "Connect Store"),
        ("/se/en/store", "Connect Store"),
        ("/de/de/store", "Connect Store"),
    ],
)
def test_the_store_asks_for_the_car_in_every_language(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)
    assert 'method="get"' in response.get_data(as_text=True)


def test_a_recent_taycan_in_sweden_sees_its_services_with_prices_in_kronor(client):
    response = client.get("/se/sv/store?model=taycan&year=2024")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Tjänster för Taycan, årsmodell 2024" in html
    nav = service_block(html, "Navigation Plus")
    assert "Ingår i 36 månader" in nav and "1\xa0990\xa0kr per år" in nav
    assert "12 tjänster finns i Sverige." in html


@pytest.mark.parametrize(
    ("url", "price"),
    [
        ("/se/en/store?model=911&year=2024", "1\xa0990\xa0kr"),
        ("/de/de/store?model=911&year=2024", "199\xa0€"),
        ("/gb/en/store?model=911&year=2024", "£169"),
        ("/us/en/store?model=911&year=2024", "$219"),
    ],
)
def test_prices_are_in_the_market_currency_formatted_for_the_locale(client, url, price):
    html = client.get(url).get_data(as_text=True)
    assert price in service_block(html, "Navigation Plus")


def test_the_reason_is_the_model(client):
    html = client.get("/se/en/store?model=718&year=2024").get_data(as_text=True)
    assert "the 718 Boxster / Cayman cannot have this service." in service_block(
        html, "Voice Pilot"
    )
    assert "cannot have this service" in service_block(html, "Remote Climate Control")


def test_the_reason_is_the_model_year(client):
    older = client.get("/se/en/store?model=taycan&year=2020").get_data(as_text=True)
    newer = client.get("/se/en/store?model=taycan&year=2021").get_data(as_text=True)
    assert "the Taycan has it from model year 2021." in service_block(older, "Risk Radar")
    assert "per year" in service_block(newer, "Risk Radar")


def test_the_reason_is_the_country(client):
    japan = client.get("/jp/en/store?model=taycan&year=2024").get_data(as_text=True)
    sweden = client.get("/se/en/store?model=taycan&year=2024").get_data(as_text=True)
    assert "it is not offered in Japan." in service_block(japan, "Voice Pilot")
    assert "per year" in service_block(sweden, "Voice Pilot")


def test_the_reasons_are_translated(client):
    html = client.get("/de/de/store?model=taycan&year=2020").get_data(as_text=True)
    assert "der Taycan hat ihn ab Modelljahr 2021." in service_block(html, "Gefahrenradar")


def test_security_code_and_login_notes_follow_the_model_year(client):
    old = client.get("/se/en/store?model=911&year=2021").get_data(as_text=True)
    new = client.get("/se/en/store?model=911&year=2022").get_data(as_text=True)
    assert "four-digit security code" not in old
    assert "four-digit security code" in new
    assert "Asks for your security code." in service_block(new, "Remote Lock and Unlock")


def test_electric_cars_see_charging_and_data_pass_in_sweden(client):
    html = text(client.get("/se/en/store?model=taycan&year=2024"))
    assert "Porsche Charging Service Plus: 149\xa0kr per month" in html
    assert "within 10 days" in html
    assert "Exempel Mobil AB" in html
    combustion = text(client.get("/se/en/store?model=718&year=2024"))
    assert "Charging Service" not in combustion and "Data Pass" not in combustion


def test_htmx_gets_only_the_store_fragment(client):
    response = client.get(
        "/se/sv/store?model=taycan&year=2024", headers={"HX-Request": "true", "HX-Target": "store"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="store">') and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "model=macan_electric&year=2020",
            "The Macan Electric has Porsche Connect from model year",
        ),
        ("model=&year=2024", "Choose the model of your car."),
        ("model=taycan&year=", "Choose the model year of your car."),
        ("model=rocket&year=1900", "Choose a model from the list."),
    ],
)
def test_bad_choices_answer_422_with_the_form_and_a_message(client, query, message):
    response = client.get(f"/se/en/store?{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "error-summary" in html and message in html


def test_a_bad_choice_is_explained_in_swedish(client):
    html = client.get("/se/sv/store?model=macan_electric&year=2020").get_data(as_text=True)
    assert "Macan Electric har Porsche Connect från årsmodell 2024 till 2026." in html


def test_the_catalogue_knows_which_cars_need_the_security_code():
    assert catalogue.model_year("taycan", 2020).needs_security_code
    assert not catalogue.model_year("911", 2021).needs_security_code
    assert catalogue.model_year("911", 2022).needs_security_code
    assert catalogue.model_year("panamera", 2022).needs_security_code
    assert catalogue.model_year("macan_electric", 2024).needs_security_code
    assert catalogue.model_year("macan_electric", 2023) is None
    assert not catalogue.model_year("718", 2024).data_pass_possible


def test_every_service_has_a_unique_id_and_translated_texts(app):
    ids = [service.id for service in catalogue.services()]
    assert len(ids) == len(set(ids))
    with app.test_request_context("/se/sv/store"):
        from flask_babel import force_locale

        with force_locale("sv_SE"):
            assert str(catalogue.get_service("rlu_v1").name) == "Fjärrlåsning"


def test_track_your_dream_is_shown_where_the_market_offers_it(client):
    assert "Track your Dream" in client.get("/se/sv/store").get_data(as_text=True)
    assert "Track your Dream" in client.get("/us/en/store").get_data(as_text=True)
    assert "Track your Dream" not in client.get("/fr/en/store").get_data(as_text=True)


def test_other_query_parameters_do_not_make_the_store_complain(client):
    response = client.get("/se/sv/store?utm_source=mail")
    assert response.status_code == 200
    assert "error-summary" not in response.get_data(as_text=True)
