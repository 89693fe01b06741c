"""Paying through YooKassa in the Russian market: the same order-first checkout
as Stripe's, completed once by YooKassa's answer."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from orders.models import OrderPartStatus, OrderStatus
from payments.models import SourceStatus
from payments.services import provider_event_process
from tests.checkout import MOSCOW

Order = get_model("order", "Order")
ProviderEvent = get_model("payment", "ProviderEvent")

pytestmark = pytest.mark.django_db


def _place(client, product) -> tuple["Order", str]:
    with translation.override("ru"):
        urls = {
            "add": reverse("basket:add", kwargs={"pk": product.pk}),
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "details": reverse("checkout:payment-details"),
            "preview": reverse("checkout:preview"),
        }
    client.post(urls["add"], {"quantity": 1})
    client.post(
        urls["gateway"], {"username": "anna@example.com", "options": "anonymous"}
    )
    client.post(urls["address"], MOSCOW, follow=True)
    step = client.get(urls["details"]).content.decode()
    client.post(urls["preview"], {"method": "yookassa"})
    response = client.post(urls["preview"], {"action": "place_order"})
    return Order.objects.get(guest_email="anna@example.com"), step, response


def test_a_russian_shopper_pays_through_yookassa(client, yookassa_shop, make_products):
    # given
    product = make_products(1)[0]

    # when: the order is placed, paid on YooKassa's page, and the shopper returns
    order, step, response = _place(client, product)
    source = order.sources.get()
    waiting = order.status
    yookassa_shop.pay(source.reference)
    with translation.override("ru"):
        back = client.get(reverse("payments:return"), follow=True)

    # then: both ways are offered; the order waited, then went to its vendor
    assert 'value="yookassa"' in step
    assert 'value="cash-on-delivery"' in step
    assert waiting == OrderStatus.AWAITING_PAYMENT
    assert response["Location"].startswith(yookassa_shop.url)
    order.refresh_from_db()
    source.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.parts.get().status == OrderPartStatus.PLACED
    assert source.status == SourceStatus.PAID
    assert source.amount_debited == order.total_incl_tax
    assert back.redirect_chain[-1][0].endswith("/checkout/thank-you/")


def test_a_yookassa_notification_from_yookassa_is_stored_once(
    client, yookassa_shop, make_products, django_capture_on_commit_callbacks
):
    # given: paid; YooKassa tells the site, twice
    order, _step, _response = _place(client, make_products(1)[0])
    reference = order.sources.get().reference
    yookassa_shop.pay(reference)
    body = yookassa_shop.notification("payment.succeeded", reference)
    url = reverse("payments-webhooks:webhook", args=["yookassa"])

    # when: stored, then processed (as the queued task does)
    with django_capture_on_commit_callbacks(execute=False):
        answers = [
            client.post(url, json.dumps(body), content_type="application/json")
            for _ in range(2)
        ]
    for event in ProviderEvent.objects.all():
        provider_event_process(event_id=event.pk)

    # then
    assert [answer.status_code for answer in answers] == [200, 200]
    assert ProviderEvent.objects.filter(provider="yookassa").count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_a_notification_from_elsewhere_is_refused(client, yookassa_shop, make_products):
    # given: a notification that does not come from YooKassa's networks
    order, _step, _response = _place(client, make_products(1)[0])
    body = yookassa_shop.notification(
        "payment.succeeded", order.sources.get().reference
    )

    # when
    response = client.post(
        reverse("payments-webhooks:webhook", args=["yookassa"]),
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
    )

    # then
    assert response.status_code == 403
    assert not ProviderEvent.objects.exists()
