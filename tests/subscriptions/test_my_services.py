"""My services (issue #13 item 1): the contracts per car, renewal with check your answers,
cancellation at the end of the term, the 14-day withdrawal, invoices (owner only, numbers
without gaps), reminders once, and the vehicle API's set following the contracts' end dates.
Dates with a frozen clock (time-machine)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from babel.dates import format_date
from sqlalchemy import func, select

from porsche_web.activation.models import Contract
from porsche_web.extensions import db
from porsche_web.subscriptions import services
from porsche_web.subscriptions.models import (
    ACTIVE,
    CREDIT_NOTE,
    WITHDRAWN,
    Cancellation,
    Extension,
    Invoice,
    Reminder,
)
from porsche_web.testing.actions.porsche_id import login
from porsche_web.testing.helpers import concurrently, outbox, post_form
from porsche_web.vehicles import services as vehicles

SITE = "/se/sv/account/services"
API = "/api/pcm/v1"
VIN = "WP0ZZZY1ZTS000301"
MAIN = "astrid@example.com"
NAV = "nc_destsync_v1"


# -- helpers -----------------------------------------------------------------------------------


@pytest.fixture
def activated(app, activation):
    """A Taycan with Navigation Plus and Remote Lock and Unlock (and the charging plan),
    activated by astrid@example.com, whose browser is ``client``."""
    activation.activate(vin=VIN)
    return activation


def contract(app, service_id: str = NAV) -> Contract:
    with app.app_context():
        row = db.session.execute(
            select(Contract).where(Contract.service_id == service_id)
        ).scalar_one()
        db.session.expunge(row)
        return row


def at(day: date, hour: int = 10):
    """Travel to ``day`` (10:00 UTC, noon in Stockholm), the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def relogin(client, activation):
    """After a jump in time the browser's session has expired."""
    login(client, MAIN, activation.PASSWORD)


def renew(client, contract_id: int):
    response = post_form(client, f"{SITE}/{contract_id}/renew", {"consent": "y"})
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    check = f"{SITE}/{contract_id}/renew/check"
    assert response.headers["Location"].endswith(check)
    page = client.get(check).get_data(as_text=True)
    key = re.search(r'name="request_key" type="hidden" value="([^"]+)"', page)
    assert key, page[:400]
    return post_form(client, check, {"request_key": key.group(1)}), key.group(1)


def extensions(app) -> list[Extension]:
    with app.app_context():
        rows = list(db.session.execute(select(Extension).order_by(Extension.id)).scalars())
        db.session.expunge_all()
        return rows


def invoices(app) -> list[Invoice]:
    with app.app_context():
        rows = list(db.session.execute(select(Invoice).order_by(Invoice.id)).scalars())
        db.session.expunge_all()
        return rows


def car_services(app, token: str) -> set[str]:
    response = app.test_client().get(
        f"{API}/services", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return {service["id"] for service in response.get_json()["services"]}


def add_car(app) -> str:
    with app.app_context():
        _, token = vehicles.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    return token


def emails_to(app, subject_part: str) -> list:
    return [m for m in outbox(app, "email") if subject_part in (m.subject or "")]


# -- the page ----------------------------------------------------------------------------------


def test_my_services_lists_every_contract_with_dates_price_and_the_end(app, client, activated):
    nav = contract(app)
    page = client.get(SITE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Navigation Plus" in html or NAV in html
    assert re.search(r"1\s990\skr per år", html)
    # Its start is the car's delivery date; 36 months included, then its end (Swedish dates).
    with app.app_context():
        from porsche_web.orders.models import Order

        delivery = db.session.execute(select(Order.planned_delivery)).scalar_one()
    assert nav.starts_on == delivery
    page_text = " ".join(html.replace("\xa0", " ").split())
    section = page_text[page_text.index(f'id="contract-{nav.id}"') :]
    for day in (nav.starts_on, nav.ends_on):
        assert format_date(day, "long", locale="sv_SE") in section
    assert "36 månader" in section
    assert f'id="contract-{nav.id}"' in html
    assert f"{SITE}/{nav.id}/renew" in html and f"{SITE}/{nav.id}/cancel" in html
    # the charging plan is listed, but managed elsewhere (no renewal or cancellation here)
    charging = contract(app, "pcs_plus")
    assert f'id="contract-{charging.id}"' in html
    assert f"{SITE}/{charging.id}/renew" not in html
    # My Porsche links to it
    assert SITE in client.get("/se/sv/account/").get_data(as_text=True)


def test_my_services_needs_a_login(app, client, activated):
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    fresh = app.test_client()
    response = fresh.get(SITE)
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


# -- renewal -----------------------------------------------------------------------------------


def test_renewal_needs_the_express_consent(app, client, activated):
    nav = contract(app)
    response = post_form(client, f"{SITE}/{nav.id}/renew", {})
    assert response.status_code == 422
    assert "error-summary" in response.get_data(as_text=True)
    assert extensions(app) == []
    # check your answers without the consent sends the customer back
    assert client.get(f"{SITE}/{nav.id}/renew/check").headers["Location"].endswith("/renew")


def test_renewal_adds_a_year_with_an_invoice_and_an_email_once(app, client, activated):
    nav = contract(app)
    response, key = renew(client, nav.id)
    assert response.status_code == 303
    [extension] = extensions(app)
    assert extension.starts_on == nav.ends_on + timedelta(days=1)
    assert extension.previous_end == nav.ends_on
    assert extension.ends_on == date(nav.ends_on.year + 1, nav.ends_on.month, nav.ends_on.day)
    assert extension.price == Decimal("1990") and extension.currency == "SEK"
    assert contract(app).ends_on == extension.ends_on
    [invoice] = invoices(app)
    assert invoice.display_number == "SE-000001" and invoice.amount == Decimal("1990")
    assert invoice.recipient["name"] == "Astrid Exempel"
    assert len(emails_to(app, "förnyad")) + len(emails_to(app, "renewed")) == 1
    # the same form again (double click, back button): nothing more
    again = post_form(client, f"{SITE}/{nav.id}/renew/check", {"request_key": key}, page=SITE)
    assert again.status_code == 303
    assert len(extensions(app)) == 1 and len(invoices(app)) == 1
    # a second renewal waits until the new year has started
    assert client.get(f"{SITE}/{nav.id}/renew").status_code == 303


def test_invoices_are_printable_by_their_owner_only(app, client, activated, porsche_id):
    nav = contract(app)
    renew(client, nav.id)
    [invoice] = invoices(app)
    url = f"{SITE}/invoices/{invoice.id}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "SE-000001" in html and "Astrid Exempel" in html and "moms" in html.lower()
    assert url in client.get(SITE).get_data(as_text=True)
    other = app.test_client()
    porsche_id.client = other
    porsche_id.register_and_confirm(email="eve@example.com")
    porsche_id.login(email="eve@example.com")
    assert other.get(url).status_code == 404
    assert other.get(f"{SITE}/{nav.id}/renew").status_code == 404
    assert other.get(f"{SITE}/{nav.id}/cancel").status_code == 404
    assert other.get(f"{SITE}/renewals/{extensions(app)[0].id}/withdraw").status_code == 404
    assert client.get(f"{SITE}/invoices/{invoice.id + 99}").status_code == 404


def test_invoice_numbers_follow_without_gaps_under_concurrency(app):
    def work(i):
        number = services.next_invoice_number("se")
        db.session.commit()
        return number

    results = concurrently(app, 5, work)
    assert sorted(results) == [1, 2, 3, 4, 5], results
    with app.app_context():
        assert services.next_invoice_number("de") == 1
        db.session.rollback()
        assert services.next_invoice_number("de") == 1  # a rolled-back number is given again


# -- the vehicle API follows the contracts -----------------------------------------------------


def test_the_cars_set_follows_the_end_of_a_contract_and_its_renewal(app, client, activated):
    token = add_car(app)
    nav = contract(app)
    with at(nav.starts_on - timedelta(days=1)):
        assert NAV not in car_services(app, token)  # not delivered yet: not started
    with at(nav.starts_on):
        assert NAV in car_services(app, token)  # from the car's delivery
    with at(nav.ends_on):
        assert NAV in car_services(app, token)
    with at(nav.ends_on + timedelta(days=1)):
        assert NAV not in car_services(app, token)  # expired: gone at its end
    with at(nav.ends_on - timedelta(days=20)):
        relogin(client, activated)
        assert renew(client, nav.id)[0].status_code == 303
    renewed = contract(app).ends_on
    with at(nav.ends_on + timedelta(days=1)):
        assert NAV in car_services(app, token)
    with at(renewed):
        assert NAV in car_services(app, token)
    with at(renewed + timedelta(days=1)):
        assert NAV not in car_services(app, token)


# -- withdrawal --------------------------------------------------------------------------------


def test_withdrawal_before_the_new_year_starts_refunds_all(app, client, activated):
    token = add_car(app)
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=40)):
        relogin(client, activated)
        renew(client, nav.id)
        [extension] = extensions(app)
    with at(nav.ends_on - timedelta(days=30)):
        relogin(client, activated)
        url = f"{SITE}/renewals/{extension.id}/withdraw"
        # A refund is an invoice amount: with the currency's decimals (i18n.money exact=True).
        assert re.search(r"1\s990,00\skr", client.get(url).get_data(as_text=True))
        assert post_form(client, url, {}).status_code == 303
        assert post_form(client, url, {}).status_code == 303  # twice: nothing more
    [extension] = extensions(app)
    assert extension.status == WITHDRAWN
    assert contract(app).ends_on == nav.ends_on
    invoice, note = invoices(app)
    assert note.kind == CREDIT_NOTE and note.amount == Decimal("1990.00")
    assert note.refers_to_id == invoice.id and note.display_number == "SE-000002"
    assert len(emails_to(app, "ångrat")) + len(emails_to(app, "withdrawn")) == 1
    with at(nav.ends_on + timedelta(days=1)):
        assert NAV not in car_services(app, token)


def test_withdrawal_after_the_start_ends_the_service_now_and_refunds_the_rest(
    app, client, activated
):
    token = add_car(app)
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=3)):
        relogin(client, activated)
        renew(client, nav.id)
        [extension] = extensions(app)
    today = nav.ends_on + timedelta(days=6)  # 5 days of the new year used
    with at(today):
        assert NAV in car_services(app, token)
        relogin(client, activated)
        assert post_form(client, f"{SITE}/renewals/{extension.id}/withdraw", {}).status_code == 303
        assert NAV not in car_services(app, token)  # ends now
    assert contract(app).ends_on == today - timedelta(days=1)
    days = (extension.ends_on - extension.starts_on).days + 1
    expected = (Decimal("1990") * (days - 5) / days).quantize(Decimal("0.01"))
    assert invoices(app)[-1].amount == expected


def test_the_right_of_withdrawal_ends_after_14_days(app, client, activated):
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=60)):
        relogin(client, activated)
        renew(client, nav.id)
        [extension] = extensions(app)
    with at(nav.ends_on - timedelta(days=60 - 15)):
        relogin(client, activated)
        url = f"{SITE}/renewals/{extension.id}/withdraw"
        assert "14" in client.get(url).get_data(as_text=True)
        post_form(client, url, {})
    assert extensions(app)[0].status == ACTIVE
    assert len(invoices(app)) == 1


# -- cancellation ------------------------------------------------------------------------------


def test_cancellation_keeps_the_service_until_the_end_of_the_term(app, client, activated):
    token = add_car(app)
    nav = contract(app)
    url = f"{SITE}/{nav.id}/cancel"
    assert client.get(url).status_code == 200
    assert post_form(client, url, {}).status_code == 303
    assert post_form(client, url, {}).status_code == 303  # twice: one cancellation
    with app.app_context():
        assert db.session.execute(select(func.count(Cancellation.id))).scalar() == 1
    assert contract(app).ends_on == nav.ends_on
    assert len(emails_to(app, "uppsagd")) + len(emails_to(app, "cancelled")) == 1
    assert client.get(f"{SITE}/{nav.id}/renew").status_code == 303  # no renewal any more
    with at(nav.ends_on):
        assert NAV in car_services(app, token)
    with at(nav.ends_on + timedelta(days=1)):
        assert NAV not in car_services(app, token)


def test_cancellation_drops_a_renewed_year_that_has_not_started(app, client, activated):
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=100)):
        relogin(client, activated)
        renew(client, nav.id)
    with at(nav.ends_on - timedelta(days=50)):  # past the 14 days
        relogin(client, activated)
        assert post_form(client, f"{SITE}/{nav.id}/cancel", {}).status_code == 303
    assert contract(app).ends_on == nav.ends_on
    assert extensions(app)[0].status == "cancelled"
    assert invoices(app)[-1].kind == CREDIT_NOTE
    assert invoices(app)[-1].amount == Decimal("1990.00")


# -- reminders ---------------------------------------------------------------------------------


def remind(runner) -> str:
    result = runner.invoke(args=["subscriptions", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def reminders(app) -> list[tuple[int, int]]:
    with app.app_context():
        return [
            (r.contract_id, r.days)
            for r in db.session.execute(select(Reminder).order_by(Reminder.id)).scalars()
        ]


def test_reminders_30_and_7_days_before_the_end_are_sent_once(app, runner, activated):
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=31)):
        remind(runner)
        assert [r for r in reminders(app) if r[0] == nav.id] == []
    with at(nav.ends_on - timedelta(days=30)):
        remind(runner)
        remind(runner)  # the scheduler runs twice
    assert (nav.id, 30) in reminders(app)
    assert len([r for r in reminders(app) if r[0] == nav.id]) == 1
    with at(nav.ends_on - timedelta(days=7)):
        remind(runner)
        remind(runner)
    assert [r for r in reminders(app) if r[0] == nav.id] == [(nav.id, 30), (nav.id, 7)]
    sent = [m for m in outbox(app, "email") if "slutar snart" in (m.subject or "")]
    assert len(sent) == len(reminders(app))  # Swedish: the customer's language
    assert any(re.search(r"1\s990", m.text_body) for m in sent)


def test_the_reminder_is_in_the_customers_language_not_the_markets(app, runner, activated):
    """Astrid reads English on the Swedish site: her reminder is English, priced in kronor as
    English is written in Sweden, and links to her own site's My services."""
    from porsche_web.accounts.models import Account

    with app.app_context():
        db.session.execute(
            Account.__table__.update().where(Account.email == MAIN).values(language="en")
        )
        db.session.commit()
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=30)):
        remind(runner)
    sent = [m for m in outbox(app, "email") if m.subject == "Your service ends soon"]
    assert len(sent) == len(reminders(app)) >= 1
    assert not [m for m in outbox(app, "email") if "slutar snart" in (m.subject or "")]
    body = " ".join(m.text_body for m in sent).replace("\xa0", " ")
    assert re.search(r"1\s990\skr per year", body)  # English in Sweden (en_SE): kronor
    assert "/se/en/account/services" in body


def test_reminders_are_sent_once_when_the_command_runs_concurrently(app, activated):
    nav = contract(app)
    with at(nav.ends_on - timedelta(days=7)):

        def work(i):
            sent = services.send_reminders(datetime.now(UTC))
            db.session.commit()
            return sent

        results = concurrently(app, 4, work)
    assert not any(isinstance(r, BaseException) for r in results), results
    # Navigation Plus, Remote Lock and the charging plan (36 months included, like the others)
    assert sum(results) == len(reminders(app)) == 3
    assert len(set(reminders(app))) == 3


def test_the_charging_plan_is_reminded_before_its_included_period_ends(app, runner, activated):
    charging = contract(app, "pcs_plus")
    with at(charging.ends_on - timedelta(days=30)):
        remind(runner)
        remind(runner)
    assert [r for r in reminders(app) if r[0] == charging.id] == [(charging.id, 30)]
    ending = [m for m in outbox(app, "email") if m.subject == "Din tjänst slutar snart"]
    [mail] = [m for m in ending if "Porsche Charging Service Plus" in m.text_body]
    assert "Porsche Charging Service hanteras på en egen sida." in mail.text_body
    assert "/se/sv/account/charging" in mail.text_body


def test_no_reminder_for_a_charging_plan_cancelled_with_its_card(app, client, runner, activated):
    from porsche_web.charging.models import ChargingCard

    charging = contract(app, "pcs_plus")
    with app.app_context():
        card_id = db.session.execute(select(ChargingCard.id)).scalar_one()
    page = "/se/sv/account/charging"
    assert post_form(client, f"{page}/cards/{card_id}/cancel", {}, page=page).status_code == 303
    assert contract(app, "pcs_plus").ends_on < charging.ends_on
    remind(runner)  # the day it ends early
    with at(charging.ends_on - timedelta(days=7)):  # the end it would have had
        remind(runner)
    assert [r for r in reminders(app) if r[0] == charging.id] == []


def test_no_reminder_for_a_cancelled_service(app, client, activated):
    nav = contract(app)
    post_form(client, f"{SITE}/{nav.id}/cancel", {})
    with at(nav.ends_on - timedelta(days=7)):
        remind(runner=app.test_cli_runner())
    assert [r for r in reminders(app) if r[0] == nav.id] == []


# -- privacy -----------------------------------------------------------------------------------


def test_the_export_has_the_renewals_and_invoices_and_deletion_anonymises_invoices(
    app, client, activated
):
    from porsche_web.accounts.models import Account
    from porsche_web.accounts.services.deletion import delete_account
    from porsche_web.hooks import current_hooks

    nav = contract(app)
    renew(client, nav.id)
    post_form(client, f"{SITE}/{nav.id}/cancel", {})
    with app.test_request_context():
        account = db.session.execute(select(Account).where(Account.email == MAIN)).scalar_one()
        exported = current_hooks().personal_data_export(account)
        assert len(exported["contract_extensions"]) == 1
        assert len(exported["contract_cancellations"]) == 1
        assert [i["number"] for i in exported["invoices"]] == [1, 2]  # invoice and credit note
        delete_account(account)
        db.session.commit()
    with app.app_context():
        assert db.session.execute(select(func.count(Extension.id))).scalar() == 0
        assert db.session.execute(select(func.count(Cancellation.id))).scalar() == 0
        assert db.session.execute(select(func.count(Contract.id))).scalar() == 0
    kept = invoices(app)
    assert len(kept) == 2  # bookkeeping
    assert all(i.account_id is None and i.recipient is None and i.vin is None for i in kept)
    assert [i.amount for i in kept] == [Decimal("1990.00"), Decimal("1990.00")]


# -- VAT on the invoice (the market's porsche_vat) ---------------------------------------------


def test_the_invoice_shows_net_vat_and_total_at_the_markets_rate(app, client, activated):
    nav = contract(app)
    renew(client, nav.id)
    [invoice] = invoices(app)
    assert (invoice.vat_rate, invoice.vat_included) == (Decimal("25"), True)
    url = f"{SITE}/invoices/{invoice.id}"
    html = " ".join(client.get(url).get_data(as_text=True).replace("\xa0", " ").split())
    # 1 990 kr including 25 % VAT: 1 592 kr net, 398 kr VAT (Swedish money and per cent).
    assert "Nettobelopp</th><td>1 592,00 kr" in html
    assert "Moms 25 %</th><td>398,00 kr" in html
    assert "Totalt</th><td><strong>1 990,00 kr" in html
    assert "Alla priser inklusive moms." not in html
    english = client.get(url.replace("/se/sv/", "/se/en/")).get_data(as_text=True)
    english = " ".join(english.replace("\xa0", " ").split())
    assert "Net amount</th>" in english and "VAT 25 %</th>" in english and "Total</th>" in english


def test_a_credit_note_shows_its_vat_too(app, client, activated):
    nav = contract(app)
    renew(client, nav.id)
    [extension] = extensions(app)
    assert post_form(client, f"{SITE}/renewals/{extension.id}/withdraw", {}).status_code == 303
    _, note = invoices(app)
    html = client.get(f"{SITE}/invoices/{note.id}").get_data(as_text=True)
    html = " ".join(html.replace("\xa0", " ").split())
    assert "Moms 25 %</th><td>−398,00 kr" in html and "−1 990,00 kr" in html


def test_an_invoice_without_a_vat_rate_keeps_the_sentence(app, client, activated):
    """Issued in a market whose plugin declares no VAT (or before the rates were kept)."""
    nav = contract(app)
    renew(client, nav.id)
    [invoice] = invoices(app)
    with app.app_context():
        db.session.get(Invoice, invoice.id).vat_rate = None
        db.session.commit()
    html = client.get(f"{SITE}/invoices/{invoice.id}").get_data(as_text=True)
    assert "Alla priser inklusive moms." in html and "Nettobelopp" not in html


def test_the_breakdown_of_prices_with_and_without_vat():
    included = Invoice(amount=Decimal("119.00"), vat_rate=Decimal("19"), vat_included=True)
    assert services.invoice_vat(included) == services.VatBreakdown(
        Decimal("100.00"), Decimal("19"), Decimal("19.00"), Decimal("119.00")
    )
    on_top = Invoice(amount=Decimal("100.00"), vat_rate=Decimal("8.1"), vat_included=False)
    assert services.invoice_vat(on_top) == services.VatBreakdown(
        Decimal("100.00"), Decimal("8.1"), Decimal("8.10"), Decimal("108.10")
    )
    odd = services.invoice_vat(Invoice(amount=Decimal("99"), vat_rate=Decimal("25")))
    assert odd is not None and (odd.net, odd.vat) == (Decimal("79.20"), Decimal("19.80"))
    assert services.invoice_vat(Invoice(amount=Decimal("99"), vat_rate=None)) is None


def test_the_sample_markets_declare_their_vat_and_the_others_none(app):
    from porsche_web.markets import Vat
    from porsche_web.markets.registry import current_registry

    with app.app_context():
        registry = current_registry()
        assert registry.vat(registry.get("se")) == Vat(Decimal("25"))
        assert registry.vat(registry.get("de")) == Vat(Decimal("19"), prices_include_vat=True)
        assert registry.vat(registry.get("no")) is None
