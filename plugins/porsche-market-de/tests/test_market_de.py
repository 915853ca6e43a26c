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
