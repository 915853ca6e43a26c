"""The market plugin contract: every hook a market plugin may implement.

Market teams implement these in their own distributions (``plugins/porsche-market-*``), mark
each implementation with :data:`porsche_web.markets.hookimpl` and register the module through
the entry-point group ``porsche_web.markets`` (see ``docs/market-plugins.md``, which a test keeps
in step with this module).

Hooks come in two kinds:

* **Declaration hooks** run once at start-up, for every plugin: :func:`porsche_markets`.
* **Market hooks** take a ``market`` argument and are dispatched per market: the core only calls
  the implementations of the plugin that declared that market, plus the core's own fallbacks.
  A plugin therefore never has to check ``market.code`` itself.

Results are computed once per process and cached by the core; a hook must be a pure function of
its arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from porsche_web.markets.constants import PROJECT_NAME

if TYPE_CHECKING:
    from porsche_web.markets.types import Market, SupportContact

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# -- Declaration hooks -------------------------------------------------------------------------


@hookspec
def porsche_markets() -> list[Market]:
    """Declare the markets (country sites) this plugin serves.

    Called once when the application starts. Each returned :class:`~porsche_web.markets.Market`
    becomes the site ``/<code>/<language>/`` for each of its languages. A plugin may serve
    several markets (a market team often ships several countries in one distribution).

    A market code declared by two plugins stops the start-up with an error naming both. A plugin
    whose hook raises or returns something other than a list of ``Market`` is switched off with
    a logged error, and every other market keeps working.

    :returns: the markets of this plugin; an empty list declares none.

    .. versionadded:: 0.1
    """


# -- Market hooks (dispatched per market) ------------------------------------------------------


@hookspec(firstresult=True)
def porsche_support_contact(market: Market) -> SupportContact | None:
    """The customer service contact of ``market`` (F23).

    Called for the support links of every page of the market's site. First non-None result
    wins; the core's fallback (``trylast``) answers for a market without a contact with
    ``SupportContact(email=None, is_fallback=True)``, shown as "contact your Porsche partner"
    with the warning that some Connect services may be reduced (F24).

    :param market: the market whose site is shown; only this market's plugin is asked.
    :returns: the contact, or ``None`` to leave the answer to the fallback.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def porsche_sms_backend(market: Market) -> object | None:
    """An SMS backend for ``market``'s customers, when the market sends SMS its own way.

    Called by the outbox deliverer for each SMS of a customer of ``market``. The object must
    have ``send(to: str, text: str, message_id: int) -> None`` that raises on failure (the
    deliverer then retries with backoff). ``to`` is in E.164 form; ``text`` may carry a code, so
    never log it. First non-None result wins; ``None`` leaves the SMS to the configured backend
    (``PORSCHE_WEB_SMS_BACKEND``).

    :param market: the market of the customer the SMS goes to; only its plugin is asked.
    :returns: an object with a ``send`` method, or ``None``.

    .. versionadded:: 0.2
    """
