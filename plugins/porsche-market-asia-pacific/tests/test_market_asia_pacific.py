"""Asia-Pacific plugin, tested with the porsche_web.testing fixtures."""


def test_hong_kong_shares_chinas_contact(market_registry):
    china, hong_kong = market_registry.get("cn"), market_registry.get("hk")
    assert market_registry.support_contact(china).email == "connect@cn.porsche.com"
    assert market_registry.support_contact(hong_kong).email == "connect@cn.porsche.com"


def test_every_market_passes_the_check(market_problems):
    assert market_problems("au", "cn", "hk", "jp", "tw") == []


def test_markets_serve_english_and_list_their_official_languages(market_registry):
    japan = market_registry.get("jp")
    # Japanese as soon as the core's catalog ships (it does), English beside it
    assert japan.languages == ("ja", "en") and japan.official_languages == ("ja",)
    assert japan.currency == "JPY"


def test_voice_pilot_is_not_offered_in_japan(market_registry):
    offers = market_registry.service_offers(market_registry.get("jp"), "taycan", 2024)
    assert "onlinespeech_v1" not in offers and "nc_destsync_v1" in offers
