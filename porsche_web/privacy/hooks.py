"""The privacy centre's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from porsche_web.hooks import (
    UNTIL_ACCOUNT_DELETED,
    HomeSection,
    LegalBasis,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
    render_section,
)
from porsche_web.privacy import export, forms, policy
from porsche_web.privacy.models import DataExport, PolicyAcknowledgement

#: After the car and the activations on My Porsche; first while a new privacy policy waits
#: for the customer's acknowledgement.
MY_PORSCHE_ORDER = 900
NEWS_ORDER = 10


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection:
    news = policy.news_for(account, g.market)
    html = render_section(
        "privacy/my_porsche.html", news=news, form=forms.ConfirmForm() if news else None
    )
    return HomeSection(html, NEWS_ORDER if news else MY_PORSCHE_ORDER)


@core_hookimpl
def core_account_deleted(account) -> None:
    export.forget_account(account)
    policy.forget_account(account)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="data_exports",
            columns=("account_id", "archive"),
            purpose=_l("The copy of your data you asked for, so that you can download it."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            processing=Processing.PORSCHE_ID,
            retention=_l("Seven days after it is ready; then we delete it."),
        ),
        PersonalData(
            table="policy_acknowledgements",
            columns=("account_id",),
            purpose=_l("Which versions of the privacy policy you have read, and when."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            processing=Processing.PORSCHE_ID,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    return {
        "data_exports": account_rows(DataExport, account),
        "policy_acknowledgements": account_rows(PolicyAcknowledgement, account),
    }
