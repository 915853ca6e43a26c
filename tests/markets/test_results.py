"""One table says what each market hook answers; the registry and `markets check` follow it."""

from __future__ import annotations

import inspect

from porsche_web.markets import hookspecs
from porsche_web.markets.results import RESULTS, ResultShape, fits
from porsche_web.markets.types import Partner, SupportContact


def test_every_market_hook_has_a_result_shape():
    specs = {
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("porsche_")
    }
    assert specs == set(RESULTS)


def test_shapes_accept_and_refuse():
    contact = SupportContact(email="smartmobility@se.porsche.com")
    assert fits("porsche_support_contact", contact)
    assert not fits("porsche_support_contact", [contact])
    assert not fits("porsche_support_contact", None)
    assert fits("porsche_charging_offer", None)
    assert fits("porsche_partners", [])
    assert not fits("porsche_partners", [contact])
    assert fits("porsche_track_your_dream", False)
    assert not fits("porsche_track_your_dream", "yes")


def test_shapes_in_words():
    assert ResultShape(Partner, many=True).wanted == "a list of Partner"
    assert RESULTS["porsche_charging_offer"].wanted == "a ChargingOffer or None"
    assert RESULTS["porsche_address_format"].wanted == "an AddressFormat"
    assert RESULTS["porsche_sms_backend"].wanted == (
        "an SmsBackend (send(to, text, message_id)) or None"
    )
