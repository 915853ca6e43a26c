"""The privacy centre (issue #14, items 1 and 2): what we keep and why, generated from the
features' declarations; every consent with its history, withdrawn or given again with one click,
the partner told through the outbox; only the customer's own consents."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from porsche_web.activation.models import Consent
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.testing.actions import PorscheIdActions
from porsche_web.testing.helpers import csrf_token, h1, outbox, post_form

PRIVACY = "/se/sv/account/privacy"


@pytest.fixture
def customer(app, activation):
    """A customer whose Taycan is activated with a Data Pass and the data exchange with
    Porsche Center Stockholm (which has an e-mail address)."""
    activation.use_link(activation.make_order())
    activation.walk_to_check(partner="se-stockholm")
    assert activation.answer("SE-200300", "check", {}).status_code == 303
    return activation


def consents(app) -> list[Consent]:
    with app.app_context():
        rows = db.session.execute(select(Consent).order_by(Consent.id)).scalars().all()
        db.session.expunge_all()
        return list(rows)


def consent_id(app, kind: str) -> int:
    return next(c.id for c in consents(app) if c.kind == kind and c.withdrawn_at is None)


def test_the_page_shows_every_consent_and_every_purpose(app, client, customer):
    page = client.get(PRIVACY)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert h1(html) == "Dina uppgifter och samtycken"
    assert "Utbyte av uppgifter med Porsche Center Stockholm" in html
    assert "Exempel Mobil AB" in html
    assert html.count("Återkalla samtycket") == 2
    assert "no-store" in page.headers["Cache-Control"]
    # each with the text's version, the date, the language and the channel (issue #14, item 2)
    panel = html[html.index("Utbyte av uppgifter med Porsche Center Stockholm") :]
    panel = panel[: panel.index("</li>")]
    for shown in (
        "Textens version",
        "1.0",
        "Textens språk",
        "Svenska",
        "När du aktiverade din order",
    ):
        assert shown in panel, shown
    assert "Gällande integritetspolicy" in panel and "3.8" in panel
    with app.test_request_context("/se/sv/"), force_locale("sv_SE"):
        purposes = [
            str(d.purpose) for d in current_hooks().personal_data() if d.concerns == "customers"
        ]
    for purpose in purposes:  # every declaration, in the customer's language
        assert purpose.replace("'", "&#39;") in html, purpose
    # purpose by purpose, in the order of the issue, each a heading of its own
    headings = re.findall(r'<h3 id="purpose-\d+" class="panel-title">([^<]+)</h3>', html)
    assert headings == [
        "Ditt Porsche ID",
        "E-post och sms",
        "Order och aktivering",
        "Avtal och fakturor",
        "Din bil och Porsche Connect",
        "Utbyte av uppgifter med din Porsche-partner",
        "Ditt Data Pass",
    ]
    partner = html.split("Utbyte av uppgifter med din Porsche-partner</h3>", 1)[1].split(
        "</section>"
    )[0]
    assert "Ditt samtycke" in partner  # the exchange rests on the customer's consent (F27)


def test_my_porsche_links_the_privacy_centre(client, customer):
    html = client.get("/se/sv/account/").get_data(as_text=True)
    assert f'href="{PRIVACY}"' in html


def test_withdrawing_tells_the_partner_once_and_keeps_the_history(app, client, customer):
    partner = consent_id(app, "partner_data_exchange")
    url = f"{PRIVACY}/consents/{partner}/withdraw"
    mails_before = len(outbox(app, "email"))
    response = post_form(client, url, {}, page=PRIVACY)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{PRIVACY}#consent-{partner}")
    assert "Ditt samtycke är återkallat" in client.get(PRIVACY).get_data(as_text=True)
    row = next(c for c in consents(app) if c.id == partner)
    assert row.withdrawn_at is not None and row.withdrawn_via == "privacy_centre"
    mails = outbox(app, "email")[mails_before:]
    assert [m.to_address for m in mails] == ["info@stockholm.porsche.example"]
    assert "SE-200300" in mails[0].subject and "Astrid Exempel" in mails[0].text_body
    # twice: harmless, nobody is told again
    assert post_form(client, url, {}, page=PRIVACY).status_code == 303
    assert len(outbox(app, "email")) == mails_before + 1
    html = client.get(PRIVACY).get_data(as_text=True)
    assert "redan återkallat" in html
    panel = html[html.index(f'id="consent-{partner}"') :]
    panel = panel[: panel.index("</li>")]
    assert "Återkallat" in panel and "På den här sidan" in panel  # withdrawn when and how


def test_giving_again_adds_a_new_consent_under_the_current_version(app, client, customer):
    partner = consent_id(app, "partner_data_exchange")
    post_form(client, f"{PRIVACY}/consents/{partner}/withdraw", {}, page=PRIVACY)
    give = f"{PRIVACY}/consents/{partner}/give"
    page = client.get(give)
    assert page.status_code == 200 and "Jag godkänner" in page.get_data(as_text=True)
    token = {"csrf_token": csrf_token(client, give)}
    assert client.post(give, data=token).status_code == 303
    assert client.post(give, data=token).status_code == 303  # twice: still one live consent
    rows = [c for c in consents(app) if c.kind == "partner_data_exchange"]
    assert [r.withdrawn_at is None for r in rows] == [False, True]
    assert rows[1].channel == "privacy_centre" and rows[1].version == rows[0].version
    html = client.get(PRIVACY).get_data(as_text=True)
    assert html.count("Återkalla samtycket") == 2  # the live one again, and the Data Pass


def test_the_data_pass_consent_is_given_again_under_the_providers_terms(app, client, customer):
    data_pass = consent_id(app, "data_pass")
    post_form(client, f"{PRIVACY}/consents/{data_pass}/withdraw", {}, page=PRIVACY)
    html = client.get(f"{PRIVACY}/consents/{data_pass}/give").get_data(as_text=True)
    assert "Villkor för Exempel Mobil AB" in html
    assert post_form(client, f"{PRIVACY}/consents/{data_pass}/give", {}).status_code == 303
    assert len([c for c in consents(app) if c.kind == "data_pass"]) == 2


def test_another_customer_can_neither_see_nor_change_a_consent(app, customer):
    partner = consent_id(app, "partner_data_exchange")
    other = app.test_client()
    someone = PorscheIdActions(app, other)
    someone.register_and_confirm("other@example.com")
    someone.login("other@example.com")
    assert "Porsche Center Stockholm" not in other.get(PRIVACY).get_data(as_text=True)
    withdraw = f"{PRIVACY}/consents/{partner}/withdraw"
    assert post_form(other, withdraw, {}, page=PRIVACY).status_code == 404
    assert other.get(f"{PRIVACY}/consents/{partner}/give").status_code == 404
    assert all(c.withdrawn_at is None for c in consents(app))
    assert other.get(f"{PRIVACY}/consents/99999/give").status_code == 404


def test_the_privacy_centre_needs_a_login(client):
    response = client.get(PRIVACY)
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


def test_the_page_is_english_on_the_english_site(client, customer):
    html = client.get("/se/en/account/privacy").get_data(as_text=True)
    assert h1(html) == "Your data and consents"
    assert "Data exchange with Porsche Center Stockholm" in html


def test_withdrawing_the_data_pass_transfer_tells_the_provider(app, client, customer):
    data_pass = consent_id(app, "data_pass")
    mails_before = len(outbox(app, "email"))
    post_form(client, f"{PRIVACY}/consents/{data_pass}/withdraw", {}, page=PRIVACY)
    mails = outbox(app, "email")[mails_before:]
    assert [m.to_address for m in mails] == ["dataskydd@datapass.example.com"]
    assert "SE-200300" in mails[0].subject and "Astrid Exempel" in mails[0].text_body


def test_two_tabs_withdrawing_at_once_tell_the_partner_once(app, customer):
    """Idempotent under a race too: two withdrawals at the same moment (two tabs, a double
    submit) withdraw once and tell the partner once."""
    from porsche_web.accounts.models import Account
    from porsche_web.activation import consents as service
    from porsche_web.testing.helpers import concurrently

    partner = consent_id(app, "partner_data_exchange")
    mails_before = len(outbox(app, "email"))

    def withdraw(_):
        account = db.session.execute(select(Account)).scalar_one()
        with app.test_request_context("/se/sv/"):
            done = service.withdraw(account, partner, service.Channel.PRIVACY_CENTRE)
            db.session.commit()
        return done

    assert sorted(concurrently(app, 2, withdraw)) == [False, True]
    assert len(outbox(app, "email")) == mails_before + 1


def test_two_tabs_giving_again_at_once_make_one_live_consent(app, client, customer):
    from porsche_web.accounts.models import Account
    from porsche_web.activation import consents as service
    from porsche_web.testing.helpers import concurrently

    partner = consent_id(app, "partner_data_exchange")
    post_form(client, f"{PRIVACY}/consents/{partner}/withdraw", {}, page=PRIVACY)
    mails_before = len(outbox(app, "email"))

    def give(_):
        account = db.session.execute(select(Account)).scalar_one()
        with app.test_request_context("/se/sv/"):
            live = service.grant_again(account, partner, service.Channel.PRIVACY_CENTRE)
            db.session.commit()
        return live.id if live else None

    ids = concurrently(app, 2, give)
    assert ids[0] == ids[1] and isinstance(ids[0], int), ids
    live = [c for c in consents(app) if c.kind == "partner_data_exchange" and not c.withdrawn_at]
    assert len(live) == 1
    assert len(outbox(app, "email")) == mails_before + 1  # the partner is told once


def test_data_we_keep_keeps_its_order_with_one_sort(app):
    """``data_we_keep`` sorts the declarations once per call (not once per purpose): the same
    purposes and items in the same order as sorting each purpose's declarations by basis."""
    from porsche_web.hooks import Processing
    from porsche_web.privacy import services

    with app.test_request_context("/se/sv/"), force_locale("sv_SE"):
        declarations = [d for d in current_hooks().personal_data() if d.concerns == "customers"]
        expected = []
        for processing in Processing:
            mine = [d for d in declarations if d.processing is processing]
            mine.sort(key=lambda d: services.BASIS_ORDER.index(d.legal_basis))
            if mine:
                expected.append(
                    (
                        processing,
                        [(str(d.purpose), d.legal_basis, str(d.retention)) for d in mine],
                    )
                )
        found = [
            (
                group.processing,
                [(str(item.purpose), item.basis, str(item.retention)) for item in group.items],
            )
            for group in services.data_we_keep()
        ]
    assert found == expected
    # several bases within one purpose, so the order is really tested
    assert any(len({basis for _, basis, _ in items}) > 1 for _, items in found)
