"""Second-factor errors, each with a stable code; translated where shown."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.exceptions import DomainError


class TwoFactorError(DomainError):
    code = "two_factor_error"
    message = _("This cannot be done with this second factor.")


class TwoFactorCodeWrongError(TwoFactorError):
    code = "wrong_code"
    message = _("The code is not right. Enter the current code, or a recovery code.")


class TwoFactorThrottledError(TwoFactorError):
    """Wrong codes slow the next try: 1, 2, 4... seconds (`params["seconds"]`)."""

    code = "throttled"

    def __str__(self) -> str:
        seconds = self.params["seconds"]
        return ngettext(
            "Too many wrong codes. Wait %(seconds)s second, then enter the "
            "current code.",
            "Too many wrong codes. Wait %(seconds)s seconds, then enter the "
            "current code.",
            seconds,
        ) % {"seconds": seconds}


class TwoFactorSetupExpiredError(TwoFactorError):
    code = "setup_expired"
    message = _("The set-up was started again elsewhere. Scan the new QR code.")


class TwoFactorAbsentError(TwoFactorError):
    code = "absent"
    message = _("This account has no second factor.")


class TwoFactorUnverifiedError(TwoFactorError):
    code = "unverified"
    message = _("Enter the code from your authenticator app first.")


class TwoFactorRequiredError(TwoFactorError):
    code = "required"
    message = _("Staff and sellers' accounts must keep a second factor.")
