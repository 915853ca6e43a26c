"""Nordics plugin, tested with the porsche_web.testing fixtures."""


def test_finland_is_served_in_finnish_first_then_swedish(market_registry):
    finland = market_registry.get("fi")
    assert finland.languages == ("fi", "sv", "en") and finland.default_language == "fi"
    assert finland.official_languages == ("fi", "sv")


def test_norway_is_served_in_bokmal_first(market_registry):
    norway = market_registry.get("no")
    assert norway.official_languages == ("nb", "nn")
    assert norway.languages[0] == "nb" and norway.default_language == "nb"
    assert norway.languages[-1] == "en"  # Nynorsk between them once its catalog ships
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
