"""The market hook ``porsche_staff_support`` (issue #12): support hours and escalation contact
shown to staff; typed, checked by ``markets check``, sample data in the Swedish and German
plugins."""

from __future__ import annotations

import pytest

from porsche_web.markets import MarketDataError, StaffSupport
from porsche_web.markets.results import fits

NEW_ZEALAND = """
from porsche_web.markets import Market, StaffSupport, SupportContact, hookimpl

MARKET = Market(
    code="nz", languages=("en",), default_language="en", currency="NZD",
    timezone="Pacific/Auckland", official_languages=("en", "mi"),
)


@hookimpl
def porsche_markets():
    return [MARKET]


@hookimpl
def porsche_support_contact(market):
    return SupportContact(email="connect@porsche.co.nz")
"""

WHERE = "porsche-market-nz (entry point nz): market nz"


@pytest.fixture
def check(make_core_app, install_plugin):
    def run(source: str):
        plugin = install_plugin(source, distribution="porsche-market-nz", entry_point="nz")
        app = make_core_app(plugins=[plugin])
        result = app.test_cli_runner().invoke(args=["markets", "check"])
        lines = [line for line in result.output.splitlines() if not line.startswith("language ")]
        return result.exit_code, lines

    return run


def staff_support(body: str) -> str:
    return NEW_ZEALAND + f"\n\n@hookimpl\ndef porsche_staff_support(market):\n    return {body}\n"


def test_the_value_object_checks_itself():
    support = StaffSupport("Mon–Fri 8–17", "Team lead", escalation_phone="+6493001234")
    assert fits("porsche_staff_support", support) and fits("porsche_staff_support", None)
    assert not fits("porsche_staff_support", [support])
    with pytest.raises(MarketDataError, match="escalation_email or escalation_phone"):
        StaffSupport("Mon–Fri 8–17", "Team lead")
    with pytest.raises(MarketDataError, match="escalation_email"):
        StaffSupport("Mon–Fri 8–17", "Team lead", escalation_email="mailto:x@example.com")
    with pytest.raises(MarketDataError, match="E.164"):
        StaffSupport("Mon–Fri 8–17", "Team lead", escalation_phone="09 300 1234")
    with pytest.raises(MarketDataError, match="hours"):
        StaffSupport("", "Team lead", escalation_phone="+6493001234")


def test_markets_check_passes_a_good_answer_and_names_a_foreign_phone(check):
    good = 'StaffSupport("Mon–Fri 8–17", "Team lead", escalation_phone="+6493001234")'
    assert check(staff_support(good)) == (0, ["markets check: 1 market(s), no problems"])
    status, lines = check(
        staff_support('StaffSupport("Mon–Fri", "Team lead", escalation_phone="+4687000000")')
    )
    assert status == 1
    assert any(
        line.startswith(
            f"{WHERE}: porsche_staff_support.escalation_phone: +4687000000 is a number of Sweden"
        )
        for line in lines
    ), lines
    status, lines = check(staff_support('"every day"'))
    assert status == 1
    assert any("porsche_staff_support: must return a StaffSupport or None" in x for x in lines)


def test_the_swedish_and_german_plugins_give_sample_data(app):
    from porsche_web.markets.registry import current_registry

    with app.app_context():
        registry = current_registry()
        for code in ("se", "de"):
            support = registry.staff_support(registry.get(code))
            assert support is not None and support.sample is True, code
            assert support.escalation_phone and support.escalation_email
