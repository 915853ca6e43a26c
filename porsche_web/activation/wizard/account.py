"""The Porsche ID steps: the Porsche ID itself (a), the phone number (b), the car's security
code (c)."""

from __future__ import annotations

from flask import g, request, url_for
from flask_babel import gettext

from porsche_web import htmx
from porsche_web.accounts import forms as account_forms
from porsche_web.accounts import services as accounts
from porsche_web.accounts.auth import is_fresh, start_session
from porsche_web.accounts.choices import country_choices, language_choices
from porsche_web.accounts.pages import phone_context, registration_from, wait_message
from porsche_web.activation import checkout
from porsche_web.activation.wizard.context import Wizard, claimed_by_other, now
from porsche_web.extensions import db

# -- a. Porsche ID -----------------------------------------------------------------------------


def porsche_id(wizard: Wizard):
    order = wizard.order
    if wizard.account is not None:
        return _continue_as(wizard)
    form = account_forms.RegistrationForm()
    form.country.choices = country_choices()
    form.language.choices = language_choices()
    template = "activation/steps/porsche_id.html"
    login_url = url_for("accounts.login", next=wizard.url())
    if request.method == "GET":
        form.given_name.data = order.given_name
        form.family_name.data = order.family_name
        form.email.data = order.email
        form.phone.data = order.phone_e164 or ""
        form.country.data = order.market
        form.language.data = order.language if order.language in g.market.languages else g.lang
        return wizard.page(template, form=form, login_url=login_url)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, login_url=login_url)
    try:
        phone = accounts.parse_phone(form.phone.data, g.market.code)
    except accounts.InvalidPhone as exc:
        form.phone.errors.append(exc.message)
        return wizard.invalid(template, form=form, login_url=login_url)
    proven = accounts.normalize_email(form.email.data) == order.email
    if proven and accounts.find_by_email(form.email.data) is not None:
        # The invitation went to this address, so saying it has a Porsche ID reveals nothing.
        form.email.errors.append(
            gettext("You already have a Porsche ID with this e-mail address. Log in instead.")
        )
        return wizard.invalid(template, form=form, login_url=login_url)
    account = accounts.register(registration_from(form, phone, email_verified=proven))
    if not proven or account is None:
        # Another address: confirmed by e-mail as at any registration, and the same answer
        # whether or not it already has a Porsche ID.
        db.session.commit()
        return htmx.redirect(url_for("accounts.check_email"))
    wizard.activation = checkout.claim(order, account, now())
    db.session.commit()
    start_session(account)
    wizard.account = account
    return wizard.onwards()


def _continue_as(wizard: Wizard):
    """A logged-in customer who came with the invitation link: the GET asks (it changes
    nothing, issue #20 item 11); the POST of its button takes the order for this Porsche ID."""
    if wizard.activation is not None:
        return wizard.onwards()  # already this Porsche ID's activation
    form = account_forms.ConfirmForm()
    if request.method != "POST" or not form.validate_on_submit():
        return wizard.page("activation/steps/porsche_id_continue.html", form=form)
    try:
        wizard.activation = checkout.claim(wizard.order, wizard.account, now())
    except checkout.ClaimedByOther:
        db.session.rollback()
        return claimed_by_other(wizard.order)
    db.session.commit()
    return wizard.onwards()


# -- b. phone (F10) ----------------------------------------------------------------------------


def phone(wizard: Wizard):
    template = "activation/steps/phone.html"
    account = wizard.account
    if account.phone_verified:
        return wizard.onwards()
    form = account_forms.PhoneCodeForm()
    resend = account_forms.ConfirmForm(prefix="resend")
    if request.method == "GET":
        return wizard.page(template, form=form, **phone_context())
    if request.form.get("resend-csrf_token") is not None:
        if not resend.validate_on_submit():
            return htmx.redirect(wizard.url())
        try:
            accounts.send_phone_code(account)
        except accounts.Throttled as exc:
            db.session.rollback()
            message = wait_message(exc)
            return wizard.invalid(
                template,
                form=account_forms.PhoneCodeForm(formdata=None),
                resend_error=message,
                **phone_context(),
            )
        db.session.commit()
        return htmx.redirect(wizard.url())
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, **phone_context())
    try:
        accounts.verify_phone_code(account, form.code.data)
    except (accounts.CodeInvalid, accounts.CodeExpired) as exc:
        db.session.commit()  # the attempt counter is kept
        form.code.errors.append(exc.message)
        return wizard.invalid(template, form=form, **phone_context())
    db.session.commit()
    return wizard.onwards()


# -- c. security code (F7) ---------------------------------------------------------------------


def security_code(wizard: Wizard):
    template = "activation/steps/security_code.html"
    if wizard.account.security_code_set:
        return wizard.onwards()
    if not is_fresh():
        return htmx.redirect(url_for("accounts.confirm_password", next=wizard.url()))
    form = account_forms.SecurityCodeForm()
    if request.method == "GET":
        return wizard.page(template, form=form)
    if not form.validate_on_submit():
        form.code.data = form.repeat.data = None  # never echoed back
        return wizard.invalid(template, form=form)
    accounts.set_security_code(wizard.account, form.code.data)
    db.session.commit()
    return wizard.onwards()
