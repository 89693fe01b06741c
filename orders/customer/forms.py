"""Customer account forms: Oscar's, asking the current password to change the email."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer import forms as oscar_forms
from oscar.apps.customer.forms import *  # noqa: F403


class ProfileForm(oscar_forms.UserForm):
    """Profile form that asks for the current password before the email changes.

    Oscar's form changes the email (the login) without it, which lets anyone
    holding a stolen session take the account over.
    """

    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        help_text=_("Required to change your email address."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if email and email != self.user.email:
            password = cleaned_data.get("current_password") or ""
            if not self.user.check_password(password):
                self.add_error(
                    "current_password",
                    _("Enter your current password to change your email address."),
                )
        return cleaned_data


class OrderPartCancelForm(forms.Form):
    """Why the shopper cancels one seller's part of the order."""

    reason = forms.CharField(
        label=_("Why do you cancel?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you cancel: the seller reads it.")},
    )
