"""Phone verification by SMS code and changing the number.

Two numbers are confirmed with a code by SMS: the account's own (``verify_phone``) and a new
one that customer service entered (``new_phone``, issue #12). Both pages work the same way, so
both are one :class:`CodeEntry` each, handled by :func:`enter_code` and :func:`send_new_code`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, g, request, url_for
from flask.typing import ResponseReturnValue
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


@dataclass(frozen=True)
class CodeEntry:
    """One number confirmed with an SMS code: its page and what the code does."""

    #: The page with the code form and the "send a new code" button.
    template: str
    #: Endpoint of that page (where the "send a new code" form comes back to).
    endpoint: str
    #: The page's context (``**extra`` added).
    context: Callable[..., dict[str, Any]]
    #: Whether a code is awaited for the number (otherwise the button just goes back).
    waiting: Callable[[], bool]
    #: Checks the code and confirms the number (raises CodeInvalid or CodeExpired).
    confirm: Callable[[str], object]
    #: Sends a new code (raises Throttled).
    send: Callable[[], object]
    #: The last four digits of the number, for the "new code sent" message.
    last_four: Callable[[], str]
    #: The message once the number is confirmed.
    confirmed: Callable[[], str]


def enter_code(entry: CodeEntry) -> ResponseReturnValue:
    """GET shows the code form; POST checks the code (a wrong one counts as a try)."""
    form = forms.PhoneCodeForm()
    if request.method == "GET":
        return page(entry.template, form=form, **entry.context())
    if not form.validate_on_submit():
        return invalid(entry.template, form=form, **entry.context())
    try:
        entry.confirm(form.code.data)
    except (services.CodeInvalid, services.CodeExpired) as exc:
        db.session.commit()  # the attempt counter is kept
        form.code.errors.append(exc.message)
        return invalid(entry.template, form=form, **entry.context())
    db.session.commit()
    flash(entry.confirmed(), "success")
    return htmx.redirect(url_for("accounts.home"))


def send_new_code(entry: CodeEntry) -> ResponseReturnValue:
    """ "Send a new code": too soon shows the wait on the page, otherwise back to it."""
    resend = forms.ConfirmForm(prefix="resend")
    if not resend.validate_on_submit() or not entry.waiting():
        return htmx.redirect(url_for(entry.endpoint))
    try:
        entry.send()
    except services.Throttled as exc:
        db.session.rollback()
        return invalid(
            entry.template,
            form=forms.PhoneCodeForm(formdata=None),
            **entry.context(resend_error=wait_message(exc)),
        )
    db.session.commit()
    flash(
        gettext("We sent a new code to the number ending in %(last)s.", last=entry.last_four()),
        "success",
    )
    return htmx.redirect(url_for(entry.endpoint))


def _own_phone() -> CodeEntry:
    return CodeEntry(
        template="accounts/verify_phone.html",
        endpoint="accounts.verify_phone",
        context=phone_context,
        waiting=lambda: not current_user.phone_verified,
        confirm=lambda code: services.verify_phone_code(current_user, code),
        send=lambda: services.send_phone_code(current_user),
        last_four=lambda: current_user.phone_last_four,
        confirmed=lambda: gettext("Your phone number is verified."),
    )


def _new_phone() -> CodeEntry:
    return CodeEntry(
        template="accounts/new_phone.html",
        endpoint="accounts.new_phone",
        context=_new_phone_context,
        waiting=lambda: services.pending_phone(current_user) is not None,
        confirm=lambda code: services.confirm_pending_phone(current_user, code),
        send=lambda: services.send_pending_code(current_user),
        last_four=lambda: (services.pending_phone(current_user) or "")[-4:],
        confirmed=lambda: gettext("Your new phone number is confirmed and in use."),
    )


@bp.route(f"{PREFIX}/phone", methods=["GET", "POST"])
@login_required
@limiter.limit(CODE_LIMIT, methods=["POST"])
def verify_phone():
    if current_user.phone_verified:
        return page("accounts/phone_verified.html", account=current_user)
    return enter_code(_own_phone())


@bp.post(f"{PREFIX}/phone/new-code")
@login_required
@limiter.limit(CODE_LIMIT)
def send_phone_code():
    return send_new_code(_own_phone())


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
    return enter_code(_new_phone())


@bp.post(f"{PREFIX}/phone/new/code")
@login_required
@limiter.limit(CODE_LIMIT)
def send_new_phone_code():
    return send_new_code(_new_phone())
