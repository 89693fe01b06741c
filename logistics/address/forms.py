"""Oscar's address forms, laid out in the format of the address's country."""

from typing import Any

from django.utils.translation import gettext
from oscar.apps.address import forms as oscar_forms
from oscar.apps.address.forms import *  # noqa: F403

from logistics.address.formats import ADDRESS_FORMATS, ADDRESS_LINES, AddressFormat

# The WHATWG autofill names of Oscar's address fields, so that a phone's
# keyboard and the browser's saved addresses fill the form in a few taps.
AUTOCOMPLETE = {
    "first_name": "given-name",
    "patronymic": "additional-name",
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


class AddressFormatMixin:
    """Order, label and check an address form's fields as its country writes them.

    Every field names its autofill purpose (within `autocomplete_section`,
    e.g. "shipping"); the phone is a tel input.

    The country is the one the bound form names, else the address's, else the
    form's initial one, else the one a country select shows first. Without
    script the layout changes only when the form comes back (after an error,
    or when an address is edited); the postcode is checked against the
    country actually submitted.
    """

    address_format: AddressFormat | None = None
    autocomplete_section = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, purpose in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = " ".join(
                    filter(None, (self.autocomplete_section, purpose))
                )
        if "phone_number" in self.fields:
            self.fields["phone_number"].widget.input_type = "tel"
        self.address_country_code = self._address_country_code()
        self.address_format = ADDRESS_FORMATS.get(self.address_country_code or "")
        if self.address_format is not None:
            self._apply_address_format(self.address_format)
        elif "patronymic" in self.fields:
            del self.fields["patronymic"]

    def _address_country_code(self) -> str | None:
        field = self.fields.get("country")
        if field is None:  # one destination: set on the instance, not asked
            return self.instance.country_id
        if self.is_bound:
            return self.data.get(self.add_prefix("country")) or None
        if self.instance.country_id:
            return self.instance.country_id
        initial = self.get_initial_for_field(field, "country")
        if initial:
            return getattr(initial, "pk", initial)
        if field.empty_label is None:  # the select shows its first country
            first = field.queryset.first()
            return first.pk if first else None
        return None

    def _apply_address_format(self, address_format: AddressFormat) -> None:
        for name in (*ADDRESS_LINES, "patronymic"):
            if name in self.fields and name not in address_format.form_fields:
                del self.fields[name]
        for name, label in address_format.labels.items():
            if name in self.fields:
                self.fields[name].label = label
        for name in address_format.required & set(self.fields):
            self.fields[name].required = True
        if "postcode" in self.fields:
            postcode = self.fields["postcode"]
            postcode.help_text = gettext("For example, %(example)s") % {
                "example": address_format.postcode_example
            }
            if address_format.postcode_is_numeric:
                postcode.widget.attrs["inputmode"] = "numeric"
        self.order_fields(address_format.form_fields)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        postcode = cleaned_data.get("postcode")
        if self.address_format is None or not postcode:
            return cleaned_data
        if "country" in self.fields:
            country = cleaned_data.get("country")
            country_code = country.pk if country else None
        else:
            country_code = self.instance.country_id
        if country_code != self.address_country_code:
            return cleaned_data  # the country field reports its own error
        normalized = self.address_format.postcode_normalize(postcode)
        if self.address_format.postcode_is_valid(
            country_code=country_code, postcode=normalized
        ):
            cleaned_data["postcode"] = normalized
        else:
            self.add_error(
                "postcode",
                gettext("Enter a valid postcode, for example %(example)s.")
                % {"example": self.address_format.postcode_example},
            )
        return cleaned_data


class UserAddressForm(AddressFormatMixin, oscar_forms.UserAddressForm):
    """The address book's form, in the format of the address's country."""

    class Meta(oscar_forms.UserAddressForm.Meta):
        fields = (*oscar_forms.UserAddressForm.Meta.fields, "patronymic")
