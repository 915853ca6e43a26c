"""``flask markets check``: one tiny installed plugin per mistake; each line names the
distribution, the entry point, the market and the field, with a suggestion where there is one."""

from __future__ import annotations

import logging
import re
from importlib.metadata import EntryPoint

import pytest

from porsche_web.connect import catalogue
from porsche_web.markets import SmsBackend
from porsche_web.markets.results import protocol_mismatch

#: A correct New Zealand plugin; each test adds or replaces a definition (the last one wins).
NEW_ZEALAND = """
from datetime import date
from decimal import Decimal

from porsche_web.markets import (
    ChargingOffer, ChargingPlan, Market, Partner, ServiceOffer, SupportContact, hookimpl,
)

MARKET = Market(
    code="nz", languages=("en",), default_language="en", currency="NZD",
    timezone="Pacific/Auckland", official_languages=("en", "mi"),
)


@hookimpl
def porsche_markets():
    return [MARKET]


@hookimpl
def porsche_support_contact(market):
    return SupportContact(email="connect@porsche.co.nz", phone="+6493001234")


@hookimpl
def porsche_partners(market):
    return [
        Partner("nz-akl", "Porsche Centre Auckland", "1 Road", "1010", "Auckland",
                phone="+6495551234"),
    ]


@hookimpl
def porsche_service_availability(market, model, model_year):
    return [ServiceOffer("nc_destsync_v1", 36, Decimal("299"))]
"""

WHERE = "porsche-market-nz (entry point nz): market nz"


@pytest.fixture
def check(make_core_app, install_plugin):
    """``check(source, **install)`` → (exit status, output lines) of ``markets check``."""

    def run(*sources: str | tuple[str, dict] | EntryPoint, codes: tuple[str, ...] = ()):
        plugins = []
        for source in sources:
            if isinstance(source, EntryPoint):
                plugins.append(source)
                continue
            text, options = source if isinstance(source, tuple) else (source, {})
            options = {"distribution": "porsche-market-nz", "entry_point": "nz", **options}
            plugins.append(install_plugin(text, **options))
        app = make_core_app(plugins=plugins)
        result = app.test_cli_runner().invoke(args=["markets", "check", *codes])
        # (the completeness of each language is listed first; test_market_languages covers it)
        lines = [line for line in result.output.splitlines() if not line.startswith("language ")]
        return result.exit_code, lines

    return run


def test_the_correct_plugin_passes(check):
    status, lines = check(NEW_ZEALAND)
    assert (status, lines) == (0, ["markets check: 1 market(s), no problems"])


# -- mistakes that passed silently -------------------------------------------------------------


def test_a_charging_offer_in_another_currency(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_charging_offer(market):
    plan = ChargingPlan("pcs", "Porsche Charging Service", Decimal("0"), Decimal("0.59"),
                        Decimal("0.79"))
    return ChargingOffer((plan,), "EUR")
"""
    )
    assert status == 1
    assert (
        f"{WHERE}: porsche_charging_offer.currency: EUR is not the market's currency NZD" in lines
    )


@pytest.mark.parametrize(
    ("hook", "replacement", "line"),
    [
        (
            "porsche_support_contact",
            'SupportContact(email="connect@porsche.co.nz", phone="+4687000000")',
            "porsche_support_contact.phone: +4687000000 is a number of Sweden, not of New "
            "Zealand; list the market's own number",
        ),
        (
            "porsche_support_contact",
            'SupportContact(email="connect@porsche.co.nz", phone="+6412345678")',
            "porsche_support_contact.phone: +6412345678 is not a valid phone number in New Zealand",
        ),
        (
            "porsche_partners",
            '[Partner("nz-akl", "Porsche Centre Auckland", "1 Road", "1010", "Auckland", '
            'phone="+61293001234")]',
            "porsche_partners.phone: nz-akl: +61293001234 is a number of Australia, not of New "
            "Zealand; list the market's own number",
        ),
    ],
    ids=["another country", "not valid in the country", "a Centre's phone"],
)
def test_a_phone_of_another_country_or_not_valid_for_the_market(check, hook, replacement, line):
    status, lines = check(
        NEW_ZEALAND + f"\n\n@hookimpl\ndef {hook}(market):\n    return {replacement}\n"
    )
    assert status == 1
    assert f"{WHERE}: {line}" in lines


def test_an_official_language_that_is_not_a_locale_at_import(check):
    source = NEW_ZEALAND.replace('official_languages=("en", "mi")', 'official_languages=("kr",)')
    status, lines = check(source)
    assert status == 1
    assert (
        f"{WHERE}: Market.official_languages: 'kr' is not a language; `kr` is the country code "
        "of South Korea, whose language is `ko` (plugin.py, line 9)"
    ) in lines


def test_an_official_language_that_is_not_a_locale_in_the_hook(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_markets():
    return [Market("nz", ("en",), "en", "NZD", "Pacific/Auckland", official_languages=("kr",))]
"""
    )
    assert status == 1
    assert (
        f"{WHERE}: porsche_markets.Market.official_languages: 'kr' is not a language; `kr` is "
        "the country code of South Korea, whose language is `ko`"
    ) in lines


def test_an_availability_table_keyed_by_a_model_the_catalogue_does_not_have(check):
    status, lines = check(
        NEW_ZEALAND
        + """
INCLUDED = {"718": 12, "911": 36, "taycan": 36, "panamera": 36, "panamera_e_hybrid": 36,
            "cayenne": 36, "cayenne_e_hybrid": 36, "macan_ev": 36}


@hookimpl
def porsche_service_availability(market, model, model_year):
    if model not in INCLUDED:
        return []
    return [ServiceOffer("nc_destsync_v1", INCLUDED[model], Decimal("299"))]
"""
    )
    assert status == 1
    assert (
        f"{WHERE}: porsche_service_availability.model: INCLUDED is keyed by 'macan_ev', which is "
        "not a model of the catalogue, and 'macan_electric' gets no services while other models "
        "do; did you mean `macan_electric`?"
    ) in lines


def test_a_model_without_services_while_others_have_some_is_a_warning(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_service_availability(market, model, model_year):
    if model == "718":
        return []
    return [ServiceOffer("nc_destsync_v1", 36, Decimal("299"))]
"""
    )
    assert status == 0
    models = ", ".join(model.id for model in catalogue.models())
    assert lines == [
        f"warning: {WHERE}: porsche_service_availability.model: '718' gets no services while "
        "other models do; is a table keyed by a model id the catalogue does not have? The "
        f"catalogue's models: {models}",
        "markets check: 1 market(s), no problems, 1 warning(s)",
    ]


def test_a_hook_that_takes_seconds_fails_and_one_over_100_ms_is_a_warning(check):
    slow = """
import time


@hookimpl
def porsche_support_contact(market):
    time.sleep({seconds})
    return SupportContact(email="connect@porsche.co.nz")
"""
    status, lines = check(NEW_ZEALAND + slow.replace("{seconds}", "1.05"))
    assert status == 1
    assert re.fullmatch(
        rf"{re.escape(WHERE)}: porsche_support_contact: took 1\.\d\d s \(limit 1 s\): answer "
        "from data in memory, without network or database",
        lines[0],
    ), lines

    status, lines = check((NEW_ZEALAND + slow.replace("{seconds}", "0.15"), {"entry_point": "nz2"}))
    assert status == 0
    assert re.fullmatch(
        r"warning: porsche-market-nz \(entry point nz2\): market nz: porsche_support_contact: "
        r"took 0\.\d\d s \(limit 0\.1 s\): .*",
        lines[0],
    ), lines


def test_a_slow_hook_is_named_with_the_model_and_year_it_was_asked_for(check):
    status, lines = check(
        NEW_ZEALAND
        + """
import time


@hookimpl
def porsche_service_availability(market, model, model_year):
    if (model, model_year) == ("taycan", 2024):
        time.sleep(0.15)
    return [ServiceOffer("nc_destsync_v1", 36, Decimal("299"))]
"""
    )
    assert status == 0
    assert "for model taycan, model year 2024 (limit 0.1 s)" in lines[0]


TEXTS = """
from flask_babel import lazy_gettext as _l


@hookimpl
def porsche_markets():
    return [Market("nz", ("en", "sv"), "en", "NZD", "Pacific/Auckland")]


@hookimpl
def porsche_support_contact(market):
    return SupportContact(email="connect@porsche.co.nz", hours=_l("Monday to Friday, 9 to 5"))
"""


@pytest.mark.parametrize(
    ("catalogs", "line"),
    [
        (
            {"en": {"Monday to Friday, 9 to 5": "Monday to Friday, 9 to 5"}},
            "markets nz: translations.sv: no catalog for 'sv', which the market declares; the "
            "plugin has 1 message(s) (python tools/i18n.py update, then translate)",
        ),
        (
            {"en": {"Monday to Friday, 9 to 5": ""}, "sv": {"Something else": "Något annat"}},
            "markets nz: translations.sv: 1 message(s) missing, fuzzy or not translated: "
            "'Monday to Friday, 9 to 5' (python tools/i18n.py update, then translate)",
        ),
    ],
    ids=["no catalog", "a message missing"],
)
def test_a_plugin_catalog_missing_messages_of_a_declared_language(check, catalogs, line):
    status, lines = check((NEW_ZEALAND + TEXTS, {"catalogs": catalogs}))
    assert status == 1
    assert lines[0] == f"porsche-market-nz (entry point nz): {line}".replace(
        "markets nz", "market nz"
    )


def test_a_complete_plugin_catalog_passes(check):
    catalogs = {
        "en": {"Monday to Friday, 9 to 5": ""},
        "sv": {"Monday to Friday, 9 to 5": "Mån–fre 9–17"},
    }
    status, lines = check((NEW_ZEALAND + TEXTS, {"catalogs": catalogs}))
    assert (status, lines) == (0, ["markets check: 1 market(s), no problems"])


def test_a_plugin_that_changes_the_core_catalogue_at_import(check, install_plugin, monkeypatch):
    monkeypatch.setattr(catalogue, "_SERVICES", dict(catalogue._SERVICES))  # restored after
    plugin = install_plugin(
        NEW_ZEALAND
        + """
from porsche_web.connect import catalogue

catalogue._SERVICES["teleport_v1"] = catalogue._SERVICES["nc_destsync_v1"]
""",
        distribution="porsche-market-nz",
        entry_point="nz",
    )
    status, lines = check(plugin)
    assert status == 1
    line = (
        f"{WHERE}: import: changed _SERVICES of the core catalogue while it was imported; "
        "switched off"
    )
    assert lines[0] == line
    # a second application of the process (the module is imported already) says the same
    assert check(plugin) == (status, lines)


def test_a_plugin_that_changes_another_markets_data_at_import(check, install_plugin):
    australia = install_plugin(
        """
from porsche_web.markets import Market, SupportContact, hookimpl

MARKET = Market("au", ("en",), "en", "AUD", "Australia/Sydney")
CONTACTS = {"au": "connect@porsche.com.au"}


@hookimpl
def porsche_markets():
    return [MARKET]
""",
        distribution="porsche-market-au",
        entry_point="au",
    )
    thief = f"""{NEW_ZEALAND}
from {australia.module} import CONTACTS

CONTACTS["au"] = "phishing@example.com"
"""
    status, lines = check(australia, thief)
    assert status == 1
    assert lines[0] == (
        f"{WHERE}: import: changed CONTACTS of porsche-market-au "
        "(entry point au) while it was imported; switched off"
    )


def test_an_sms_backend_whose_send_does_not_match_the_protocol(check):
    status, lines = check(
        NEW_ZEALAND
        + """
class GatewayClient:
    def send(self, number, text):
        pass


@hookimpl
def porsche_sms_backend(market):
    return GatewayClient()
"""
    )
    assert status == 1
    assert lines[0] == (
        f"{WHERE}: porsche_sms_backend.send: GatewayClient: send(number, text) does not match "
        "the protocol send(to: str, text: str, message_id: int) -> None; the deliverer would "
        "fail every SMS"
    )


@pytest.mark.parametrize(
    "email", ["mailto:connect@porsche.co.nz", "connect,nz@porsche.co.nz", "connect@porsche..nz"]
)
def test_an_email_with_mailto_a_comma_or_two_dots(check, email):
    status, lines = check(
        NEW_ZEALAND
        + f"""
@hookimpl
def porsche_support_contact(market):
    return SupportContact(email={email!r})
"""
    )
    assert status == 1
    assert lines[0] == (
        f"{WHERE}: porsche_support_contact.email: email {email!r} is not an e-mail address"
    )


def test_an_email_with_an_upper_case_domain_is_valid(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_support_contact(market):
    return SupportContact(email="Connect@PORSCHE.CO.NZ")
"""
    )
    assert (status, lines) == (0, ["markets check: 1 market(s), no problems"])


KOREA = """
from decimal import Decimal

from porsche_web.markets import (
    ChargingOffer, ChargingPlan, Market, Partner, ServiceOffer, SupportContact, hookimpl,
)


@hookimpl
def porsche_markets():
    return [Market("kr", ("en",), "en", "KRW", "Asia/Seoul", official_languages=("ko",))]


@hookimpl
def porsche_partners(market):
    return [Partner("kr-seoul", "Porsche Centre Seoul", "1 Road", "06164", "Seoul")]


@hookimpl
def porsche_charging_offer(market):
    plan = ChargingPlan("pcs", "Porsche Charging Service", Decimal("0"), {ac}, Decimal("350"))
    return ChargingOffer((plan,), "KRW")
"""


def test_a_price_smaller_than_the_currencys_smallest_unit(check):
    korea = {"distribution": "porsche-market-kr", "entry_point": "kr"}
    status, lines = check((KOREA.replace("{ac}", 'Decimal("0.5")'), korea))
    assert status == 1
    assert lines == [
        "porsche-market-kr (entry point kr): market kr: porsche_charging_offer.price_per_kwh_ac: "
        "pcs: 0.5 KRW is smaller than the currency's smallest unit (1 KRW): customers would see "
        "a price of 0",
        "markets check: 1 problem(s)",
    ]


def test_a_price_finer_than_the_currencys_unit_is_a_warning(check):
    korea = {"distribution": "porsche-market-kr", "entry_point": "kr"}
    status, lines = check((KOREA.replace("{ac}", 'Decimal("290.5")'), korea))
    assert status == 0
    assert lines[0] == (
        "warning: porsche-market-kr (entry point kr): market kr: "
        "porsche_charging_offer.price_per_kwh_ac: pcs: 290.5 KRW has more decimals than KRW (0); "
        "it is shown as 290"
    )


# -- mistakes that were caught badly -----------------------------------------------------------


def test_a_country_claimed_by_two_plugins_fails_the_check_naming_both(check):
    other = (NEW_ZEALAND, {"distribution": "porsche-market-oceania", "entry_point": "oceania"})
    status, lines = check(NEW_ZEALAND, other)
    assert status == 1
    assert lines[:2] == [
        f"{WHERE}: porsche_markets.code: also declared by porsche-market-oceania (entry point "
        "oceania); both plugins are switched off",
        "porsche-market-oceania (entry point oceania): market nz: porsche_markets.code: also "
        "declared by porsche-market-nz (entry point nz); both plugins are switched off",
    ]


def test_an_import_failure_names_the_distribution_and_the_entry_point(check):
    status, lines = check("import gateway_sdk_that_is_not_installed\n")
    assert status == 1
    assert lines[0] == (
        "porsche-market-nz (entry point nz): import: ModuleNotFoundError: No module named "
        "'gateway_sdk_that_is_not_installed' (plugin.py, line 1)"
    )


def test_a_wrong_iso_code_at_import_is_named_with_a_suggestion(check):
    source = """
from porsche_web.markets import Market

MARKET = Market("uk", ("en",), "en", "GBP", "Europe/London")
"""
    status, lines = check((source, {"distribution": "porsche-market-uk", "entry_point": "uk"}))
    assert status == 1
    assert lines[0] == (
        "porsche-market-uk (entry point uk): market uk: Market.code: code 'uk' is not an ISO "
        "3166-1 country; the ISO code of the United Kingdom is `gb` (plugin.py, line 4)"
    )


@pytest.mark.parametrize(
    ("wrong", "right", "line"),
    [
        (
            'timezone="Pacific/Auckland"',
            'timezone="Pacific/Aukland"',
            "Market.timezone: timezone 'Pacific/Aukland' is not an IANA time zone; did you mean "
            "`Pacific/Auckland`? (plugin.py, line 9)",
        ),
        (
            'currency="NZD"',
            'currency="NZ$"',
            "Market.currency: currency 'NZ$' is not an ISO 4217 code; the currency of New "
            "Zealand is `NZD` (plugin.py, line 9)",
        ),
    ],
    ids=["time zone", "currency"],
)
def test_a_wrong_time_zone_or_currency_gets_a_suggestion(check, wrong, right, line):
    status, lines = check(NEW_ZEALAND.replace(wrong, right))
    assert status == 1
    assert lines[0] == f"{WHERE}: {line}"


def test_a_syntax_error_names_the_plugins_file_and_line_only(check):
    status, lines = check(NEW_ZEALAND.replace("def porsche_markets():", "def porsche_markets(:"))
    assert status == 1
    # the line of plugin.py, and no file of Python's own importlib
    assert re.fullmatch(
        r"porsche-market-nz \(entry point nz\): import: SyntaxError: .* \(plugin\.py, line 16\)",
        lines[0],
    ), lines


def test_a_raising_hook_names_the_model_and_the_model_year(check):
    status, lines = check(
        NEW_ZEALAND
        + """
PRICES = {"taycan": Decimal("299")}


@hookimpl
def porsche_service_availability(market, model, model_year):
    return [ServiceOffer("nc_destsync_v1", 36, PRICES[model])]
"""
    )
    assert status == 1
    assert lines[0] == (
        f"{WHERE}: porsche_service_availability: raised KeyError: '718' for model 718, "
        "model year 2019"
    )


def test_a_raising_hook_is_logged_with_the_model_and_the_model_year(
    make_core_app, install_plugin, caplog
):
    caplog.set_level(logging.ERROR, logger="porsche_web.markets")
    source = NEW_ZEALAND + (
        "\n\n@hookimpl\ndef porsche_service_availability(market, model, model_year):\n"
        "    raise LookupError(model)\n"
    )
    plugin = install_plugin(source, distribution="porsche-market-nz", entry_point="nz")
    app = make_core_app(plugins=[plugin])
    assert app.test_client().get("/nz/en/store?model=taycan&year=2024").status_code == 200
    assert (
        "market plugin porsche-market-nz (entry point nz): market nz: porsche_service_availability "
        "raised LookupError: taycan for model taycan, model year 2024; the core's fallback answers"
    ) in caplog.text


def test_a_misspelled_hook_gets_a_suggestion(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_suport_contact(market):
    return None
"""
    )
    assert status == 1
    assert lines[0] == (
        f"{WHERE}: porsche_suport_contact: no such hook; did you mean `porsche_support_contact`?"
    )


def test_a_misspelled_hook_argument_gets_a_suggestion(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_partners(markt):
    return []
"""
    )
    assert status == 1
    assert lines[0] == (
        f"{WHERE}: porsche_partners: argument 'markt' is not an "
        "argument of the hook (market); did you mean `market`?"
    )


def test_a_hook_without_hookimpl_is_a_warning(check):
    status, lines = check(
        NEW_ZEALAND + "\n\ndef porsche_track_your_dream(market):\n    return True\n"
    )
    assert status == 0
    assert lines[0] == (
        f"warning: {WHERE}: porsche_track_your_dream: is not marked @hookimpl, so the core "
        "never calls it"
    )


def test_a_time_zone_of_another_country_is_a_warning(check):
    source = NEW_ZEALAND.replace('timezone="Pacific/Auckland"', 'timezone="Australia/Sydney"')
    status, lines = check(source)
    assert status == 0
    assert lines[0] == (
        f"warning: {WHERE}: porsche_markets.timezone: Australia/Sydney is a time zone of "
        "Australia, not of New Zealand"
    )


# -- the SMS backend protocol ------------------------------------------------------------------


class Gateway:
    def send(self, to: str, text: str, message_id: int) -> None:
        pass


class WrongGateway:
    def send(self, number: str, text: str) -> None:
        pass


def test_the_sms_backend_protocol_is_typed_and_compared():
    assert protocol_mismatch(Gateway(), SmsBackend) is None
    assert "does not match the protocol" in (protocol_mismatch(WrongGateway(), SmsBackend) or "")


def test_a_backend_that_does_not_match_is_replaced_by_the_configured_one(
    make_core_app, install_plugin
):
    source = NEW_ZEALAND + (
        "\n\nclass Wrong:\n    def send(self, number):\n        pass\n\n\n"
        "@hookimpl\ndef porsche_sms_backend(market):\n    return Wrong()\n"
    )
    app = make_core_app(plugins=[install_plugin(source, entry_point="nz")])
    with app.app_context():
        from porsche_web.notifications.transports import LogSmsBackend, sms_backend_for

        assert isinstance(sms_backend_for("nz"), LogSmsBackend)


# -- deprecating a hook (the compatibility policy) ---------------------------------------------


def test_a_plugin_implementing_a_deprecated_hook_is_warned_by_name(check, monkeypatch, caplog):
    from porsche_web.markets import hookspecs

    @hookspecs.hookspec(
        firstresult=True,
        warn_on_impl=DeprecationWarning(
            "since 0.3; implement porsche_journeys instead (removed in 0.5)"
        ),
    )
    def porsche_track_your_dream(market):
        """Deprecated for the test."""

    monkeypatch.setattr(hookspecs, "porsche_track_your_dream", porsche_track_your_dream)
    caplog.set_level(logging.WARNING, logger="porsche_web.markets")
    status, lines = check(
        NEW_ZEALAND + "\n\n@hookimpl\ndef porsche_track_your_dream(market):\n    return True\n"
    )
    assert status == 0  # it keeps working through the deprecation window
    line = (
        "warning: porsche-market-nz (entry point nz): porsche_track_your_dream: deprecated: "
        "since 0.3; implement porsche_journeys instead (removed in 0.5)"
    )
    assert lines[0] == line
    assert line.removeprefix("warning: ") in caplog.text


def test_the_guides_compatibility_policy_covers_every_exported_name():
    from pathlib import Path

    import porsche_web.markets

    guide = Path(__file__).resolve().parents[2] / "docs" / "market-plugins.md"
    text = guide.read_text(encoding="utf-8")
    policy = text[text.index("## Compatibility") :]
    assert "warn_on_impl" in policy and "keeps working" in policy
    stable = policy[: policy.index("Everything else")]
    for name in porsche_web.markets.__all__:
        assert f"`{name}`" in stable, name


# -- the secondary users' limit (issue #16) ------------------------------------------------------


def test_a_market_may_lower_the_secondary_users_limit(check, make_core_app, install_plugin):
    source = (
        NEW_ZEALAND + "\n\n@hookimpl\ndef porsche_secondary_user_limit(market):\n    return 3\n"
    )
    status, lines = check(source)
    assert (status, lines) == (0, ["markets check: 1 market(s), no problems"])
    from porsche_web.markets.registry import current_registry

    app = make_core_app(plugins=[install_plugin(source, distribution="porsche-market-nz")])
    with app.app_context():
        registry = current_registry()
        assert registry.secondary_user_limit(registry.get("nz")) == 3


@pytest.mark.parametrize("answer", ["9", "-1", "True", "'3'", "2.5"])
def test_a_secondary_users_limit_outside_0_to_5_fails_the_check(check, answer):
    status, lines = check(
        NEW_ZEALAND
        + f"\n\n@hookimpl\ndef porsche_secondary_user_limit(market):\n    return {answer}\n"
    )
    assert status == 1
    assert lines[0].startswith(f"{WHERE}: porsche_secondary_user_limit: must return a whole number")


def test_the_lowered_limit_holds_for_the_markets_cars(make_core_app, install_plugin):
    from porsche_web import clock
    from porsche_web.accounts.models import Account
    from porsche_web.extensions import db
    from porsche_web.people import services as people
    from porsche_web.vehicles import services as vehicles
    from porsche_web.vehicles.models import VehicleLink

    source = (
        NEW_ZEALAND + "\n\n@hookimpl\ndef porsche_secondary_user_limit(market):\n    return 2\n"
    )
    app = make_core_app(plugins=[install_plugin(source, distribution="porsche-market-nz")])
    with app.app_context(), app.test_request_context():
        main = Account(
            email="kiri@example.com",
            given_name="Kiri",
            family_name="Example",
            country="nz",
            market="nz",
            language="en",
            password_hash="x",
        )
        db.session.add(main)
        vehicle, _ = vehicles.provision("WP0ZZZY1ZTS000505", "taycan", 2026, "nz")
        db.session.flush()
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=main.id, via="order"))
        db.session.commit()
        db.session.refresh(vehicle)
        assert people.people_limit(vehicle) == 2

        def invite(i: int):
            return people.invite(
                main,
                vehicle,
                name=f"Person {i}",
                email=f"p{i}@example.com",
                phone_e164="+64211234567",
                market="nz",
                language="en",
                now=clock.now(),
            )

        invite(0)
        invite(1)
        with pytest.raises(people.TooManyPeople):
            invite(2)


# -- the market's VAT (issue #13) --------------------------------------------------------------


def test_a_vat_rate_passes_and_a_wrong_one_names_its_field(check):
    vat = """
from porsche_web.markets import Vat


@hookimpl
def porsche_vat(market):
    return Vat(rate={rate})
"""
    status, lines = check(NEW_ZEALAND + vat.format(rate='Decimal("15")'))
    assert (status, lines) == (0, ["markets check: 1 market(s), no problems"])
    for wrong, says in (
        ("0.15", "rate 0.15 must be a Decimal (per cent)"),
        ('Decimal("150")', "rate Decimal('150') must be 0 to 50 per cent"),
        ('Decimal("15.125")', "must have at most two decimals"),
    ):
        status, lines = check(NEW_ZEALAND + vat.format(rate=wrong))
        assert status == 1, lines
        assert lines[0].startswith(f"{WHERE}: porsche_vat.rate: ") and says in lines[0], lines


def test_a_vat_answer_of_the_wrong_type_fails(check):
    status, lines = check(
        NEW_ZEALAND
        + """
@hookimpl
def porsche_vat(market):
    return 15
"""
    )
    assert status == 1
    assert any(line.startswith(f"{WHERE}: porsche_vat: must return") for line in lines), lines
