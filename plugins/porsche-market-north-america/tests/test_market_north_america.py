"""North America plugin, tested with the porsche_web.testing fixtures."""


def test_usa_and_canada(market_registry):
    us, ca = market_registry.get("us"), market_registry.get("ca")
    assert (us.currency, ca.currency) == ("USD", "CAD")
    assert ca.official_languages == ("en", "fr")
    assert market_registry.support_contact(us).email == "connect@porsche.us"
    assert market_registry.support_contact(ca).email == "connect@porsche.ca"
    assert market_registry.track_your_dream(us) is True


def test_every_market_passes_the_check(market_problems):
    assert market_problems("us", "ca") == []


def test_zip_codes(market_registry):
    address = market_registry.address_format(market_registry.get("us"))
    assert address.normalise_postal_code("30354-1234") == "30354-1234"
    assert address.normalise_postal_code("3035") is None
    assert address.fields[-2:] == ("region", "postal_code")


def test_the_store_shows_dollars(client):
    page = client.get("/us/en/store?model=taycan&year=2024").get_data(as_text=True)
    assert "$219" in page
