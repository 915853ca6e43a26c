"""The staff console's pages: sign in (password, then the second factor), set up the access
from an invitation (password, authenticator, recovery codes), the start page, and the staff list
with invitations for administrators."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime, gettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import Field

from porsche_web import clock
from porsche_web.accounts.auth import no_store
from porsche_web.accounts.services import InvalidPhone
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders import lookup
from porsche_web.ratelimit import limiter
from porsche_web.sale import services as sale
from porsche_web.staff import (
    actions,
    audit_trail,
    auth,
    bp,
    forms,
    passkeys,
    search,
    services,
    totp,
)
from porsche_web.staff.models import ADMIN, CENTRE, SERVICE

LOGIN_LIMIT = "10 per minute"
RECOVERY_KEY = "staff_recovery_codes"


def page(template: str, status: int = 200, **context) -> Response:
    return no_store(make_response(render_template(template, **context), status))


def token_page(template: str, status: int = 200, **context) -> Response:
    """A page opened from the setup link: the token leaks through neither Referer nor cache."""
    response = page(template, status, **context)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def locked_message(exc: services.Locked) -> str:
    return gettext(
        "Too many wrong tries. Your access is locked until %(time)s.",
        time=format_datetime(exc.until, "short"),
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    if auth.current_member() is not None:
        return redirect(url_for("staff.home"), 303)
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            member = services.check_password(form.email.data, form.password.data)
        except services.Locked as exc:
            form.password.errors = [locked_message(exc)]
        except services.WrongCredentials:
            form.password.errors = [gettext("The e-mail address or the password is wrong.")]
        else:
            target = "staff.second_factor" if member.enrolled else "staff.enrol"
            return auth.begin(member, redirect(url_for(target), 303))
    status = 422 if form.errors else 200
    return page("staff/login.html", status, form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def second_factor():
    member = auth.pending_member()
    if member is None or not member.enrolled:
        return redirect(url_for("staff.login"), 303)
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            if services.check_second_factor(member, form.code.data):
                auth.complete()
                return redirect(url_for("staff.home"), 303)
            form.code.errors = [gettext("The code is wrong or was used already.")]
        except services.Locked as exc:
            form.code.errors = [locked_message(exc)]
    status = 422 if form.errors else 200
    return page("staff/code.html", status, form=form)


def _relying_party() -> tuple[str, str]:
    """The WebAuthn relying party id and origin: the (trusted) host the console is on."""
    return request.host.split(":", 1)[0], request.host_url.rstrip("/")


def _json_error(message: str, status: int) -> Response:
    response = jsonify({"message": message})
    response.status_code = status
    return no_store(response)


@bp.post("/login/passkey/options")
@limiter.limit(LOGIN_LIMIT)
def passkey_sign_in_options():
    member, row = auth.pending_member(), auth.session_row()
    if member is None or row is None or not member.enrolled:
        return _json_error(gettext("Sign in with your password first."), 400)
    options = passkeys.authentication_options(member, row, _relying_party()[0])
    db.session.commit()
    if options is None:
        return _json_error(gettext("You have no passkey yet: enter a code."), 400)
    return no_store(current_app.response_class(options, mimetype="application/json"))


@bp.post("/login/passkey")
@limiter.limit(LOGIN_LIMIT)
def passkey_sign_in():
    member, row = auth.pending_member(), auth.session_row()
    body = passkeys.parse_json(request.get_data(cache=False)[:20000])
    if member is None or row is None or not member.enrolled or body is None:
        return _json_error(gettext("Sign in with your password first."), 400)
    credential = body.get("credential")
    if not isinstance(credential, dict):
        return _json_error(gettext("The passkey did not answer. Try again or enter a code."), 400)
    rp_id, origin = _relying_party()
    try:
        ok = services.check_passkey(
            member, lambda: passkeys.verify_passkey(member, row, credential, rp_id, origin)
        )
    except services.Locked as exc:
        return _json_error(locked_message(exc), 429)
    if not ok:
        return _json_error(gettext("The passkey did not answer. Try again or enter a code."), 400)
    auth.complete()
    return no_store(jsonify({"redirect": url_for("staff.home")}))


@bp.get("/passkeys")
@auth.staff_required()
def passkey_list():
    return page("staff/passkeys.html", member=g.staff, passkeys=passkeys.passkeys_of(g.staff))


@bp.post("/passkeys/options")
@auth.staff_required()
@limiter.limit("30 per minute")
def passkey_add_options():
    row = auth.session_row()
    assert row is not None
    options = passkeys.registration_options(g.staff, row, _relying_party()[0])
    db.session.commit()
    return no_store(current_app.response_class(options, mimetype="application/json"))


@bp.post("/passkeys")
@auth.staff_required()
@limiter.limit("30 per minute")
def passkey_add():
    row = auth.session_row()
    body = passkeys.parse_json(request.get_data(cache=False)[:20000])
    credential = body.get("credential") if body else None
    name = body.get("name") if body else None
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 60:
        return _json_error(gettext("Give the passkey a name of at most 60 characters."), 400)
    if row is None or not isinstance(credential, dict):
        return _json_error(gettext("The passkey was not saved. Try again."), 400)
    rp_id, origin = _relying_party()
    try:
        passkeys.add_passkey(g.staff, row, credential, name.strip(), rp_id, origin)
    except passkeys.PasskeyRefused:
        db.session.commit()  # the challenge stays used
        return _json_error(gettext("The passkey was not saved. Try again."), 400)
    db.session.commit()
    flash(gettext("The passkey is saved. You can sign in with it instead of a code."), "success")
    return no_store(jsonify({"redirect": url_for("staff.passkey_list")}))


@bp.route("/setup/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def setup(token: str):
    invitation = services.invitation_for(token)
    if invitation is None:
        return token_page("staff/link_invalid.html", 404)
    form = forms.PasswordForm()
    if form.validate_on_submit():
        member = services.accept_invitation(token, form.password.data)
        if member is None:
            return token_page("staff/link_invalid.html", 404)
        db.session.commit()
        return auth.begin(member, redirect(url_for("staff.enrol"), 303))
    status = 422 if form.errors else 200
    return token_page("staff/setup.html", status, form=form)


@bp.route("/enrol", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def enrol():
    member = auth.pending_member()
    if member is None:
        return redirect(url_for("staff.login"), 303)
    if member.enrolled:
        return redirect(url_for("staff.second_factor"), 303)
    secret = services.pending_secret(member) or services.start_enrolment(member)
    db.session.commit()
    form = forms.CodeForm()
    if form.validate_on_submit():
        enrolled = services.confirm_enrolment(member, form.code.data)
        if enrolled is not None:
            auth.complete()
            db.session.commit()
            response = page("staff/recovery_codes.html", codes=enrolled.recovery_codes)
            return response
        form.code.errors = [gettext("The code is wrong. Enter the code your app shows now.")]
    uri = totp.provisioning_uri(secret, member.email)
    status = 422 if form.errors else 200
    return page(
        "staff/enrol.html",
        status,
        form=form,
        qr=totp.qr_data_uri(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


@bp.route("/", methods=["GET", "POST"])
@auth.staff_required()
def home():
    # A search is a POST: e-mail addresses and phone numbers stay out of URLs and logs.
    form = forms.SearchForm()
    results = None
    if g.staff.role in (CENTRE, SERVICE) and form.validate_on_submit():
        results = search.search(g.staff, form.q.data)
        if results is None:
            form.q.errors = [
                gettext("Enter an order number, a VIN, an e-mail address or a mobile number.")
            ]
        db.session.commit()
    status = 422 if form.errors else 200
    audit_form = forms.AuditOrderForm(formdata=None)
    return page(
        "staff/home.html", status, member=g.staff, form=form, results=results, audit_form=audit_form
    )


@bp.get("/audit")
@auth.staff_required(ADMIN)
def audit_of_order():
    """An administrator's GET form on the start page leads to an order's audit trail."""
    audit_form = forms.AuditOrderForm(request.args)
    if audit_form.validate():
        return redirect(url_for("staff.order_audit", number=audit_form.number.data), 303)
    return page(
        "staff/home.html",
        422,
        member=g.staff,
        form=forms.SearchForm(formdata=None),
        results=None,
        audit_form=audit_form,
    )


def _order_page(number: str, *, reveal: bool = False, status: int = 200, **forms_) -> Response:
    found = search.order_file(g.staff, number[:40], reveal_phone=reveal)
    if found is None:
        abort(404)
    db.session.commit()
    registry = current_registry()
    market = registry.get(found.order.market)
    return page(
        "staff/order.html",
        status,
        file=found,
        release=sale.latest_release_for_vin(found.order.vin) if found.order.vin else None,
        staff_support=registry.staff_support(market) if market else None,
        now=clock.now(),
        member_role=g.staff.role,
        resend_form=forms_.get("resend_form") or forms.ResendInvitationForm(prefix="resend"),
        sessions_form=forms_.get("sessions_form") or forms.EndSessionsForm(prefix="sessions"),
        consent_form=forms_.get("consent_form") or forms.WithdrawConsentForm(prefix="consent"),
        phone_form=forms_.get("phone_form") or forms.PhoneChangeForm(prefix="phone"),
        block_form=forms_.get("block_form") or forms.ClearBlockForm(prefix="block"),
        code_form=forms_.get("code_form") or forms.SecurityCodeHelpForm(prefix="code"),
        vin_form=forms_.get("vin_form") or forms.CorrectVinForm(prefix="vin"),
    )


@bp.route("/orders/<number>", methods=["GET", "POST"])
@auth.staff_required(CENTRE, SERVICE)
def order(number: str):
    # POST: show the full phone number (audited); the CSRF check covers it
    return _order_page(number, reveal=request.method == "POST")


def _order_action(
    number: str,
    form: FlaskForm,
    form_name: str,
    act: Callable[[str], Any],
    done: Callable[[Any], tuple[str, str]],
    refusals: Mapping[type[Exception], Callable[[Any], str]] | None = None,
    refused_field: Field | None = None,
) -> Response:
    """One action on an order's page, the same way for each: the form is checked (else the
    order's page again with its errors, 422); ``act(number)`` runs the action (None: no such
    order in the member's scope, 404; an exception of ``refusals`` puts its message on
    ``refused_field``, 422); ``done(result)`` gives the message and its category, and the
    member goes back to the order's page (303)."""
    number = number[:40]
    refusals = refusals or {}
    if form.validate_on_submit():
        try:
            result = act(number)
        except tuple(refusals) as exc:
            assert refused_field is not None
            message = next(say for kind, say in refusals.items() if isinstance(exc, kind))
            refused_field.errors = [message(exc)]
        else:
            if result is None:
                abort(404)
            message, category = done(result)
            flash(message, category)
            return redirect(url_for("staff.order", number=number.strip().upper()), 303)
    return _order_page(number, status=422, **{form_name: form})


@bp.post("/orders/<number>/invitation")
@auth.staff_required(CENTRE, SERVICE)
@limiter.limit("30 per minute")
def resend_invitation(number: str):
    form = forms.ResendInvitationForm(prefix="resend")
    return _order_action(
        number,
        form,
        "resend_form",
        lambda n: actions.resend_invitation(g.staff, n, form.reason.data, form.email.data),
        lambda done: (
            gettext("A new invitation is on its way to %(email)s.", email=done.email),
            "success",
        ),
    )


@bp.post("/orders/<number>/consents/<id:consent_id>/withdraw")
@auth.staff_required(SERVICE)
@limiter.limit("30 per minute")
def withdraw_consent(number: str, consent_id: int):
    form = forms.WithdrawConsentForm(prefix="consent")
    return _order_action(
        number,
        form,
        "consent_form",
        lambda n: actions.withdraw_consent(g.staff, n, consent_id, form.reason.data) or None,
        lambda _: (
            gettext("The consent is withdrawn and the customer was told by e-mail."),
            "success",
        ),
    )


@bp.post("/orders/<number>/sessions")
@auth.staff_required(SERVICE)
@limiter.limit("30 per minute")
def end_sessions(number: str):
    form = forms.EndSessionsForm(prefix="sessions")
    return _order_action(
        number,
        form,
        "sessions_form",
        lambda n: actions.end_sessions(g.staff, n, form.reason.data) or None,
        lambda _: (
            gettext("The customer is signed out everywhere and was told by e-mail."),
            "success",
        ),
    )


@bp.post("/orders/<number>/phone")
@auth.staff_required(CENTRE, SERVICE)
@limiter.limit("30 per minute")
def change_phone(number: str):
    form = forms.PhoneChangeForm(prefix="phone")
    return _order_action(
        number,
        form,
        "phone_form",
        lambda n: actions.change_phone(g.staff, n, form.phone.data, form.reason.data),
        lambda _: (
            gettext(
                "The new number is waiting for the customer's confirmation. The customer "
                "was told by e-mail, the current number by SMS."
            ),
            "success",
        ),
        {
            InvalidPhone: lambda _: gettext(
                "Enter a mobile number of the order's country, like the customer's."
            ),
            actions.NoPorscheId: lambda _: gettext("The customer has no Porsche ID yet."),
        },
        form.phone,
    )


@bp.post("/orders/<number>/sign-in-block")
@auth.staff_required(CENTRE, SERVICE)
@limiter.limit("30 per minute")
def clear_sign_in_block(number: str):
    form = forms.ClearBlockForm(prefix="block")
    return _order_action(
        number,
        form,
        "block_form",
        # True: cleared; False: there was no block (still an order of the member's)
        lambda n: actions.clear_sign_in_block(g.staff, n, form.reason.data),
        lambda cleared: (
            (gettext("The customer can sign in again and was told by e-mail."), "success")
            if cleared
            else (gettext("Signing in was not blocked: nothing changed."), "info")
        ),
    )


@bp.post("/orders/<number>/security-code-help")
@auth.staff_required(CENTRE, SERVICE)
@limiter.limit("30 per minute")
def security_code_help(number: str):
    form = forms.SecurityCodeHelpForm(prefix="code")
    return _order_action(
        number,
        form,
        "code_form",
        lambda n: actions.security_code_help(g.staff, n, form.reason.data),
        lambda _: (
            gettext(
                "The customer has the instructions by e-mail: they choose a new security code "
                "themselves in My Porsche after an SMS code, then follow the steps in the car."
            ),
            "success",
        ),
    )


def vin_message(problem: str) -> str:
    if problem == "invalid":
        return str(forms.VIN_MESSAGE)
    if problem == "not_activated":
        return gettext(
            "Only an activated order's VIN is corrected here; until then the Porsche Centre's "
            "dealer system changes it."
        )
    if problem == "taken":
        return gettext("Another order has this VIN.")
    return gettext(
        "A car is linked to a Porsche ID under the current VIN (it was right then) or under the "
        "new VIN to another Porsche ID: nothing changed."
    )


@bp.post("/orders/<number>/vin")
@auth.staff_required(CENTRE, SERVICE)
@limiter.limit("30 per minute")
def correct_vin(number: str):
    form = forms.CorrectVinForm(prefix="vin")
    return _order_action(
        number,
        form,
        "vin_form",
        # True: corrected; False: the order had this VIN already
        lambda n: actions.correct_vin(g.staff, n, form.vin.data, form.reason.data),
        lambda corrected: (
            (gettext("The VIN is corrected and the customer was told by e-mail."), "success")
            if corrected
            else (gettext("The order has this VIN already: nothing changed."), "info")
        ),
        {lookup.VinRefused: lambda exc: vin_message(exc.problem)},
        form.vin,
    )


def _audit_page(find, endpoint: str, **values):
    """The audit trail page, or its CSV with ``?format=csv``; filters from the query string."""
    form = forms.AuditFilterForm(request.args, meta={"csrf": False})
    export = request.args.get("format") == "csv"
    valid = form.validate()
    filters = (
        audit_trail.Filters(form.start.data, form.end.data, form.kind.data or None)
        if valid
        else audit_trail.Filters()
    )
    trail = find(filters, export=export and valid)
    if trail is None:
        db.session.rollback()
        abort(404)
    db.session.commit()
    if export and valid:
        response = make_response(audit_trail.to_csv(trail.events))
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        response.headers["Content-Disposition"] = (
            f'attachment; filename="audit-{trail.title_kind}.csv"'
        )
        return no_store(response)
    form.kind.choices = [("", gettext("All kinds"))] + [(k, k) for k in trail.kinds]
    query = {k: v for k, v in request.args.items() if k in ("start", "end", "kind") and v}
    return page(
        "staff/audit.html",
        200 if valid else 422,
        form=form,
        trail=trail,
        events=trail.events if valid else [],
        csv_url=url_for(endpoint, **values, **query, format="csv"),
        back_url=url_for("staff.order", number=values["number"])
        if "number" in values and g.staff.role != ADMIN
        else url_for("staff.home" if "number" in values else "staff.people"),
        action_url=url_for(endpoint, **values),
    )


@bp.get("/orders/<number>/audit")
@auth.staff_required(SERVICE, ADMIN)
def order_audit(number: str):
    number = number[:40].upper()
    return _audit_page(
        lambda filters, export: audit_trail.order_trail(g.staff, number, filters, export=export),
        "staff.order_audit",
        number=number,
    )


@bp.get("/people/<id:staff_id>/audit")
@auth.staff_required(ADMIN, SERVICE)
def staff_audit(staff_id: int):
    return _audit_page(
        lambda filters, export: audit_trail.staff_trail(g.staff, staff_id, filters, export=export),
        "staff.staff_audit",
        staff_id=staff_id,
    )


@bp.post("/logout")
def logout():
    flash(gettext("You are signed out."), "info")
    return auth.end(redirect(url_for("staff.login"), 303))


def scope_message(problem: str) -> str:
    if problem == "one_market":
        return gettext("A Porsche Centre belongs to one market: enter one country code.")
    if problem == "partners":
        return gettext("Enter one or more Porsche Centres of that market, like se-malmo.")
    return gettext("Enter the country codes of markets this site serves, like se or de.")


@bp.route("/people", methods=["GET", "POST"])
@auth.staff_required(ADMIN)
def people():
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(
                g.staff,
                form.email.data,
                form.name.data,
                form.role.data,
                markets=[m for m in form.markets.data.split(",") if m],
                partners=[p for p in form.partners.data.split(",") if p],
                language=g.staff.language,
            )
        except services.BadScope as exc:
            getattr(form, exc.field).errors = [scope_message(exc.problem)]
        except services.StaffError:
            form.email.errors = [gettext("A staff member with this e-mail address exists.")]
        else:
            db.session.commit()
            flash(gettext("The invitation is sent."), "success")
            return redirect(url_for("staff.people"), 303)
    status = 422 if form.errors else 200
    return _people_page(status, form=form)


def _people_page(status: int = 200, **forms_) -> Response:
    return page(
        "staff/people.html",
        status,
        form=forms_.get("form") or forms.InviteForm(formdata=None),
        remove_form=forms_.get("remove_form") or forms.RemoveAccessForm(prefix="remove"),
        members=services.members(),
        member=g.staff,
    )


@bp.post("/people/<id:staff_id>/remove")
@auth.staff_required(ADMIN)
@limiter.limit("30 per minute")
def remove_access(staff_id: int):
    form = forms.RemoveAccessForm(prefix="remove")
    if not form.validate_on_submit():
        return _people_page(422, remove_form=form)
    done = services.remove_access(g.staff, staff_id, form.reason.data)
    if done is None:
        abort(404)
    db.session.commit()
    flash(gettext("The access is removed: they can no longer sign in."), "success")
    return redirect(url_for("staff.people"), 303)


@bp.context_processor
def role_names() -> dict:
    from flask_babel import lazy_gettext as _l

    from porsche_web.staff.models import CENTRE, SERVICE

    return {
        "role_names": {
            CENTRE: _l("Porsche Centre"),
            SERVICE: _l("Customer service"),
            ADMIN: _l("Administrator"),
        }
    }
