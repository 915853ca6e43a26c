"""The privacy centre in every language of the market (Swedish and English by default; issue
#14): after the activation, a customer who joined before the privacy policy in force
acknowledges what changed, goes from My Porsche to "Your data and consents", sees what we keep
and why, withdraws the partner consent, gives it again and downloads a copy of their data. axe
on every page; the same without JavaScript.

The policy note is left out for a market whose policy has no earlier version, and against a
deployment (``--base-url``): making a customer older than the policy needs the server's
database."""

from __future__ import annotations

import pytest
from pages import MyPorsche, PolicyNews, PrivacyCentre
from playwright.sync_api import expect


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_see_withdraw_and_give_again(visit, backoffice, market, lang, javascript):
    order = backoffice.order(lang, "718", 2025)
    customer = visit(lang, javascript=javascript)
    person = backoffice.activate(customer, order)

    # A customer who joined before the policy in force is shown what changed, once (F26)
    changed_on = market.policy_changed_on()
    joined_before = bool(changed_on) and backoffice.joined_before(person.email, changed_on)
    MyPorsche(customer).open()
    if joined_before:
        news = PolicyNews(customer)
        news.expect_shown()
        news.acknowledge()

    privacy = PrivacyCentre(customer).open_from_my_porsche()
    consent = privacy.partner_consent(market.partner.name)
    expect(consent).to_have_count(1)
    privacy.check()
    privacy.withdraw(consent)
    privacy.give_again()

    # Download my data: asked for here, built by the export job, announced by e-mail
    privacy.ask_for_a_copy()
    backoffice.data_export_link(person.email)
    name, files, readme = privacy.download()
    assert name.endswith(".zip")
    assert {"README.txt", "accounts.json", "consents.json", "orders.json"} <= set(files)
    assert readme.startswith(customer.t("Your data from My Porsche"))  # in the site's language
