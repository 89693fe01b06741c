"""Oscar's checkout forms, with the countries the shopper's market ships to."""

from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403
from oscar.core.loading import get_class

AddressFormatMixin = get_class("address.forms", "AddressFormatMixin")


class ShippingAddressForm(AddressFormatMixin, oscar_forms.ShippingAddressForm):
    """Oscar's address form; the country is one the market ships to.

    A market that ships to one country (Korea) shows no country field at all.
    The fields follow the country's address format (logistics.address.formats)
    and name their autofill purpose in the "shipping" section.
    """

    autocomplete_section = "shipping"

    def __init__(self, *args, market, **kwargs):
        self.market = market
        super().__init__(*args, **kwargs)

    def adjust_country_field(self):
        countries = self.market.shipping_countries.order_by("-display_order", "pk")
        if len(countries) == 1:
            self.fields.pop("country", None)
            self.instance.country = countries[0]
        else:
            self.fields["country"].queryset = countries
            self.fields["country"].empty_label = None
