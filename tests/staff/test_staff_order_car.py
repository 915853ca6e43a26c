"""The order page shows the linked car and its sync state (issue #12, item 2), through the
vehicles feature's public ``car_state``."""

from __future__ import annotations

from porsche_web.extensions import db
from porsche_web.testing.actions.vehicles import link_car
from porsche_web.vehicles import services as vehicles

PAGE = "/staff/orders/SE-200300"
VIN = "WP0ZZZY1ZTS000733"


def test_the_car_its_link_and_whether_it_has_its_services(app, astrid, agent):
    assert "The car is not known to Porsche Connect yet." in agent.get(PAGE).get_data(as_text=True)
    with app.app_context():
        _, token = vehicles.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    html = agent.get(PAGE).get_data(as_text=True)
    assert "not linked to a Porsche ID" in html and "never fetched" in html
    link_car(astrid.client)
    html = agent.get(PAGE).get_data(as_text=True)
    assert "to this customer's Porsche ID since" in html
    assert "not fetched since the last activation" in html
    pcm = app.test_client()
    response = pcm.get("/api/pcm/v1/services", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    html = agent.get(PAGE).get_data(as_text=True)
    assert "up to date" in html and "limited set" in html


def test_the_markets_support_hours_and_escalation_contact(app, astrid, agent):
    html = agent.get(PAGE).get_data(as_text=True)
    assert "Support in this market" in html
    assert "mailto:escalation@se.porsche.example" in html and "tel:+46317000000" in html
    assert "Sample data from the market" in html
