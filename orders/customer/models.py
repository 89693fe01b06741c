from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.apps.customer.abstract_models import AbstractProductAlert

from catalog.models import default_market_code


class ProductAlert(AbstractProductAlert):
    """Oscar's stock alert, remembering the market and the language it was made in.

    Stock and prices are per market, so the alert is sent only when the
    product is back in its market, in its language. Alerts made without a
    request (and those older than these fields) belong to the default
    market, as the strategy does without a request.
    """

    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="product_alerts",
        default=default_market_code,
        verbose_name=_("Market"),
    )
    language = models.CharField(
        _("Language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )


class KnownBrowser(models.Model):
    """A browser an account has signed in on.

    The browser carries a random key in a signed cookie; the account's row
    for that key says when it was first and last seen there, and until when
    the browser is remembered for the second factor. A sign-in from a browser
    the account has no row for is "from a new device".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="known_browsers",
    )
    key = models.CharField(max_length=64)
    user_agent = models.CharField(_("Browser"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("Address"), null=True, blank=True)
    # The language of the latest sign-in: the account's emails are in it.
    language = models.CharField(
        _("Language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(_("First seen"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("Last seen"))
    two_factor_until = models.DateTimeField(
        _("Second factor remembered until"), null=True, blank=True
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("user", "key"), name="customer_knownbrowser_user_key"
            ),
        )
        ordering = ("user", "-last_seen_at", "pk")
        verbose_name = _("Known browser")
        verbose_name_plural = _("Known browsers")

    def __str__(self) -> str:
        return f"{self.user}: {self.user_agent}"


class AccountEventKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", pgettext_lazy("account event", "Password reset")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    EMAIL_CHANGED = "email_changed", _("Email address changed")
    TWO_FACTOR_ADDED = "two_factor_added", _("Second factor added")
    TWO_FACTOR_REMOVED = "two_factor_removed", _("Second factor removed")
    TWO_FACTOR_RESET = "two_factor_reset", _("Second factor reset by staff")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("New recovery codes")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    NEW_BROWSER = "new_browser", _("Sign-in from a new device")


class AccountEvent(models.Model):
    """One entry of an account's security trail; the account is emailed once for it.

    Rows are never changed (a database trigger refuses); they go only with
    their account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_events",
        verbose_name=_("Account"),
    )
    kind = models.CharField(_("Event"), max_length=32, choices=AccountEventKind.choices)
    # Staff who did it, for a staff action; empty when the person did it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("By"),
    )
    ip_address = models.GenericIPAddressField(_("Address"), null=True, blank=True)
    user_agent = models.CharField(_("Browser"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("When"), auto_now_add=True)

    class Meta:
        ordering = ("user", "-created_at", "-pk")
        indexes = (models.Index(fields=("user", "-created_at")),)
        verbose_name = _("Account event")
        verbose_name_plural = _("Account events")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


from oscar.apps.customer.models import *
