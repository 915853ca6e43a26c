"""The partners' API keys follow one rule (porsche_web/apikeys.py): the dealer's, the
fulfilment partner's and the Data Pass provider's keys are made, stored and found alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.charging import services as charging
from porsche_web.charging.models import FulfilmentApiKey
from porsche_web.datapass import services as datapass
from porsche_web.datapass.models import ProviderApiKey
from porsche_web.extensions import db
from porsche_web.orders import services as orders
from porsche_web.orders.models import DealerApiKey

KINDS = pytest.mark.parametrize(
    ("args", "model", "find", "kind", "holder"),
    [
        (
            ["orders", "create-key", "--market", "SE", "--partner", "se-malmo"],
            DealerApiKey,
            orders.find_api_key,
            "pwd_",
            "se-malmo (se)",
        ),
        (
            ["charging", "create-key", "--market", "SE", "--partner", " Kortfabriken AB "],
            FulfilmentApiKey,
            charging.find_api_key,
            "pcc_",
            "Kortfabriken AB (se)",
        ),
        (
            ["datapass", "create-key", "--market", "se", "--provider", "Exempel Mobil AB"],
            ProviderApiKey,
            datapass.find_api_key,
            "pdp_",
            "Exempel Mobil AB (se)",
        ),
    ],
    ids=["dealer", "fulfilment", "data-pass"],
)


@KINDS
def test_a_key_is_shown_once_and_only_its_hash_is_kept(
    app, runner, args, model, find, kind, holder
):
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    heading, key = result.output.strip().splitlines()
    assert heading.endswith(f"for {holder}, shown once, keep it safe:")
    assert key.startswith(kind) and len(key) == len(kind) + 43
    with app.app_context():
        row = db.session.execute(select(model)).scalar_one()
        assert row.key_hash == hashing.hash_token(key) and row.prefix == key[:12]
        assert key not in {str(value) for value in vars(row).values()}
        assert find(key) == row
        assert find("") is None and find(key + "x") is None and find(key.upper()) is None
        row.revoked_at = clock.now()
        db.session.flush()
        assert find(key) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["orders", "create-key", "--market", "se", "--partner", "de-berlin"], "not a Porsche"),
        (["orders", "create-key", "--market", "xx", "--partner", "se-malmo"], "not a market"),
        (["charging", "create-key", "--market", "se", "--partner", "  "], "1 to 100 characters"),
        (["charging", "create-key", "--market", "xx", "--partner", "A"], "not a market"),
        (["datapass", "create-key", "--market", "xx", "--provider", "A"], "not a market"),
        (["datapass", "create-key", "--market", "se", "--provider", "A" * 201], "1 to 200"),
    ],
)
def test_a_wrong_owner_is_refused_alike_and_makes_no_key(app, runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and message in result.output
    with app.app_context():
        for model in (DealerApiKey, FulfilmentApiKey, ProviderApiKey):
            assert db.session.execute(select(model)).first() is None
