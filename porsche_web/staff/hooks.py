"""The staff console's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from porsche_web.hooks import LegalBasis, PersonalData, core_hookimpl


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="staff_members",
            columns=("email", "name", "invited_by"),
            purpose=_l("Staff accounts of the console: who may help customers, and where."),
            legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
            retention=_l("While the person works with My Porsche."),
            concerns="staff",
        ),
        PersonalData(
            table="staff_passkeys",
            columns=(
                "staff_id",
                "credential_id",
                "public_key",
                "name",
                "created_at",
                "last_used_at",
            ),
            purpose=_l("Passkeys staff sign in to the console with, besides the app's codes."),
            legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
            retention=_l("While the person works with My Porsche."),
            concerns="staff",
        ),
    ]
