"""My vehicles: the customer's cars, linking (F13), sync state (F14) and remote commands (F7).

Every page needs the logged-in Porsche ID; every car is looked up through the account's own
links, so another customer's car is a 404.
"""

from __future__ import annotations

from flask import abort, flash, g, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import clock, htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import contracts
from porsche_web.activation.contracts import LinkableOrder
from porsche_web.audit.access import not_found, owner_of
from porsche_web.extensions import db
from porsche_web.hooks import once_per_page, render_section
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX
from porsche_web.vehicles import bp, forms, remote, services
from porsche_web.vehicles.models import DELIVERED, FULL, PENDING, Vehicle, VehicleLink

PREFIX = f"{SITE_PREFIX}/account/vehicles"
FORM_LIMIT = "20 per minute"


def _page(template: str, block: str | None = None, status: int = 200, **context):
    return no_store(htmx.render_page(template, block, status=status, **context))


def _own(vehicle_id: int) -> Vehicle:
    """The customer's own car; 404 for any other (another customer's: a security event)."""
    vehicle = services.vehicle_of(current_user, vehicle_id)
    if vehicle is None:
        not_found("vehicle", owner_of(VehicleLink.account_id, VehicleLink.vehicle_id == vehicle_id))
    return vehicle


def sync_state(vehicle: Vehicle) -> dict:
    """F14: has the car fetched its current services since the last activation, and when."""
    activated = services.last_activation(vehicle)
    fetched = vehicle.services_fetched_at
    current = fetched is not None and (activated is None or fetched >= activated)
    return {
        "activated_at": activated,
        "fetched_at": fetched,
        "current": current,
        "full": current and vehicle.services_fetched_mode == FULL,
        "logged_in": vehicle.pcm_account_id == current_user.id,
    }


@bp.get(PREFIX)
@login_required
def vehicles():
    cars = services.vehicles_of(current_user)
    now = clock.now()
    return _page(
        "vehicles/list.html",
        cars=[
            {
                "vehicle": car,
                "car": services.model_year(car),
                "services": services.activated_services(car, now),
                "sync": sync_state(car),
            }
            for car in cars
        ],
        linkable=services.linkable_orders(current_user),
        form=forms.ConfirmForm(),
    )


@bp.post(f"{PREFIX}/link-order/<number>")
@login_required
@limiter.limit(FORM_LIMIT)
def link_order(number: str):
    form = forms.ConfirmForm()
    if len(number) > 32:
        abort(404)
    order = services.order_to_link(current_user, number)
    if order is None:
        not_found("order", services.activated_by(number))
    if not form.validate_on_submit():
        return htmx.redirect(url_for("vehicles.vehicles"))
    try:
        vehicle = services.link_from_order(current_user, order, clock.now())
    except services.VehicleError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return htmx.redirect(url_for("vehicles.vehicles"))
    return _linked(vehicle)


def _linked(vehicle: Vehicle):
    db.session.commit()
    flash(gettext("Your car is linked to your Porsche ID."), "success")
    return htmx.redirect(url_for("vehicles.vehicle", vehicle_id=vehicle.id))


@bp.route(f"{PREFIX}/link", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def link():
    form = forms.LinkForm(market=g.market.code)
    template = "vehicles/link.html"
    if request.method == "GET":
        return _page(template, "form", form=form)
    if not form.validate_on_submit():
        return _page(template, "form", status=htmx.VALIDATION_ERROR_STATUS, form=form)
    try:
        vehicle = services.link_with_pairing_code(
            current_user, form.vin.data, form.code.data, clock.now()
        )
    except services.VehicleError as exc:
        db.session.commit()  # wrong tries are counted
        form.form_errors.append(str(exc.message))
        return _page(template, "form", status=htmx.VALIDATION_ERROR_STATUS, form=form)
    return _linked(vehicle)


def _vehicle_context(vehicle: Vehicle, **extra) -> dict:
    now = clock.now()
    activated = services.activated_services(vehicle, now)
    commands = services.available_commands(vehicle, now, activated)
    return {
        "vehicle": vehicle,
        "car": services.model_year(vehicle),
        "services": activated,
        "sync": sync_state(vehicle),
        "commands": commands,
        "code_needed": {c.kind: services.needs_code(vehicle, c) for c in commands},
        "recent": services.recent_commands(vehicle, now),
        "labels": {kind: command.label for kind, command in services.COMMANDS.items()},
        "nickname_form": forms.NicknameForm(obj=vehicle),
        "command_form": extra.pop("command_form", None) or forms.CommandForm(formdata=None),
        "pending": (PENDING, DELIVERED),
        **extra,
    }


@bp.get(f"{PREFIX}/<id:vehicle_id>")
@login_required
def vehicle(vehicle_id: int):
    car = _own(vehicle_id)
    context = _vehicle_context(car)
    db.session.commit()  # expired commands
    return _page("vehicles/vehicle.html", **context)


@bp.get(f"{PREFIX}/<id:vehicle_id>/commands")
@login_required
def command_status(vehicle_id: int):
    """The live command list (htmx polls it while a command is open)."""
    car = _own(vehicle_id)
    context = _vehicle_context(car)
    db.session.commit()
    return _page("vehicles/vehicle.html", "commands", **context)


@bp.post(f"{PREFIX}/<id:vehicle_id>/commands")
@login_required
@limiter.limit(FORM_LIMIT)
def send_command(vehicle_id: int):
    car = _own(vehicle_id)
    form = forms.CommandForm()
    error = remote.submit_command(form, current_user, car)
    if error is None:
        flash(remote.sent_message(), "success")
        return htmx.redirect(url_for("vehicles.vehicle", vehicle_id=car.id))
    context = _vehicle_context(car, command_form=form, command_error=error)
    db.session.commit()
    return _page("vehicles/vehicle.html", status=htmx.VALIDATION_ERROR_STATUS, **context)


@bp.post(f"{PREFIX}/<id:vehicle_id>/nickname")
@login_required
@limiter.limit(FORM_LIMIT)
def nickname(vehicle_id: int):
    car = _own(vehicle_id)
    form = forms.NicknameForm()
    if not form.validate_on_submit():
        context = _vehicle_context(car, nickname_form=form)
        return _page("vehicles/vehicle.html", status=htmx.VALIDATION_ERROR_STATUS, **context)
    services.set_nickname(car, form.nickname.data)
    db.session.commit()
    flash(gettext("The name is saved."), "success")
    return htmx.redirect(url_for("vehicles.vehicle", vehicle_id=car.id))


@bp.route(f"{PREFIX}/<id:vehicle_id>/remove", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def unlink(vehicle_id: int):
    car = _own(vehicle_id)
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.unlink(current_user, car, clock.now())
        db.session.commit()
        flash(gettext("The car is removed from your Porsche ID."), "success")
        return htmx.redirect(url_for("vehicles.vehicles"))
    return _page("vehicles/unlink.html", vehicle=car, car=services.model_year(car), form=form)


def linkable_on_page(account) -> list[LinkableOrder]:
    """:func:`services.linkable_orders` from what My Porsche's sections share (the customer's
    activations, the linked cars): no statement of its own unless a car was sold."""
    activations = once_per_page(contracts.activations_of_account, account.id)
    linked = once_per_page(services.linked_cars, account.id)  # charging's too
    # the charging section asks the same of the same orders
    sold = once_per_page(services.orders_before_release, tuple(activations.confirmed))
    return services.linkable_orders(account, activations.activated, linked, sold)


def my_porsche_section(account) -> str | None:
    """My Porsche links the customer's vehicles."""
    return render_section(
        "vehicles/my_porsche.html",
        count=len(once_per_page(services.linked_cars, account.id)),  # charging's too
        linkable=len(once_per_page(linkable_on_page, account)),
    )
