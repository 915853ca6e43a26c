"""Release the car (issue #16, item 3): a buyer has shown a Porsche Centre or customer service
that they now own a car; staff release it from its previous owner with a reason and the proof
the process asks for (a reference to the sales contract or the registration document).

Only inside the member's scope: customer service its markets, a Porsche Centre the cars of its
own orders; anything else is a 404. The change of hands itself is ``porsche_web.sale.services``.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from porsche_web import clock, validators
from porsche_web.accounts.forms import strip
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.orders import lookup
from porsche_web.ratelimit import limiter
from porsche_web.sale import services as sale
from porsche_web.staff import auth, bp, search
from porsche_web.staff.forms import _reason_field
from porsche_web.staff.models import CENTRE, SERVICE, StaffMember
from porsche_web.staff.views import page
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import Vehicle


class ReleaseForm(FlaskForm):
    reason = _reason_field()
    proof = StringField(
        _l("Proof of ownership"),
        filters=[strip],
        validators=[
            DataRequired(
                _l("Enter the reference of the sales contract or the registration document.")
            ),
            Length(max=100, message=_l("The reference can have at most 100 characters.")),
        ],
    )


def vehicle_in_scope(member: StaffMember, vin: str) -> Vehicle | None:
    """The car with this VIN if the member may release it: customer service for a car of its
    markets, a Porsche Centre for a car of one of its own orders. None otherwise."""
    scope = search.scope_of(member)
    vin = validators.normalize_vin(vin or "")[:17]
    if scope.empty or not validators.vin_format(vin):
        return None
    vehicle = vehicles.find_by_vin(vin)
    if vehicle is None or vehicle.market not in scope.markets:
        return None
    if member.role == CENTRE and not lookup.find_orders(scope, vin=vin, limit=1):
        return None
    return vehicle


def _page(vehicle: Vehicle, form: ReleaseForm, status: int = 200) -> Response:
    return page(
        "staff/release.html",
        status,
        vehicle=vehicle,
        linked=vehicle.link is not None,
        form=form,
        latest=sale.latest_release(vehicle.id),
        rule=sale.rule_for(vehicle),
    )


@bp.route("/vehicles/<vin>/release", methods=["GET", "POST"])
@auth.staff_required(CENTRE, SERVICE)
@limiter.limit("30 per minute", methods=["POST"])
def release_vehicle(vin: str) -> Response:
    vehicle = vehicle_in_scope(g.staff, vin)
    if vehicle is None:
        db.session.rollback()
        abort(404)
    form = ReleaseForm()
    if not form.is_submitted():
        audit.record(f"staff:{g.staff.id}", f"vehicle:{vehicle.vin}", "staff.viewed_vehicle")
        db.session.commit()
        return _page(vehicle, form)
    if not form.validate():
        return _page(vehicle, form, 422)
    done = sale.request_release(g.staff.id, vehicle, form.reason.data, form.proof.data, clock.now())
    db.session.commit()
    if done.applied:
        flash(gettext("The car is released. The buyer can now link it."), "success")
    elif done.repeated:
        flash(gettext("A release of this car is already waiting."), "info")
    else:
        flash(
            gettext(
                "The owner was told by e-mail. The release takes effect on %(date)s unless "
                "they object.",
                date=format_datetime(done.release.effective_at, "long"),
            ),
            "success",
        )
    return redirect(url_for("staff.release_vehicle", vin=vehicle.vin), 303)
