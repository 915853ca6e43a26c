"""My services (issue #13 item 1): the customer's contracts over their whole life — renewal
by a paid extension, reminders before a period ends, cancellation at the end of the term, the
14-day withdrawal of a paid extension, and the invoices and credit notes of extensions.

Owns its tables (extensions, cancellations, invoices and their number sequences, reminders);
reads and moves contracts only through ``porsche_web.activation.contracts``.
"""

from flask import Blueprint

bp = Blueprint("subscriptions", __name__, template_folder="templates")

from porsche_web.subscriptions import views  # noqa: E402, F401
