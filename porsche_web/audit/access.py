"""The one answer of every ownership check in the views: 404, and a security event when the
object belongs to another customer (issue #20, item 15).

A view looks the object up through the customer's own data (``vehicle_of``, ``address_of`` …);
when that finds nothing it calls :func:`not_found` with the kind of object and the owner's
account id if the object exists (None when it does not: a mistyped id is no event)::

    vehicle = services.vehicle_of(current_user, vehicle_id)
    if vehicle is None:
        not_found("vehicle", owner_of(VehicleLink.account_id, VehicleLink.vehicle_id == vehicle_id))
"""

from __future__ import annotations

from typing import NoReturn

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import ColumnElement, select

from porsche_web import clock
from porsche_web.audit.services import foreign_access
from porsche_web.extensions import db


def owner_of(owner_column: ColumnElement[int], *where: ColumnElement[bool]) -> int | None:
    """The owner's account id of the row matching ``where`` (None when there is no such row):
    one query, made only on the way to a 404."""
    return db.session.execute(select(owner_column).where(*where).limit(1)).scalar()


def not_found(kind: str, owner_id: int | None = None) -> NoReturn:
    """Answer 404. When the signed-in customer asked for an object of another customer
    (``owner_id`` is someone else's), record a security event first (rate-limited) and commit
    it: the 404 rolls the rest of the request back. Call it before the view changes anything."""
    if owner_id is not None and current_user.is_authenticated and owner_id != current_user.id:
        foreign_access(
            current_user.id, kind, request.path, clock.now(), request_id=g.get("request_id")
        )
        db.session.commit()
    abort(404)
