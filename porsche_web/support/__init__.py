"""Help for customers: the market's support contact, the FAQ and the privacy page."""

from flask import Blueprint

bp = Blueprint("support", __name__, template_folder="templates")


@bp.app_template_global()
def phone_link(e164: str | None, country: str) -> object:
    """``phone_link(contact.phone, market.code)`` in templates: see :mod:`.phones`."""
    from porsche_web.support.phones import phone_link as link

    return link(e164, country)


from porsche_web.support import views  # noqa: E402, F401
