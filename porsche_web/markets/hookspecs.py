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

Compatibility (the policy is in ``docs/market-plugins.md``): a hook is never renamed or removed
without a deprecation first. A deprecated hook gets ``warn_on_impl`` on its spec (a deprecated
argument ``warn_on_impl_args``) and a ``.. deprecated::`` line in its docstring; the core keeps
calling it through the deprecation window, and every plugin that implements it gets a warning
naming it at start-up and in ``markets check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from porsche_web.markets.constants import PROJECT_NAME

if TYPE_CHECKING:
    from porsche_web.markets.types import (
        AddressFormat,
        ChargingOffer,
        DataPassProvider,
        Market,
        OwnerChange,
        Partner,
        PrivacyPolicy,
        ServiceOffer,
        SmsBackend,
        StaffSupport,
        SupportContact,
        Vat,
    )

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# -- Declaration hooks -------------------------------------------------------------------------


@hookspec
def porsche_markets() -> list[Market]:
    """Declare the markets (country sites) this plugin serves.

    Called once when the application starts. Each returned :class:`~porsche_web.markets.Market`
    becomes the site ``/<code>/<language>/`` for each of its official languages that ships (a
    complete catalog of the core's messages is installed), then each other language of its
    ``languages`` that ships; the first official language that ships is the default. A plugin
    may serve several markets (a market team often ships several countries in one
    distribution).

    A market code declared by two plugins switches both plugins off (one logged error naming
    both; ``markets check`` fails). A plugin whose hook raises or returns something other than a
    list of ``Market`` is switched off with a logged error. Every other market keeps working.

    :returns: the markets of this plugin; an empty list declares none.

    .. versionadded:: 0.1
    """


# -- Market hooks (dispatched per market) ------------------------------------------------------


@hookspec(firstresult=True)
def porsche_service_availability(
    market: Market, model: str, model_year: int
) -> list[ServiceOffer] | None:
    """The Porsche Connect services ``market`` sells for a model and model year (F1–F3).

    Called by the Connect Store and the activation. ``model`` and ``model_year`` are always a
    combination of the core catalogue (``porsche_web.connect.catalogue``), and the core leaves
    out services the car cannot have (wrong model, too old), so answer with what the country
    offers: one :class:`~porsche_web.markets.ServiceOffer` per service, with the included period
    and the yearly price in the market's currency. A catalogue service missing from the answer
    is shown as "not offered in this country". First non-None result wins; the core's fallback
    answers ``[]`` (nothing offered).

    :param market: the market whose site is shown; only this market's plugin is asked.
    :param model: the catalogue's model id (``"taycan"``).
    :param model_year: the model year (``2024``).
    :returns: the offers, in any order (service ids must not repeat), or ``None``.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_data_pass_providers(
    market: Market, model: str, model_year: int
) -> list[DataPassProvider] | None:
    """The Data Pass providers (mobile network operators) of ``market`` for a car (F9, F18).

    Only called for a model and model year whose catalogue entry allows a Data Pass. The
    customer accepts the provider's terms, which include handing their Porsche ID data to the
    provider, then registers on the provider's site. First non-None result wins; the core's
    fallback answers ``[]`` (no Data Pass in the market).

    :param market: the market whose site is shown; only this market's plugin is asked.
    :param model: the catalogue's model id (``"taycan"``).
    :param model_year: the model year (``2024``).
    :returns: the providers, the preferred first, or ``None``.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_charging_offer(market: Market) -> ChargingOffer | None:
    """The Porsche Charging Service of ``market`` (F16, F17).

    Offered to plug-in hybrid and electric cars once their registration has succeeded; the core
    asks only for those. The charging card arrives at most 10 days after activation. The core
    has no fallback: ``None`` means the service is not offered in the market.

    :param market: the market whose site is shown; only this market's plugin is asked.
    :returns: the plans with fees and currency, or ``None`` when not offered.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_partners(market: Market) -> list[Partner] | None:
    """The Porsche partners (Porsche Centres) of ``market`` (F27).

    The customer chooses one at registration and consents to data exchange with it (a consent
    that can be withdrawn at any time). Partner ids must not repeat. The core's fallback
    answers ``[]``.

    :param market: the market whose site is shown; only this market's plugin is asked.
    :returns: the partners, in the order to show them, or ``None``.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_track_your_dream(market: Market) -> bool | None:
    """Whether "Track your Dream" (following the ordered car until delivery) is offered (F19).

    The core's fallback answers ``False``: it is offered in selected countries only.

    :param market: the market whose site is shown; only this market's plugin is asked.
    :returns: ``True`` when offered, ``False`` when not, ``None`` to leave it to the fallback.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_secondary_user_limit(market: Market) -> int | None:
    """How many secondary users a main user may invite per car in ``market`` (issue #16).

    The core's fallback answers 5, the most there can be; a market may answer fewer (0 turns
    secondary users off). An answer that is not a whole number from 0 to 5 is refused (logged;
    ``markets check`` fails) and the fallback answers.

    :param market: the market of the car; only this market's plugin is asked.
    :returns: the limit, or ``None`` for the fallback.

    .. versionadded:: 0.3
    """


@hookspec(firstresult=True)
def porsche_address_format(market: Market) -> AddressFormat | None:
    """How billing addresses are written and postal codes checked in ``market`` (F8).

    The core's fallback is company, street, postal code, city with any non-empty postal code.

    :param market: the market whose site is shown; only this market's plugin is asked.
    :returns: the address format, or ``None`` for the fallback.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_privacy_policy(market: Market) -> PrivacyPolicy | None:
    """The current privacy policy version of ``market`` (F25, F26).

    Shown on the market's privacy page and recorded with a customer's consent. The core's
    fallback answers the core's own policy version.

    :param market: the market whose site is shown; only this market's plugin is asked.
    :returns: the policy version and the date it applies from, or ``None`` for the fallback.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_owner_change(market: Market) -> OwnerChange | None:
    """What happens when a car of ``market`` changes hands (issue #16, item 3).

    Called when a car is released (the main user sold it, or a Porsche Centre or customer
    service released it for a buyer). ``contracts`` says whether the seller's contracts end on
    the day of the release or stay with the car for the buyer; ``waiting_days`` is how long a
    release the previous owner did not start waits for their objection. The core's fallback is
    ``OwnerChange(contracts="end", waiting_days=14)``: selling a car ends its contracts.

    :param market: the market of the car; only this market's plugin is asked.
    :returns: the market's rule, or ``None`` for the fallback.

    .. versionadded:: 0.5
    """


@hookspec(firstresult=True)
def porsche_vat(market: Market) -> Vat | None:
    """The value added tax of ``market``: its standard rate and whether the plugin's prices
    include it (issue #13).

    Called when an invoice or credit note is issued (a renewal of a service, its withdrawal):
    the rate is stored with the invoice, which then shows the net amount, the rate, the VAT and
    the total, in the page's locale. First non-None result wins; there is no fallback: ``None``
    (or no implementation) keeps the invoice's plain sentence that all prices include VAT, and
    ``markets check`` only checks an answer that is given.

    :param market: the market whose invoice is issued; only this market's plugin is asked.
    :returns: a :class:`~porsche_web.markets.Vat`, or ``None``.

    .. versionadded:: 0.6
    """


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
def porsche_sms_backend(market: Market) -> SmsBackend | None:
    """An SMS backend for ``market``'s customers, when the market sends SMS its own way.

    Called by the outbox deliverer for each SMS of a customer of ``market``. The object must
    fit the typed protocol :class:`~porsche_web.markets.SmsBackend`: ``send(to: str, text: str,
    message_id: int) -> None`` that raises on failure (the deliverer then retries with backoff).
    ``to`` is in E.164 form; ``text`` may carry a code, so never log it. A backend whose
    ``send`` does not fit is refused (logged; ``markets check`` fails) and the configured
    backend sends. First non-None result wins; ``None`` leaves the SMS to the configured
    backend (``PORSCHE_WEB_SMS_BACKEND``).

    :param market: the market of the customer the SMS goes to; only its plugin is asked.
    :returns: an :class:`~porsche_web.markets.SmsBackend`, or ``None``.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def porsche_staff_support(market: Market) -> StaffSupport | None:
    """The support hours and escalation contact of ``market``, shown to Porsche Centre and
    customer-service staff on an order's page in the staff console (issue #12).

    Never shown to customers. First non-None result wins; there is no fallback: ``None`` (or
    no implementation) shows staff that the market gave none.

    :param market: the market of the order shown; only this market's plugin is asked.
    :returns: a :class:`~porsche_web.markets.StaffSupport`, or ``None``.

    .. versionadded:: 0.3
    """
