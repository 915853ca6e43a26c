"""My vehicles actions: link the car of an activated order."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from porsche_web.testing.helpers import post_form


def link_car(client, number="SE-200300", site="/se/sv"):
    """Links the car of the customer's activated order ``number`` from My vehicles (one
    confirmation); returns the address of the car's page."""
    page = f"{site}/account/vehicles"
    response = post_form(client, f"{page}/link-order/{number}", {}, page=page)
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


class VehicleActions:
    """The actions above for one app and one browser (the ``vehicles`` fixture)::

    def test_the_activated_car_can_be_linked(activation, vehicles):
        activation.activate(vin="WP0ZZZY1ZTS000101")
        assert vehicles.link_car().endswith(...)
    """

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def link_car(self, number="SE-200300", site="/se/sv"):
        return link_car(self.client, number, site)
