"""The car's people (issue #16): the main user's pages under the car
(``…/account/vehicles/<id>/people``), the invitation link, and the secondary user's pages
(``…/account/shared-cars/<id>``).

A car is looked up through the main user's own link, a place on a car through the secondary
user's own account: anything else is a 404 (``audit.access.not_found``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import flash, g, request, url_for
from flask_babel import format_datetime, gettext
from flask_login import current_user, login_required

from porsche_web import clock, htmx
from porsche_web.accounts import services as accounts
from porsche_web.accounts.auth import no_store
from porsche_web.audit.access import not_found, owner_of
from porsche_web.extensions import db
from porsche_web.hooks import NO_ROLE, render_section
from porsche_web.people import bp, forms, services
from porsche_web.people.errors import PeopleError
from porsche_web.people.models import ACTIVE, CONFIRMED, INVITED, CarPerson
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX
from porsche_web.vehicles import forms as vehicle_forms
from porsche_web.vehicles import remote
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import Vehicle

CAR = f"{SITE_PREFIX}/account/vehicles/<id:vehicle_id>/people"
SHARED = f"{SITE_PREFIX}/account/shared-cars/<id:person_id>"
FORM_LIMIT = "20 per minute"


def _page(template: str, block: str | None = None, status: int = 200, **context):
    return no_store(htmx.render_page(template, block, status=status, **context))


def _own_car(vehicle_id: int) -> Vehicle:
    """The main user's own car; 404 for any other."""
    vehicle = vehicles.vehicle_of(current_user, vehicle_id)
    if vehicle is None:
        not_found("vehicle", vehicles.main_user_id(vehicle_id))
    return vehicle


def _person_on(vehicle: Vehicle, person_id: int) -> CarPerson:
    person = services.person_on_car(vehicle, person_id)
    if person is None:
        not_found("car_person", owner_of(CarPerson.main_account_id, CarPerson.id == person_id))
    return person


def _own_place(person_id: int) -> CarPerson:
    """The secondary user's own place on a car; 404 for anyone else's."""
    person = services.person_of(current_user, person_id)
    if person is None:
        not_found("car_person", owner_of(CarPerson.account_id, CarPerson.id == person_id))
    return person


def _zone() -> ZoneInfo:
    return ZoneInfo(g.market.timezone)


def _to_utc(local: datetime | None) -> datetime | None:
    return None if local is None else local.replace(tzinfo=_zone()).astimezone(UTC)


def _to_local(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(_zone()).replace(tzinfo=None)


def _rights_form(person: CarPerson, formdata=None) -> forms.RightsForm:
    data = {}
    for right in person.rights:
        data[right.function] = True
        data[f"{right.function}_until"] = _to_local(right.until)
    if formdata is None:
        return forms.RightsForm(formdata=None, data=data)
    return forms.RightsForm()


def _car_context(vehicle: Vehicle, **extra) -> dict:
    return {
        "vehicle": vehicle,
        "car": vehicles.model_year(vehicle),
        "labels": forms.FUNCTION_LABELS,
        "statuses": {"invited": INVITED, "confirmed": CONFIRMED, "active": ACTIVE},
        **extra,
    }


# -- the main user -----------------------------------------------------------------------------


@bp.route(CAR, methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def people(vehicle_id: int):
    car = _own_car(vehicle_id)
    form = forms.InviteForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                phone = accounts.parse_phone(form.phone.data, g.market.code)
            except accounts.InvalidPhone as exc:
                form.phone.errors = [str(exc.message)]
            else:
                try:
                    services.invite(
                        current_user,
                        car,
                        name=form.name.data,
                        email=form.email.data,
                        phone_e164=phone,
                        market=g.market.code,
                        language=g.lang,
                        now=clock.now(),
                    )
                except PeopleError as exc:
                    db.session.rollback()
                    form.form_errors.append(str(exc.message))
                else:
                    db.session.commit()
                    flash(
                        gettext("We have sent the invitation to %(email)s.", email=form.email.data),
                        "success",
                    )
                    return htmx.redirect(url_for("people.people", vehicle_id=car.id))
        status = htmx.VALIDATION_ERROR_STATUS
    everyone = services.people_of(car)
    limit = services.people_limit(car)
    return _page(
        "people/people.html",
        status=status,
        form=form,
        people=everyone,
        limit=limit,
        room=len(everyone) < limit,
        now=clock.now(),
        **_car_context(car),
    )


def _person_page(car: Vehicle, person: CarPerson, status: int = 200, **extra):
    context = _car_context(
        car,
        person=person,
        rights_form=extra.pop("rights_form", None) or _rights_form(person),
        activate_form=extra.pop("activate_form", None) or forms.ActivateForm(formdata=None),
        main_code_needed=vehicles.needs_security_code(car),
        waiting_for_code=services.needs_own_security_code(person, car)
        if person.status == CONFIRMED
        else False,
        now=clock.now(),
        **extra,
    )
    return _page("people/person.html", status=status, **context)


@bp.route(f"{CAR}/<id:person_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def person(vehicle_id: int, person_id: int):
    """The person's status and, on POST, their rights."""
    car = _own_car(vehicle_id)
    someone = _person_on(car, person_id)
    if request.method == "GET":
        return _person_page(car, someone)
    form = _rights_form(someone, request.form)
    now = clock.now()
    if form.validate_on_submit():
        wanted: dict[str, datetime | None] = {}
        for function in forms.FUNCTION_LABELS:
            until_field = form[f"{function}_until"]
            if not form[function].data:
                continue
            until = _to_utc(until_field.data)
            if until is not None and until <= now:
                until_field.errors = [gettext("Choose a time in the future.")]
            wanted[function] = until
        if not any(form[f"{function}_until"].errors for function in forms.FUNCTION_LABELS):
            changed = services.set_rights(current_user, car, someone, wanted, now)
            db.session.commit()
            if changed:
                flash(
                    gettext("The rights are saved. %(name)s is told by e-mail.", name=someone.name),
                    "success",
                )
            return htmx.redirect(url_for("people.person", vehicle_id=car.id, person_id=someone.id))
    return _person_page(car, someone, htmx.VALIDATION_ERROR_STATUS, rights_form=form)


@bp.post(f"{CAR}/<id:person_id>/activate")
@login_required
@limiter.limit(FORM_LIMIT)
def activate(vehicle_id: int, person_id: int):
    car = _own_car(vehicle_id)
    someone = _person_on(car, person_id)
    form = forms.ActivateForm()
    error = None
    if not form.validate_on_submit():
        error = form.security_code.errors[0] if form.security_code.errors else None
        error = error or gettext("The page had expired. Please try again.")
    else:
        try:
            services.activate(
                current_user, car, someone, form.security_code.data or None, clock.now()
            )
        except accounts.SecurityCodeLocked as exc:
            db.session.commit()
            error = gettext(
                "Too many wrong security codes: try again after %(time)s.",
                time=format_datetime(exc.until, "short"),
            )
        except vehicles.VehicleError as exc:
            db.session.commit()  # a wrong security code is counted
            error = str(exc.message)
        except PeopleError as exc:
            db.session.rollback()
            error = str(exc.message)
        else:
            db.session.commit()
            flash(gettext("%(name)s can now use the car.", name=someone.name), "success")
            return htmx.redirect(url_for("people.person", vehicle_id=car.id, person_id=someone.id))
    form.security_code.data = None
    form.security_code.errors = [error]
    return _person_page(car, someone, htmx.VALIDATION_ERROR_STATUS, activate_form=form)


@bp.route(f"{CAR}/<id:person_id>/remove", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def remove(vehicle_id: int, person_id: int):
    car = _own_car(vehicle_id)
    someone = _person_on(car, person_id)
    form = vehicle_forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        name = someone.name
        services.remove(current_user, car, someone, clock.now())
        db.session.commit()
        flash(gettext("%(name)s no longer uses your car.", name=name), "success")
        return htmx.redirect(url_for("people.people", vehicle_id=car.id))
    return _page("people/remove.html", form=form, person=someone, **_car_context(car))


# -- the invitation link -----------------------------------------------------------------------


def _token_response(response):
    """The invitation link's token leaks through neither the Referer header nor a cache."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return no_store(response)


@bp.route(f"{SITE_PREFIX}/car-invitation/<token>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def invitation(token: str):
    """GET shows what the invitation is about; only POST (logged in) uses the link."""
    return _token_response(_invitation(token))


def _invitation(token: str):
    now = clock.now()
    person = services.invitation(token, now)
    if person is None:
        return _page("people/invitation_invalid.html", status=404)
    car = services.vehicle_of_person(person)
    form = vehicle_forms.ConfirmForm()
    if request.method == "POST" and current_user.is_authenticated and form.validate_on_submit():
        try:
            place = services.accept(current_user, token, now)
        except PeopleError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
            return htmx.redirect(url_for("accounts.home"))
        db.session.commit()
        return htmx.redirect(url_for("people.shared_car", person_id=place.id))
    return _page(
        "people/invitation.html",
        form=form,
        person=person,
        main=services.main_user(person),
        login_url=url_for("accounts.login", next=request.path),
        **_car_context(car),
    )


# -- the secondary user ------------------------------------------------------------------------


def _shared_context(person: CarPerson, **extra) -> dict:
    car = services.vehicle_of_person(person)
    now = clock.now()
    access = vehicles.access_of(current_user, car, now)
    commands = []
    if access.role != NO_ROLE:
        commands = [
            command
            for command in vehicles.available_commands(car, now)
            if vehicles.may_send(access, command)
        ]
    return _car_context(
        car,
        person=person,
        active=access.role != NO_ROLE,
        current=services.current(person, car),
        commands=commands,
        code_needed={c.kind: vehicles.needs_code(car, c) for c in commands},
        code_form=extra.pop("code_form", None) or forms.CodeForm(formdata=None),
        command_form=extra.pop("command_form", None) or vehicle_forms.CommandForm(formdata=None),
        confirm_form=vehicle_forms.ConfirmForm(formdata=None),
        own_code_needed=services.needs_own_security_code(person, car),
        now=now,
        **extra,
    )


@bp.get(SHARED)
@login_required
def shared_car(person_id: int):
    person = _own_place(person_id)
    return _page("people/shared_car.html", **_shared_context(person))


@bp.post(f"{SHARED}/confirm")
@login_required
@limiter.limit(FORM_LIMIT)
def confirm(person_id: int):
    person = _own_place(person_id)
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            services.confirm_code(current_user, person, form.code.data, clock.now())
        except PeopleError as exc:
            db.session.commit()  # the try is counted
            form.code.errors = [str(exc.message)]
        else:
            db.session.commit()
            flash(
                gettext("Thank you. The car's main user is told and can now activate you."),
                "success",
            )
            return htmx.redirect(url_for("people.shared_car", person_id=person.id))
    return _page(
        "people/shared_car.html",
        status=htmx.VALIDATION_ERROR_STATUS,
        **_shared_context(person, code_form=form),
    )


@bp.post(f"{SHARED}/new-code")
@login_required
@limiter.limit(FORM_LIMIT)
def new_code(person_id: int):
    person = _own_place(person_id)
    form = vehicle_forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.send_code(person, clock.now())
        except PeopleError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(gettext("We have sent you a new code."), "success")
    return htmx.redirect(url_for("people.shared_car", person_id=person.id))


@bp.post(f"{SHARED}/commands")
@login_required
@limiter.limit(FORM_LIMIT)
def send_command(person_id: int):
    person = _own_place(person_id)
    car = services.vehicle_of_person(person)
    form = vehicle_forms.CommandForm()
    error = remote.submit_command(form, current_user, car)
    if error is None:
        flash(remote.sent_message(), "success")
        return htmx.redirect(url_for("people.shared_car", person_id=person.id))
    return _page(
        "people/shared_car.html",
        status=htmx.VALIDATION_ERROR_STATUS,
        **_shared_context(person, command_form=form, command_error=error),
    )


@bp.route(f"{SHARED}/leave", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def leave(person_id: int):
    person = _own_place(person_id)
    form = vehicle_forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.leave(current_user, person, clock.now())
        db.session.commit()
        flash(gettext("You no longer use this car."), "success")
        return htmx.redirect(url_for("accounts.home"))
    car = services.vehicle_of_person(person)
    return _page("people/leave.html", form=form, person=person, **_car_context(car))


def my_porsche_section(account) -> str | None:
    """My Porsche lists the cars shared with the customer."""
    places = services.shared_with(account)
    if not places:
        return None
    return render_section(
        "people/my_porsche.html",
        places=[(place, services.vehicle_of_person(place)) for place in places],
        model_year=vehicles.model_year,
    )
