"""Oscar's alerts dispatcher, sending each alert in its market and language.

Oscar's own asks the strategy without a request, that is in the default
market, and renders in whatever language is active. The choice of alerts
is in orders.customer.services; this class keeps Oscar's part: rendering the
messages and the site notification, and dispatching them.
"""

from typing import TYPE_CHECKING, Any

from oscar.apps.customer.alerts import utils

from orders.customer.services import product_alerts_send

if TYPE_CHECKING:
    from oscar.apps.partner.prices import Base as Price

    from catalog.models import Product
    from orders.customer.models import ProductAlert


class AlertsDispatcher(utils.AlertsDispatcher):
    def send_alerts(self) -> None:
        """Send every alert whose product is back in its market, batch by batch."""
        self._send_all()

    def send_product_alert_email_for_user(self, product: "Product") -> None:
        # Oscar's eager alerts (OSCAR_EAGER_ALERTS) call this when a stock
        # record is saved; a variant's stock also answers its parent's alerts.
        self._send_all(product_ids=[pk for pk in (product.pk, product.parent_id) if pk])

    def send_product_alert(
        self, alert: "ProductAlert", *, price: "Price", hurry: bool = False
    ) -> None:
        """Notify and email the alert's shopper of the product and its price.

        The caller has closed the alert and activated its language.
        """
        context = self.get_extra_context_for_alert(alert, hurry)
        context["price"] = price
        if alert.user:
            self.notify_user_about_product_alert(alert.user, context)
        messages = self.dispatcher.get_messages(self.PRODUCT_ALERT_EVENT_CODE, context)
        if not (messages and messages["body"]):
            return
        if alert.user:
            self.dispatcher.dispatch_user_messages(alert.user, messages)
        else:
            self.dispatcher.dispatch_direct_messages(alert.email, messages)

    def _send_all(self, **filters: Any) -> None:
        after_pk: int | None = 0
        while after_pk is not None:
            after_pk = product_alerts_send(
                dispatcher=self, after_pk=after_pk, **filters
            )
