"""Oscar's stock alert pages; an alert is made in the shopper's market and language."""

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language
from oscar.apps.customer.alerts import views
from oscar.core.loading import get_class

from orders.customer.alerts.forms import ProductAlertForm
from orders.customer.services import product_alert_create

AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")


class ProductAlertCreateView(views.ProductAlertCreateView):
    form_class = ProductAlertForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["market"] = self.request.market
        return kwargs

    def form_valid(self, form: ProductAlertForm) -> HttpResponse:
        user = self.request.user
        self.object = product_alert_create(
            product=self.product,
            market=self.request.market,
            language=get_language(),
            user=user if user.is_authenticated else None,
            email=form.cleaned_data.get("email") or "",
        )
        if self.object.is_anonymous:
            # Rendered in this request's language, with its links under its prefix.
            AlertsDispatcher().send_product_alert_confirmation_email_for_user(
                self.object
            )
        return HttpResponseRedirect(self.get_success_url())
