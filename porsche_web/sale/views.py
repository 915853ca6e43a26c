"""The owner's pages: "I sold this car" (what happens, then a confirmation with the password
or the car's security code) and a release a Porsche Centre asked for (see it, object).

Every car is looked up through the account's own link (another customer's car is a 404); a
release only through its previous owner.
"""

from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import format_datetime, gettext
from flask_login import current_user, login_required

from porsche_web import clock, htmx
from porsche_web.accounts import services as accounts
from porsche_web.accounts.auth import no_store
from porsche_web.accounts.services.throttle import client_source
from porsche_web.audit.access import not_found, owner_of
from porsche_web.extensions import db
from porsche_web.hooks import render_section
from porsche_web.ratelimit import limiter
from porsche_web.sale import bp, forms, services
from porsche_web.sale.models import VehicleRelease
from porsche_web.sites import SITE_PREFIX
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import Vehicle, VehicleLink

PREFIX = f"{SITE_PREFIX}/account/vehicles"
FORM_LIMIT = "20 per minute"


def _page(template: str, status: int = 200, **context):
    return no_store(htmx.render_page(template, None, status=status, **context))


def _sell_context(car: Vehicle, form: forms.SellForm) -> dict:
    return {
        "vehicle": car,
        "car": vehicles.model_year(car),
        "rule": services.rule_for(car),
        "services": vehicles.activated_services(car, clock.now()),
        "form": form,
    }


@bp.route(f"{PREFIX}/<id:vehicle_id>/sold", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def sell(vehicle_id: int):
    car = vehicles.vehicle_of(current_user, vehicle_id)
    if car is None:
        if request.method == "POST" and services.sold_by(current_user, vehicle_id):
            # The same confirmation again (double click, back button): it is done already.
            return htmx.redirect(url_for("vehicles.vehicles"))
        not_found("vehicle", owner_of(VehicleLink.account_id, VehicleLink.vehicle_id == vehicle_id))
    needs_code = vehicles.needs_security_code(car)
    form = forms.SellForm(needs_code=needs_code)
    if request.method == "GET":
        return _page("sale/sell.html", **_sell_context(car, form))
    if not form.validate_on_submit():
        form.password.data = form.security_code.data = None
        return _page(
            "sale/sell.html", status=htmx.VALIDATION_ERROR_STATUS, **_sell_context(car, form)
        )
    try:
        if needs_code:
            vehicles.check_security_code(current_user, car, form.security_code.data)
        else:
            accounts.check_password(
                current_user, form.password.data, client_source(request.remote_addr)
            )
    except accounts.SecurityCodeLocked as exc:
        db.session.commit()
        form.security_code.errors = [
            gettext(
                "Too many wrong security codes: try again after %(time)s.",
                time=format_datetime(exc.until, "short"),
            )
        ]
    except vehicles.VehicleError as exc:
        db.session.commit()  # a wrong code is counted
        form.security_code.errors = [str(exc.message)]
    except accounts.LoginThrottled as exc:
        db.session.rollback()
        form.password.errors = [str(exc.message)]
    except accounts.WrongPassword as exc:
        db.session.commit()  # the try stays counted
        form.password.errors = [str(exc.message)]
    else:
        try:
            services.sell(current_user, car, clock.now())
        except vehicles.NotLinked:  # sold a moment ago in another tab
            db.session.rollback()
            return htmx.redirect(url_for("vehicles.vehicles"))
        db.session.commit()
        flash(
            gettext(
                "The car is removed from your Porsche ID. The buyer links it with a new pairing "
                "code from the car."
            ),
            "success",
        )
        return htmx.redirect(url_for("vehicles.vehicles"))
    form.password.data = form.security_code.data = None  # never echoed back
    return _page("sale/sell.html", status=htmx.VALIDATION_ERROR_STATUS, **_sell_context(car, form))


def _own_release(release_id: int) -> VehicleRelease:
    release = db.session.get(VehicleRelease, release_id)
    if release is None or release.previous_account_id != current_user.id:
        not_found(
            "vehicle_release",
            owner_of(VehicleRelease.previous_account_id, VehicleRelease.id == release_id),
        )
    return release


@bp.route(f"{SITE_PREFIX}/account/vehicle-releases/<id:release_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def release(release_id: int):
    found = _own_release(release_id)
    form = forms.ObjectForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        services.object_to(current_user, found.id, clock.now())
        db.session.commit()
        flash(gettext("Your objection is recorded: the car stays with your Porsche ID."), "success")
        return htmx.redirect(url_for("sale.release", release_id=found.id))
    return _page("sale/release.html", release=found, form=form)


def my_porsche_section(account) -> str | None:
    """My Porsche tells the owner about a release waiting for its day."""
    pending = services.pending_for(account)
    if not pending:
        return None
    return render_section("sale/my_porsche.html", pending=pending)
