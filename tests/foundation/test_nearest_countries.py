"""Which countries are near (F24's nearest customer services): geography from the time zone
database, region first, then distance."""

from __future__ import annotations

import pytest

from porsche_web.countries import _coordinates, nearest

EUROPE = ["at", "de", "es", "fr", "gb", "hu", "it", "pt", "se"]


def test_zone_tab_coordinates_are_read_as_degrees():
    assert _coordinates("+4024-00341") == pytest.approx((40.4, -3.6833), abs=1e-3)
    assert _coordinates("+404251-0740023") == pytest.approx((40.7142, -74.0064), abs=1e-3)


@pytest.mark.parametrize(
    "country, expected",
    [
        ("rs", ["hu", "at", "it"]),  # Serbia: its neighbours first
        ("ie", ["gb", "fr", "de"]),
        ("br", ["us", "pt", "es"]),  # the same region (America) before any other
    ],
)
def test_nearest_is_region_first_then_distance(country, expected):
    assert nearest(country, [*EUROPE, "us", "jp"], 3) == expected


def test_a_country_is_never_its_own_neighbour_and_unknown_codes_have_none():
    assert "se" not in nearest("se", EUROPE, 8)
    assert nearest("qq", EUROPE) == []
