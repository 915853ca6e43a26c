"""``markets check`` covers the market's rule for a car that changes hands
(``porsche_owner_change``): a wrong answer or wrong data is reported, a right one passes."""

from __future__ import annotations

import pytest

NEW_ZEALAND = """
from porsche_web.markets import CONTRACTS_TRANSFER, Market, OwnerChange, SupportContact, hookimpl

MARKET = Market(
    code="nz", languages=("en",), default_language="en", currency="NZD",
    timezone="Pacific/Auckland",
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


def test_a_right_rule_passes(check):
    rule = "OwnerChange(contracts=CONTRACTS_TRANSFER, waiting_days=30)"
    status, lines = check(
        NEW_ZEALAND + f"\n\n@hookimpl\ndef porsche_owner_change(market):\n    return {rule}\n"
    )
    assert (status, lines) == (0, ["markets check: 1 market(s), no problems"])


def test_a_rule_of_the_wrong_type_is_reported(check):
    status, lines = check(
        NEW_ZEALAND + "\n\n@hookimpl\ndef porsche_owner_change(market):\n    return 14\n"
    )
    assert status == 1
    assert f"{WHERE}: porsche_owner_change: must return an OwnerChange, got 14" in lines


def test_a_waiting_period_out_of_range_is_reported(check):
    rule = "OwnerChange(waiting_days=90)"
    status, lines = check(
        NEW_ZEALAND + f"\n\n@hookimpl\ndef porsche_owner_change(market):\n    return {rule}\n"
    )
    assert status == 1
    assert any("porsche_owner_change" in line and "waiting_days" in line for line in lines), lines
