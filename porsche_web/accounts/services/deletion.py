"""Deleting a Porsche ID: every feature deletes its data through the internal hook
``core_account_deleted`` (:mod:`porsche_web.hooks`)."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import delete

from porsche_web.accounts.models import Account, EmailToken, PhoneChallenge
from porsche_web.accounts.services.common import audit, email_account, security_event
from porsche_web.extensions import db
from porsche_web.notifications.services import in_language


def delete_account(account: Account) -> None:
    """Delete the Porsche ID and its personal data; the goodbye e-mail is queued first."""
    from porsche_web.hooks import current_hooks
    from porsche_web.notifications.models import OutboxMessage

    with in_language(account.market, account.language):
        goodbye = email_account(
            account,
            subject=gettext("Your Porsche ID was deleted"),
            paragraphs=[
                gettext("Your Porsche ID and the personal data stored with it were deleted."),
                gettext("If you did not do this, contact customer service."),
            ],
        )
    # Every other message to the customer goes, the queued ones too (an invitation, a code or
    # a "your data is ready" must not reach a deleted Porsche ID); a deliverer that is sending
    # one right now finds its row gone and records nothing.
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.to_address.in_([account.email, account.phone_e164 or ""]),
            OutboxMessage.id != goodbye.id,
        )
    )
    audit(account, "account.deleted")
    security_event("account.deleted", account)
    current_hooks().account_deleted(account)  # every feature deletes its data of the account
    for model in (EmailToken, PhoneChallenge):
        db.session.execute(delete(model).where(model.account_id == account.id))
    from porsche_web.accounts.models import WebSession

    db.session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    db.session.delete(account)
    db.session.flush()
