"""\"Download my data\" (GDPR Art. 15 and 20): asked for on the privacy page, built in the
background by ``flask privacy exports`` (a job table: :class:`DataExport`), announced by e-mail,
downloadable by its owner for :data:`KEEP_FOR`, then deleted.

The archive holds one JSON file per table (``core_personal_data_export``: every feature's rows
of the customer, secrets left out) and a README in the customer's language.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import timedelta

from flask import render_template
from flask_babel import format_datetime, gettext
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.notifications.services import in_language, url_context
from porsche_web.privacy.models import BUILDING, READY, REQUESTED, DataExport

log = logging.getLogger("porsche_web.privacy")

#: How long a ready archive can be downloaded.
KEEP_FOR = timedelta(days=7)
#: How long one job may take to build an archive before another may take it over.
LEASE = timedelta(minutes=10)


def latest_of(account: Account) -> DataExport | None:
    """The customer's newest export that is still in the making or downloadable."""
    return db.session.execute(
        select(DataExport)
        .where(
            DataExport.account_id == account.id,
            or_(DataExport.status != READY, DataExport.expires_at > clock.now()),
        )
        .order_by(DataExport.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def request_export(account: Account, market: str, language: str) -> DataExport:
    """Ask for an export; the one already in the making when there is one (asking twice, or
    from two tabs at once, makes one archive). Commits."""
    existing = latest_of(account)
    if existing is not None and existing.status != READY:
        return existing
    export = DataExport(account_id=account.id, market=market, language=language)
    db.session.add(export)
    try:
        db.session.commit()
    except IntegrityError:  # another request made it in the meantime
        db.session.rollback()
        existing = latest_of(account)
        assert existing is not None
        return existing
    return export


def owner_id(export_id: int) -> int | None:
    """The account id of an export's owner (None when there is none)."""
    return db.session.execute(
        select(DataExport.account_id).where(DataExport.id == export_id)
    ).scalar_one_or_none()


def own_export(account: Account, export_id: int) -> DataExport | None:
    """A ready, unexpired export of ``account``; None for anyone else's or an expired one."""
    export = db.session.get(DataExport, export_id)
    if (
        export is None
        or export.account_id != account.id
        or export.status != READY
        or export.expires_at is None
        or export.expires_at <= clock.now()
    ):
        return None
    return export


def archive_for(account: Account, language: str) -> bytes:
    """The ZIP of ``account``'s data (call inside :func:`in_language`)."""
    tables = current_hooks().personal_data_export(account)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        readme = render_template(
            "privacy/export_readme.txt",
            account=account,
            tables=tables,
            created=format_datetime(clock.now(), "long"),
        )
        archive.writestr("README.txt", readme)
        for table, rows in tables.items():
            body = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
            archive.writestr(f"{table}.json", body)
    return buffer.getvalue()


def _claim() -> DataExport | None:
    now = clock.now()
    candidate = (
        select(DataExport.id)
        .where(
            or_(
                DataExport.status == REQUESTED,
                (DataExport.status == BUILDING) & (DataExport.lease_until < now),
            )
        )
        .order_by(DataExport.id)
        .limit(1)
        .scalar_subquery()
    )
    claimed = db.session.execute(
        update(DataExport)
        .where(
            DataExport.id == candidate,
            or_(
                DataExport.status == REQUESTED,
                (DataExport.status == BUILDING) & (DataExport.lease_until < now),
            ),
        )
        .values(status=BUILDING, lease_until=now + LEASE)
        .returning(DataExport.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()
    return db.session.get(DataExport, claimed) if claimed else None


def build_due(limit: int = 20) -> int:
    """Build the requested archives (each one once, even with several jobs), e-mail their
    owners, and delete the expired ones. Returns the number built."""
    built = 0
    with url_context():
        while built < limit and _build_one():
            built += 1
    purge_expired()
    return built


def _build_one() -> bool:
    """Build one requested archive; False when there is none left."""
    while True:
        export = _claim()
        if export is None:
            return False
        account = db.session.get(Account, export.account_id)
        if account is None:  # the Porsche ID was deleted meanwhile
            db.session.delete(export)
            db.session.commit()
            continue
        with in_language(export.market, export.language):
            archive = archive_for(account, export.language)
            now = clock.now()
            export.archive, export.size = archive, len(archive)
            export.status, export.ready_at, export.expires_at = READY, now, now + KEEP_FOR
            export.lease_until = None
            email_account(
                account,
                subject=gettext("Your data is ready to download"),
                paragraphs=[
                    gettext(
                        "The copy of your data you asked for is ready. Sign in and download "
                        "it on the page Your data and consents until %(date)s; after that we "
                        "delete it.",
                        date=format_datetime(export.expires_at, "long"),
                    )
                ],
                link=(gettext("Your data and consents"), account_url(account, "privacy.overview")),
            )
        db.session.commit()
        return True


def purge_expired() -> int:
    """Delete the archives whose download time is over. Commits."""
    gone = db.session.execute(
        delete(DataExport)
        .where(DataExport.status == READY, DataExport.expires_at <= clock.now())
        .returning(DataExport.id)
    ).all()
    db.session.commit()
    return len(gone)


def forget_account(account: Account) -> None:
    db.session.execute(delete(DataExport).where(DataExport.account_id == account.id))
