"""Phone verification by SMS code and changing the number."""

from __future__ import annotations

import contextlib

from flask import flash, g, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts import bp, forms, services
from porsche_web.accounts.auth import fresh_required
from porsche_web.accounts.pages import phone_context, wait_message
from porsche_web.accounts.views.common import (
    CODE_LIMIT,
    PREFIX,
    invalid,
    page,
)
from porsche_web.extensions import db
from porsche_web.ratelimit import limiter


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


def _new_phone_context(**extra):
    number = services.pending_phone(current_user) or ""
    return phone_context(
        last_four=number[-4:],
        has_code=services.open_challenge(current_user, number) is not None,
        wait_seconds=_wait_seconds(number),
        **extra,
    )


def _wait_seconds(number: str) -> int:
    wait = services.code_wait(current_user, number=number).total_seconds()
    return int(wait + 0.999) if wait > 0 else 0


@bp.route(f"{PREFIX}/phone/new", methods=["GET", "POST"])
@login_required
@limiter.limit(CODE_LIMIT, methods=["POST"])
def new_phone():
    """The number customer service entered, confirmed with the code sent to it (issue #12)."""
    if services.pending_phone(current_user) is None:
        return htmx.redirect(url_for("accounts.home"))
    form = forms.PhoneCodeForm()
    if request.method == "GET":
        return page("accounts/new_phone.html", form=form, **_new_phone_context())
    if not form.validate_on_submit():
        return invalid("accounts/new_phone.html", form=form, **_new_phone_context())
    try:
        services.confirm_pending_phone(current_user, form.code.data)
    except (services.CodeInvalid, services.CodeExpired) as exc:
        db.session.commit()  # the attempt counter is kept
        form.code.errors.append(exc.message)
        return invalid("accounts/new_phone.html", form=form, **_new_phone_context())
    db.session.commit()
    flash(gettext("Your new phone number is confirmed and in use."), "success")
    return htmx.redirect(url_for("accounts.home"))


@bp.post(f"{PREFIX}/phone/new/code")
@login_required
@limiter.limit(CODE_LIMIT)
def send_new_phone_code():
    resend = forms.ConfirmForm(prefix="resend")
    if not resend.validate_on_submit() or services.pending_phone(current_user) is None:
        return htmx.redirect(url_for("accounts.new_phone"))
    try:
        services.send_pending_code(current_user)
    except services.Throttled as exc:
        db.session.rollback()
        return invalid(
            "accounts/new_phone.html",
            form=forms.PhoneCodeForm(formdata=None),
            **_new_phone_context(resend_error=wait_message(exc)),
        )
    db.session.commit()
    flash(
        gettext(
            "We sent a new code to the number ending in %(last)s.",
            last=(services.pending_phone(current_user) or "")[-4:],
        ),
        "success",
    )
    return htmx.redirect(url_for("accounts.new_phone"))
