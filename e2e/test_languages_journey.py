"""Issue #15: the markets' own languages in the browser. A whole registration (register,
confirm the e-mail, log in, verify the phone) in French on the French site, in Polish on the
Polish site (three plural forms) and in Japanese on the Japanese site (another script), with
axe on every page; the words come from each language's catalog (``pages.texts``). Then axe
over the public pages of the sites written in other scripts (Japanese, Greek)."""

from __future__ import annotations

import uuid

import pytest
from pages import MarketFacts, Person, Visit
from test_porsche_id_journey import register_and_log_in

PEOPLE = {
    "fr": ("Claire", "Dubois"),
    "pl": ("Zofia", "Kowalska"),
    "jp": ("結衣", "佐藤"),
}


@pytest.mark.parametrize(
    "code, language", [("fr", "fr"), ("pl", "pl"), ("jp", "ja")], ids=["fr", "pl", "ja"]
)
def test_register_confirm_log_in_and_verify_in_the_markets_language(
    new_context, market, outbox, code, language
):
    site = MarketFacts(market.app, code)
    assert site.languages[0] == language  # the market's own language leads
    context = new_context(locale=site.browser_locale(language))
    customer = Visit(context.new_page(), site, language, True)
    given, family = PEOPLE[code]
    person = Person.new(site, given, family, email=f"{code}.{uuid.uuid4().hex[:10]}@example.com")
    my_porsche = register_and_log_in(customer, outbox, person)
    phone = my_porsche.start_phone_verification(person)
    phone.verify(lambda: outbox.latest_code(person.e164))


#: Sites in other scripts, read by axe page by page: Japanese (kana and kanji) and Greek.
SCRIPTS = [("jp", "ja"), ("gr", "el")]
PAGES = [
    "",
    "store?model=taycan&year=2026",
    "support",
    "privacy",
    "account/register",
    "account/login",
    "activate/new-link",
    "no-such-page",
]


@pytest.mark.parametrize("code, language", SCRIPTS, ids=[lang for _code, lang in SCRIPTS])
def test_pages_in_other_scripts_pass_axe(new_context, market, code, language):
    site = MarketFacts(market.app, code)
    context = new_context(locale=site.browser_locale(language))
    customer = Visit(context.new_page(), site, language, True)
    for rest in PAGES:
        customer.page.goto(customer.path(rest))
        assert customer.page.locator("html").get_attribute("lang") == site.tag(language)
        customer.check()
