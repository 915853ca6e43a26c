"""Forms of the guided activation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from porsche_web import addresses
from porsche_web.accounts.forms import name_field, text_field

#: The "no, not now" choice of the Data Pass and charging steps.
NO_CHOICE = "none"


# -- the guided activation ---------------------------------------------------------------------


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a list of choices (rendered by ``forms.checkboxes``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ServicesForm(FlaskForm):
    #: Only the services that cost money; none, or any of them (nothing is ticked beforehand).
    services = MultiCheckboxField(
        _l("Which services do you want to activate?"),
        validators=[Optional()],
        validate_choice=True,
    )


class DataPassForm(FlaskForm):
    choice = RadioField(
        _l("Do you want the Data Pass?"),
        validators=[InputRequired(_l("Choose whether you want the Data Pass."))],
    )
    consent = BooleanField(_l("I accept the Data Pass terms, including the transfer of my data"))

    def validate_consent(self, field) -> None:
        if self.choice.data not in (None, "", NO_CHOICE) and not field.data:
            raise ValidationError(
                _l("To get the Data Pass, accept its terms. Or choose no Data Pass for now.")
            )


class ChargingForm(FlaskForm):
    plan = RadioField(
        _l("Which charging plan do you want?"),
        validators=[InputRequired(_l("Choose a charging plan, or no charging service for now."))],
    )


class PartnerForm(FlaskForm):
    partner = SelectField(
        _l("Porsche partner"),
        validators=[InputRequired(_l("Choose your Porsche partner."))],
        validate_choice=True,
    )
    consent = BooleanField(
        _l("I agree that Porsche and this Porsche partner exchange my data (optional)")
    )


class InvoiceForm(FlaskForm):
    address = RadioField(
        _l("Who receives the invoices?"),
        validators=[InputRequired(_l("Choose who receives the invoices."))],
    )


class AddressForm(addresses.PostalAddressMixin, FlaskForm):
    """An invoice recipient; the market's address format decides the postal code rule."""

    kind = RadioField(
        _l("Is the invoice for a private person or a company?"),
        choices=[
            SelectChoice("private", _l("Private person")),
            SelectChoice("company", _l("Company")),
        ],
        default="private",
        validators=[InputRequired(_l("Choose private person or company."))],
    )
    name = name_field(_l("Full name"), _l("Enter the name of the invoice recipient."))
    company = text_field(_l("Company name"), 200)
    vat_number = text_field(
        _l("VAT or organisation number"),
        30,
        too_long=_l("Enter a valid VAT or organisation number."),
    )
    street = addresses.street_field()
    postal_code = addresses.postal_code_field()
    city = addresses.city_field()
    region = addresses.region_field()

    def check_market_rules(self, address_format, country: str) -> bool:
        """The company fields, the market's postal code rule and the company number (stdnum).
        Normalises the postal code and the number; returns False with field errors."""
        from porsche_web.activation.checkout import company_number

        ok = self.check_postal_address(address_format)
        if self.kind.data == "company":
            if not self.company.data:
                self.company.errors.append(_l("Enter the company name."))
                ok = False
            if not self.vat_number.data:
                self.vat_number.errors.append(_l("Enter the VAT or organisation number."))
                ok = False
            else:
                number = company_number(country, self.vat_number.data)
                if number is None:
                    self.vat_number.errors.append(
                        _l("Enter a valid VAT or organisation number for this country.")
                    )
                    ok = False
                else:
                    self.vat_number.data = number
        return ok


class CheckForm(FlaskForm):
    """The confirm button of check-your-answers."""
