"""Sweden's plugin, tested with the porsche_web.testing fixtures."""

from porsche_web.markets.registry import current_registry


def test_sweden_is_declared_with_swedish_first(app):
    with app.app_context():
        sweden = current_registry().get("se")
    assert sweden.languages == ("sv", "en")
    assert (sweden.currency, sweden.timezone) == ("SEK", "Europe/Stockholm")


def test_the_swedish_contact_is_the_one_from_the_support_article(app):
    with app.app_context():
        registry = current_registry()
        assert registry.support_contact(registry.get("se")).email == "smartmobility@se.porsche.com"


def test_the_opening_hours_are_translated_by_the_plugin(client):
    assert "Måndag–fredag kl. 8–17 (svensk tid)" in client.get("/se/sv/support").get_data(
        as_text=True
    )
    assert "Monday to Friday, 8 am to 5 pm" in client.get("/se/en/support").get_data(as_text=True)


def test_sweden_passes_the_markets_check(market_problems):
    assert market_problems("se") == []


def test_sweden_has_several_porsche_centres_with_swedish_postal_codes(market_registry):
    sweden = market_registry.get("se")
    partners = market_registry.partners(sweden)
    assert len(partners) >= 3
    address = market_registry.address_format(sweden)
    assert all(address.normalise_postal_code(p.postal_code) for p in partners)
    assert address.normalise_postal_code("11435") == "11435"
    assert address.normalise_postal_code("1143") is None


def test_data_pass_charging_and_track_your_dream(market_registry):
    sweden = market_registry.get("se")
    (provider,) = market_registry.data_pass_providers(sweden, "taycan", 2024)
    assert provider.registration_url.startswith("https://")
    charging = market_registry.charging_offer(sweden)
    assert charging.currency == "SEK" and charging.card_delivery_days == 10
    assert {plan.id for plan in charging.plans} == {"pcs", "pcs_plus"}
    assert market_registry.track_your_dream(sweden) is True


def test_the_store_names_the_data_pass_provider(client):
    page = client.get("/se/sv/store?model=taycan&year=2024").get_data(as_text=True)
    assert "Exempel Mobil AB" in page
