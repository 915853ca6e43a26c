"""A remote command sent from a page (lock, unlock, climate…): the one way the vehicles' own car
page and the people feature's page of a shared car turn a submitted
:class:`~porsche_web.vehicles.forms.CommandForm` into a command for the car, with the same
messages and the same counting of wrong security codes."""

from __future__ import annotations

from flask_babel import format_datetime, gettext

from porsche_web import clock
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.vehicles import services
from porsche_web.vehicles.forms import CommandForm
from porsche_web.vehicles.models import Vehicle


def sent_message() -> str:
    """What the page says once the command is queued."""
    return gettext("Sent to your car. It runs the command when it is online.")


def submit_command(form: CommandForm, account: Account, car: Vehicle) -> str | None:
    """Validate ``form`` and queue its command for ``car`` as ``account`` (main or secondary
    user: the rights are checked by :func:`services.send_command`). Commits (a wrong security
    code is counted even when the command is refused). Clears the code from the form.

    :returns: ``None`` when the command is queued, else the localized message to show.
    """
    error: str | None = None
    if not form.validate_on_submit():
        error = form.security_code.errors[0] if form.security_code.errors else None
        error = str(error or gettext("The page had expired. Please try again."))
    else:
        try:
            services.send_command(
                account, car, form.kind.data, form.security_code.data or None, clock.now()
            )
        except accounts.SecurityCodeLocked as exc:
            error = gettext(
                "Too many wrong security codes: remote functions that need it are locked until "
                "%(time)s.",
                time=format_datetime(exc.until, "short"),
            )
        except services.VehicleError as exc:
            error = str(exc.message)
        db.session.commit()
    form.security_code.data = None  # never echoed back
    return error
