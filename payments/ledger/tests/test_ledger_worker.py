"""A guest's cash-on-delivery order, delivered: a real Celery worker settles it
in the vendor's ledger once the delivery has committed."""

import time
from decimal import Decimal

from django.db.models import Sum
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL, vendor_delivers
from orders.services import order_part_transition
from payments.ledger.models import LedgerEntryKind
from payments.ledger.tests.conftest import DELIVERY_STEPS
from tests.checkout import guest_checkout

LedgerEntry = get_model("payment", "LedgerEntry")
LineCommission = get_model("payment", "LineCommission")
OrderPart = get_model("order", "OrderPart")

pytestmark = TRANSACTIONAL


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def test_a_delivered_cash_order_is_settled_by_a_worker(
    client, celery_worker_thread, region_data
):
    # given: a guest's order of a 4 990 ₽ samovar, paid in cash on delivery
    product = create_product(
        title="Самовар",
        price="4990.00",
        num_in_stock=5,
        partner_name="Тульские мастера",
    )
    record = product.stockrecords.get()
    vendor_delivers(record.partner, record.market)
    number = guest_checkout(
        client, product=product, email="minji@example.com", language="ru"
    )
    part = OrderPart.objects.get(order__number=number)

    # when: the part is delivered, each step committed
    for status in DELIVERY_STEPS:
        order_part_transition(part_id=part.pk, to_status=status)

    # then: the worker records the sale, the commission fixed at the order
    # (the default 10 %) and the cash the courier collected
    assert wait_for(
        lambda: LedgerEntry.objects.filter(
            part=part, kind=LedgerEntryKind.CASH_COLLECTED
        ).exists()
    )
    assert LineCommission.objects.get(line__part=part).amount_incl_tax == Decimal(
        "499.00"
    )
    entries = LedgerEntry.objects.filter(vendor=record.partner)
    assert entries.aggregate(total=Sum("amount"))["total"] == Decimal("-499.00")
    assert not entries.filter(available_at__isnull=True).exists()
