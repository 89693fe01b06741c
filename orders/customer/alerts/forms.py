"""Oscar's stock alert form, with one active alert per shopper, product and market."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

OscarProductAlertForm = get_class("customer.forms", "ProductAlertForm")
ProductAlert = get_model("customer", "ProductAlert")

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from catalog.models import Market, Product


class ProductAlertForm(OscarProductAlertForm):
    def __init__(
        self,
        user: "AbstractBaseUser | AnonymousUser",
        product: "Product",
        *args: Any,
        market: "Market",
        **kwargs: Any,
    ):
        self.market = market
        super().__init__(user, product, *args, **kwargs)

    def clean(self) -> dict[str, Any]:
        # Oscar's checks, with active alerts counted in this market only: a
        # shopper may wait for a product in Russia and in Korea, whose stock
        # is kept apart. A guest with an unconfirmed alert anywhere is still
        # refused, as Oscar does, so that nobody is sent a pile of links.
        cleaned_data = self.cleaned_data
        email = cleaned_data.get("email")
        active_here = ProductAlert._default_manager.filter(
            product=self.product, market=self.market, status=ProductAlert.ACTIVE
        )
        if email:
            if active_here.filter(email__iexact=email).exists():
                raise forms.ValidationError(
                    _("There is already an active stock alert for %s") % email
                )
            if ProductAlert._default_manager.filter(
                email__iexact=email, status=ProductAlert.UNCONFIRMED
            ).exists():
                raise forms.ValidationError(
                    _(
                        "%s has been sent a confirmation email for another product "
                        "alert on this site. Please confirm or cancel that request "
                        "before signing up for more alerts."
                    )
                    % email
                )
        elif self.user.is_authenticated and active_here.filter(user=self.user).exists():
            raise forms.ValidationError(
                _("You already have an active alert for this product")
            )
        return cleaned_data
