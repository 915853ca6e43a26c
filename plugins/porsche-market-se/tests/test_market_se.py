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
