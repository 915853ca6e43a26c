"""A new mobile number set for the customer by staff (issue #12, item 3): it is *pending* until
the customer enters the SMS code sent to it (at their next sign-in, or from the e-mail's link
after signing in). Until then the old number stays the one in use; its holder is told by SMS
when the change is made and when it is confirmed. The rules of the Porsche ID's own codes apply
(:mod:`.phone`: validity, wait between codes, tries counted before comparing)."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import update

from porsche_web import clock
from porsche_web.accounts.errors import CodeExpired, InvalidPhone
from porsche_web.accounts.models import Account, PhoneChallenge
from porsche_web.accounts.services.common import account_url, audit, email_account, security_event
from porsche_web.accounts.services.phone import _check_code, send_phone_code
from porsche_web.extensions import db
from porsche_web.notifications.services import enqueue_sms, in_language


def pending_phone(account: Account) -> str | None:
    """The number waiting for its code, if any."""
    return account.pending_phone_e164


def propose_phone(account: Account, new_e164: str, by: str) -> bool:
    """Set ``new_e164`` as the pending number (``by``: the staff actor, for the audit trail).
    The customer gets an e-mail with a link, the number in use an SMS.

    :returns: False when nothing changes: the number is pending already (a second submit) or
        is the verified number in use.
    """
    if new_e164 == account.pending_phone_e164:
        return False
    if new_e164 == account.phone_e164 and account.phone_verified:
        return False
    now = clock.now()
    account.pending_phone_e164, account.pending_phone_since = new_e164, now
    db.session.execute(
        update(PhoneChallenge)
        .where(PhoneChallenge.account_id == account.id, PhoneChallenge.closed_at.is_(None))
        .values(closed_at=now)
    )
    with in_language(account.market, account.language):
        if account.phone_e164:
            enqueue_sms(
                to=account.phone_e164,
                market=account.market,
                language=account.language,
                text=gettext(
                    "My Porsche: customer service entered a new mobile number for your Porsche "
                    "ID. This number stays in use until the new one is confirmed with a code."
                ),
            )
        email_account(
            account,
            subject=gettext("Confirm the new phone number of your Porsche ID"),
            paragraphs=[
                gettext(
                    "At your request, customer service entered a new mobile number, ending in "
                    "%(last)s, for your Porsche ID.",
                    last=new_e164[-4:],
                ),
                gettext(
                    "Sign in to My Porsche: we then send a code by SMS to the new number. "
                    "Until you enter it, your current number stays in use."
                ),
                gettext(
                    "If you did not ask for this, do not confirm it and contact customer service."
                ),
            ],
            link=(gettext("Confirm the new number"), account_url(account, "accounts.new_phone")),
        )
    db.session.flush()
    audit(account, "phone.change_pending", by=by)
    security_event("phone.change_pending", account)
    return True


def send_pending_code(account: Account) -> None:
    """A code to the pending number (the usual wait between codes applies).

    :raises InvalidPhone: nothing is pending.
    :raises Throttled: too soon after the last code.
    """
    if account.pending_phone_e164 is None:
        raise InvalidPhone()
    send_phone_code(account, account.pending_phone_e164)


def confirm_pending_phone(account: Account, code: str) -> None:
    """The right code puts the pending number in use; the old number is told.

    :raises CodeInvalid: a wrong code, with tries left.
    :raises CodeExpired: nothing pending, no open code, expired, or its tries used up.
    """
    new = account.pending_phone_e164
    if new is None:
        raise CodeExpired()
    now = _check_code(account, new, code)
    old = account.phone_e164
    account.phone_e164, account.phone_verified_at = new, now
    account.pending_phone_e164 = account.pending_phone_since = None
    with in_language(account.market, account.language):
        if old and old != new:
            enqueue_sms(
                to=old,
                market=account.market,
                language=account.language,
                text=gettext(
                    "My Porsche: this number is no longer used by your Porsche ID; the new "
                    "number was confirmed. If you did not do this, contact customer service."
                ),
            )
        email_account(
            account,
            subject=gettext("Your new phone number is in use"),
            paragraphs=[
                gettext(
                    "Your Porsche ID now uses the mobile number ending in %(last)s.",
                    last=new[-4:],
                )
            ],
        )
    audit(account, "phone.change_confirmed")
    security_event("phone.change_confirmed", account)
