"""The development clock (``/dev/clock``, ``DEV_CLOCK``): refused in production, 404 when off,
moves ``clock.now()`` forward for the whole process (only forward, by 1 to 999 minutes, hours
or days), back to the real time; CSRF on both forms; bad amounts answer 422 and move nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from porsche_web import clock, create_app
from porsche_web.config import ConfigError
from porsche_web.testing.helpers import PRODUCTION_SETTINGS, post_form

PRODUCTION = {**PRODUCTION_SETTINGS, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
START = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_config():
    return {"DEV_CLOCK": True}


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False):
        yield


def offset_seconds(client) -> int:
    return client.get("/dev/clock.json").get_json()["offset_seconds"]


def test_production_refuses_the_development_clock(monkeypatch):
    with pytest.raises(ConfigError, match="DEV_CLOCK"):
        create_app({**PRODUCTION, "DEV_CLOCK": True})
    monkeypatch.setenv("PORSCHE_WEB_DEV_CLOCK", "true")
    with pytest.raises(ConfigError, match="DEV_CLOCK"):
        create_app(PRODUCTION)


def test_off_by_default_every_path_answers_404(make_app):
    client = make_app({"DEV_CLOCK": False}).test_client()
    assert client.get("/dev/clock").status_code == 404
    assert client.get("/dev/clock.json").status_code == 404
    moved = post_form(client, "/dev/clock", {"amount": "5", "unit": "days"}, page="/se/sv/")
    assert moved.status_code == 404
    assert post_form(client, "/dev/clock/real-time", {}, page="/se/sv/").status_code == 404
    assert clock.offset() == timedelta(0)


def test_the_clock_moves_forward_and_back(client, frozen):
    page = client.get("/dev/clock")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "2026-11-29 09:00:00" in page.get_data(as_text=True)
    assert client.get("/dev/clock.json").get_json() == {
        "now": START.isoformat(),
        "offset_seconds": 0,
    }

    response = post_form(client, "/dev/clock", {"amount": "15", "unit": "minutes"})
    assert response.status_code == 303
    assert clock.now() == START + timedelta(minutes=15)
    post_form(client, "/dev/clock", {"amount": "2", "unit": "days"})
    post_form(client, "/dev/clock", {"amount": "3", "unit": "hours"})
    assert clock.now() == START + timedelta(days=2, hours=3, minutes=15)
    assert offset_seconds(client) == int(timedelta(days=2, hours=3, minutes=15).total_seconds())
    page = client.get("/dev/clock").get_data(as_text=True)
    assert "2026-12-01 12:15:00" in page
    shown = re.search(r'id="clock-offset">([^<]*)<', page).group(1)
    assert "2" in shown and "3" in shown and "15" in shown

    response = post_form(client, "/dev/clock/real-time", {}, page="/dev/clock")
    assert response.status_code == 303
    assert clock.now() == START
    assert offset_seconds(client) == 0


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "0", "unit": "minutes"},
        {"amount": "-5", "unit": "days"},
        {"amount": "1000", "unit": "hours"},
        {"amount": "drei", "unit": "hours"},
        {"amount": "", "unit": "hours"},
        {"amount": "1.5", "unit": "hours"},
        {"amount": "١٢", "unit": "hours"},
        {"amount": "5", "unit": "weeks"},
        {"amount": "5"},
    ],
)
def test_bad_amounts_are_refused_and_move_nothing(client, data):
    response = post_form(client, "/dev/clock", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "error-summary" in page
    assert "whole number from 1 to 999" in page or "Choose minutes, hours or days" in page
    assert clock.offset() == timedelta(0)


def test_both_forms_need_the_csrf_token(client):
    assert client.post("/dev/clock", data={"amount": "5", "unit": "days"}).status_code == 400
    post_form(client, "/dev/clock", {"amount": "5", "unit": "days"})
    assert client.post("/dev/clock/real-time").status_code == 400
    assert clock.offset() == timedelta(days=5)


def test_the_page_speaks_the_visitors_language(client):
    for language, heading in (("sv", "Utvecklingsklocka"), ("de", "Entwicklungsuhr")):
        page = client.get("/dev/clock", headers={"Accept-Language": language})
        assert heading in page.get_data(as_text=True)
