"""Forgotten password (reset link) and changing the password."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts import bp, forms, services, sessions
from porsche_web.accounts.auth import (
    end_session,
    no_store,
)
from porsche_web.accounts.views.common import (
    FORM_LIMIT,
    PREFIX,
    invalid,
    login_source,
    page,
    throttled,
    throttled_message,
    token_page,
    token_redirect,
)
from porsche_web.extensions import db
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX


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
        return token_page("accounts/link_invalid.html", status=410)
    if request.method == "GET":
        return token_page("accounts/reset_password.html", form=form)
    if not form.validate_on_submit():
        response = invalid("accounts/reset_password.html", form=form)
        response.headers["Referrer-Policy"] = "no-referrer"
        return no_store(response)
    try:
        services.reset_password(token, form.password.data)
    except services.InvalidToken:
        db.session.rollback()
        return token_page("accounts/link_invalid.html", status=410)
    db.session.commit()
    if current_user.is_authenticated:
        end_session()
    flash(gettext("Your password is changed. Log in with the new password."), "success")
    return token_redirect(url_for("accounts.login"))


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
        services.check_password(current_user, form.current.data, login_source())
    except services.LoginThrottled as exc:
        db.session.rollback()
        form.current.errors.append(throttled_message(exc))
        return throttled("accounts/change_password.html", exc, form=form)
    except services.WrongPassword as exc:
        db.session.commit()  # the try stays counted
        form.current.errors.append(exc.message)
        return invalid("accounts/change_password.html", form=form)
    sessions.rotate()
    services.set_password(current_user, form.password.data, sessions.current_sid_hash())
    db.session.commit()
    flash(gettext("Your password is changed. You were signed out everywhere else."), "success")
    return htmx.redirect(url_for("accounts.home"))
