"""One order, one part per vendor: each with its own lines, status and history."""

import importlib

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from orders.exceptions import OrderPartReasonRequiredError, OrderPartTransitionError
from orders.models import OrderPartStatus, OrderStatus
from orders.services import order_part_transition, order_status_for_parts
from orders.signals import order_part_status_changed

Basket = get_model("basket", "Basket")
Market = get_model("catalogue", "Market")
OrderPart = get_model("order", "OrderPart")
OrderPartEvent = get_model("order", "OrderPartEvent")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Free = get_class("shipping.methods", "Free")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db


def product_of(vendor_name: str, title: str, *, stock: int = 10):
    return create_product(
        title=title, price="1000.00", num_in_stock=stock, partner_name=vendor_name
    )


def place(*items, user=None):
    """Place one order of (product, quantity) items in Russia."""
    market = Market.objects.get(pk="RU")
    basket = Basket.objects.create(market=market)
    basket.strategy = Selector().strategy(market=market)
    for product, quantity in items:
        basket.add_product(product, quantity)
    shipping = Free().calculate(basket)
    return OrderCreator().place_order(
        user=user,
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping),
        shipping_method=Free(),
        shipping_charge=shipping,
    )


@pytest.fixture
def two_vendor_order():
    samovar = product_of("Тульские самовары", "Самовар", stock=5)
    tray = product_of("Тульские самовары", "Поднос")
    honey = product_of("Медовая заимка", "Мёд")
    return place((samovar, 2), (honey, 1), (tray, 1))


def test_an_order_of_two_vendors_has_one_part_each_with_its_own_lines(
    two_vendor_order,
):
    # when
    parts = {
        part.vendor.name: sorted(line.title for line in part.lines.all())
        for part in two_vendor_order.parts.all()
    }

    # then
    assert parts == {
        "Тульские самовары": ["Поднос", "Самовар"],
        "Медовая заимка": ["Мёд"],
    }
    assert set(two_vendor_order.parts.values_list("status", flat=True)) == {
        OrderPartStatus.PLACED
    }


def test_a_part_moves_only_as_the_table_allows(two_vendor_order):
    # given
    part = two_vendor_order.parts.first()

    # when, then: no shipping before it is accepted and packed
    with (
        translation.override("en"),
        pytest.raises(OrderPartTransitionError, match="“Placed”; it cannot become"),
    ):
        order_part_transition(part_id=part.pk, to_status=OrderPartStatus.SHIPPED)
    part.refresh_from_db()
    assert part.status == OrderPartStatus.PLACED
    assert not part.events.exists()


def test_cancelling_needs_a_reason_and_releases_the_parts_stock(two_vendor_order):
    # given
    part = two_vendor_order.parts.get(vendor__name="Тульские самовары")
    samovar = StockRecord.objects.get(product__title="Самовар")
    assert samovar.num_allocated == 2

    # when
    with pytest.raises(OrderPartReasonRequiredError):
        order_part_transition(part_id=part.pk, to_status=OrderPartStatus.CANCELLED)
    order_part_transition(
        part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Нет в наличии"
    )

    # then
    samovar.refresh_from_db()
    assert samovar.num_allocated == 0
    assert samovar.num_in_stock == 5
    honey = StockRecord.objects.get(product__title="Мёд")
    assert honey.num_allocated == 1
    event = part.events.get()
    assert (event.from_status, event.to_status, event.note) == (
        OrderPartStatus.PLACED,
        OrderPartStatus.CANCELLED,
        "Нет в наличии",
    )


def test_shipping_takes_the_shipped_units_out_of_stock(
    two_vendor_order, django_user_model
):
    # given
    part = two_vendor_order.parts.get(vendor__name="Тульские самовары")
    packer = django_user_model.objects.create_user(
        username="packer", password="x-12345678"
    )

    # when
    for status in (
        OrderPartStatus.ACCEPTED,
        OrderPartStatus.PACKED,
        OrderPartStatus.SHIPPED,
    ):
        order_part_transition(part_id=part.pk, to_status=status, actor=packer)

    # then
    samovar = StockRecord.objects.get(product__title="Самовар")
    assert (samovar.num_in_stock, samovar.num_allocated) == (3, 0)
    assert list(part.events.values_list("to_status", "actor")) == [
        (OrderPartStatus.ACCEPTED, packer.pk),
        (OrderPartStatus.PACKED, packer.pk),
        (OrderPartStatus.SHIPPED, packer.pk),
    ]


def test_the_order_status_follows_its_parts(two_vendor_order):
    # given
    samovars = two_vendor_order.parts.get(vendor__name="Тульские самовары")
    honey = two_vendor_order.parts.get(vendor__name="Медовая заимка")

    # when: one part is delivered, the other cancelled
    order_part_transition(part_id=samovars.pk, to_status=OrderPartStatus.ACCEPTED)
    two_vendor_order.refresh_from_db()
    after_accept = two_vendor_order.status
    for status in (
        OrderPartStatus.PACKED,
        OrderPartStatus.SHIPPED,
        OrderPartStatus.DELIVERED,
    ):
        order_part_transition(part_id=samovars.pk, to_status=status)
    order_part_transition(
        part_id=honey.pk, to_status=OrderPartStatus.CANCELLED, note="Закончился"
    )

    # then
    two_vendor_order.refresh_from_db()
    assert after_accept == OrderStatus.BEING_PROCESSED
    assert two_vendor_order.status == OrderStatus.COMPLETE


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["placed", "placed"], OrderStatus.PENDING),
        (["placed", "accepted"], OrderStatus.BEING_PROCESSED),
        (["cancelled", "cancelled"], OrderStatus.CANCELLED),
        (["delivered", "cancelled"], OrderStatus.COMPLETE),
        (["shipped", "cancelled"], OrderStatus.BEING_PROCESSED),
        (["placed", "cancelled"], OrderStatus.BEING_PROCESSED),
    ],
)
def test_order_status_for_parts(statuses, expected):
    assert order_status_for_parts(statuses) == expected


def test_a_cancelled_part_tells_other_apps_after_commit(
    two_vendor_order, django_capture_on_commit_callbacks
):
    # given
    part = two_vendor_order.parts.first()
    received = []

    def listener(**kwargs):
        received.append((kwargs["part_id"], kwargs["to_status"]))

    order_part_status_changed.connect(listener)
    try:
        # when
        with django_capture_on_commit_callbacks(execute=True):
            order_part_transition(
                part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Ошибка"
            )
    finally:
        order_part_status_changed.disconnect(listener)

    # then
    assert received == [(part.pk, OrderPartStatus.CANCELLED)]


def test_a_parts_history_cannot_be_changed(two_vendor_order):
    # given
    part = two_vendor_order.parts.first()
    order_part_transition(part_id=part.pk, to_status=OrderPartStatus.ACCEPTED)
    event = part.events.get()

    # when, then
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        OrderPartEvent.objects.filter(pk=event.pk).update(note="подделка")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        OrderPartEvent.objects.filter(pk=event.pk).delete()


def test_orders_placed_before_parts_get_a_part_per_vendor(two_vendor_order):
    # given: the order as it was before parts existed, being processed
    two_vendor_order.lines.update(part=None)
    two_vendor_order.parts.all().delete()
    two_vendor_order.__class__.objects.filter(pk=two_vendor_order.pk).update(
        status=OrderStatus.BEING_PROCESSED
    )
    migration = importlib.import_module(
        "orders.migrations.0026_order_parts_of_earlier_orders"
    )

    # when: the data migration runs, twice
    migration.create_parts(apps, None)
    migration.create_parts(apps, None)

    # then
    parts = two_vendor_order.parts.all()
    assert {part.vendor.name: part.lines.count() for part in parts} == {
        "Тульские самовары": 2,
        "Медовая заимка": 1,
    }
    assert {part.status for part in parts} == {OrderPartStatus.ACCEPTED}


def order_page(client, order):
    with translation.override("ru"):
        return client.get(
            reverse("customer:order", kwargs={"order_number": order.number})
        )


def test_the_shoppers_order_page_shows_each_vendors_part_and_its_status(
    client, django_user_model
):
    # given
    shopper = django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )
    samovar = product_of("Тульские самовары", "Самовар")
    honey = product_of("Медовая заимка", "Мёд")
    order = place((samovar, 1), (honey, 1), user=shopper)
    honey_part = order.parts.get(vendor__name="Медовая заимка")
    order_part_transition(
        part_id=honey_part.pk, to_status=OrderPartStatus.CANCELLED, note="Закончился"
    )
    client.force_login(shopper)

    # when
    html = order_page(client, order).content.decode()

    # then
    assert "Продавец: Тульские самовары · Оформлен" in html
    assert "Продавец: Медовая заимка · Отменён" in html


def test_the_order_page_queries_do_not_grow_with_vendors_or_lines(
    client, django_user_model, django_assert_max_num_queries
):
    # given: an order of one line, and one of six lines from three vendors
    shopper = django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )
    client.force_login(shopper)
    small = place((product_of("Лавка 1", "Товар 0"), 1), user=shopper)
    large = place(
        *[
            (product_of(f"Лавка {index % 3}", f"Товар {index + 1}"), 1)
            for index in range(6)
        ],
        user=shopper,
    )
    order_page(client, small)
    with CaptureQueriesContext(connection) as baseline:
        order_page(client, small)

    # when, then
    with django_assert_max_num_queries(len(baseline)):
        response = order_page(client, large)
    assert response.status_code == 200


def test_the_shopper_cancels_a_sellers_part_before_it_ships(client, django_user_model):
    # given: one part still placed, the other shipped
    shopper = django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )
    samovar = product_of("Тульские самовары", "Самовар", stock=3)
    honey = product_of("Медовая заимка", "Мёд")
    order = place((samovar, 1), (honey, 1), user=shopper)
    samovars = order.parts.get(vendor__name="Тульские самовары")
    shipped = order.parts.get(vendor__name="Медовая заимка")
    for status in ("accepted", "packed", "shipped"):
        order_part_transition(part_id=shipped.pk, to_status=status)
    client.force_login(shopper)

    def cancel(part, reason):
        with translation.override("ru"):
            url = reverse(
                "customer:order-part-cancel",
                kwargs={"order_number": order.number, "part_id": part.pk},
            )
        return client.post(url, {"reason": reason}, follow=True)

    # when
    page = order_page(client, order).content.decode()
    without_reason = cancel(samovars, "")
    cancelled = cancel(samovars, "Передумала")
    too_late = cancel(shipped, "Передумала")

    # then: only the unshipped part offers and takes the cancellation
    assert page.count("Отменить эту часть") == 1
    assert "Напишите, почему вы отменяете" in without_reason.content.decode()
    samovars.refresh_from_db()
    shipped.refresh_from_db()
    assert samovars.status == "cancelled"
    assert samovars.events.get().note == "Передумала"
    assert "Продавец: Тульские самовары · Отменён" in cancelled.content.decode()
    assert shipped.status == "shipped"
    assert "нельзя" in too_late.content.decode()
    assert StockRecord.objects.get(product=samovar).num_allocated == 0


def test_a_shopper_cannot_cancel_anothers_order(client, django_user_model):
    # given
    owner = django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )
    other = django_user_model.objects.create_user(
        username="boris", email="boris@example.com", password="pw-boris-12345"
    )
    order = place((product_of("Лавка", "Товар"), 1), user=owner)
    part = order.parts.get()
    client.force_login(other)

    # when
    with translation.override("ru"):
        response = client.post(
            reverse(
                "customer:order-part-cancel",
                kwargs={"order_number": order.number, "part_id": part.pk},
            ),
            {"reason": "Чужой"},
        )

    # then
    assert response.status_code == 404
    part.refresh_from_db()
    assert part.status == "placed"


def test_order_history_shows_each_part_and_its_queries_do_not_grow(
    client, django_user_model, django_assert_max_num_queries
):
    # given: one order, then four more of two vendors each
    shopper = django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )
    client.force_login(shopper)
    place((product_of("Лавка 0", "Товар 0"), 1), user=shopper)
    with translation.override("ru"):
        url = reverse("customer:order-list")
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for index in range(4):
        place(
            (product_of(f"Лавка {index + 1}", f"Товар {index + 1}"), 1),
            (product_of("Медовая заимка", f"Мёд {index}"), 2),
            user=shopper,
        )

    # when
    with django_assert_max_num_queries(len(baseline)):
        html = client.get(url).content.decode()

    # then
    assert html.count("Продавец: Медовая заимка · Оформлен") == 4
    assert "Продавец: Лавка 0 · Оформлен" in html
