"""The privacy centre's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from porsche_web.extensions import db
from porsche_web.hooks import (
    HomeSection,
    LegalBasis,
    PersonalData,
    core_hookimpl,
    export_rows,
)
from porsche_web.privacy import export
from porsche_web.privacy.models import DataExport

#: After the car and the activations on My Porsche.
MY_PORSCHE_ORDER = 900


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection:
    return HomeSection(render_template("privacy/my_porsche.html"), MY_PORSCHE_ORDER)


@core_hookimpl
def core_account_deleted(account) -> None:
    export.forget_account(account)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="data_exports",
            columns=("account_id", "archive"),
            purpose=_l("The copy of your data you asked for, so that you can download it."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_l("Seven days after it is ready; then we delete it."),
        )
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    rows = db.session.execute(
        select(DataExport).where(DataExport.account_id == account.id).order_by(DataExport.id)
    ).scalars()
    return {"data_exports": export_rows(rows)}
