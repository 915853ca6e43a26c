"""Page helpers of the Porsche ID that other features' pages use too (the guided activation's
Porsche ID and phone steps). No routes here: they need a request (``g.market``,
``current_user``) but render nothing; the routes are in :mod:`porsche_web.accounts.views`.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import gettext
from flask_login import current_user

from porsche_web.accounts import forms, services
from porsche_web.markets.registry import current_registry


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


def phone_context(**extra: Any) -> dict[str, Any]:
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


def wait_message(exc: services.Throttled) -> str:
    """The text shown when a new SMS code is asked for too soon."""
    return gettext(
        "Please wait %(seconds)s seconds before asking for a new code.",
        seconds=exc.wait_seconds,
    )
