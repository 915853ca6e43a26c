"""Help (issue #12, item 3): what staff do for a customer. Each action needs a reason (kept in
the audit log), changes one thing in one transaction inside the member's scope, and tells the
customer by e-mail in their language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask_babel import gettext

from porsche_web import clock
from porsche_web.accounts import services as accounts
from porsche_web.accounts import sessions
from porsche_web.accounts.services import account_url, email_account
from porsche_web.activation import consents
from porsche_web.audit import services as audit
from porsche_web.connect.catalogue import model_year
from porsche_web.extensions import db
from porsche_web.notifications.services import in_language
from porsche_web.orders import lookup
from porsche_web.orders.lookup import OrderView
from porsche_web.staff import search
from porsche_web.staff.models import StaffMember
from porsche_web.vehicles import services as vehicles


def resend_invitation(
    member: StaffMember, number: str, reason: str, email: str | None = None
) -> OrderView | None:
    """A new invitation link (the older ones stop working), to a corrected address if given;
    the invitation e-mail is the customer's message. None outside the member's scope."""
    before = lookup.order_in_scope(search.scope_of(member), number)
    if before is None:
        return None
    result = lookup.resend_invitation(search.scope_of(member), number, email)
    if result is None:
        return None
    after, sent = result
    if not sent:  # the same request submitted twice: nothing more happened
        db.session.commit()
        return after
    audit.record(
        f"staff:{member.id}",
        f"order:{after.order_number}",
        "staff.invitation_resent",
        details={"reason": reason, "email_changed": after.email != before.email},
    )
    db.session.commit()
    return after


#: A second "sign out everywhere" within this time that finds no session left is the same
#: request submitted twice: nothing more is recorded or sent.
SIGN_OUT_AGAIN_AFTER = timedelta(minutes=10)


def end_sessions(member: StaffMember, number: str, reason: str) -> bool:
    """Sign the order's customer out everywhere and tell them (once: submitted twice, the
    second finds no session and a sign-out of minutes ago, and does nothing more). False
    outside the scope or without a Porsche ID."""
    found = search.order_file(member, number)
    if found is None or found.customer is None:
        db.session.rollback()
        return False
    account = search.account_of(found)
    assert account is not None
    ended = sessions.end_other_sessions(account.id, None)
    if not ended and audit.recorded_since(
        f"account:{account.id}", "staff.sessions_ended", clock.now() - SIGN_OUT_AGAIN_AFTER
    ):
        db.session.commit()  # the order's view stays audited
        return True
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("You were signed out everywhere"),
            paragraphs=[
                gettext(
                    "At your request, customer service has signed you out of My Porsche on "
                    "every device. Sign in again with your password."
                )
            ],
            link=(gettext("Sign in"), account_url(account, "accounts.login")),
        )
    audit.record(
        f"staff:{member.id}",
        f"account:{account.id}",
        "staff.sessions_ended",
        details={"reason": reason, "sessions": ended},
    )
    db.session.commit()
    return True


def withdraw_consent(member: StaffMember, number: str, consent_id: int, reason: str) -> bool:
    """Withdraw one of the order's consents for the customer (who asked by e-mail or phone,
    F27); the recipient is told as when the customer does it, the customer gets a confirmation.
    False outside the scope or for a consent of another order."""
    found = search.order_file(member, number)
    if found is None or not any(c.id == consent_id for c in found.consents):
        db.session.rollback()
        return False
    account = search.account_of(found)
    assert account is not None
    done = consents.withdraw(account, consent_id, consents.Channel.CUSTOMER_SERVICE)
    if done:
        with in_language(account.market, account.language):
            email_account(
                account,
                subject=gettext("Your consent is withdrawn"),
                paragraphs=[
                    gettext(
                        "As you asked, customer service has withdrawn your consent. You can see "
                        "all your consents, and give one again, on the page Your data and "
                        "consents."
                    )
                ],
                link=(
                    gettext("Your data and consents"),
                    account_url(account, "privacy.overview"),
                ),
            )
        audit.record(
            f"staff:{member.id}",
            f"account:{account.id}",
            "staff.consent_withdrawn",
            details={"reason": reason, "consent": consent_id},
        )
    db.session.commit()
    return True


class NoPorscheId(Exception):
    """The order has no Porsche ID to act on."""


def change_phone(member: StaffMember, number: str, raw_phone: str, reason: str) -> bool | None:
    """Enter a new mobile number for the order's customer: pending until the customer enters
    the code sent to it (the old number stays in use meanwhile and is told by SMS).

    :returns: None outside the member's scope; False when nothing changed (submitted twice, or
        the number in use already); True when the change is pending now.
    :raises accounts.InvalidPhone: not a mobile number of the order's market.
    :raises NoPorscheId: the order has no Porsche ID.
    """
    found = search.order_file(member, number)
    if found is None:
        db.session.rollback()
        return None
    account = search.account_of(found)
    if account is None:
        db.session.rollback()
        raise NoPorscheId()
    phone = accounts.parse_phone(raw_phone, found.order.market)
    changed = accounts.propose_phone(account, phone, by=f"staff:{member.id}")
    if changed:
        audit.record(
            f"staff:{member.id}",
            f"account:{account.id}",
            "staff.phone_change_requested",
            details={"reason": reason, "order": found.order.order_number},
        )
    db.session.commit()
    return changed


def clear_sign_in_block(member: StaffMember, number: str, reason: str) -> bool | None:
    """Lift the wait wrong passwords put on the order's customer's sign-in.

    :returns: None outside the scope or without a Porsche ID; False when nothing was blocked
        (a second submit); True when cleared (the customer is told by e-mail).
    """
    found = search.order_file(member, number)
    account = search.account_of(found) if found is not None else None
    if found is None or account is None:
        db.session.rollback()
        return None
    cleared = accounts.clear_sign_in_block(account, by=f"staff:{member.id}")
    if cleared:
        audit.record(
            f"staff:{member.id}",
            f"account:{account.id}",
            "staff.sign_in_block_cleared",
            details={"reason": reason, "order": found.order.order_number},
        )
    db.session.commit()
    return cleared


def security_code_help(member: StaffMember, number: str, reason: str) -> bool | None:
    """Send the order's customer the self-service reset of a forgotten security code (staff
    never see or set a code); the PCM factory reset is part of it for models with a code.

    :returns: None outside the scope or without a Porsche ID; False when the same help went
        out minutes ago (a second submit); True when sent.
    """
    found = search.order_file(member, number)
    account = search.account_of(found) if found is not None else None
    if found is None or account is None:
        db.session.rollback()
        return None
    car = model_year(found.order.model_id, found.order.model_year)
    factory_reset = car is None or car.needs_security_code
    sent = accounts.send_security_code_help(account, factory_reset, by=f"staff:{member.id}")
    if sent:
        audit.record(
            f"staff:{member.id}",
            f"account:{account.id}",
            "staff.security_code_help_sent",
            details={"reason": reason, "order": found.order.order_number},
        )
    db.session.commit()
    return sent


def _cars_forbid(customer: int | None) -> Callable[[str | None, str], bool]:
    """The cars' say on a VIN correction (``lookup.correct_vin``'s ``car_forbids``): a car
    linked to a Porsche ID under the current VIN (then it was right), or under the new VIN to
    another Porsche ID than the customer's."""

    def forbids(old_vin: str | None, new_vin: str) -> bool:
        old_car = vehicles.car_state(old_vin) if old_vin else None
        new_car = vehicles.car_state(new_vin)
        return (old_car is not None and old_car.main_user_id is not None) or (
            new_car is not None and new_car.main_user_id not in (None, customer)
        )

    return forbids


def correct_vin(member: StaffMember, number: str, raw_vin: str, reason: str) -> bool | None:
    """Correct the VIN of an activated order (issue #20: the dealer systems no longer can), in
    one transaction through ``orders.lookup.correct_vin``, which checks everything (the cars
    linked under either VIN too) before it writes; the customer is told by e-mail.

    :returns: None outside the member's scope; False when the order has this VIN already (the
        same request twice: nothing more is recorded or sent); True when corrected.
    :raises orders.lookup.VinRefused: see its ``problem`` (``"linked"``: a car is linked to a
        Porsche ID under the current VIN, which was right then, or under the new VIN to another
        Porsche ID than the customer's); nothing changed.
    """
    found = search.order_file(member, number)
    if found is None:
        db.session.rollback()
        return None
    customer = found.customer.account_id if found.customer else None
    try:
        done = lookup.correct_vin(
            search.scope_of(member), number, raw_vin, car_forbids=_cars_forbid(customer)
        )
    except lookup.VinRefused:
        db.session.rollback()
        raise
    if done is None:
        db.session.rollback()
        return None
    if not done.changed:
        db.session.commit()  # the order's view stays audited
        return False
    account = search.account_of(found)
    if account is not None:
        with in_language(account.market, account.language):
            email_account(
                account,
                subject=gettext("The VIN of your car is corrected"),
                paragraphs=[
                    gettext(
                        "We have corrected the vehicle identification number (VIN) of your "
                        "order %(number)s: it is now %(vin)s. Your Porsche Connect services now "
                        "go to the car with this VIN.",
                        number=done.order.order_number,
                        vin=done.order.vin,
                    )
                ],
                link=(gettext("My vehicles"), account_url(account, "vehicles.vehicles")),
            )
    audit.record(
        f"staff:{member.id}",
        f"order:{done.order.order_number}",
        "staff.vin_corrected",
        details={"reason": reason, "from": done.old_vin, "to": done.order.vin},
    )
    db.session.commit()
    return True
