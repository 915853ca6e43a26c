"""Log in, log out, and the fresh password check before sensitive changes."""

from __future__ import annotations

import contextlib

from flask import flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import clock, htmx
from porsche_web.accounts import bp, forms, services, sessions
from porsche_web.accounts.auth import (
    end_session,
    mark_fresh,
    safe_next,
    start_session,
)
from porsche_web.accounts.views.common import (
    FORM_LIMIT,
    PREFIX,
    invalid,
    login_source,
    page,
    throttled,
    throttled_message,
)
from porsche_web.extensions import db
from porsche_web.ratelimit import limiter


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
        account = services.authenticate(form.email.data, form.password.data, login_source())
    except services.LoginThrottled as exc:
        db.session.rollback()  # nothing was counted
        form.form_errors.append(throttled_message(exc))
        return throttled("accounts/login.html", exc, form=form)
    except services.LoginFailed as exc:
        db.session.commit()  # the try stays counted
        form.form_errors.append(str(exc.message))
        return invalid("accounts/login.html", form=form)
    sessions.purge_expired()
    services.throttle.purge(clock.now())
    pending = services.pending_phone(account) is not None
    if pending and services.open_challenge(account, services.pending_phone(account)) is None:
        # A number customer service entered: its code now (or the page shows the wait).
        with contextlib.suppress(services.Throttled):
            services.send_pending_code(account)
    db.session.commit()
    start_session(account)
    if pending:
        return htmx.redirect(url_for("accounts.new_phone"))
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
        services.check_password(current_user, form.password.data, login_source())
    except services.LoginThrottled as exc:
        db.session.rollback()
        form.password.errors.append(throttled_message(exc))
        return throttled("accounts/confirm_password.html", exc, form=form)
    except services.WrongPassword as exc:
        db.session.commit()  # the try stays counted
        form.password.errors.append(exc.message)
        return invalid("accounts/confirm_password.html", form=form)
    db.session.commit()
    mark_fresh()
    return htmx.redirect(target)
