"""The privacy centre in Swedish and English (issue #14): after the activation, a customer who
joined before the privacy policy in force acknowledges what changed, goes from My Porsche to
"Your data and consents", sees what we keep and why, withdraws the partner consent, gives it
again and downloads a copy of their data. axe on every page; the same without JavaScript."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from conftest import assert_accessible, import_order, outbox_messages
from playwright.sync_api import expect
from sqlalchemy import select
from test_guided_activation_journey import TEXT, activate

from porsche_web.accounts.models import Account
from porsche_web.extensions import db

PRIVACY_TEXT = {
    "sv": {
        "privacy": "Dina uppgifter och samtycken",
        "partner": "Utbyte av uppgifter med Porsche Centre Göteborg",
        "kept": "Det här sparar vi om dig",
        "withdraw": "Återkalla samtycket",
        "withdrawn": "Ditt samtycke är återkallat.",
        "give": "Ge samtycket igen",
        "agree": "Jag godkänner",
        "given": "Tack. Ditt samtycke är givet igen.",
        "ask_copy": "Be om en kopia av dina uppgifter",
        "preparing": "Vi sätter ihop dina uppgifter",
        "download": "Ladda ner dina uppgifter",
        "news": "Vår integritetspolicy har ändrats",
        "read": "Jag har läst det",
    },
    "en": {
        "privacy": "Your data and consents",
        "partner": "Data exchange with Porsche Centre Göteborg",
        "kept": "What we keep about you",
        "withdraw": "Withdraw this consent",
        "withdrawn": "Your consent is withdrawn.",
        "give": "Give this consent again",
        "agree": "I agree",
        "given": "Thank you. Your consent is given again.",
        "ask_copy": "Ask for a copy of your data",
        "preparing": "We are putting your data together",
        "download": "Download your data",
        "news": "Our privacy policy has changed",
        "read": "I have read it",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_see_withdraw_and_give_again(open_context, cli_app, tmp_path, language, javascript):
    t, p = TEXT[language], PRIVACY_TEXT[language]
    check = assert_accessible if javascript else (lambda page: None)
    _, email = import_order(cli_app, tmp_path, language, "718", 2025)
    page = open_context(locale=t["locale"], javascript=javascript).new_page()
    activate(page, t, check, language, email, "718")

    # A customer who joined before the policy in force is shown what changed, once (F26)
    with cli_app.app_context():
        account = db.session.execute(select(Account).where(Account.email == email)).scalar_one()
        account.created_at = datetime(2026, 1, 20, tzinfo=UTC)
        db.session.commit()
    page.goto(f"/se/{language}/account/")
    expect(page.get_by_role("heading", name=p["news"])).to_be_visible()
    check(page)
    page.get_by_role("button", name=p["read"]).click()
    expect(page.get_by_role("heading", name=p["news"])).to_have_count(0)

    page.get_by_role("link", name=p["privacy"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(p["privacy"])
    expect(page.get_by_role("heading", name=p["kept"])).to_be_visible()
    consent = page.locator("li.panel", has=page.get_by_role("heading", name=p["partner"]))
    expect(consent).to_have_count(1)
    check(page)

    consent.get_by_role("button", name=p["withdraw"]).click()
    expect(page.locator("#flash")).to_contain_text(p["withdrawn"])
    expect(page.get_by_role("button", name=p["withdraw"])).to_have_count(0)
    check(page)

    page.get_by_role("link", name=p["give"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(p["give"])
    check(page)
    page.get_by_role("button", name=p["agree"]).click()
    expect(page.locator("#flash")).to_contain_text(p["given"])
    expect(page.get_by_role("button", name=p["withdraw"])).to_have_count(1)
    check(page)

    # Download my data: asked for here, built by the export job, announced by e-mail
    page.get_by_role("button", name=p["ask_copy"]).click()
    expect(page.locator("#flash")).to_contain_text(p["preparing"])
    check(page)
    result = cli_app.test_cli_runner().invoke(args=["privacy", "exports"])
    assert "data export(s) built" in result.output, result.output
    assert any("/account/privacy" in " ".join(m["links"]) for m in outbox_messages(page, email))
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(p["download"])).click()
    assert download.value.suggested_filename.endswith(".zip")
    check(page)
