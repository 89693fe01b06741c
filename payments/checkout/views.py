"""Oscar's checkout views, paying through our payment services."""

from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.views import *  # noqa: F403

from payments.services import cash_on_delivery_source_build


class ShippingAddressView(oscar_views.ShippingAddressView):
    """Oscar's shipping address step, limited to where the market ships."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "market": self.request.market}

    def get_available_addresses(self):
        return (
            super()
            .get_available_addresses()
            .filter(country__in=self.request.market.shipping_countries.all())
        )


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    def handle_payment(self, order_number, total, **kwargs):
        self.add_payment_source(cash_on_delivery_source_build(total=total))
