"""The outbox's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from porsche_web.hooks import (
    DELIVERY_SERVICES,
    LegalBasis,
    PersonalData,
    Processing,
    core_hookimpl,
    export_rows,
)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="outbox_messages",
            columns=(
                "to_address",
                "market",
                "language",
                "subject",
                "text_body",
                "html_body",
                "created_at",
                "sent_at",
            ),
            purpose=_l(
                "Sending you e-mails and text messages about your Porsche ID and your services."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTACT,
            retention=_l(
                "Until you delete your Porsche ID; messages still waiting to be sent then, "
                "such as the e-mail confirming the deletion, are sent and kept."
            ),
            recipients=(DELIVERY_SERVICES,),
        )
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.extensions import db
    from porsche_web.notifications.models import OutboxMessage

    addresses = [account.email.lower()] + ([account.phone_e164] if account.phone_e164 else [])
    messages = db.session.execute(
        select(OutboxMessage)
        .where(func.lower(OutboxMessage.to_address).in_(addresses))
        .order_by(OutboxMessage.id)
    ).scalars()
    return {"outbox_messages": export_rows(messages)}
