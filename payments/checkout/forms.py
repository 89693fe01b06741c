"""Oscar's checkout forms, with the countries the shopper's market ships to."""

from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403
from oscar.core.loading import get_class

AddressFormatMixin = get_class("address.forms", "AddressFormatMixin")

# The WHATWG autofill names of Oscar's address fields, so that a phone's
# keyboard and the browser's saved addresses fill the form in a few taps.
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "line1": "address-line1",
    "line2": "address-line2",
    "line3": "address-line3",
    "line4": "address-level2",
    "state": "address-level1",
    "postcode": "postal-code",
    "country": "country",
    "phone_number": "tel",
}


class ShippingAddressForm(AddressFormatMixin, oscar_forms.ShippingAddressForm):
    """Oscar's address form; the country is one the market ships to.

    A market that ships to one country (Korea) shows no country field at all.
    The fields follow the country's address format (logistics.address.formats).
    Every field names its autofill purpose; the phone is a tel input.
    """

    def __init__(self, *args, market, **kwargs):
        self.market = market
        super().__init__(*args, **kwargs)
        for name, purpose in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = "shipping " + purpose
        if "phone_number" in self.fields:
            self.fields["phone_number"].widget.input_type = "tel"

    def adjust_country_field(self):
        countries = self.market.shipping_countries.order_by("-display_order", "pk")
        if len(countries) == 1:
            self.fields.pop("country", None)
            self.instance.country = countries[0]
        else:
            self.fields["country"].queryset = countries
            self.fields["country"].empty_label = None
