"""My Porsche home, the e-mail address and the car's security code (F7)."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts import bp, forms, services
from porsche_web.accounts.auth import fresh_required
from porsche_web.accounts.pages import wait_message
from porsche_web.accounts.views.common import (
    CODE_LIMIT,
    FORM_LIMIT,
    PREFIX,
    invalid,
    page,
    token_page,
    token_redirect,
)
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.ratelimit import limiter


@bp.get(f"{PREFIX}/")
@login_required
def home():
    # Other features' sections (core_my_porsche_section), rendered by each feature.
    sections = current_hooks().my_porsche_sections(current_user)
    # The one most urgent thing to do next, of all features (core_my_porsche_next_step).
    next_step = current_hooks().my_porsche_next_step(current_user)
    return page(
        "accounts/home.html",
        account=current_user,
        next_step=next_step,
        masked_phone=services.masked_phone(current_user.phone_e164),
        logout_form=forms.ConfirmForm(),
        sections=sections,
    )


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


def _forgotten_context(**extra):
    wait = services.code_wait(current_user).total_seconds()
    return {
        "account": current_user,
        "last_four": current_user.phone_last_four,
        "has_code": services.open_challenge(current_user) is not None,
        "wait_seconds": int(wait + 0.999) if wait > 0 else 0,
        "resend_form": forms.ConfirmForm(prefix="resend"),
        **extra,
    }


@bp.route(f"{PREFIX}/security-code/forgotten", methods=["GET", "POST"])
@fresh_required
@limiter.limit(CODE_LIMIT, methods=["POST"])
def forgotten_security_code():
    """A forgotten security code: a new one after an SMS code (issue #12, item 3)."""
    form = forms.ResetSecurityCodeForm()
    if not current_user.phone_verified:
        return htmx.redirect(url_for("accounts.verify_phone"))
    if request.method == "GET":
        return page("accounts/forgotten_security_code.html", form=form, **_forgotten_context())
    if not form.validate_on_submit():
        form.code.data = form.repeat.data = None  # never echoed back
        return invalid("accounts/forgotten_security_code.html", form=form, **_forgotten_context())
    try:
        services.reset_security_code(current_user, form.sms_code.data, form.code.data)
    except (services.CodeInvalid, services.CodeExpired) as exc:
        db.session.commit()  # the attempt counter is kept
        form.code.data = form.repeat.data = None
        form.sms_code.errors.append(exc.message)
        return invalid("accounts/forgotten_security_code.html", form=form, **_forgotten_context())
    db.session.commit()
    flash(
        gettext("Your new security code is saved. Now sign in to the car again with it."),
        "success",
    )
    return htmx.redirect(url_for("accounts.home"))


@bp.post(f"{PREFIX}/security-code/forgotten/code")
@fresh_required
@limiter.limit(CODE_LIMIT)
def forgotten_security_code_sms():
    resend = forms.ConfirmForm(prefix="resend")
    if not resend.validate_on_submit() or not current_user.phone_verified:
        return htmx.redirect(url_for("accounts.forgotten_security_code"))
    try:
        services.send_phone_code(current_user)
    except services.Throttled as exc:
        db.session.rollback()
        return invalid(
            "accounts/forgotten_security_code.html",
            form=forms.ResetSecurityCodeForm(formdata=None),
            **_forgotten_context(resend_error=wait_message(exc)),
        )
    db.session.commit()
    return htmx.redirect(url_for("accounts.forgotten_security_code"))


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
            return token_page("accounts/link_invalid.html", status=410)
        db.session.commit()
        return token_redirect(url_for("accounts.email_confirmed"))
    if services.find_token(token, services.NEW_EMAIL) is None:
        return token_page("accounts/link_invalid.html", status=410)
    return token_page("accounts/continue.html", form=form, purpose="new_email")
