"""Tracking events are stored once, the parcel follows its newest event, a
part is delivered with its last parcel, carriers are polled with limits and
backoff, and pickup points follow the carrier's list."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL
from logistics.models import TrackingStatus
from logistics.services import order_part_ship
from logistics.tasks import carrier_shipments_poll_task
from logistics.tracking.base import TrackingUpdate
from logistics.tracking.services import (
    pickup_points_refresh,
    shipments_poll,
    tracking_updates_record,
)
from orders.models import OrderPartStatus
from orders.services import order_part_transition

Carrier = get_model("shipping", "Carrier")
OrderNotification = get_model("order", "OrderNotification")
PickupPoint = get_model("shipping", "PickupPoint")
Shipment = get_model("shipping", "Shipment")
TrackingEvent = get_model("shipping", "TrackingEvent")

PAYLOADS = Path(__file__).parent / "carrier_payloads"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def update(hours: int, status: str, code: str = "") -> TrackingUpdate:
    return TrackingUpdate(
        occurred_at=T0 + timedelta(hours=hours),
        status=status,
        carrier_code=code or status,
        description=f"{status} <b>scan</b>",
        location="Seoul",
    )


@pytest.fixture
def ship(place_order):
    """Ship a new order's one part: ship("dhl", "3400000001", ...) -> shipments."""
    counter = iter(range(1, 100))

    def make(carrier: str, *numbers: str):
        vendor = f"Vendor {next(counter)}"
        product = create_product(
            title="Tea", price="500.00", partner_name=vendor, num_in_stock=10
        )
        order = place_order([(product, 1)])
        part = order.parts.get()
        for status in (OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED):
            order_part_transition(part_id=part.pk, to_status=status)
        carrier_row = Carrier.objects.get(code=carrier)
        shipments = [
            order_part_ship(
                part_id=part.pk, carrier=carrier_row, tracking_number=numbers[0]
            )
        ]
        shipments += [
            Shipment.objects.create(part=part, carrier=carrier_row, tracking_number=n)
            for n in numbers[1:]
        ]
        return shipments

    return make


@pytest.mark.django_db
def test_an_event_arriving_twice_is_stored_once(ship):
    # given
    (shipment,) = ship("dhl", "3400000001")
    events = [update(0, TrackingStatus.INFO_RECEIVED), update(5, "in_transit")]
    tracking_updates_record(shipment_id=shipment.pk, updates=events)

    # when
    new = tracking_updates_record(
        shipment_id=shipment.pk, updates=[*events, update(9, "in_transit", "PL")]
    )

    # then
    assert new == 1
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 3


@pytest.mark.django_db
def test_the_status_follows_the_newest_event_whatever_arrives_last(ship):
    # given
    (shipment,) = ship("dhl", "3400000001")
    tracking_updates_record(
        shipment_id=shipment.pk, updates=[update(30, TrackingStatus.OUT_FOR_DELIVERY)]
    )

    # when: an older scan arrives late
    tracking_updates_record(
        shipment_id=shipment.pk, updates=[update(2, TrackingStatus.IN_TRANSIT)]
    )

    # then
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.OUT_FOR_DELIVERY
    assert shipment.status_at == T0 + timedelta(hours=30)


@pytest.mark.django_db
def test_the_part_is_delivered_with_its_last_parcel(ship):
    # given: a part sent in two parcels
    first, second = ship("cj-logistics", "600000000001", "600000000002")
    part = first.part

    # when: the first parcel arrives
    tracking_updates_record(
        shipment_id=first.pk, updates=[update(10, TrackingStatus.DELIVERED)]
    )

    # then: the part waits for the second
    part.refresh_from_db()
    assert part.status == OrderPartStatus.SHIPPED

    # when: the second arrives
    tracking_updates_record(
        shipment_id=second.pk, updates=[update(12, TrackingStatus.DELIVERED)]
    )

    # then: the part is delivered and the shopper is told, once
    told = OrderNotification.objects.filter(part=part, kind="part_delivered")
    part.refresh_from_db()
    assert part.status == OrderPartStatus.DELIVERED
    assert told.count() == 1
    tracking_updates_record(
        shipment_id=second.pk, updates=[update(12, TrackingStatus.DELIVERED)]
    )
    assert told.count() == 1


@pytest.mark.django_db
def test_a_returned_parcel_does_not_deliver_the_part(ship):
    (shipment,) = ship("dhl", "3400000003")

    tracking_updates_record(
        shipment_id=shipment.pk,
        updates=[update(1, TrackingStatus.DELIVERED), update(40, "returned")],
    )

    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.RETURNED
    assert shipment.part.status == OrderPartStatus.SHIPPED


@pytest.fixture
def dhl_server(settings, httpserver):
    settings.MARKETPLACE_CARRIERS = {
        "dhl": {"base_url": httpserver.url_for("").rstrip("/"), "api_key": "k"},
        "cdek": {
            "base_url": httpserver.url_for("").rstrip("/"),
            "client_id": "id-1",
            "client_secret": "secret-1",
        },
    }
    settings.MARKETPLACE_TRACKING_POLL_INTERVAL = 600
    settings.MARKETPLACE_TRACKING_POLL_BACKOFF_MAX = 3000
    return httpserver


def dhl_answer(httpserver, number: str, name: str, status: int = 200) -> None:
    httpserver.expect_request(
        "/track/shipments", query_string={"trackingNumber": number}
    ).respond_with_data(
        (PAYLOADS / "dhl" / name).read_bytes(),
        status=status,
        content_type="application/json",
    )


@pytest.mark.django_db
def test_a_failing_carrier_is_asked_again_later_and_later(ship, dhl_server):
    # given
    (shipment,) = ship("dhl", "3400000009")
    dhl_answer(dhl_server, "3400000009", "not_found.json", status=404)
    waits = []

    # when: the carrier fails five polls in a row
    for _attempt in range(5):
        Shipment.objects.filter(pk=shipment.pk).update(next_poll_at=None)
        before = timezone.now()
        result = shipments_poll(carrier_code="dhl")
        shipment.refresh_from_db()
        waits.append(round((shipment.next_poll_at - before).total_seconds() / 100))
        assert result.failed == 1

    # then: 1200 s, 2400 s, then the 3000 s cap
    assert waits == [12, 24, 30, 30, 30]
    assert shipment.poll_failures == 5


@pytest.mark.django_db
def test_an_answer_resets_the_failures_and_waits_one_interval(ship, dhl_server):
    # given
    (shipment,) = ship("dhl", "3400000002")
    Shipment.objects.filter(pk=shipment.pk).update(poll_failures=3)
    dhl_answer(dhl_server, "3400000002", "in_transit.json")

    # when
    before = timezone.now()
    result = shipments_poll(carrier_code="dhl")

    # then
    shipment.refresh_from_db()
    assert (result.polled, result.failed, result.stored) == (1, 0, 2)
    assert shipment.poll_failures == 0
    assert shipment.status == TrackingStatus.IN_TRANSIT
    assert 595 < (shipment.next_poll_at - before).total_seconds() < 660


@pytest.mark.django_db
def test_each_run_asks_a_carrier_about_its_limit_of_due_parcels(
    ship, dhl_server, settings
):
    # given: three due DHL parcels, one not due, one delivered; a limit of 2
    settings.MARKETPLACE_TRACKING_POLL_LIMIT = 2
    due = [ship("dhl", f"340000010{n}")[0] for n in range(3)]
    (later,) = ship("dhl", "3400000200")
    Shipment.objects.filter(pk=later.pk).update(
        next_poll_at=timezone.now() + timedelta(hours=1)
    )
    (done,) = ship("dhl", "3400000300")
    Shipment.objects.filter(pk=done.pk).update(status=TrackingStatus.DELIVERED)
    dhl_answer(dhl_server, "", "in_transit.json")  # any number: empty list
    dhl_server.clear()
    dhl_server.expect_request("/track/shipments").respond_with_json({"shipments": []})

    # when
    first = shipments_poll(carrier_code="dhl")
    second = shipments_poll(carrier_code="dhl")
    third = shipments_poll(carrier_code="dhl")

    # then: two, then the third, then none (all wait their interval)
    asked = [request.args["trackingNumber"] for request, _response in dhl_server.log]
    assert (first.polled, second.polled, third.polled) == (2, 1, 0)
    assert sorted(asked) == sorted(s.tracking_number for s in due)


@TRANSACTIONAL
def test_the_poll_task_stores_a_carriers_events_in_a_worker(
    region_data, ship, dhl_server, celery_worker_thread
):
    # given
    (shipment,) = ship("dhl", "3400000001")
    dhl_answer(dhl_server, "3400000001", "delivered.json")

    # when
    carrier_shipments_poll_task.delay(carrier_code="dhl")

    # then
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shipment.refresh_from_db()
        if shipment.status == TrackingStatus.DELIVERED:
            break
        time.sleep(0.2)
    assert shipment.status == TrackingStatus.DELIVERED
    assert shipment.events.count() == 4
    shipment.part.refresh_from_db()
    assert shipment.part.status == OrderPartStatus.DELIVERED


@pytest.mark.django_db
def test_pickup_points_follow_the_carriers_list(dhl_server):
    # given: the carrier lists two points, then changes one, drops one, adds one
    def answer(name: str) -> None:
        dhl_server.clear()
        dhl_server.expect_request("/v2/oauth/token").respond_with_data(
            (PAYLOADS / "cdek" / "token.json").read_bytes(),
            content_type="application/json",
        )
        dhl_server.expect_request(
            "/v2/deliverypoints", query_string={"country_code": "RU", "type": "ALL"}
        ).respond_with_data(
            (PAYLOADS / "cdek" / name).read_bytes(), content_type="application/json"
        )
        dhl_server.expect_request("/v2/deliverypoints").respond_with_json([])

    answer("deliverypoints_first.json")
    first = pickup_points_refresh(carrier_code="cdek")

    # when
    answer("deliverypoints_second.json")
    second = pickup_points_refresh(carrier_code="cdek")
    again = pickup_points_refresh(carrier_code="cdek")

    # then
    points = {
        p.code: (p.city, p.opening_hours, p.is_active)
        for p in PickupPoint.objects.filter(carrier__code="cdek")
    }
    assert (first.created, first.updated, first.deactivated) == (2, 0, 0)
    assert (second.created, second.updated, second.deactivated) == (1, 1, 1)
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)
    assert points == {
        "MSK27": ("Москва", "Ежедневно 10:00-22:00", True),
        "MSK95": ("Москва", "Ежедневно 09:00-21:00", False),
        "SPB3": ("Санкт-Петербург", "Пн-Сб 10:00-20:00", True),  # noqa: RUF001
    }


@pytest.mark.django_db
def test_demo_parcels_get_scans_and_delivered_parts_arrive(ship):
    # given: a parcel in transit and a delivered part's parcel
    from logistics.tracking.demo import demo_tracking_events_create

    (moving,) = ship("dhl", "3400000001")
    (arrived,) = ship("dhl", "3400000002")
    order_part_transition(part_id=arrived.part_id, to_status=OrderPartStatus.DELIVERED)

    # when: loaded twice
    demo_tracking_events_create()
    demo_tracking_events_create()

    # then
    moving.refresh_from_db()
    arrived.refresh_from_db()
    assert (moving.status, moving.events.count()) == (TrackingStatus.IN_TRANSIT, 2)
    assert (arrived.status, arrived.events.count()) == (TrackingStatus.DELIVERED, 4)
