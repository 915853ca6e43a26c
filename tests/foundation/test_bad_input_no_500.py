"""Bad input answers with a localized message, never a 500 (issue #20, item 7): a file part in
place of a text field of any form, and Store query parameters that are not in the list."""

from __future__ import annotations

import io

import pytest

from porsche_web.testing.helpers import csrf_token

FORMS = [
    ("/se/sv/account/register", "email"),
    ("/se/sv/account/register", "password"),
    ("/se/sv/account/login", "email"),
    ("/se/sv/account/login", "password"),
    ("/se/sv/forgot-password", "email"),
    ("/se/sv/account/confirm-email", "email"),
    ("/se/sv/activate/new-link", "order_number"),
    ("/se/sv/activate/new-link", "email"),
]


@pytest.mark.parametrize("url, field", FORMS)
def test_a_file_in_place_of_a_text_field_is_a_missing_value(client, url, field):
    token = csrf_token(client, url)
    data = {
        "csrf_token": token,
        "email": "astrid@example.com",
        "password": "a long and good password",
        "order_number": "DEMO-SE-0001",
        field: (io.BytesIO(b"\x89PNG not really"), "picture.png", "image/png"),
    }
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_a_file_in_place_of_the_csrf_token_is_the_expired_form_page(client):
    url = "/se/sv/account/login"
    csrf_token(client, url)
    response = client.post(
        url,
        data={"csrf_token": (io.BytesIO(b"x"), "token.txt"), "email": "a@example.com"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query, message",
    [
        ("model=taycan&year=abc", "Välj en årsmodell i listan."),
        ("model=taycan&year=1e5", "Välj en årsmodell i listan."),
        ("model=taycan&year=" + "9" * 10000, "Välj en årsmodell i listan."),
        ("model=taycan&year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96", "Välj en årsmodell i listan."),
        ("model=" + "x" * 10000 + "&year=2026", "Välj en modell i listan."),
        ("model=taycan&year=-2026", "Välj en årsmodell i listan."),
    ],
)
def test_store_query_parameters_not_in_the_list_get_a_localized_message(client, query, message):
    response = client.get(f"/se/sv/store?{query}")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_store_query_messages_are_translated(client):
    english = client.get("/se/en/store?model=taycan&year=abc")
    assert english.status_code == 422
    assert "Choose a model year from the list." in english.get_data(as_text=True)
    german = client.get("/de/de/store?model=taycan&year=abc")
    assert german.status_code == 422
    assert "Modelljahr" in german.get_data(as_text=True)


def test_a_good_store_query_still_lists_the_services(client):
    response = client.get("/se/sv/store?model=taycan&year=2026")
    assert response.status_code == 200
