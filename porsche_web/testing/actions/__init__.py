"""Shared test actions (flaskr's ``AuthActions`` idea): what a person or a dealer does, in one
place, for the core's tests and for market teams.

Each module offers plain functions (``register(client, ...)``) and a class binding them to one
app and one browser client, which :mod:`porsche_web.testing.pytest_plugin` hands out as a
fixture:

- :mod:`.porsche_id` (fixture ``porsche_id``): register, confirm the e-mail address, log in and
  out, read the stored Porsche ID.
- :mod:`.activation` (fixture ``activation``): take an order and send its invitation, open the
  link, answer the guided activation's steps, walk to check-your-answers, confirm, add a
  verified Porsche ID directly.
- :mod:`.vehicles` (fixture ``vehicles``): link the car of an activated order from My vehicles.
"""

from porsche_web.testing.actions.activation import ActivationActions
from porsche_web.testing.actions.porsche_id import PorscheIdActions
from porsche_web.testing.actions.vehicles import VehicleActions

__all__ = ["ActivationActions", "PorscheIdActions", "VehicleActions"]
