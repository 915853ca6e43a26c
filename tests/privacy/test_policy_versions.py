"""Privacy policy versions (issue #14, item 3; F26): the privacy page shows the version in force
with what changed and lists the earlier ones; a customer who joined before the version came
into force is shown the change on My Porsche until they acknowledge it, once; consents record
the policy in force when they were given."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from porsche_web.activation.models import Consent
from porsche_web.extensions import db
from porsche_web.markets.types import MarketDataError, PrivacyPolicy, SupervisoryAuthority
from porsche_web.privacy.models import PolicyAcknowledgement
from porsche_web.testing.helpers import csrf_token

HOME = "/se/sv/account/"
NEWS = "Vår integritetspolicy har ändrats"


def test_the_privacy_page_shows_the_change_and_the_earlier_versions(client):
    html = client.get("/se/sv/privacy").get_data(as_text=True)
    assert "Gällande version: 3.8," in html and "PorscheConnectDPG" not in html
    assert "Det här har ändrats:" in html and "fjärrkommandon" in html
    assert "Tidigare versioner" in html and "Version 3.7," in html
    english = client.get("/se/en/privacy").get_data(as_text=True)
    assert "Earlier versions" in english and "remote commands" in english


@pytest.fixture
def joined_before(app, porsche_id):
    """Astrid created her Porsche ID in January 2026, before v3.8 (1 March 2026)."""
    with time_machine.travel(datetime(2026, 1, 20, 12, tzinfo=UTC)):
        porsche_id.register_and_confirm()
    porsche_id.login()
    return porsche_id


def test_a_customer_who_joined_before_sees_the_change_once(app, client, joined_before):
    html = client.get(HOME).get_data(as_text=True)
    assert NEWS in html
    assert html.index(NEWS) < html.index("Dina uppgifter och samtycken</a>")  # first
    token = csrf_token(client, HOME)
    form = {"csrf_token": token, "version": "PorscheConnectDPG/SE/sv_SE/v3.8"}
    assert client.post("/se/sv/account/privacy/policy", data=form).status_code == 303
    assert client.post("/se/sv/account/privacy/policy", data=form).status_code == 303  # twice
    assert NEWS not in client.get(HOME).get_data(as_text=True)
    with app.app_context():
        count = db.session.execute(select(func.count(PolicyAcknowledgement.id))).scalar_one()
    assert count == 1


def test_a_newer_version_is_shown_again_once(app, client, joined_before, monkeypatch):
    """Once per version: after 3.8 is acknowledged, a 3.9 in force is shown again, once."""
    from porsche_web.markets.registry import MarketRegistry, current_registry

    token = csrf_token(client, HOME)
    form = {"csrf_token": token, "version": "PorscheConnectDPG/SE/sv_SE/v3.8"}
    assert client.post("/se/sv/account/privacy/policy", data=form).status_code == 303
    assert NEWS not in client.get(HOME).get_data(as_text=True)
    with app.test_request_context("/se/sv/"):
        registry = current_registry()
        current = registry.privacy_policy(registry.get("se"))
    newer = PrivacyPolicy(
        "PorscheConnectDPG/SE/sv_SE/v3.9",
        date(2026, 3, 2),
        earlier=(PrivacyPolicy(current.version, current.valid_from), *current.earlier),
    )
    monkeypatch.setattr(MarketRegistry, "privacy_policy", lambda self, market: newer)
    html = client.get(HOME).get_data(as_text=True)
    assert NEWS in html and "Version 3.9 " in html
    form["version"] = newer.version
    assert client.post("/se/sv/account/privacy/policy", data=form).status_code == 303
    assert client.post("/se/sv/account/privacy/policy", data=form).status_code == 303
    assert NEWS not in client.get(HOME).get_data(as_text=True)
    with app.app_context():
        versions = db.session.execute(select(PolicyAcknowledgement.version)).scalars().all()
    assert sorted(versions) == [current.version, newer.version]


def test_a_stale_version_is_not_acknowledged(app, client, joined_before):
    token = csrf_token(client, HOME)
    form = {"csrf_token": token, "version": "PorscheConnectDPG/SE/sv_SE/v3.7"}
    assert client.post("/se/sv/account/privacy/policy", data=form).status_code == 303
    assert NEWS in client.get(HOME).get_data(as_text=True)


def test_a_customer_who_joined_after_is_not_bothered(client, porsche_id):
    porsche_id.register_and_confirm()
    porsche_id.login()
    assert NEWS not in client.get(HOME).get_data(as_text=True)


def test_consents_record_the_policy_in_force(app, activation):
    activation.activate()
    with app.app_context():
        versions = set(db.session.execute(select(Consent.policy_version)).scalars())
    assert versions == {"PorscheConnectDPG/SE/sv_SE/v3.8"}


def test_earlier_versions_must_be_older_and_distinct():
    first = PrivacyPolicy("A/1", date(2025, 1, 1))
    assert PrivacyPolicy("A/2", date(2026, 1, 1), earlier=(first,)).earlier == (first,)
    with pytest.raises(MarketDataError, match="older"):
        PrivacyPolicy("A/2", date(2024, 1, 1), earlier=(first,))
    with pytest.raises(MarketDataError, match="differ"):
        PrivacyPolicy("A/1", date(2026, 1, 1), earlier=(first,))
    with pytest.raises(MarketDataError, match="tuple"):
        PrivacyPolicy("A/2", date(2026, 1, 1), earlier=[first])


def test_the_privacy_page_names_the_officer_and_the_authority(client):
    html = client.get("/se/sv/privacy").get_data(as_text=True)
    assert 'href="mailto:dataskydd@porsche.example"' in html
    assert 'href="https://www.imy.se/"' in html and "Integritetsskyddsmyndigheten" in html
    german = client.get("/de/de/privacy").get_data(as_text=True)
    assert "Aufsichtsbehörde" in german and "datenschutz@porsche.example" in german


def test_a_market_without_an_officer_sends_customers_to_customer_service(client):
    html = client.get("/fr/en/privacy").get_data(as_text=True)
    assert "contact customer service" in html and "mailto:" not in html.split("<main")[1]


def test_the_authority_needs_a_name_and_an_https_address():
    with pytest.raises(MarketDataError, match="https"):
        SupervisoryAuthority("IMY", "http://www.imy.se/")
    with pytest.raises(MarketDataError, match="name"):
        SupervisoryAuthority("", "https://www.imy.se/")
    with pytest.raises(MarketDataError, match="officer_email"):
        PrivacyPolicy("A/1", date(2026, 1, 1), officer_email="dataskydd at porsche")
