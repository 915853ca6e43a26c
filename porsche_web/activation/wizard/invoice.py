"""The invoice recipient step (g) and its address form (F8)."""

from __future__ import annotations

from flask import g, request, url_for
from wtforms.fields.choices import SelectChoice

from porsche_web import htmx
from porsche_web.activation import bp, checkout, forms
from porsche_web.activation.models import BillingAddress
from porsche_web.activation.wizard.context import (
    FORM_LIMIT,
    ORDER_PREFIX,
    Wizard,
    now,
    step_view,
)
from porsche_web.audit.access import not_found, owner_of
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.ratelimit import limiter

# -- g. invoice recipient (F8) -----------------------------------------------------------------


def invoice(wizard: Wizard):
    template = "activation/steps/invoice.html"
    addresses = checkout.addresses_of(wizard.account)
    if not addresses:
        return htmx.redirect(url_for("activation.address", number=wizard.order.order_number))
    form = forms.InvoiceForm()
    form.address.choices = [SelectChoice(str(a.id), a.name) for a in addresses]
    if request.method == "GET":
        chosen = wizard.activation.billing_address_id
        form.address.data = str(chosen) if chosen else None
        return wizard.page(template, form=form, addresses=addresses)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, addresses=addresses)
    address = checkout.address_of(wizard.account, int(form.address.data))
    checkout.choose_address(wizard.activation, address, now())
    db.session.commit()
    return wizard.onwards()


@bp.route(f"{ORDER_PREFIX}/invoice/address", methods=["GET", "POST"], defaults={"address_id": None})
@bp.route(f"{ORDER_PREFIX}/invoice/address/<id:address_id>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def address(number: str, address_id: int | None):
    return _address(number=number, step="invoice", address_id=address_id)


@step_view
def _address(wizard: Wizard, address_id: int | None):
    template = "activation/steps/address.html"
    account = wizard.account
    existing = None
    if address_id is not None:
        existing = checkout.address_of(account, address_id)
        if existing is None:  # another customer's address (a security event), or none
            not_found(
                "address", owner_of(BillingAddress.account_id, BillingAddress.id == address_id)
            )
    address_format = current_registry().address_format(g.market)
    form = forms.AddressForm(obj=existing)
    context = {"address_format": address_format, "existing": existing}
    if request.method == "GET":
        if existing is None:
            form.name.data = f"{account.given_name} {account.family_name}"
        return wizard.page(template, form=form, **context)
    valid = form.validate_on_submit()
    if not (form.check_market_rules(address_format, g.market.code) and valid):
        return wizard.invalid(template, form=form, **context)
    data = checkout.AddressData(
        kind=form.kind.data,
        name=form.name.data,
        company=form.company.data or None,
        vat_number=form.vat_number.data or None,
        **form.postal_address(address_format),
        country=g.market.code,
    )
    saved = checkout.save_address(account, data, now(), existing)
    checkout.choose_address(wizard.activation, saved, now())
    db.session.commit()
    # Back to the recipient review (F8), never straight on to check-your-answers: the customer
    # sees the new address chosen among their addresses and continues from there.
    return htmx.redirect(wizard.url())
