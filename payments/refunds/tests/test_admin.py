"""Staff read refunds in admin and refund a part of an order from there."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory

from payments.refunds.models import RefundReason, RefundStatus
from payments.refunds.services import refund_create
from payments.refunds.tests.conftest import CARD, card_paid

Refund = get_model("payment", "Refund")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def teapots(shop):
    """A card order of 2 teapots at 900.00 with 300.00 of delivery; not paid."""
    vendor = shop.vendor("Чайная лавка")
    order = shop.order(
        [(shop.product(vendor, "RU", "900.00", title="Чайник"), 2)],
        shipping={vendor: "300.00"},
        paid_by=CARD,
    )
    return order, order.parts.get(), order.lines.get()


def test_staff_find_the_order_and_refund_units_and_delivery(
    client, staff, teapots, card_provider, jobs
):
    # given
    order, part, line = teapots
    card_paid(order)
    found = client.get(reverse("admin:payment_refund_add"), {"number": order.number})
    page = client.get(reverse("admin:payment_refund_part", args=[part.pk]))

    # when
    response = client.post(
        reverse("admin:payment_refund_part", args=[part.pk]),
        {
            f"line_{line.pk}": "1",
            "shipping": "300.00",
            "note": "Разбит при доставке",
            "seen": "0",
        },
    )

    # then
    assert found.status_code == page.status_code == 200
    assert (
        reverse("admin:payment_refund_part", args=[part.pk]) in found.content.decode()
    )
    refund = Refund.objects.get(part=part)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:payment_refund_change", args=[refund.pk]
    )
    assert (refund.reason, refund.amount, refund.shipping, refund.actor) == (
        RefundReason.STAFF,
        Decimal("1200.00"),
        Decimal("300.00"),
        staff,
    )
    assert refund.note == "Разбит при доставке"
    assert [(each.line_id, each.quantity) for each in refund.lines.all()] == [
        (line.pk, 1)
    ]


def test_a_refund_the_service_refuses_is_shown_as_a_message(
    client, staff, teapots, card_provider, jobs
):
    # given: the order was never paid
    _order, part, line = teapots

    with translation.override("en"):
        url = reverse("admin:payment_refund_part", args=[part.pk])

    # when
    response = client.post(
        url, {f"line_{line.pk}": "1", "shipping": "0", "note": "Жалоба", "seen": "0"}
    )

    # then
    assert response.status_code == 200
    assert [str(each) for each in get_messages(response.wsgi_request)] == [
        "Nothing of this order has been paid, so nothing can be refunded."
    ]
    assert not Refund.objects.exists()


def test_the_same_form_sent_twice_refunds_once(
    client, staff, teapots, card_provider, jobs
):
    # given
    order, part, line = teapots
    card_paid(order)
    data = {f"line_{line.pk}": "1", "shipping": "0", "note": "Скол", "seen": "0"}
    url = reverse("admin:payment_refund_part", args=[part.pk])
    client.post(url, data)

    # when
    again = client.post(url, data)

    # then
    assert again.status_code == 302
    assert again["Location"] == url
    assert Refund.objects.filter(part=part).count() == 1


def test_staff_read_refunds_with_their_lines_and_ask_again(
    client, staff, teapots, card_provider, jobs
):
    # given: a refund the provider did not take
    order, part, line = teapots
    card_paid(order)
    refund = refund_create(
        part_id=part.pk, reason=RefundReason.STAFF, lines=[(line.pk, 1)]
    )
    Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.FAILED)

    # when
    listed = client.get(reverse("admin:payment_refund_changelist"))
    detail = client.get(reverse("admin:payment_refund_change", args=[refund.pk]))
    client.post(
        reverse("admin:payment_refund_changelist"),
        {"action": "ask_again", "_selected_action": [refund.pk]},
    )

    # then
    assert listed.status_code == detail.status_code == 200
    assert order.number in listed.content.decode()
    assert "Чайник" in detail.content.decode()
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
