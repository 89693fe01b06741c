"""Over random sequences of refund requests against a paid order, no refund
ever gives back more than was bought or captured (Oscar issue #4580).

Each example places a card order of random lines (prices in rubles, won or
euros, some lines' prices uneven after a discount) with a random delivery
charge, pays it, then asks for random refunds: by staff, for returns and for
the cancellation, with random units and delivery, asking the same return or
cancellation again, and asking for more than is left. The provider fails at
random and the beat asks again. A model of what is left, kept here, decides
which requests must be made and which refused.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from orders.models import ReturnStatus
from payments.refunds.exceptions import RefundError
from payments.refunds.models import RefundReason, RefundStatus
from payments.refunds.services import refund_create, refund_execute, refunds_retry
from payments.refunds.tests.conftest import CARD, Shop, card_paid

Line = get_model("order", "Line")
Partner = get_model("partner", "Partner")
Refund = get_model("payment", "Refund")
RefundLine = get_model("payment", "RefundLine")
ReturnRequest = get_model("order", "ReturnRequest")

PER_UNIT = {"RUB": 100, "KRW": 1, "EUR": 100}
MARKETS = {"RU": "RUB", "KR": "KRW", "LV": "EUR"}


@pytest.fixture
def pool(db):
    """A vendor with three products, priced per example, and a shopper."""
    vendor = Partner.objects.create(name="Лавка")
    products = [create_product(title=f"Товар {index}") for index in range(3)]
    shopper = get_user_model().objects.create_user(
        username="minji", email="minji@example.com"
    )
    return vendor, products, shopper


line_strategy = st.tuples(
    st.integers(min_value=1, max_value=200_000),  # unit price, minor units
    st.integers(min_value=1, max_value=7),  # quantity
    st.integers(min_value=0, max_value=99),  # % of the line an offer took off
)

request_strategy = st.fixed_dictionaries(
    {
        "reason": st.sampled_from(
            [RefundReason.STAFF, RefundReason.RETURN, RefundReason.CANCELLATION]
        ),
        # Which return (a small pool, so that returns are asked again).
        "return_index": st.integers(min_value=0, max_value=2),
        # Units per line, up to more than were bought.
        "units": st.lists(st.integers(min_value=0, max_value=8), max_size=3),
        # Delivery, in hundredths of the part's charge, up to more than it.
        "shipping_share": st.integers(min_value=0, max_value=120),
        # How many of the next asks the provider fails.
        "provider_fails": st.integers(min_value=0, max_value=2),
    }
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    market_code=st.sampled_from(sorted(MARKETS)),
    lines=st.lists(line_strategy, min_size=1, max_size=3),
    shipping_minor=st.integers(min_value=0, max_value=50_000),
    requests=st.lists(request_strategy, min_size=1, max_size=12),
)
def test_refunds_never_exceed_what_was_bought_or_captured(
    pool, card_provider, jobs, market_code, lines, shipping_minor, requests
):
    with transaction.atomic():
        # given: a paid card order
        vendor, products, shopper = pool
        shop = Shop()
        currency = MARKETS[market_code]
        per_unit = PER_UNIT[currency]
        items = []
        for product, (minor, quantity, _off) in zip(products, lines, strict=False):
            shop.offer(product, vendor, market_code, str(Decimal(minor) / per_unit))
            items.append((product, quantity))
        shipping_charge = Decimal(shipping_minor) / per_unit
        order = shop.order(
            items,
            market=market_code,
            shipping={vendor: str(shipping_charge)},
            paid_by=CARD,
            commissions=False,
        )
        total = shipping_charge
        for line, (_minor, quantity, off) in zip(
            order.lines.order_by("pk"), lines, strict=False
        ):
            # An offer took `off` % off the line, in whole minor units; each
            # unit is still worth one at least, so a unit refunded is money.
            minor_total = int(line.line_price_incl_tax * per_unit)
            price = Decimal(max(quantity, minor_total * (100 - off) // 100)) / per_unit
            Line.objects.filter(pk=line.pk).update(line_price_incl_tax=price)
            total += price
        order.__class__.objects.filter(pk=order.pk).update(total_incl_tax=total)
        order.sources.update(amount_allocated=total)
        order.refresh_from_db()
        card_paid(order)
        part = order.parts.get()
        order_lines = list(part.lines.order_by("pk"))
        returns = [
            ReturnRequest.objects.create(
                part=part,
                status=ReturnStatus.ACCEPTED,
                reason="damaged",
                created_by=shopper,
            )
            for _index in range(3)
        ]
        captured = order.sources.get().amount_debited
        # The model: units and delivery left, what each key refunded.
        units_left = {line.pk: line.quantity for line in order_lines}
        shipping_left = shipping_charge
        made: dict[str, int] = {}

        for request in requests:
            # when: one request
            card_provider.fail_next = request["provider_fails"]
            asked = {
                line.pk: units
                for line, units in zip(order_lines, request["units"], strict=False)
                if units
            }
            shipping = (shipping_charge * request["shipping_share"] / 100).quantize(
                Decimal(1) / per_unit
            )
            reason = request["reason"]
            return_id = returns[request["return_index"]].pk
            key = {
                RefundReason.RETURN: f"return-{return_id}",
                RefundReason.CANCELLATION: f"cancel-{part.pk}",
            }.get(reason)
            within = all(units <= units_left[pk] for pk, units in asked.items())
            within = within and shipping <= shipping_left
            try:
                refund = refund_create(
                    part_id=part.pk,
                    reason=reason,
                    lines=list(asked.items()),
                    shipping=shipping,
                    return_request_id=return_id,
                )
            except RefundError:
                refund = None
            for pending in Refund.objects.filter(status=RefundStatus.PENDING):
                refund_execute(refund_id=pending.pk)
            refunds_retry()

            # then: a request asked again returns the first refund; one
            # within what is left is made, one beyond it is refused
            if key in made:
                event("asked again")
                assert refund is not None
                assert refund.pk == made[key]
            elif within and (asked or shipping):
                event("made")
                assert refund is not None
                for pk, units in asked.items():
                    units_left[pk] -= units
                shipping_left -= shipping
            else:
                event("refused")
                assert refund is None or not (asked or shipping)
            if refund is not None and key is not None:
                made.setdefault(key, refund.pk)

            refunds = Refund.objects.filter(part=part)
            source = order.sources.get()
            assert (refunds.aggregate(total=Sum("amount"))["total"] or 0) <= captured
            assert source.amount_refunded <= source.amount_debited == captured
            assert source.amount_refunded == (
                refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(
                    total=Sum("amount")
                )["total"]
                or 0
            )
            for line in order_lines:
                refunded = RefundLine.objects.filter(line=line).aggregate(
                    units=Sum("quantity"), amount=Sum("amount")
                )
                assert (refunded["units"] or 0) == line.quantity - units_left[line.pk]
                assert (refunded["amount"] or 0) <= line.line_price_incl_tax
                if units_left[line.pk] == 0:
                    assert refunded["amount"] == line.line_price_incl_tax
            assert (
                refunds.aggregate(total=Sum("shipping"))["total"] or 0
            ) == shipping_charge - shipping_left
        transaction.set_rollback(True)
