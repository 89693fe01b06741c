"""Sellers see and fulfil their own part of each order, never another vendor's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

Carrier = get_model("shipping", "Carrier")

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey_and_tea(make_seller):
    """Two vendors, each with its owner and a product on sale in Russia."""
    honey_owner = make_seller("Медовая заимка", email="honey@example.com")
    tea_owner = make_seller("Чайный дом", email="tea@example.com")
    honey = create_product(
        title="Мёд липовый",
        price="1220.00",
        partner_name="Медовая заимка",
        num_in_stock=100,
    )
    tea = create_product(
        title="Чай иван-чай",
        price="500.00",
        partner_name="Чайный дом",
        num_in_stock=100,
    )
    return honey_owner, tea_owner, honey, tea


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"seller_orders:{name}", kwargs=kwargs)


def test_each_vendor_sees_only_its_own_lines_and_subtotal_of_a_shared_order(
    client, honey_and_tea, place_order
):
    # given: one order with 2 jars of honey and 3 packs of tea
    honey_owner, tea_owner, honey, tea = honey_and_tea
    order = place_order([(honey, 2), (tea, 3)])

    # when
    client.force_login(honey_owner.user)
    honey_page = client.get(url("list")).content.decode()
    client.force_login(tea_owner.user)
    tea_page = client.get(url("list")).content.decode()

    # then: honey 2 x 1 220 = 2 440 ₽, tea 3 x 500 = 1 500 ₽; the order is 3 940 ₽
    assert f"#{order.number}" in honey_page
    assert "Мёд липовый" in honey_page
    assert "Чай иван-чай" not in honey_page
    assert "2,440" in honey_page
    assert "1,500" not in honey_page
    assert "3,940" not in honey_page
    assert f"#{order.number}" in tea_page
    assert "Чай иван-чай" in tea_page
    assert "Мёд липовый" not in tea_page
    assert "1,500" in tea_page
    assert "2,440" not in tea_page


def test_order_page_shows_own_lines_and_shipping_address_in_russian(
    client, honey_and_tea, place_order
):
    # given
    honey_owner, _tea_owner, honey, tea = honey_and_tea
    order = place_order([(honey, 1), (tea, 1)])
    client.force_login(honey_owner.user)

    # when
    response = client.get(url("detail", "ru", number=order.number))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Мёд липовый" in html
    assert "Чай иван-чай" not in html
    assert "1\xa0220\xa0₽" in html
    assert "Тверская, 1" in html
    assert "125009" in html
    assert "Адрес доставки" in html


def test_order_without_the_vendors_lines_is_not_found(
    client, honey_and_tea, place_order
):
    # given: an order of tea only
    honey_owner, _tea_owner, _honey, tea = honey_and_tea
    order = place_order([(tea, 1)])
    client.force_login(honey_owner.user)

    # when
    detail = client.get(url("detail", number=order.number))
    listing = client.get(url("list")).content.decode()

    # then
    assert detail.status_code == 404
    assert f"#{order.number}" not in listing


def test_staff_member_sees_the_vendors_orders_newest_first(
    client, honey_and_tea, make_seller, place_order
):
    # given: a staff member of the honey vendor, an older and a newer order
    _honey_owner, _tea_owner, honey, _tea = honey_and_tea
    staff = make_seller("Медовая заимка", email="staff@example.com", role="staff")
    now = timezone.now()
    older = place_order([(honey, 1)], placed=now - datetime.timedelta(days=2))
    newer = place_order([(honey, 1)], placed=now - datetime.timedelta(hours=1))
    client.force_login(staff.user)

    # when
    response = client.get(url("list"))

    # then
    assert [part.order.number for part in response.context["parts"]] == [
        newer.number,
        older.number,
    ]


def test_order_list_is_paginated(client, honey_and_tea, place_order):
    # given: 21 orders, 20 to a page
    honey_owner, _tea_owner, honey, _tea = honey_and_tea
    for _ in range(21):
        place_order([(honey, 1)])
    client.force_login(honey_owner.user)

    # when
    first = client.get(url("list"))
    second = client.get(url("list") + "?page=2")

    # then
    assert len(first.context["parts"]) == 20
    assert len(second.context["parts"]) == 1
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("orders", [1, 6])
def test_order_list_runs_the_same_queries_whatever_the_orders_and_lines(
    client, honey_and_tea, place_order, django_assert_num_queries, orders
):
    # given: orders of one or of several lines of the vendor's
    honey_owner, _tea_owner, honey, tea = honey_and_tea
    second_honey = create_product(
        title="Мёд гречишный",
        price="900.00",
        partner_name="Медовая заимка",
        num_in_stock=100,
    )
    for index in range(orders):
        place_order([(honey, 1), (second_honey, index + 1), (tea, 1)])
    client.force_login(honey_owner.user)
    page = url("list")
    client.get(page)  # the first visit opens a basket and caches the menus

    # when / then: the market, session, user, the second factor's device,
    # membership, notifications, basket and its lines (3), then the count,
    # the orders and their lines
    with django_assert_num_queries(12):
        response = client.get(page)
    assert len(response.context["parts"]) == orders


def step(client, number: str, to_status: str, note: str = ""):
    return client.post(
        url("transition", "ru", number=number),
        {"to_status": to_status, "note": note},
        follow=True,
    )


def test_vendor_accepts_packs_ships_and_delivers_its_part(
    client, honey_and_tea, place_order
):
    # given: a shared order; the honey vendor handles its part
    honey_owner, _tea_owner, honey, tea = honey_and_tea
    order = place_order([(honey, 1), (tea, 1)])
    client.force_login(honey_owner.user)

    # when: shipping asks for the parcel's carrier and tracking number
    pages = [step(client, order.number, status) for status in ("accepted", "packed")]
    with translation.override("ru"):
        ship_url = reverse("seller_shipping:ship", kwargs={"number": order.number})
    pages.append(
        client.post(
            ship_url,
            {
                "carrier": Carrier.objects.get(code="cdek").pk,
                "tracking_number": "1234567890",
            },
        )
    )
    pages.append(step(client, order.number, "delivered"))

    # then: its part is delivered, the tea part untouched, each step recorded
    html = pages[-1].content.decode()
    assert "Доставлен" in html
    honey_part = order.parts.get(vendor=honey_owner.partner)
    assert honey_part.status == "delivered"
    assert list(honey_part.events.values_list("to_status", "actor")) == [
        (status, honey_owner.user.pk)
        for status in ("accepted", "packed", "shipped", "delivered")
    ]
    assert order.parts.exclude(pk=honey_part.pk).get().status == "placed"


def test_cancelling_asks_the_reason_and_then_releases_the_stock(
    client, honey_and_tea, place_order
):
    # given
    honey_owner, _tea_owner, honey, _tea = honey_and_tea
    honey.stockrecords.update(num_in_stock=5)
    order = place_order([(honey, 2)])
    client.force_login(honey_owner.user)

    # when
    without_reason = step(client, order.number, "cancelled")
    with_reason = step(client, order.number, "cancelled", "Пчёлы не успели")

    # then
    assert "Укажите причину отмены" in without_reason.content.decode()
    assert "Пчёлы не успели" in with_reason.content.decode()
    part = order.parts.get()
    assert part.status == "cancelled"
    assert honey.stockrecords.get().num_allocated == 0


def test_a_step_the_table_does_not_allow_changes_nothing(
    client, honey_and_tea, place_order
):
    # given: a part just placed
    honey_owner, _tea_owner, honey, _tea = honey_and_tea
    order = place_order([(honey, 1)])
    client.force_login(honey_owner.user)

    # when: it is marked delivered straight away
    response = step(client, order.number, "delivered")

    # then
    assert order.parts.get().status == "placed"
    assert "Этот шаг сейчас невозможен" in response.content.decode()


def test_packing_slip_lists_the_parts_lines_and_the_address(
    client, honey_and_tea, place_order
):
    # given
    honey_owner, _tea_owner, honey, tea = honey_and_tea
    order = place_order([(honey, 3), (tea, 1)])
    client.force_login(honey_owner.user)

    # when
    html = client.get(url("packing-slip", "ru", number=order.number)).content.decode()

    # then
    assert "Мёд липовый" in html
    assert "Чай иван-чай" not in html
    assert "Тверская, 1" in html
