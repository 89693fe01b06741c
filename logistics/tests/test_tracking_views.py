"""Carriers push to the webhook with their secret; shoppers see each parcel's
timeline from their account or by order number and email."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from logistics.models import TrackingStatus
from logistics.services import order_part_ship
from logistics.tracking.base import TrackingUpdate
from logistics.tracking.services import tracking_updates_record
from orders.models import OrderPartStatus
from orders.services import order_part_transition

Carrier = get_model("shipping", "Carrier")
Shipment = get_model("shipping", "Shipment")

PAYLOADS = Path(__file__).parent / "carrier_payloads"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.MARKETPLACE_CARRIERS = {
        "cj-logistics": {"base_url": "http://127.0.0.1:9", "webhook_secret": "cj-1"},
        "cdek": {"base_url": "http://127.0.0.1:9", "webhook_secret": "cdek-1"},
        "russian-post": {"base_url": "http://127.0.0.1:9"},
    }


@pytest.fixture
def order_with_parcels(place_order, sell_in):
    """An order of two vendors' parts in Korea, shipped with CJ:
    make(parcels=..., events=...)."""

    def make(*, parcels: int = 1, events: int = 2):
        products = [
            create_product(
                title=title, price="500.00", partner_name=vendor, num_in_stock=10
            )
            for title, vendor in (("Teapot", "Seoul Crafts"), ("Tea", "Jeju Tea"))
        ]
        for product in products:
            sell_in(product, "KR", "25000", num_in_stock=5)
        order = place_order([(product, 1) for product in products], market="KR")
        cj = Carrier.objects.get(code="cj-logistics")
        for index, part in enumerate(order.parts.order_by("pk")):
            for status in (OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED):
                order_part_transition(part_id=part.pk, to_status=status)
            numbers = [
                f"6{order.pk % 100000:05d}{index}{n:05d}" for n in range(parcels)
            ]
            order_part_ship(part_id=part.pk, carrier=cj, tracking_number=numbers[0])
            for number in numbers[1:]:
                Shipment.objects.create(part=part, carrier=cj, tracking_number=number)
        for shipment in Shipment.objects.filter(part__order=order):
            tracking_updates_record(
                shipment_id=shipment.pk,
                updates=[
                    TrackingUpdate(
                        occurred_at=datetime(2026, 3, 2, 8, tzinfo=UTC)
                        + timedelta(hours=hour),
                        status=TrackingStatus.IN_TRANSIT,
                        carrier_code=f"4{hour}",
                        description="<script>alert(1)</script>",
                        location="곤지암Hub",
                    )
                    for hour in range(events)
                ],
            )
        return order

    return make


def push(client, code: str, body: bytes, **extra):
    return client.post(
        f"/carriers/{code}/webhook/", body, content_type="application/json", **extra
    )


def test_a_signed_push_is_stored_and_delivers_the_part(client, order_with_parcels):
    # given
    order = order_with_parcels()
    number = order.parts.order_by("pk").first().shipments.get().tracking_number
    body = json.loads((PAYLOADS / "cj_logistics" / "delivered.json").read_text())
    body["parcelResultMap"]["resultList"][0]["invcNo"] = number

    # when
    response = push(
        client, "cj-logistics", json.dumps(body).encode(), HTTP_X_WEBHOOK_SECRET="cj-1"
    )
    again = push(
        client, "cj-logistics", json.dumps(body).encode(), HTTP_X_WEBHOOK_SECRET="cj-1"
    )

    # then
    assert response.status_code == 200
    assert response.json() == {"stored": 4, "unknown": []}
    assert again.json() == {"stored": 0, "unknown": []}
    shipment = Shipment.objects.get(tracking_number=number)
    assert shipment.status == TrackingStatus.DELIVERED
    assert shipment.part.status == OrderPartStatus.DELIVERED
    other = order.parts.exclude(pk=shipment.part_id).get()
    assert other.status == OrderPartStatus.SHIPPED


def test_a_push_without_the_secret_is_forbidden(client, order_with_parcels):
    order_with_parcels()
    body = (PAYLOADS / "cj_logistics" / "delivered.json").read_bytes()

    assert push(client, "cj-logistics", body).status_code == 403
    assert (
        push(client, "cj-logistics", body, HTTP_X_WEBHOOK_SECRET="cj-2").status_code
        == 403
    )
    assert push(client, "cdek", b"{}", QUERY_STRING="secret=nope").status_code == 403


def test_a_malformed_push_is_a_bad_request(client):
    for body in (b"not json", b"[]", b'{"parcelResultMap": {}}'):
        response = push(client, "cj-logistics", body, HTTP_X_WEBHOOK_SECRET="cj-1")
        assert response.status_code == 400
    response = client.post(
        "/carriers/cdek/webhook/?secret=cdek-1",
        b'{"type": "ORDER_STATUS", "attributes": {"cdek_number": 1}}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_unknown_numbers_are_accepted_and_other_calls_refused(client):
    body = (PAYLOADS / "cdek" / "webhook_delivered.json").read_bytes()

    response = client.post(
        "/carriers/cdek/webhook/?secret=cdek-1", body, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {"stored": 0, "unknown": ["1106207236"]}
    assert client.get("/carriers/cdek/webhook/").status_code == 405
    assert push(client, "russian-post", b"{}").status_code == 404
    assert push(client, "no-such-carrier", b"{}").status_code == 404


def track_url(order) -> str:
    with translation.override("ko"):
        return reverse("tracking:order", kwargs={"order_number": order.number})


def test_the_shopper_sees_each_parcels_timeline_escaped(client, order_with_parcels):
    # given
    order = order_with_parcels()
    client.login(username="minji", password="pw-minji-12345")

    # when
    response = client.get(track_url(order))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="tracking-timeline') == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    # 08:00 UTC is 17:00 in Seoul, the order's market.
    assert 'datetime="2026-03-02T17:00:00+09:00"' in html


def test_another_shoppers_order_is_not_found(client, order_with_parcels, make_seller):
    order = order_with_parcels()
    stranger = make_seller("Other", email="other@example.com").user
    client.force_login(stranger)

    assert client.get(track_url(order)).status_code == 404


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_tracking_pages_do_not_query_per_parcel_or_event(client, order_with_parcels):
    # given: an order of 2 parcels of 1 event, and one of 6 parcels of 5 events
    small = order_with_parcels(parcels=1, events=1)
    large = order_with_parcels(parcels=3, events=5)
    client.login(username="minji", password="pw-minji-12345")
    with translation.override("ko"):
        detail = [
            reverse("customer:order", kwargs={"order_number": o.number})
            for o in (small, large)
        ]

    for url in (track_url(small), *detail):
        client.get(url)  # caches of the layout warm up

    # then
    assert page_queries(client, track_url(small)) == page_queries(
        client, track_url(large)
    )
    assert page_queries(client, detail[0]) == page_queries(client, detail[1])
    assert client.get(detail[1]).content.decode().count("tracking-timeline") == 6


def lookup(client, number: str, email: str):
    with translation.override("en"):
        url = reverse("tracking:lookup")
    return client.post(url, {"number": number, "email": email})


def test_a_guest_finds_the_parcels_by_number_and_email(client, order_with_parcels):
    # given
    order = order_with_parcels()

    # when
    found = lookup(client, order.number, " MINJI@example.com ")
    wrong_email = lookup(client, order.number, "someone@example.com")
    wrong_number = lookup(client, "999999", "minji@example.com")

    # then: the wrong email and the wrong number get the same answer
    assert found.content.decode().count('class="tracking-timeline') == 2
    for response in (wrong_email, wrong_number):
        assert response.status_code == 200
        assert "tracking-timeline" not in response.content.decode()
    assert "No order has this number and email address." in (
        wrong_email.content.decode()
    )
    error = wrong_email.context["form"].non_field_errors()
    assert error == wrong_number.context["form"].non_field_errors()
