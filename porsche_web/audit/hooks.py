"""The audit log's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from porsche_web.hooks import (
    LegalBasis,
    PersonalData,
    Processing,
    core_hookimpl,
    current_hooks,
    export_rows,
)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="audit_events",
            columns=("at", "actor", "subject", "action", "request_id", "details"),
            purpose=_l(
                "A record of security-relevant actions, such as logins and changes to your "
                "Porsche ID, your consents and your cars, to protect you and to show what "
                "happened."
            ),
            legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
            processing=Processing.PORSCHE_ID,
            retention=_l(
                "Kept after your Porsche ID is deleted, under its number only, without your "
                "name or contact details."
            ),
        )
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.audit.models import AuditEvent
    from porsche_web.extensions import db

    me = f"account:{account.id}"
    # Events about the customer's orders, cars, contracts… (the features name them), by them,
    # by staff or by the system; never another customer's actions.
    not_another = or_(AuditEvent.actor == me, AuditEvent.actor.not_like("account:%"))
    about = [
        and_(AuditEvent.subject == s.subject, not_another)
        if s.since is None
        else and_(AuditEvent.subject == s.subject, AuditEvent.at >= s.since, not_another)
        for s in current_hooks().audit_subjects(account)
    ]
    events = db.session.execute(
        select(AuditEvent)
        .where(or_(AuditEvent.actor == me, AuditEvent.subject == me, *about))
        .order_by(AuditEvent.id)
    ).scalars()
    return {"audit_events": export_rows(events)}
