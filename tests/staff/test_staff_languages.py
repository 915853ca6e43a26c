"""#15: the customer sites ship every market's languages; the staff console only the languages
its users need (``STAFF_LANGUAGES``: sv, en, de)."""

from __future__ import annotations

import re

from porsche_web.languages import STAFF_LANGUAGES
from porsche_web.testing.helpers import html_lang


def switch(page: str) -> list[str]:
    return re.findall(r'hreflang="([\w-]+)"', page)


def test_the_sign_in_page_speaks_a_staff_language_only(client):
    assert STAFF_LANGUAGES == ("sv", "en", "de")
    page = client.get("/staff/login", headers={"Accept-Language": "fr, de;q=0.5"})
    assert html_lang(page.get_data(as_text=True)) == "de"  # French ships, but not for staff
    polish = client.get("/staff/login?lang=pl").get_data(as_text=True)
    assert html_lang(polish) in STAFF_LANGUAGES
    assert sorted(switch(polish)) == sorted(STAFF_LANGUAGES)


def test_customer_pages_outside_the_sites_offer_every_language(client):
    page = client.get("/?lang=pl").get_data(as_text=True)
    assert html_lang(page) == "pl"
    assert {"fr", "pl", "ja", "zh-Hant"} <= set(switch(page))


def test_a_members_pages_speak_the_members_language(member):
    client = member("agent.de@porsche.example", "service", markets=["de"])
    page = client.get("/staff/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert html_lang(page) in STAFF_LANGUAGES
    assert sorted(switch(page)) == sorted(STAFF_LANGUAGES)
