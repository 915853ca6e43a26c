"""Nordics plugin, tested with the porsche_web.testing fixtures."""


def test_finland_is_served_in_swedish_first_while_finnish_waits_for_its_catalog(market_registry):
    finland = market_registry.get("fi")
    assert finland.languages == ("sv", "en") and finland.default_language == "sv"
    assert finland.official_languages == ("fi", "sv")
    assert "fi" in market_registry.waiting_languages()


def test_norway_lists_its_languages_but_serves_english(market_registry):
    norway = market_registry.get("no")
    assert norway.languages == ("en",) and norway.official_languages == ("nb", "nn")
    assert norway.currency == "NOK"


def test_every_market_passes_the_check(market_problems):
    assert market_problems("dk", "fi", "no", "is") == []


def test_contacts_and_partners(market_registry):
    for code in ("dk", "fi", "no", "is"):
        market = market_registry.get(code)
        assert market_registry.support_contact(market).email == f"smartmobility@{code}.porsche.com"
        assert market_registry.partners(market)


def test_the_finnish_site_in_swedish(client):
    page = client.get("/fi/sv/support").get_data(as_text=True)
    assert "smartmobility@fi.porsche.com" in page
