"""Customer writes: stock alerts, made in a market and a language and sent there."""

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model

ProductAlert = get_model("customer", "ProductAlert")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from oscar.apps.customer.alerts.utils import AlertsDispatcher
    from oscar.apps.partner.prices import Base as Price

    from catalog.models import Market, Product
    from vendors.strategy import MarketStrategy

# Alerts one run checks; after a full batch the task runs again for the next.
ALERTS_BATCH_SIZE = 500


def product_alert_create(
    *,
    product: "Product",
    market: "Market",
    language: str,
    user: "AbstractBaseUser | None" = None,
    email: str = "",
) -> "ProductAlert":
    """Create a stock alert for the product in the shopper's market and language.

    A signed-in shopper's alert is active at once; a guest's waits for the
    confirmation link Oscar emails (the model's save() gives it its key).
    """
    alert = ProductAlert(product=product, market=market, language=language)
    if user is not None:
        alert.user = user
    else:
        alert.email = email
    alert.save()
    return alert


def product_alerts_send(
    *,
    dispatcher: "AlertsDispatcher",
    after_pk: int = 0,
    product_ids: Collection[int] | None = None,
    batch_size: int = ALERTS_BATCH_SIZE,
) -> int | None:
    """Send the active alerts of one batch whose product is back in their market.

    Takes up to `batch_size` active alerts of public products with a pk above
    `after_pk`, in pk order, and asks the strategy of each alert's market
    whether its product can be bought there. Those that can are sent and
    closed (product_alert_send); the others stay active. Return the last pk
    of a full batch, after which more alerts may wait, else None.
    """
    alerts = ProductAlert._default_manager.filter(
        status=ProductAlert.ACTIVE, pk__gt=after_pk, product__is_public=True
    )
    if product_ids is not None:
        alerts = alerts.filter(product_id__in=product_ids)
    batch = list(
        alerts.select_related(
            "market",
            "user",
            "product__product_class",
            "product__parent__product_class",
        )
        .prefetch_related(
            "product__categories",
            # Every market's offers of selling vendors: the strategy picks the
            # alert's market's one among them.
            Prefetch(
                "product__stockrecords",
                queryset=StockRecord._default_manager.filter(
                    partner__in=Partner._default_manager.selling()
                ).select_related("partner"),
            ),
        )
        .order_by("pk")[:batch_size]
    )
    waiting = _active_alert_counts(product_ids={alert.product_id for alert in batch})
    strategies: dict[str, MarketStrategy] = {}
    for alert in batch:
        if alert.market_id not in strategies:
            strategies[alert.market_id] = Selector().strategy(market=alert.market)
        info = strategies[alert.market_id].fetch_for_product(alert.product)
        if not info.availability.is_available_to_buy:
            continue
        # Oscar's "hurry" note: more shoppers wait here than there are items.
        stock = info.stockrecord.net_stock_level if info.stockrecord else None
        waiting_here = waiting.get((alert.product_id, alert.market_id), 0)
        hurry = stock is not None and waiting_here > stock
        product_alert_send(
            dispatcher=dispatcher, alert=alert, price=info.price, hurry=hurry
        )
    if len(batch) == batch_size:
        return batch[-1].pk
    return None


def product_alert_send(
    *,
    dispatcher: "AlertsDispatcher",
    alert: "ProductAlert",
    price: "Price",
    hurry: bool = False,
) -> bool:
    """Close an active alert and tell its shopper, in the alert's language.

    The alert is closed by a conditional update in the same transaction as
    the messages, which the mail backend queues when it commits: of two runs
    that find the product back, only the one that closes the alert sends it,
    and a failure sends nothing and leaves the alert active. Return whether
    this call sent it.
    """
    with transaction.atomic():
        closed = ProductAlert._default_manager.filter(
            pk=alert.pk, status=ProductAlert.ACTIVE
        ).update(status=ProductAlert.CLOSED, date_closed=timezone.now())
        if not closed:
            return False
        with translation.override(alert.language):
            dispatcher.send_product_alert(alert, price=price, hurry=hurry)
    return True


def _active_alert_counts(*, product_ids: Collection[int]) -> dict[tuple[int, str], int]:
    counts = (
        ProductAlert._default_manager.filter(
            status=ProductAlert.ACTIVE, product_id__in=product_ids
        )
        .values_list("product_id", "market_id")
        .annotate(count=Count("pk"))
        # The model's default ordering would split the groups.
        .order_by()
    )
    return {(product_id, market_id): count for product_id, market_id, count in counts}
