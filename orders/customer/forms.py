"""Customer account forms: Oscar's, asking the current password to change the
email, and every password asked again checked as a login is."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.customer import forms as oscar_forms
from oscar.apps.customer.forms import *  # noqa: F403

from orders.customer.security.throttling import password_confirm


class PasswordConfirmMixin:
    """A form asking the signed-in person's password checks it as a login does.

    A wrong one counts as a failed login and a locked-out account or address
    is refused (axes), so these forms are no way round the login's limits for
    someone holding a stolen session. The view passes the request.
    """

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def password_is_right(self, password: str) -> bool:
        return password_confirm(self.request, self.user, password)


class ProfileForm(PasswordConfirmMixin, oscar_forms.UserForm):
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
            if not self.password_is_right(password):
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


class TwoFactorCodeForm(forms.Form):
    """The code that completes a sign-in: the authenticator's, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}
        ),
    )
    remember = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.MARKETPLACE_TWO_FACTOR_REMEMBER.days
        self.fields["remember"].label = ngettext(
            "Do not ask again in this browser for %(days)s day",
            "Do not ask again in this browser for %(days)s days",
            days,
        ) % {"days": days}


class TwoFactorSetupForm(forms.Form):
    """The first code of a new authenticator, which proves it is set up."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class ConfirmPasswordForm(PasswordConfirmMixin, oscar_forms.ConfirmPasswordForm):
    """Oscar's password confirmation (deleting the profile, turning off the
    second factor), checked as a login."""

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.password_is_right(password):
            raise forms.ValidationError(_("The entered password is not valid!"))
        return password


class PasswordChangeForm(PasswordConfirmMixin, auth_forms.PasswordChangeForm):
    """Django's password change, its old password checked as a login."""

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not self.password_is_right(old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
