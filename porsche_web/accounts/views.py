"""Porsche ID pages: parse, call the service, render, commit."""

from __future__ import annotations

import contextlib

from babel import Locale
from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import format_datetime, gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts import bp, forms, services, sessions
from porsche_web.accounts.auth import (
    end_session,
    fresh_required,
    mark_fresh,
    no_store,
    safe_next,
    start_session,
)
from porsche_web.accounts.models import WebSession
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.i18n import language_name
from porsche_web.markets.registry import current_registry
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/account"
FORM_LIMIT = "20 per minute"
CODE_LIMIT = "10 per minute"


def invalid(template: str, **context):
    return htmx.render_page(template, "form", status=htmx.VALIDATION_ERROR_STATUS, **context)


def page(template: str, **context):
    return htmx.render_page(template, "form", **context)


#: Two-letter CLDR territories that are not countries one can live in.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def country_choices() -> list[tuple[str, str]]:
    territories = Locale.parse(g.lang).territories
    codes = [code for code in territories if len(code) == 2 and code.isalpha()]
    codes = [code for code in codes if code not in NOT_COUNTRIES]
    return sorted(((c.lower(), territories[c]) for c in codes), key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]


# -- registration ------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/register", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def register():
    form = forms.RegistrationForm()
    form.country.choices = country_choices()
    form.language.choices = language_choices()
    if request.method == "GET":
        form.country.data = g.market.code
        form.language.data = g.lang
    if not form.validate_on_submit():
        if request.method == "POST":
            return invalid("accounts/register.html", form=form)
        return page("accounts/register.html", form=form)
    try:
        phone = services.parse_phone(form.phone.data, g.market.code)
    except services.InvalidPhone as exc:
        form.phone.errors.append(exc.message)
        return invalid("accounts/register.html", form=form)
    services.register(registration_from(form, phone))
    db.session.commit()
    return htmx.redirect(url_for("accounts.check_email"))


def registration_from(
    form: forms.RegistrationForm, phone_e164: str, email_verified: bool = False
) -> services.Registration:
    """The registration a valid form asks for, on the current site's market."""
    return services.Registration(
        email=form.email.data,
        password=form.password.data,
        given_name=form.given_name.data,
        family_name=form.family_name.data,
        country=form.country.data,
        language=form.language.data,
        phone_e164=phone_e164,
        market=g.market.code,
        email_verified=email_verified,
    )


@bp.get(f"{PREFIX}/check-your-email")
def check_email():
    return page("accounts/check_email.html")


@bp.route(f"{PREFIX}/confirm-email", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def resend_confirmation():
    form = forms.EmailForm()
    if request.method == "GET":
        return page("accounts/resend_confirmation.html", form=form)
    if not form.validate_on_submit():
        return invalid("accounts/resend_confirmation.html", form=form)
    services.resend_confirmation(form.email.data)
    db.session.commit()
    return htmx.redirect(url_for("accounts.check_email"))


@bp.route(f"{PREFIX}/confirm-email/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            account = services.confirm_email(token)
        except services.InvalidToken:
            db.session.rollback()
            return _token_page("accounts/link_invalid.html", status=410)
        db.session.commit()
        if current_user.is_authenticated and current_user.id == account.id:
            return _token_redirect(url_for("accounts.home"))
        return _token_redirect(url_for("accounts.email_confirmed"))
    if services.find_token(token, services.CONFIRM_EMAIL) is None:
        return _token_page("accounts/link_invalid.html", status=410)
    return _token_page("accounts/continue.html", form=form, purpose="confirm")


def _token_page(template: str, status: int = 200, **context):
    response = htmx.render_page(template, status=status, **context)
    response.headers["Referrer-Policy"] = "no-referrer"
    return no_store(response)


def _token_redirect(location: str):
    response = htmx.redirect(location)
    response.headers["Referrer-Policy"] = "no-referrer"
    return no_store(response)


@bp.get(f"{PREFIX}/email-confirmed")
def email_confirmed():
    return page("accounts/email_confirmed.html")


# -- log in and out ----------------------------------------------------------------------------


@bp.route(f"{PREFIX}/login", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def login():
    form = forms.LoginForm()
    target = safe_next(request.args.get("next"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target or url_for("accounts.home"))
        return page("accounts/login.html", form=form)
    if not form.validate_on_submit():
        return invalid("accounts/login.html", form=form)
    try:
        account = services.authenticate(form.email.data, form.password.data)
    except services.AccountLocked as exc:
        db.session.commit()
        form.form_errors.append(
            gettext(
                "Too many failed attempts: your Porsche ID is locked until %(time)s. We have "
                "sent you an e-mail about it.",
                time=format_datetime(exc.until, "short"),
            )
        )
        return invalid("accounts/login.html", form=form)
    except services.LoginFailed as exc:
        db.session.commit()
        form.form_errors.append(str(exc.message))
        return invalid("accounts/login.html", form=form)
    sessions.purge_expired()
    db.session.commit()
    start_session(account)
    return htmx.redirect(target or url_for("accounts.home"))


@bp.post(f"{PREFIX}/logout")
def logout():
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        return htmx.redirect(url_for("home.start"))
    end_session()
    flash(gettext("You are logged out."), "info")
    return htmx.redirect(url_for("home.start"))


@bp.route(f"{PREFIX}/confirm-password", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def confirm_password():
    form = forms.PasswordCheckForm()
    target = safe_next(request.args.get("next")) or url_for("accounts.home")
    if request.method == "GET":
        return page("accounts/confirm_password.html", form=form)
    if not form.validate_on_submit():
        return invalid("accounts/confirm_password.html", form=form)
    try:
        services.check_password(current_user, form.password.data)
    except services.WrongPassword as exc:
        form.password.errors.append(exc.message)
        return invalid("accounts/confirm_password.html", form=form)
    mark_fresh()
    return htmx.redirect(target)


# -- My Porsche home ---------------------------------------------------------------------------


@bp.get(f"{PREFIX}/")
@login_required
def home():
    # Other features' sections (core_my_porsche_section), rendered by each feature.
    sections = current_hooks().my_porsche_sections(current_user)
    return page(
        "accounts/home.html",
        account=current_user,
        masked_phone=services.masked_phone(current_user.phone_e164),
        logout_form=forms.ConfirmForm(),
        sections=sections,
    )


# -- phone verification ------------------------------------------------------------------------


def phone_context(**extra):
    """What the phone verification partial needs (also the guided activation's phone step)."""
    wait = services.code_wait(current_user)
    return {
        "account": current_user,
        "last_four": current_user.phone_last_four,
        "has_code": services.open_challenge(current_user) is not None,
        "wait_seconds": int(wait.total_seconds() + 0.999) if wait.total_seconds() > 0 else 0,
        "resend_form": forms.ConfirmForm(prefix="resend"),
        "contact": current_registry().support_contact(g.market),
        **extra,
    }


@bp.route(f"{PREFIX}/phone", methods=["GET", "POST"])
@login_required
@limiter.limit(CODE_LIMIT, methods=["POST"])
def verify_phone():
    if current_user.phone_verified:
        return page("accounts/phone_verified.html", account=current_user)
    form = forms.PhoneCodeForm()
    if request.method == "GET":
        return page("accounts/verify_phone.html", form=form, **phone_context())
    if not form.validate_on_submit():
        return invalid("accounts/verify_phone.html", form=form, **phone_context())
    try:
        services.verify_phone_code(current_user, form.code.data)
    except (services.CodeInvalid, services.CodeExpired) as exc:
        db.session.commit()  # the attempt counter is kept
        form.code.errors.append(exc.message)
        return invalid("accounts/verify_phone.html", form=form, **phone_context())
    db.session.commit()
    flash(gettext("Your phone number is verified."), "success")
    return htmx.redirect(url_for("accounts.home"))


def wait_message(exc: services.Throttled) -> str:
    return gettext(
        "Please wait %(seconds)s seconds before asking for a new code.",
        seconds=exc.wait_seconds,
    )


@bp.post(f"{PREFIX}/phone/new-code")
@login_required
@limiter.limit(CODE_LIMIT)
def send_phone_code():
    resend = forms.ConfirmForm(prefix="resend")
    if not resend.validate_on_submit() or current_user.phone_verified:
        return htmx.redirect(url_for("accounts.verify_phone"))
    try:
        services.send_phone_code(current_user)
    except services.Throttled as exc:
        db.session.rollback()
        message = wait_message(exc)
        return invalid(
            "accounts/verify_phone.html",
            form=forms.PhoneCodeForm(formdata=None),
            resend_error=message,
            **phone_context(),
        )
    db.session.commit()
    flash(
        gettext(
            "We sent a new code to the number ending in %(last)s.",
            last=current_user.phone_last_four,
        ),
        "success",
    )
    return htmx.redirect(url_for("accounts.verify_phone"))


@bp.route(f"{PREFIX}/phone/change", methods=["GET", "POST"])
@fresh_required
@limiter.limit(CODE_LIMIT, methods=["POST"])
def change_phone():
    form = forms.PhoneForm()
    if request.method == "GET":
        return page("accounts/change_phone.html", form=form)
    if not form.validate_on_submit():
        return invalid("accounts/change_phone.html", form=form)
    try:
        phone = services.parse_phone(form.phone.data, g.market.code)
    except services.InvalidPhone as exc:
        form.phone.errors.append(exc.message)
        return invalid("accounts/change_phone.html", form=form)
    if not services.change_phone(current_user, phone):
        return htmx.redirect(url_for("accounts.home"))  # the same, already verified number
    # When throttled, the page shows the wait and the "send a new code" button.
    with contextlib.suppress(services.Throttled):
        services.send_phone_code(current_user)
    db.session.commit()
    return htmx.redirect(url_for("accounts.verify_phone"))


# -- security code (F7) ------------------------------------------------------------------------


@bp.route(f"{PREFIX}/security-code", methods=["GET", "POST"])
@fresh_required
def security_code():
    form = forms.SecurityCodeForm()
    if request.method == "GET":
        return page("accounts/security_code.html", form=form, account=current_user)
    if not form.validate_on_submit():
        form.code.data = form.repeat.data = None  # never echoed back
        return invalid("accounts/security_code.html", form=form, account=current_user)
    services.set_security_code(current_user, form.code.data)
    db.session.commit()
    flash(gettext("Your security code is saved."), "success")
    return htmx.redirect(url_for("accounts.home"))


# -- passwords ---------------------------------------------------------------------------------


@bp.route(f"{SITE_PREFIX}/forgot-password", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def forgot_password():
    form = forms.EmailForm()
    if request.method == "GET":
        return page("accounts/forgot_password.html", form=form)
    if not form.validate_on_submit():
        return invalid("accounts/forgot_password.html", form=form)
    services.request_password_reset(form.email.data)
    db.session.commit()
    return htmx.redirect(url_for("accounts.reset_sent"))


@bp.get(f"{SITE_PREFIX}/forgot-password/sent")
def reset_sent():
    return page("accounts/reset_sent.html")


@bp.route(f"{SITE_PREFIX}/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def reset_password(token: str):
    form = forms.NewPasswordForm()
    if services.find_token(token, services.RESET_PASSWORD) is None:
        return _token_page("accounts/link_invalid.html", status=410)
    if request.method == "GET":
        return _token_page("accounts/reset_password.html", form=form)
    if not form.validate_on_submit():
        response = invalid("accounts/reset_password.html", form=form)
        response.headers["Referrer-Policy"] = "no-referrer"
        return no_store(response)
    try:
        services.reset_password(token, form.password.data)
    except services.InvalidToken:
        db.session.rollback()
        return _token_page("accounts/link_invalid.html", status=410)
    db.session.commit()
    if current_user.is_authenticated:
        end_session()
    flash(gettext("Your password is changed. Log in with the new password."), "success")
    return _token_redirect(url_for("accounts.login"))


@bp.route(f"{PREFIX}/password", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def change_password():
    form = forms.ChangePasswordForm()
    if request.method == "GET":
        return page("accounts/change_password.html", form=form)
    if not form.validate_on_submit():
        return invalid("accounts/change_password.html", form=form)
    try:
        services.check_password(current_user, form.current.data)
    except services.WrongPassword as exc:
        form.current.errors.append(exc.message)
        return invalid("accounts/change_password.html", form=form)
    sessions.rotate()
    services.set_password(current_user, form.password.data, sessions.current_sid_hash())
    db.session.commit()
    flash(gettext("Your password is changed. You were signed out everywhere else."), "success")
    return htmx.redirect(url_for("accounts.home"))


# -- e-mail address ----------------------------------------------------------------------------


@bp.route(f"{PREFIX}/email", methods=["GET", "POST"])
@fresh_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def change_email():
    form = forms.NewEmailForm()
    if request.method == "GET":
        return page("accounts/change_email.html", form=form, account=current_user)
    if not form.validate_on_submit():
        return invalid("accounts/change_email.html", form=form, account=current_user)
    services.request_email_change(current_user, form.email.data)
    db.session.commit()
    flash(
        gettext("We sent a link to the new address. Your e-mail changes when you open it."),
        "success",
    )
    return htmx.redirect(url_for("accounts.home"))


@bp.route(f"{PREFIX}/confirm-new-email/<token>", methods=["GET", "POST"])
def confirm_new_email(token: str):
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.confirm_new_email(token)
        except services.InvalidToken:
            db.session.rollback()
            return _token_page("accounts/link_invalid.html", status=410)
        db.session.commit()
        return _token_redirect(url_for("accounts.email_confirmed"))
    if services.find_token(token, services.NEW_EMAIL) is None:
        return _token_page("accounts/link_invalid.html", status=410)
    return _token_page("accounts/continue.html", form=form, purpose="new_email")


# -- sessions and deletion ---------------------------------------------------------------------


def describe_agent(agent: str) -> str:
    agent = agent or ""
    browser = next(
        (
            name
            for key, name in (
                ("Edg/", "Edge"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if key in agent
        ),
        gettext("Unknown browser"),
    )
    system = next(
        (
            name
            for key, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS", "macOS"),
                ("Linux", "Linux"),
            )
            if key in agent
        ),
        gettext("unknown device"),
    )
    return gettext("%(browser)s on %(system)s", browser=browser, system=system)


@bp.get(f"{PREFIX}/sessions")
@login_required
def signed_in():
    current = sessions.current_sid_hash()
    rows = db.session.execute(
        db.select(WebSession)
        .where(WebSession.account_id == current_user.id)
        .order_by(WebSession.last_seen_at.desc())
    ).scalars()
    entries = [
        {
            "device": describe_agent(row.user_agent),
            "started": row.created_at,
            "seen": row.last_seen_at,
            "current": row.sid_hash == current,
        }
        for row in rows
    ]
    return page("accounts/sessions.html", entries=entries, form=forms.ConfirmForm())


@bp.post(f"{PREFIX}/sessions/end-others")
@login_required
def end_other_sessions():
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        ended = sessions.end_other_sessions(current_user.id, sessions.current_sid_hash())
        services.audit(current_user, "sessions.ended_others", count=ended)
        db.session.commit()
        flash(gettext("You were signed out everywhere else."), "success")
    return htmx.redirect(url_for("accounts.signed_in"))


@bp.route(f"{PREFIX}/delete", methods=["GET", "POST"])
@fresh_required
def delete_account():
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_account(current_user)
        db.session.commit()
        end_session()
        flash(gettext("Your Porsche ID is deleted."), "info")
        return htmx.redirect(url_for("home.start"))
    return page("accounts/delete.html", form=form, account=current_user)
