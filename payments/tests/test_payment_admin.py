"""Staff see each order's payments and the providers' events in admin."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory

from payments.models import ProviderEventStatus
from payments.tests.stripe_checkout import card_order_place, webhook_post

ProviderEvent = get_model("payment", "ProviderEvent")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


def test_staff_see_an_orders_payment_with_its_transactions(
    client, stripe_server, make_products, sell_in, staff
):
    # given: a card order paid through Stripe
    product = make_products(1)[0]
    sell_in(product, "LV", "24.90")
    order, _response = card_order_place(client, product=product)
    source = order.sources.get()
    stripe_server.pay(source.reference, deliver=False)
    client.get(reverse("payments:return"))
    client.force_login(staff)

    # when
    listed = client.get(reverse("admin:payment_source_changelist"))
    detail = client.get(reverse("admin:payment_source_change", args=[source.pk]))

    # then
    assert listed.status_code == detail.status_code == 200
    assert order.number in listed.content.decode()
    assert source.reference in detail.content.decode()
    assert "Debit" in detail.content.decode()


def test_staff_process_a_failed_event_again(
    client, stripe_server, make_products, sell_in, staff
):
    # given: an event whose processing failed while Stripe was down
    from payments.services import provider_event_process

    product = make_products(1)[0]
    sell_in(product, "LV", "24.90")
    order, _response = card_order_place(client, product=product)
    events = stripe_server.pay(order.sources.get().reference, deliver=False)
    completed = next(e for e in events if e["type"] == "checkout.session.completed")
    webhook_post(client, stripe_server, completed["id"])
    event = (
        order.sources.get()
        .__class__._meta.apps.get_model("payment", "ProviderEvent")
        .objects.get(event_id=completed["id"])
    )
    # every try of one call: the library tries it three times
    stripe_server.fail_next(r"^/v1/checkout/sessions/", status=500, times=3)
    provider_event_process(event_id=event.pk)
    event.refresh_from_db()
    assert event.status == ProviderEventStatus.FAILED
    client.force_login(staff)

    # when
    response = client.post(
        reverse("admin:payment_providerevent_changelist"),
        {"action": "process_again", "_selected_action": [event.pk]},
        follow=True,
    )

    # then
    event.refresh_from_db()
    assert response.status_code == 200
    assert event.status == ProviderEventStatus.PROCESSED
    order.refresh_from_db()
    assert order.status == "Pending"
