"""The guided activation (issue 6, items 4-6): each step, the order of the steps enforced by
the server, the checkout (contracts, consents, e-mail), next steps, and double confirmation."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

import pytest
from babel import dates as babel_dates
from sqlalchemy import func, select

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.activation import checkout
from porsche_web.activation.models import Activation, BillingAddress, Consent, Contract
from porsche_web.audit.models import AuditEvent
from porsche_web.connect.catalogue import Category
from porsche_web.extensions import db
from porsche_web.markets import ServiceOffer
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.orders import invitations, services
from porsche_web.testing.actions.activation import (
    DELIVERY,
    LINK,
    PASSWORD,
    add_account,
    address,
    answer,
    confirm_recipient,
    make_order,
    register,
    step_url,
    use_link,
    verify_phone,
    walk_to_check,
)
from porsche_web.testing.helpers import csrf_token, outbox, post_form


@pytest.fixture
def taycan(app, client):
    token = make_order(app)
    use_link(client, token)
    return "SE-200300"


def count(app, model, **where):
    with app.app_context():
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.session.execute(query).scalar()


# -- the whole way -----------------------------------------------------------------------------


def test_the_start_page_leads_into_the_steps(app, client, taycan):
    html = client.get("/se/sv/activate").get_data(as_text=True)
    assert f"/se/sv/activate/orders/{taycan}" in html
    response = client.get(f"/se/sv/activate/orders/{taycan}")
    assert response.headers["Location"].endswith("/porsche-id")


def test_the_porsche_id_step_is_prefilled_from_the_order(client, taycan):
    html = client.get(step_url(taycan, "porsche-id")).get_data(as_text=True)
    assert "Steg 1 av 9" in html
    assert 'value="astrid@example.com"' in html
    assert 'value="Astrid"' in html and 'value="Exempel"' in html
    assert "+46701740606" in html


def test_a_taycan_goes_through_every_step_and_is_activated(app, client, taycan):
    walk_to_check(app, client, taycan)
    check = client.get(step_url(taycan, "check")).get_data(as_text=True)
    assert "Steg 9 av 9" in check
    for text in ("Navigation Plus", "Exempel Mobil AB", "Porsche Charging Service Plus"):
        assert text in check
    assert "Porsche Center Malmö" in check
    response = answer(client, taycan, "check", {})
    assert response.headers["Location"].endswith(f"/activate/orders/{taycan}/next-steps")
    with app.app_context():
        activation = db.session.execute(select(Activation)).scalar_one()
        assert activation.confirmed and activation.language == "sv"
        assert activation.privacy_policy_version == "PorscheConnectDPG/SE/sv_SE/v3.8"
        assert activation.invoice_recipient["street"] == "Storgatan 1"
        contracts = {c.service_id: c for c in activation.contracts}
        assert set(contracts) == {"nc_destsync_v1", "rlu_v1", "pcs_plus"}
        navigation = contracts["nc_destsync_v1"]
        assert navigation.starts_on == DELIVERY
        assert navigation.ends_on == checkout.add_months(DELIVERY, 36)
        assert str(navigation.price) == "1990.00" and navigation.currency == "SEK"
        assert contracts["pcs_plus"].kind == "charging"
        consents = {c.kind: c for c in activation.consents}
        assert consents["data_pass"].version == "DataPass/SE/sv_SE/v1.2"
        assert consents["partner_data_exchange"].subject == "se-malmo"
        assert all(c.language == "sv" and c.given_at for c in consents.values())
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
        assert {"activation.started", "activation.confirmed"} <= actions
    mail = [m for m in outbox(app, "email") if "aktiverade" in (m.subject or "")]
    assert len(mail) == 1, [m.subject for m in outbox(app, "email")]
    assert "Navigation Plus" in mail[0].text_body
    assert f"/se/sv/activate/orders/{taycan}/next-steps" in mail[0].text_body


def test_next_steps_say_what_comes_and_what_is_not_built(app, client, taycan):
    walk_to_check(app, client, taycan)
    answer(client, taycan, "check", {})
    html = client.get(f"/se/sv/activate/orders/{taycan}/next-steps").get_data(as_text=True)
    assert "https://datapass.example.com/se" in html  # F18
    assert "10 dagar" in html  # F17: the charging card
    assert "PCM" in html  # F14, F15
    assert "Track your Dream" in html  # F19: offered in Sweden
    assert 'href="/se/sv/account/vehicles"' in html  # F13: link the car next
    # My Porsche lists the activation.
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert f'href="/se/sv/activate/orders/{taycan}/next-steps"' in home


def test_a_combustion_car_without_security_code_has_fewer_steps(app, client):
    use_link(client, make_order(app, "SE-300400", model="718", year=2025))
    assert register(client, "SE-300400").headers["Location"].endswith("/phone")
    response = verify_phone(app, client, "SE-300400")
    assert response.headers["Location"].endswith("/services")  # no security code, no Data Pass
    html = client.get(step_url("SE-300400", "services")).get_data(as_text=True)
    assert "Steg 3 av 6" in html
    assert client.get(step_url("SE-300400", "security-code")).status_code == 404
    assert client.get(step_url("SE-300400", "charging")).status_code == 404


# -- a. Porsche ID -----------------------------------------------------------------------------


def test_registering_with_the_invited_address_needs_no_confirmation(app, client, taycan):
    register(client, taycan)
    with app.app_context():
        account = db.session.execute(select(Account)).scalar_one()
        assert account.email_verified
    assert not [m for m in outbox(app, "email") if "Bekräfta" in (m.subject or "")]


def test_registering_with_another_address_confirms_it_by_email(app, client, taycan):
    response = register(client, taycan, email="other@example.com")
    assert response.headers["Location"].endswith("/account/check-your-email")
    with app.app_context():
        assert not db.session.execute(select(Account)).scalar_one().email_verified
    assert count(app, Activation) == 0


def test_the_invited_address_that_has_a_porsche_id_is_told_to_log_in(app, client, taycan):
    register(client, taycan)
    client.post("/se/sv/account/logout", data={"csrf_token": csrf_token(client, "/se/sv/")})
    other = app.test_client()
    use_link(other, make_order(app, "SE-300401"))
    response = register(other, "SE-300401")
    assert response.status_code == 422
    assert "Logga in i stället" in response.get_data(as_text=True)


def test_registration_errors_are_shown_in_the_step(client, taycan):
    response = register(client, taycan, password="short", phone="12")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Det finns ett problem" in html and "Steg 1 av 9" in html


def test_an_existing_porsche_id_logs_in_and_continues(app, client, taycan):
    add_account(app, "astrid@example.com")
    step = step_url(taycan, "porsche-id")
    html = client.get(step).get_data(as_text=True)
    assert f'href="/se/sv/account/login?next={step}"' in html
    response = post_form(
        client,
        f"/se/sv/account/login?next={step}",
        {"email": "astrid@example.com", "password": PASSWORD},
    )
    assert response.headers["Location"] == step
    # Logging in kept the used link: the page asks (a GET claims nothing, issue #20 item 11),
    # its button claims the order; the phone is verified already.
    assert client.get(step).status_code == 200
    response = post_form(client, step, {})
    assert response.headers["Location"].endswith("/security-code")


# -- the order of the steps --------------------------------------------------------------------


def test_later_steps_send_back_to_the_first_open_step(app, client, taycan):
    register(client, taycan)
    for step in ("services", "partner", "invoice", "check"):
        response = client.get(step_url(taycan, step))
        assert response.headers["Location"].endswith("/phone"), step
    # Not even a POST gets past an open step (no confirmation before a verified phone).
    page = step_url(taycan, "phone")
    response = answer(client, taycan, "services", {"services": ["nc_destsync_v1"]}, page=page)
    assert response.headers["Location"].endswith("/phone")
    response = answer(client, taycan, "check", {}, page=page)
    assert response.headers["Location"].endswith("/phone")
    with app.app_context():
        assert db.session.execute(select(Activation.services)).scalar() is None


def test_no_services_before_the_security_code(app, client, taycan):
    register(client, taycan)
    verify_phone(app, client, taycan)
    response = client.get(step_url(taycan, "services"))
    assert response.headers["Location"].endswith("/security-code")


def test_without_a_used_link_or_login_the_steps_are_closed(app, client):
    make_order(app)
    response = client.get(step_url("SE-200300", "porsche-id"))
    assert "/account/login" in response.headers["Location"]
    assert client.get(step_url("NO-SUCH-ORDER", "porsche-id")).status_code == 404
    assert client.get(step_url("SE-200300", "nonsense")).status_code in (302, 303)


def test_an_order_is_only_shown_on_its_own_market(app, client, taycan):
    assert client.get(step_url(taycan, "porsche-id", "/de/de")).status_code == 404


def test_another_porsche_id_cannot_open_someone_elses_activation(app, client, taycan):
    register(client, taycan)
    stranger = app.test_client()
    use_link(stranger, make_order(app, "SE-300402", email="eve@example.com"))
    register(stranger, "SE-300402", email="eve@example.com")
    for step in ("phone", "check"):
        assert stranger.get(step_url(taycan, step)).status_code == 404
    assert stranger.get(f"/se/sv/activate/orders/{taycan}/next-steps").status_code == 404


def test_the_resumed_activation_continues_after_logging_out(app, client, taycan):
    register(client, taycan)
    client.post("/se/sv/account/logout", data={"csrf_token": csrf_token(client, "/se/sv/")})
    response = client.get(step_url(taycan, "phone"))
    assert "/account/login" in response.headers["Location"]
    post_form(client, "/se/sv/account/login", {"email": "astrid@example.com", "password": PASSWORD})
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert f'href="/se/sv/activate/orders/{taycan}"' in home
    assert client.get(step_url(taycan, "phone")).status_code == 200


# -- the answers -------------------------------------------------------------------------------


def to_services(app, client, number):
    register(client, number)
    verify_phone(app, client, number)
    answer(client, number, "security-code", {"code": "4711", "repeat": "4711"})


@pytest.fixture
def free_navigation(app, monkeypatch):
    """Sweden gives Navigation Plus for 12 months and nothing after: a service that never costs
    anything (every real market's services cost money after their included period)."""
    original = MarketRegistry.service_offers

    def offers(self, market, model, model_year):
        result = dict(original(self, market, model, model_year))
        result["nc_destsync_v1"] = ServiceOffer("nc_destsync_v1", 12, None)
        return result

    monkeypatch.setattr(MarketRegistry, "service_offers", offers)
    with app.app_context():
        current_registry().clear_cache()
    yield
    with app.app_context():
        current_registry().clear_cache()


def test_every_paid_service_is_offered_unticked(app, client, taycan):
    to_services(app, client, taycan)
    html = client.get(step_url(taycan, "services")).get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*name="services"[^>]*>', html)
    assert len(boxes) == 12  # every Swedish service costs money after 36 months
    assert not [box for box in boxes if "checked" in box]
    assert "Inget är valt åt dig" in html  # the summary: what is free until when, and after


def test_services_are_optional_but_only_offered_ones(app, client, taycan):
    walk_to_check(app, client, taycan)
    response = answer(client, taycan, "services", {})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.execute(select(Activation.services)).scalar() == []
    response = answer(client, taycan, "services", {"services": ["not_a_service"]})
    assert response.status_code == 422


def test_confirming_without_choosing_activates_only_the_free_services(
    app, client, taycan, free_navigation
):
    to_services(app, client, taycan)
    html = client.get(step_url(taycan, "services")).get_data(as_text=True)
    free = html[html.index('id="free-services"') :]
    assert "Navigation Plus" in free[: free.index("</ul>")]  # included, not a choice
    assert 'value="nc_destsync_v1"' not in html
    assert 'value="rlu_v1"' in html
    response = answer(client, taycan, "services", {})
    assert response.headers["Location"].endswith("/data-pass")
    with app.app_context():
        assert db.session.execute(select(Activation.services)).scalar() == ["nc_destsync_v1"]
    provider = "Exempel Mobil AB"
    answer(client, taycan, "data-pass", {"choice": provider, "consent": "y"})
    answer(client, taycan, "charging", {"plan": "none"})
    answer(client, taycan, "partner", {"partner": "se-malmo"})
    address(client, taycan, {})
    answer(client, taycan, "invoice", {"address": "1"})
    check = client.get(step_url(taycan, "check")).get_data(as_text=True)
    assert "Inget att betala efter den ingående perioden" in check
    assert answer(client, taycan, "check", {}).status_code == 303
    with app.app_context():
        contracts = db.session.execute(select(Contract)).scalars().all()
        assert [(c.service_id, c.price) for c in contracts] == [("nc_destsync_v1", None)]


def test_check_your_answers_shows_the_yearly_total_after_the_included_period(app, client, taycan):
    walk_to_check(app, client, taycan)  # Navigation Plus 1 990 kr, Remote Lock 1 190 kr
    check = client.get(step_url(taycan, "check")).get_data(as_text=True)
    total = check[check.index('id="yearly-total"') :]
    total = total[: total.index("</strong>")]
    assert "3\xa0180\xa0kr per år" in total
    day = checkout.add_months(DELIVERY, 36)
    assert f"Från {babel_dates.format_date(day, 'long', locale='sv')}:" in total


def test_the_services_page_shows_until_when_they_are_free_and_prices(app, client, taycan):
    to_services(app, client, taycan)
    html = client.get(step_url(taycan, "services")).get_data(as_text=True)
    assert "Navigation Plus" in html
    until = babel_dates.format_date(checkout.add_months(DELIVERY, 36), "long", locale="sv")
    assert f"Gratis till {until}, sedan" in html  # 36 months from the delivery
    assert "1\xa0990\xa0kr" in html


def test_the_data_pass_consent_is_unticked_and_required_for_the_data_pass(app, client, taycan):
    walk_to_check(app, client, taycan)
    html = client.get(step_url(taycan, "data-pass")).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="consent"[^>]*>', html)
    assert not re.search(r'<input[^>]*checked[^>]*name="consent"', html)
    assert not re.search(r'<input[^>]*name="consent"[^>]*checked', html)
    assert "Exempel Mobil AB" in html and "VIN" in html  # what is transferred (F9)
    response = answer(client, taycan, "data-pass", {"choice": "Exempel Mobil AB"})
    assert response.status_code == 422
    response = answer(client, taycan, "data-pass", {"choice": "none"})
    assert response.headers["Location"].endswith("/check")
    answer(client, taycan, "check", {})
    assert count(app, Consent, kind="data_pass") == 0


def test_the_partner_consent_is_optional_and_can_be_withdrawn(app, client, taycan):
    walk_to_check(app, client, taycan)
    html = client.get(step_url(taycan, "partner")).get_data(as_text=True)
    assert 'value="se-goteborg"' in html
    answer(client, taycan, "check", {})
    next_steps = f"/se/sv/activate/orders/{taycan}/next-steps"
    with app.app_context():
        consent = db.session.execute(
            select(Consent).where(Consent.kind == "partner_data_exchange")
        ).scalar_one()
        consent_id = consent.id
    withdraw = f"/se/sv/activate/orders/{taycan}/consents/{consent_id}/withdraw"
    response = post_form(client, withdraw, {}, page=next_steps)
    assert response.headers["Location"].endswith("/next-steps")
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is not None
    assert "återkallat" in client.get(next_steps).get_data(as_text=True)


def test_an_unknown_partner_is_refused(app, client, taycan):
    walk_to_check(app, client, taycan)
    assert answer(client, taycan, "partner", {"partner": "de-stuttgart"}).status_code == 422


# -- g. invoice recipient ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("SE556703748501", True),
        ("556703-7485", True),
        ("SE556703748502", False),
        ("DE136695976", False),
        ("hello", False),
    ],
)
def test_company_numbers_are_checked_for_sweden(app, client, taycan, number, valid):
    walk_to_check(app, client, taycan)
    data = {"kind": "company", "company": "Exempel AB", "vat_number": number}
    response = address(client, taycan, data)
    assert (response.status_code == 303) is valid, response.get_data(as_text=True)[:200]
    if not valid:
        assert "organisationsnummer" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("number", "valid"),
    [("DE136695976", True), ("136695976", True), ("DE136695978", False), ("SE556703748501", False)],
)
def test_company_vat_numbers_are_checked_for_germany(app, number, valid):
    with app.app_context():
        assert (checkout.company_number("de", number) is not None) is valid


def test_a_company_needs_its_name_and_number_and_the_postal_code_its_form(app, client, taycan):
    walk_to_check(app, client, taycan)
    response = address(client, taycan, {"kind": "company", "postal_code": "1143"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Ange företagets namn", "momsregistrerings", "114 35"):
        assert message in html, message


def test_an_added_company_address_becomes_the_invoice_recipient(app, client, taycan):
    walk_to_check(app, client, taycan)
    data = {"kind": "company", "company": "Exempel AB", "vat_number": "se 5567037485 01"}
    response = address(client, taycan, data)
    assert response.headers["Location"].endswith("/invoice")  # the recipient review (F8)
    with app.app_context():
        rows = db.session.execute(select(BillingAddress).order_by(BillingAddress.id)).scalars()
        rows = list(rows)
        assert len(rows) == 2 and rows[1].vat_number.startswith("SE")
        assert db.session.execute(select(Activation.billing_address_id)).scalar() == rows[1].id
    # Submitting the same address again makes no copy.
    address(client, taycan, data)
    assert count(app, BillingAddress) == 2


def test_the_first_address_leads_to_the_recipient_review_before_check_your_answers(
    app, client, taycan
):
    walk_to_check(app, client, taycan)  # saved the first address, then reviewed it
    html = client.get(step_url(taycan, "invoice")).get_data(as_text=True)
    assert "Storgatan 1" in html and "Privatperson" in html
    assert re.search(r'<input[^>]*checked[^>]*name="address"', html)  # the new one is chosen


def test_company_fields_belong_to_the_company_choice_and_street_is_one_line(client, taycan):
    walk_to_check(client.application, client, taycan)
    html = client.get(f"/se/sv/activate/orders/{taycan}/invoice/address").get_data(as_text=True)
    fields = html[html.index('id="company-fields"') :]
    fields = fields[: fields.index('name="name"')]
    assert 'name="company"' in fields and 'name="vat_number"' in fields
    assert re.search(r'<input[^>]*autocomplete="address-line1"[^>]*name="street"', html)
    with client.application.open_resource("static/css/site.css") as css:
        rule = 'form:has(input[name="kind"][value="private"]:checked) .company-fields'
        assert rule in css.read().decode()


def test_change_links_keep_the_case_of_brand_names(app, client, taycan):
    walk_to_check(app, client, taycan)
    html = client.get(step_url(taycan, "check")).get_data(as_text=True)
    assert '<span class="visually-hidden"> Porsche Connect-tjänster</span>' in html
    assert "> porsche connect-tjänster</span>" not in html


def test_an_address_can_be_changed_but_only_ones_own(app, client, taycan):
    walk_to_check(app, client, taycan)
    with app.app_context():
        own = db.session.execute(select(BillingAddress.id)).scalar()
    response = address(client, taycan, {"street": "Nygatan 2"}, address_id=own)
    assert response.headers["Location"].endswith("/invoice")
    assert "Nygatan 2" in client.get(step_url(taycan, "check")).get_data(as_text=True)
    for other in ("999999", "99999999999999999999"):  # the second is beyond PostgreSQL's int
        url = f"/se/sv/activate/orders/{taycan}/invoice/address/{other}"
        assert client.get(url).status_code == 404


# -- i. confirm once ---------------------------------------------------------------------------


def test_confirming_twice_gives_one_activation_and_the_same_page(app, client, taycan):
    walk_to_check(app, client, taycan)
    first = answer(client, taycan, "check", {})
    token = csrf_token(client, f"/se/sv/activate/orders/{taycan}/next-steps")
    second = client.post(step_url(taycan, "check"), data={"csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app, Contract) == 3
    # Every step of a confirmed activation leads to its next steps (back button).
    assert client.get(step_url(taycan, "services")).headers["Location"].endswith("/next-steps")


@pytest.mark.postgres
def test_two_concurrent_confirmations_make_one_activation(app, client, taycan):
    """Two tabs press "Activate" at the same moment: one checkout (also on PostgreSQL)."""
    walk_to_check(app, client, taycan)
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def press() -> None:
        with app.test_request_context("/se/sv/"):
            app.preprocess_request()
            from porsche_web.markets.registry import current_registry

            activation = db.session.execute(select(Activation)).scalar_one()
            account = db.session.get(Account, activation.account_id)
            barrier.wait(5)
            try:
                results.append(
                    checkout.confirm(
                        activation,
                        account,
                        registry=current_registry(),
                        market=current_registry().get("se"),
                        language="sv",
                        now=clock.now(),
                    )
                )
                db.session.commit()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False, True]
    assert count(app, Contract) == 3
    assert count(app, Consent) == 2


def test_a_failure_in_the_checkout_leaves_nothing_half_done(app, client, taycan, monkeypatch):
    walk_to_check(app, client, taycan)

    def broken(*args, **kwargs):
        raise RuntimeError("SMTP template exploded")

    monkeypatch.setattr(checkout, "_confirmation_email", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = answer(client, taycan, "check", {})
    assert response.status_code == 500
    assert count(app, Contract) == 0 and count(app, Consent) == 0
    with app.app_context():
        assert db.session.execute(select(Activation.status)).scalar() == "draft"


def test_english_and_german_sites_show_the_steps_in_their_language(app, client):
    token = make_order(app, "DE-500600", market="de", model="cayenne", year=2026)
    use_link(client, token, "/de/de")
    html = client.get(step_url("DE-500600", "porsche-id", "/de/de")).get_data(as_text=True)
    assert "Schritt 1 von" in html
    register(client, "DE-500600", "/de/de")
    verify_phone(app, client, "DE-500600", "/de/de")
    html = client.get(step_url("DE-500600", "services", "/de/en")).get_data(as_text=True)
    assert "Step 3 of" in html


def test_the_security_code_is_stored_only_as_an_argon2id_hash(app, client, taycan):
    """Staff and dealers never see the customer's codes: only a hash is kept."""
    walk_to_check(app, client, taycan)
    with app.app_context():
        account = db.session.execute(select(Account)).scalar_one()
        assert account.security_code_hash.startswith("$argon2id$")
        assert "4711" not in account.security_code_hash


def test_services_start_on_delivery_or_today(app):
    with app.test_request_context("/se/sv/"):
        app.preprocess_request()
        from flask import g

        now = clock.now()

        class Order:
            planned_delivery = now.date() - timedelta(days=30)

        assert checkout.start_date(Order, g.market, now) in (now.date(), now.date() + timedelta(1))
        Order.planned_delivery = now.date() + timedelta(days=30)
        assert checkout.start_date(Order, g.market, now) == Order.planned_delivery
    assert checkout.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert checkout.add_months(date(2026, 11, 30), 36) == date(2029, 11, 30)


def test_a_german_company_recipient_needs_a_valid_ust_idnr(app, client):
    """The invoice step on the German site: VAT numbers by German rules (python-stdnum)."""
    site, number = "/de/de", "DE-500700"
    use_link(client, make_order(app, number, market="de", model="cayenne", year=2026), site)
    register(client, number, site)
    assert verify_phone(app, client, number, site).headers["Location"].endswith("/services")
    response = answer(client, number, "services", {"services": ["nc_destsync_v1"]}, site)
    # The German plugin's Data Pass provider, its terms in German; the customer declines.
    assert response.headers["Location"].endswith("/data-pass")
    html = client.get(step_url(number, "data-pass", site)).get_data(as_text=True)
    assert "Beispiel Mobilfunk GmbH" in html and "Mobilfunkanbieter" in html
    answer(client, number, "data-pass", {"choice": "none"}, site)
    response = answer(client, number, "partner", {"partner": "de-stuttgart"}, site)
    assert response.headers["Location"].endswith("/invoice")
    base = {"street": "Porscheplatz 1", "postal_code": "70435", "city": "Stuttgart"}
    company = {"kind": "company", "company": "Muster GmbH", **base}
    bad = address(client, number, {**company, "vat_number": "DE136695978"}, site)
    assert bad.status_code == 422
    assert "USt-IdNr." in bad.get_data(as_text=True)
    swedish = address(client, number, {**company, "vat_number": "SE556703748501"}, site)
    assert swedish.status_code == 422
    postal = address(
        client, number, {**company, "vat_number": "DE136695976", "postal_code": "7043"}, site
    )
    assert postal.status_code == 422 and "70435" in postal.get_data(as_text=True)
    good = address(client, number, {**company, "vat_number": "de 136 695 976"}, site)
    assert good.headers["Location"].endswith("/invoice")
    assert confirm_recipient(client, number, site).headers["Location"].endswith("/check")
    html = client.get(step_url(number, "check", site)).get_data(as_text=True)
    assert "Muster GmbH" in html and "DE136695976" in html


def test_a_second_porsche_id_with_the_link_is_told_the_order_is_taken(app, client, taycan):
    register(client, taycan)
    with app.test_request_context():
        invitations.send_invitation(services.find_order(taycan))  # a new link, e.g. self-service
        db.session.commit()
    other = app.test_client()
    use_link(other, LINK.findall(outbox(app, "email")[-1].text_body)[-1])
    add_account(app, "partner@example.com")
    post_form(other, "/se/sv/account/login", {"email": "partner@example.com", "password": PASSWORD})
    response = other.get(step_url(taycan, "porsche-id"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "ett annat Porsche ID" in html and "astrid@example.com" not in html


def test_a_cancelled_order_cannot_be_activated(app, client, taycan):
    register(client, taycan)
    with app.app_context():
        services.find_order(taycan).status = "cancelled"
        db.session.commit()
    response = client.get(step_url(taycan, "phone"))
    assert response.status_code == 410
    assert "Den här ordern har annullerats" in response.get_data(as_text=True)


def test_the_services_step_shows_the_stores_category_cards(app, client, taycan):
    """The same grouping and cards as the Connect Store: a section per category in the
    catalogue's order, a card per service whose checkbox is labelled with its name."""
    to_services(app, client, taycan)
    html = client.get(step_url(taycan, "services")).get_data(as_text=True)
    headings = re.findall(r'<h2 id="group-(\w+)">([^<]+)</h2>', html)
    order = [category.value for category in Category]
    ids = [category for category, _ in headings]
    assert len(ids) > 1 and ids == sorted(ids, key=order.index)
    assert ("navigation", "Navigering") in headings
    cards = re.findall(r'<li class="service service-choice">(.*?)</li>', html, re.S)
    assert len(cards) == 12
    navigation = next(card for card in cards if 'value="nc_destsync_v1"' in card)
    assert ">Navigation Plus</label>" in navigation
    box = re.search(r'<input[^>]*value="nc_destsync_v1"[^>]*>', navigation)[0]
    about = re.search(r'aria-describedby="([^"]+)"', box)[1]
    assert f'id="{about}"' in navigation
    assert "checked" not in navigation and "Gratis till" in navigation
