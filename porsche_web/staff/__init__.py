"""The staff console (issue #12): Porsche Centre and customer-service staff, and the
administrators who manage them, sign in at ``/staff/`` with a password and a second factor.

Staff identities live apart from customers: their own tables, their own session cookie and
table (:mod:`porsche_web.staff.auth`), their own rate limits and lockout. A staff session never
grants anything on customer pages (which only know Flask-Login's Porsche ID) and a customer's
session grants nothing here.
"""

from flask import Blueprint, g

from porsche_web.languages import STAFF_LANGUAGES

bp = Blueprint("staff", __name__, template_folder="templates", url_prefix="/staff")


@bp.before_request
def _staff_languages() -> None:
    """The console's pages are offered in its own languages only (the sign-in page follows
    Accept-Language among them; a member's pages speak the member's language)."""
    g.offered_languages = STAFF_LANGUAGES


from porsche_web.staff import release, views  # noqa: E402, F401
