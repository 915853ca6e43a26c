"""Germany's plugin, tested with the porsche_web.testing fixtures."""

from porsche_web.markets.registry import current_registry


def test_germany_is_declared_with_german_first(app):
    with app.app_context():
        germany = current_registry().get("de")
    assert germany.languages == ("de", "en")
    assert (germany.currency, germany.timezone) == ("EUR", "Europe/Berlin")


def test_the_german_contact_is_the_one_from_the_support_article(app):
    with app.app_context():
        registry = current_registry()
        assert registry.support_contact(registry.get("de")).email == "smartmobility@de.porsche.com"


def test_the_opening_hours_are_translated_by_the_plugin(client):
    assert "Montag bis Samstag" in client.get("/de/de/support").get_data(as_text=True)


def test_germany_passes_the_markets_check(market_problems):
    assert market_problems("de") == []


def test_prices_in_euro_and_german_postal_codes(market_registry):
    germany = market_registry.get("de")
    offers = market_registry.service_offers(germany, "taycan", 2024)
    assert str(offers["onlinespeech_v1"].price) == "179"
    assert market_registry.address_format(germany).normalise_postal_code("7043") is None
    assert market_registry.charging_offer(germany).card_delivery_days <= 10


def test_data_pass_charging_and_track_your_dream(market_registry):
    germany = market_registry.get("de")
    (provider,) = market_registry.data_pass_providers(germany, "taycan", 2024)
    assert provider.registration_url == "https://datapass.example.com/de"
    assert provider.terms_version.startswith("DataPass/DE/")
    charging = market_registry.charging_offer(germany)
    assert charging.currency == "EUR" and [plan.id for plan in charging.plans] == ["pcs_plus"]
    assert market_registry.track_your_dream(germany) is True


def test_the_data_pass_terms_are_german_on_the_german_site(client):
    page = client.get("/de/de/store?model=taycan&year=2024").get_data(as_text=True)
    assert "Beispiel Mobilfunk GmbH" in page
    page = client.get("/de/en/store?model=718&year=2024").get_data(as_text=True)
    assert "Beispiel Mobilfunk GmbH" not in page  # no Data Pass for this model
