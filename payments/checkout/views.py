"""Oscar's checkout views, paying through our payment services."""

from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.views import *  # noqa: F403

from payments.services import cash_on_delivery_source_build


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    def handle_payment(self, order_number, total, **kwargs):
        self.add_payment_source(cash_on_delivery_source_build(total=total))
