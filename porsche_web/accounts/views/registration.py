"""Registration and the confirmation of the e-mail address."""

from __future__ import annotations

from flask import g, request, url_for
from flask_login import current_user

from porsche_web import htmx
from porsche_web.accounts import bp, forms, services
from porsche_web.accounts.choices import country_choices, language_choices
from porsche_web.accounts.pages import registration_from
from porsche_web.accounts.views.common import (
    FORM_LIMIT,
    PREFIX,
    invalid,
    page,
    token_page,
    token_redirect,
)
from porsche_web.extensions import db
from porsche_web.ratelimit import limiter


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
            return token_page("accounts/link_invalid.html", status=410)
        db.session.commit()
        if current_user.is_authenticated and current_user.id == account.id:
            return token_redirect(url_for("accounts.home"))
        return token_redirect(url_for("accounts.email_confirmed"))
    if services.find_token(token, services.CONFIRM_EMAIL) is None:
        return token_page("accounts/link_invalid.html", status=410)
    return token_page("accounts/continue.html", form=form, purpose="confirm")


@bp.get(f"{PREFIX}/email-confirmed")
def email_confirmed():
    return page("accounts/email_confirmed.html")
