"""Forms of the vendor application, one per step."""

from typing import ClassVar

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model
from phonenumber_field.phonenumber import to_python as phone_to_python
from stdnum import iban
from stdnum.exceptions import ValidationError as NumberError

from vendors.identifiers import identifier_kinds, identifiers_clean
from vendors.models import VendorDocumentKind, vendor_country_choices

Partner = get_model("partner", "Partner")

IDENTIFIER_FIELDS = ("tax_number", "registration_number", "mail_order_number")
IBAN_COUNTRIES = frozenset({"LV", "LT", "EE"})
LOGO_MAX_BYTES = 2 * 1024 * 1024


class VendorCompanyForm(forms.ModelForm):
    """Step 1: who the company is and who to talk to."""

    country = forms.ChoiceField(label=_("Country"), choices=())
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = Partner
        fields = (
            "legal_name",
            "legal_form",
            "country",
            "legal_address",
            "representative",
            "contact_name",
            "contact_email",
            "phone",
        )
        widgets: ClassVar = {
            "legal_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "legal_address": forms.Textarea(attrs={"rows": 3}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *vendor_country_choices()]
        if self.instance.phone:
            self.initial["phone"] = self.instance.phone_display
        for name in self.fields:
            if name != "phone":
                self.fields[name].required = True

    def clean(self):
        cleaned_data = super().clean()
        country, raw = cleaned_data.get("country"), cleaned_data.get("phone")
        if country and raw:
            number = phone_to_python(raw, region=country)
            if not number or not number.is_valid():
                example = phonenumbers.example_number(country)
                self.add_error(
                    "phone",
                    ValidationError(
                        _("Enter a phone number of this country, e.g. %(example)s."),
                        code="invalid_phone",
                        params={
                            "example": phonenumbers.format_number(
                                example, phonenumbers.PhoneNumberFormat.NATIONAL
                            )
                        },
                    ),
                )
            else:
                cleaned_data["phone"] = number
        return cleaned_data


class VendorNumbersForm(forms.ModelForm):
    """Step 2: the numbers the vendor's country gives a company, and payouts."""

    class Meta:
        model = Partner
        fields = (
            "tax_number",
            "registration_number",
            "mail_order_number",
            "payout_account_holder",
            "payout_bank_name",
            "payout_bank_code",
            "payout_account",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = self.instance.country
        kinds = {kind.code: kind for kind in identifier_kinds(self.country)}
        for name in IDENTIFIER_FIELDS:
            kind = kinds.get(name)
            if kind is None:
                del self.fields[name]
                continue
            self.fields[name].label = kind.label
            self.fields[name].required = kind.required
            # Shown the way it is usually written (123-45-67890), kept compact.
            stored = getattr(self.instance, name)
            if stored and not self.is_bound:
                self.initial[name] = kind.format(stored)
        for name in ("payout_account_holder", "payout_bank_name", "payout_account"):
            self.fields[name].required = True
        if self.country in IBAN_COUNTRIES:
            self.fields["payout_account"].label = "IBAN"  # the same in every language

    def clean(self):
        cleaned_data = super().clean()
        typed = {name: cleaned_data.get(name, "") for name in IDENTIFIER_FIELDS}
        try:
            cleaned_data.update(identifiers_clean(country=self.country, values=typed))
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, errors)
        return cleaned_data

    def clean_payout_account(self) -> str:
        value = " ".join(self.cleaned_data["payout_account"].split())
        if self.country in IBAN_COUNTRIES:
            try:
                return iban.validate(value)
            except NumberError as exc:
                raise ValidationError(
                    _("This is not a valid IBAN: check its length and digits."),
                    code="iban",
                ) from exc
        if not value.replace(" ", "").replace("-", "").isdigit():
            raise ValidationError(
                _("An account number holds digits only (spaces and dashes allowed)."),
                code="account",
            )
        return value


class VendorDocumentForm(forms.Form):
    """Step 3: one document; its type is read from the content by the service."""

    kind = forms.ChoiceField(label=_("Document"), choices=VendorDocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, up to %(limit)d MB.")
        % {"limit": settings.MARKETPLACE_VENDOR_DOCUMENT_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png"}
        ),
    )


class VendorStoreForm(forms.ModelForm):
    """Step 4: the store shoppers see, its description in every language."""

    class Meta:
        model = Partner
        fields = (
            "name",
            "slug",
            "logo",
            *(
                build_localized_fieldname("description", code)
                for code, _name in settings.LANGUAGES
            ),
        )
        labels: ClassVar = {"name": _("Store name")}
        help_texts: ClassVar = {
            "slug": _("Your page's address: letters, digits, hyphens."),
        }
        widgets: ClassVar = {
            build_localized_fieldname("description", code): forms.Textarea(
                attrs={"rows": 4, "lang": code}
            )
            for code, _name in settings.LANGUAGES
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["slug"].required = True
        self.fields["logo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        for code, name in settings.LANGUAGES:
            field = self.fields[build_localized_fieldname("description", code)]
            field.label = _("Description (%(language)s)") % {"language": _(name)}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo is larger than %(limit)d MB."),
                code="too_large",
                params={"limit": LOGO_MAX_BYTES // (1024 * 1024)},
            )
        return logo


class VendorDecisionForm(forms.Form):
    """Staff's decision on a vendor: the new status and the note the vendor reads."""

    to_status = forms.ChoiceField(label=_("Decision"), choices=())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices
