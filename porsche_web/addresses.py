"""A postal address in a form, written once: its fields and the market's rules for them.

The invoice recipient (activation) and the charging card's delivery address (charging) both
ask for a street, a postal code, a town and, where the market's :class:`AddressFormat` has one,
a region. A form adds the fields with the factories below, where it wants them in its order,
and inherits :class:`PostalAddressMixin` for the market's check; the template renders them with
``forms.postal_address`` (``macros/forms.html``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from porsche_web.accounts.forms import text_field

if TYPE_CHECKING:
    from porsche_web.markets.types import AddressFormat


def street_field() -> StringField:
    return text_field(_l("Street and number"), 200, _l("Enter the street and number."))


def postal_code_field() -> StringField:
    return text_field(
        _l("Postal code"),
        12,
        _l("Enter the postal code."),
        too_long=_l("Enter a valid postal code."),
    )


def city_field() -> StringField:
    return text_field(_l("Town or city"), 100, _l("Enter the town or city."))


def region_field() -> StringField:
    """Optional for the form; required by :meth:`PostalAddressMixin.check_postal_address` in a
    market whose address format has a region."""
    return text_field(_l("State, province or region"), 100)


class PostalAddressMixin:
    """The market's rules for a form with ``postal_code`` and ``region`` fields."""

    street: StringField
    postal_code: StringField
    city: StringField
    region: StringField

    def check_postal_address(self, address_format: AddressFormat) -> bool:
        """The market's postal code rule (the code is normalised in place: spaces collapsed,
        upper case where the market asks) and its region field; False with the fields'
        localized errors. Call it after ``validate_on_submit()``, which resets the errors."""
        ok = True
        postal = address_format.normalise_postal_code(self.postal_code.data or "")
        if self.postal_code.data and postal is None:
            example = address_format.postal_code_example
            self.postal_code.errors.append(
                _l("Enter a valid postal code, like %(example)s.", example=example)
                if example
                else _l("Enter a valid postal code.")
            )
            ok = False
        elif postal:
            self.postal_code.data = postal
        if "region" in address_format.fields and not self.region.data:
            self.region.errors.append(_l("Enter the state, province or region."))
            ok = False
        return ok

    def postal_address(self, address_format: AddressFormat) -> dict[str, str | None]:
        """The checked address fields; the region only where the market has one."""
        return {
            "street": self.street.data,
            "postal_code": self.postal_code.data,
            "city": self.city.data,
            "region": (self.region.data or None) if "region" in address_format.fields else None,
        }
