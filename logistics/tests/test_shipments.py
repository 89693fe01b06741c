"""A vendor ships its part with a carrier's tracking number, checked by format."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from orders.services import order_notifications_relay, order_part_transition

Carrier = get_model("shipping", "Carrier")
OrderNotification = get_model("order", "OrderNotification")
Shipment = get_model("shipping", "Shipment")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "number", "cleaned"),
    [
        ("cdek", "1234567890", "1234567890"),
        ("russian-post", "800 823 965 421 37", "80082396542137"),
        ("russian-post", "ra123456785ru", "RA123456785RU"),
        ("cj-logistics", "1234-5678-9012", "123456789012"),
        ("korea-post", "6071234567890", "6071234567890"),
        ("dhl", "12345 67890", "1234567890"),
    ],
)
def test_a_carriers_tracking_number_is_accepted_as_it_writes_it(code, number, cleaned):
    assert Carrier.objects.get(code=code).tracking_number_clean(number) == cleaned


@pytest.mark.parametrize(
    ("code", "number"),
    [
        ("cdek", "12345"),
        ("russian-post", "RA12345678RU"),
        ("cj-logistics", "12345678901"),
        ("korea-post", "607123456789"),
        ("dhl", "JD0123456789"),
    ],
)
def test_a_number_of_another_format_is_refused_with_an_example(code, number):
    carrier = Carrier.objects.get(code=code)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        carrier.tracking_number_clean(number)
    assert carrier.tracking_number_example in refused.value.messages[0]


@pytest.fixture
def packed_order(make_seller, place_order):
    """An order whose part of the honey vendor is packed, and its owner."""
    owner = make_seller("Медовая заимка", email="honey@example.com")
    honey = create_product(
        title="Мёд липовый",
        price="1220.00",
        partner_name="Медовая заимка",
        num_in_stock=10,
    )
    order = place_order([(honey, 2)])
    part = order.parts.get()
    for status in ("accepted", "packed"):
        order_part_transition(part_id=part.pk, to_status=status)
    return owner, order, part


def ship(client, order, carrier: str, number: str):
    with translation.override("ru"):
        url = reverse("seller_shipping:ship", kwargs={"number": order.number})
    return client.post(
        url,
        {"carrier": Carrier.objects.get(code=carrier).pk, "tracking_number": number},
        follow=True,
    )


def test_the_vendor_ships_with_a_checked_tracking_number(
    client, packed_order, settings
):
    # given
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    owner, order, part = packed_order
    client.force_login(owner.user)

    # when: a mistyped number first, then the right one
    refused = ship(client, order, "russian-post", "RA12345RU")
    shipped = ship(client, order, "russian-post", "ra 123456785 ru")

    # then
    assert "RA123456785RU" not in refused.content.decode()
    assert "Это не трек-номер перевозчика «Почта России»" in refused.content.decode()
    part.refresh_from_db()
    assert part.status == "shipped"
    shipment = part.shipments.get()
    assert (shipment.carrier.code, shipment.tracking_number) == (
        "russian-post",
        "RA123456785RU",
    )
    assert "трек-номер RA123456785RU" in shipped.content.decode()
    assert order.lines.get().stockrecord.num_in_stock == 8
    mail.outbox.clear()
    order_notifications_relay()
    to_shopper = next(
        m for m in mail.outbox if m.to == [order.email] and "RA123456785RU" in m.body
    )
    assert "https://www.pochta.ru/tracking?barcode=RA123456785RU" in to_shopper.body


def test_a_part_not_packed_yet_is_not_shipped(client, make_seller, place_order):
    # given: a part just placed
    owner = make_seller("Медовая заимка", email="honey@example.com")
    honey = create_product(
        title="Мёд", price="1000.00", partner_name="Медовая заимка", num_in_stock=10
    )
    order = place_order([(honey, 1)])
    client.force_login(owner.user)

    # when
    response = ship(client, order, "cdek", "1234567890")

    # then
    assert order.parts.get().status == "placed"
    assert not Shipment.objects.exists()
    assert "перевести её в «Отправлен» нельзя" in response.content.decode()


def test_the_shopper_sees_the_parcel_and_its_tracking_link(
    client, packed_order, django_user_model
):
    # given: the order belongs to a signed-in shopper
    owner, order, _part = packed_order
    client.force_login(owner.user)
    ship(client, order, "cdek", "1234567890")
    client.force_login(order.user)

    # when
    with translation.override("ru"):
        page = client.get(
            reverse("customer:order", kwargs={"order_number": order.number})
        ).content.decode()

    # then
    assert "Отправлено через CDEK, трек-номер 1234567890" in page
    assert 'href="https://www.cdek.ru/ru/tracking?order_id=1234567890"' in page


def test_another_vendor_cannot_ship_the_part(client, packed_order, make_seller):
    # given
    _owner, order, part = packed_order
    rival = make_seller("Пасека соседа", email="rival@example.com")
    client.force_login(rival.user)

    # when
    with translation.override("ru"):
        response = client.post(
            reverse("seller_shipping:ship", kwargs={"number": order.number}),
            {
                "carrier": Carrier.objects.get(code="cdek").pk,
                "tracking_number": "1234567890",
            },
        )

    # then
    assert response.status_code == 404
    part.refresh_from_db()
    assert part.status == "packed"
