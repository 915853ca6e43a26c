"""The staff console (issue #12): Porsche Centre and customer-service staff, and the
administrators who manage them, sign in at ``/staff/`` with a password and a second factor.

Staff identities live apart from customers: their own tables, their own session cookie and
table (:mod:`porsche_web.staff.auth`), their own rate limits and lockout. A staff session never
grants anything on customer pages (which only know Flask-Login's Porsche ID) and a customer's
session grants nothing here.
"""

from flask import Blueprint

bp = Blueprint("staff", __name__, template_folder="templates", url_prefix="/staff")

from porsche_web.staff import release, views  # noqa: E402, F401
