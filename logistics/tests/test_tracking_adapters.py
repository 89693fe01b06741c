"""Each carrier adapter reads its carrier's format from a real local server."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.test import RequestFactory

from logistics.models import TrackingStatus
from logistics.tracking.base import (
    CarrierError,
    PushMalformedError,
    PushNotSupportedError,
    PushSignatureError,
)
from logistics.tracking.registry import adapter_get

PAYLOADS = Path(__file__).parent / "carrier_payloads"
MSK = timezone(timedelta(hours=3))
NSK = timezone(timedelta(hours=7))
KST = timezone(timedelta(hours=9))
EET = timezone(timedelta(hours=2))


def payload(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


@pytest.fixture
def carriers(settings, httpserver):
    """Every carrier's base URL on the local server, with test credentials."""
    base = httpserver.url_for("").rstrip("/")
    settings.MARKETPLACE_CARRIERS = {
        "cdek": {
            "base_url": base,
            "client_id": "id-1",
            "client_secret": "secret-1",
            "webhook_secret": "cdek-hook",
        },
        "russian-post": {"base_url": base, "login": "shop", "password": "pw"},
        "cj-logistics": {"base_url": base, "webhook_secret": "cj-hook"},
        "dhl": {
            "base_url": base,
            "api_key": "dhl-key",
            "push_header": "X-Push-Token",
            "push_token": "dhl-hook",
        },
    }
    return httpserver


def cdek_answers(httpserver, number: str, name: str, status: int = 200) -> None:
    httpserver.expect_request(
        "/v2/oauth/token",
        method="POST",
        data="grant_type=client_credentials&client_id=id-1&client_secret=secret-1",
    ).respond_with_data(payload("cdek/token.json"), content_type="application/json")
    httpserver.expect_request(
        "/v2/orders",
        query_string={"cdek_number": number},
        headers={"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.test"},
    ).respond_with_data(
        payload(f"cdek/{name}"), status=status, content_type="application/json"
    )


def test_cdek_delivered_order_reads_every_status(carriers):
    # given
    cdek_answers(carriers, "1106207236", "order_delivered.json")

    # when
    updates = adapter_get("cdek").events_fetch(tracking_number="1106207236")

    # then
    assert [(u.occurred_at, u.status, u.carrier_code, u.location) for u in updates] == [
        (
            datetime(2026, 3, 5, 14, 12, 9, tzinfo=MSK),
            TrackingStatus.DELIVERED,
            "DELIVERED",
            "Москва",
        ),
        (
            datetime(2026, 3, 4, 9, 30, tzinfo=MSK),
            TrackingStatus.READY_FOR_PICKUP,
            "ACCEPTED_AT_PICK_UP_POINT",
            "Москва",
        ),
        (
            datetime(2026, 3, 2, 18, 1, 44, tzinfo=NSK),
            TrackingStatus.IN_TRANSIT,
            "RECEIVED_AT_SHIPMENT_WAREHOUSE",
            "Новосибирск",
        ),
        (
            datetime(2026, 3, 2, 11, tzinfo=NSK),
            TrackingStatus.INFO_RECEIVED,
            "CREATED",
            "Новосибирск",
        ),
    ]
    assert updates[0].description == "Вручен"


def test_cdek_in_transit_and_returned_orders(carriers):
    # given
    cdek_answers(carriers, "1106207237", "order_in_transit.json")
    cdek_answers(carriers, "1106207238", "order_returned.json")
    adapter = adapter_get("cdek")

    # when
    in_transit = adapter.events_fetch(tracking_number="1106207237")
    returned = adapter.events_fetch(tracking_number="1106207238")

    # then
    assert [u.status for u in in_transit] == [
        TrackingStatus.IN_TRANSIT,
        TrackingStatus.INFO_RECEIVED,
    ]
    assert returned[0].status == TrackingStatus.RETURNED
    assert returned[0].occurred_at == datetime(2026, 3, 20, 10, tzinfo=MSK)


def test_cdek_unknown_order_is_a_carrier_error(carriers):
    cdek_answers(carriers, "1106200000", "order_not_found.json", status=400)

    with pytest.raises(CarrierError, match="v2_entity_not_found_im_number"):
        adapter_get("cdek").events_fetch(tracking_number="1106200000")


def test_cdek_webhook_needs_the_secret_of_its_url(carriers):
    # given
    factory = RequestFactory()
    body = payload("cdek/webhook_delivered.json")
    adapter = adapter_get("cdek")

    # when
    pushed = adapter.push_parse(
        factory.post(
            "/carriers/cdek/webhook/?secret=cdek-hook",
            body,
            content_type="application/json",
        )
    )

    # then
    assert [(n, u.status, u.occurred_at) for n, u in pushed] == [
        (
            "1106207236",
            TrackingStatus.DELIVERED,
            datetime(2026, 3, 5, 14, 12, 9, tzinfo=MSK),
        )
    ]
    with pytest.raises(PushSignatureError):
        adapter.push_parse(
            factory.post(
                "/carriers/cdek/webhook/?secret=guess",
                body,
                content_type="application/json",
            )
        )
    with pytest.raises(PushMalformedError):
        adapter.push_parse(
            factory.post(
                "/carriers/cdek/webhook/?secret=cdek-hook",
                b'{"type": "ORDER_STATUS", "attributes": {}}',
                content_type="application/json",
            )
        )


def test_cdek_delivery_points_are_read(carriers):
    # given
    carriers.expect_request("/v2/oauth/token", method="POST").respond_with_data(
        payload("cdek/token.json"), content_type="application/json"
    )
    carriers.expect_request(
        "/v2/deliverypoints", query_string={"country_code": "RU", "type": "ALL"}
    ).respond_with_data(
        payload("cdek/deliverypoints_first.json"), content_type="application/json"
    )

    # when
    rows = adapter_get("cdek").pickup_points_fetch(countries=["RU"])

    # then
    assert [(r.code, r.city, r.address, r.postcode) for r in rows] == [
        ("MSK27", "Москва", "Балаклавский пр-т, 5", "117545"),
        ("MSK95", "Москва", "Тверская ул., 7", "125009"),
    ]
    assert rows[0].opening_hours == "Пн-Пт 10:00-20:00, Сб-Вс 10:00-18:00"  # noqa: RUF001


def russian_post_answers(httpserver, name: str, status: int = 200) -> None:
    httpserver.expect_request(
        "/rtm34",
        method="POST",
        headers={"Content-Type": "application/soap+xml; charset=utf-8"},
    ).respond_with_data(
        payload(f"russian_post/{name}"),
        status=status,
        content_type="application/soap+xml",
    )


def test_russian_post_delivered_item(carriers):
    # given
    russian_post_answers(carriers, "delivered.xml")

    # when
    updates = adapter_get("russian-post").events_fetch(tracking_number="80082396540001")

    # then
    assert [(u.status, u.carrier_code, u.location) for u in updates] == [
        (TrackingStatus.IN_TRANSIT, "1.1", "101000 Москва Почтамт"),
        (TrackingStatus.IN_TRANSIT, "8.0", "140961 Московский АСЦ Цех Посылок"),
        (TrackingStatus.READY_FOR_PICKUP, "8.2", "125009 Москва 125009"),
        (TrackingStatus.DELIVERED, "2.1", "125009 Москва 125009"),
    ]
    assert updates[-1].occurred_at == datetime(2026, 3, 4, 16, 22, tzinfo=MSK)
    assert updates[-1].description == "Вручение адресату"
    body = carriers.log[0][0].get_data(as_text=True)
    assert "<data:Barcode>80082396540001</data:Barcode>" in body
    assert "<data:login>shop</data:login>" in body


def test_russian_post_in_transit_and_returned_items(carriers):
    russian_post_answers(carriers, "in_transit.xml")
    in_transit = adapter_get("russian-post").events_fetch(tracking_number="1")
    carriers.clear()
    russian_post_answers(carriers, "returned.xml")
    returned = adapter_get("russian-post").events_fetch(tracking_number="1")

    assert [u.status for u in in_transit] == [TrackingStatus.IN_TRANSIT] * 2
    assert returned[-1].status == TrackingStatus.RETURNED
    assert returned[-1].description == "Истек срок хранения"


def test_russian_post_fault_is_a_carrier_error_and_it_pushes_nothing(carriers):
    russian_post_answers(carriers, "fault.xml", status=500)
    adapter = adapter_get("russian-post")

    with pytest.raises(CarrierError, match="Ошибка авторизации"):
        adapter.events_fetch(tracking_number="80082396540001")
    with pytest.raises(PushNotSupportedError):
        adapter.push_parse(RequestFactory().post("/", b"<x/>", content_type="text/xml"))


def cj_answers(httpserver, number: str, name: str) -> None:
    httpserver.expect_request(
        "/ko/tool/parcel/tracking-detail",
        method="POST",
        data=f"paramInvcNo={number}",
    ).respond_with_data(
        payload(f"cj_logistics/{name}"), content_type="application/json"
    )


def test_cj_delivered_in_transit_and_returned_parcels(carriers):
    # given
    cj_answers(carriers, "600000000001", "delivered.json")
    cj_answers(carriers, "600000000002", "in_transit.json")
    cj_answers(carriers, "600000000003", "returned.json")
    adapter = adapter_get("cj-logistics")

    # when
    delivered = adapter.events_fetch(tracking_number="600000000001")
    in_transit = adapter.events_fetch(tracking_number="600000000002")
    returned = adapter.events_fetch(tracking_number="600000000003")

    # then
    assert [(u.status, u.description, u.location) for u in delivered] == [
        (TrackingStatus.IN_TRANSIT, "집화처리", "서울성수"),
        (TrackingStatus.IN_TRANSIT, "간선하차", "곤지암Hub"),
        (TrackingStatus.OUT_FOR_DELIVERY, "배송출발", "제주연동"),
        (TrackingStatus.DELIVERED, "배송완료", "제주연동"),
    ]
    assert delivered[-1].occurred_at == datetime(2026, 3, 3, 14, 5, 33, tzinfo=KST)
    assert [u.status for u in in_transit] == [TrackingStatus.IN_TRANSIT] * 2
    assert returned[-1].status == TrackingStatus.RETURNED


def test_cj_unknown_parcel_is_a_carrier_error(carriers):
    cj_answers(carriers, "600000000009", "not_found.json")

    with pytest.raises(CarrierError, match="no such parcel"):
        adapter_get("cj-logistics").events_fetch(tracking_number="600000000009")


def test_cj_push_needs_the_shared_secret_header(carriers):
    factory = RequestFactory()
    body = payload("cj_logistics/delivered.json")
    adapter = adapter_get("cj-logistics")

    pushed = adapter.push_parse(
        factory.post(
            "/", body, content_type="application/json", HTTP_X_WEBHOOK_SECRET="cj-hook"
        )
    )

    assert {number for number, _update in pushed} == {"600000000001"}
    assert len(pushed) == 4
    with pytest.raises(PushSignatureError):
        adapter.push_parse(factory.post("/", body, content_type="application/json"))


def dhl_answers(httpserver, number: str, name: str, status: int = 200) -> None:
    httpserver.expect_request(
        "/track/shipments",
        query_string={"trackingNumber": number},
        headers={"DHL-API-Key": "dhl-key"},
    ).respond_with_data(
        payload(f"dhl/{name}"), status=status, content_type="application/json"
    )


def test_dhl_delivered_in_transit_and_returned_shipments(carriers):
    # given
    dhl_answers(carriers, "3400000001", "delivered.json")
    dhl_answers(carriers, "3400000002", "in_transit.json")
    dhl_answers(carriers, "3400000003", "returned.json")
    adapter = adapter_get("dhl")

    # when
    delivered = adapter.events_fetch(tracking_number="3400000001")
    in_transit = adapter.events_fetch(tracking_number="3400000002")
    returned = adapter.events_fetch(tracking_number="3400000003")

    # then
    assert [(u.status, u.carrier_code) for u in delivered] == [
        (TrackingStatus.DELIVERED, "OK"),
        (TrackingStatus.IN_TRANSIT, "WC"),
        (TrackingStatus.IN_TRANSIT, "PL"),
        (TrackingStatus.INFO_RECEIVED, "PU"),
    ]
    assert delivered[0].occurred_at == datetime(2026, 3, 4, 2, 20, tzinfo=UTC)
    assert delivered[2].location == "LEIPZIG - GERMANY"
    assert [u.status for u in in_transit] == [
        TrackingStatus.IN_TRANSIT,
        TrackingStatus.INFO_RECEIVED,
    ]
    assert [u.status for u in returned] == [
        TrackingStatus.RETURNED,
        TrackingStatus.EXCEPTION,
    ]
    assert returned[0].occurred_at == datetime(2026, 3, 12, 10, tzinfo=EET)


def test_dhl_unknown_shipment_is_a_carrier_error(carriers):
    dhl_answers(carriers, "3400000009", "not_found.json", status=404)

    with pytest.raises(CarrierError, match="No shipment with given tracking number"):
        adapter_get("dhl").events_fetch(tracking_number="3400000009")


def test_dhl_push_needs_the_subscription_token(carriers):
    factory = RequestFactory()
    body = payload("dhl/in_transit.json")
    adapter = adapter_get("dhl")

    pushed = adapter.push_parse(
        factory.post(
            "/", body, content_type="application/json", HTTP_X_PUSH_TOKEN="dhl-hook"
        )
    )

    assert [(n, u.carrier_code) for n, u in pushed] == [
        ("3400000002", "PL"),
        ("3400000002", "PU"),
    ]
    with pytest.raises(PushSignatureError):
        adapter.push_parse(
            factory.post(
                "/", body, content_type="application/json", HTTP_X_PUSH_TOKEN="dhl"
            )
        )
    with pytest.raises(PushMalformedError):
        adapter.push_parse(
            factory.post(
                "/",
                b"not json",
                content_type="application/json",
                HTTP_X_PUSH_TOKEN="dhl-hook",
            )
        )


def test_a_carrier_error_is_raised_when_the_server_is_down(settings):
    settings.MARKETPLACE_CARRIERS = {"dhl": {"base_url": "http://127.0.0.1:9"}}

    with pytest.raises(CarrierError, match="dhl"):
        adapter_get("dhl").events_fetch(tracking_number="3400000001")
