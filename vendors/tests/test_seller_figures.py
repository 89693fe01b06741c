"""A seller's figures: revenue per currency, orders and units over 1, 7, 30 days."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from oscar.test.factories import create_product

from vendors.selectors import seller_sales_list, seller_top_product_list

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


def figures_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("vendors:seller-figures")


@pytest.fixture
def midnight() -> datetime.datetime:
    """The start of today in the site's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )


@pytest.fixture
def honey_sales(make_seller, sell_in, place_order, midnight):
    """The honey vendor's orders around the period boundaries, in RUB and KRW.

    Honey: 1 220 ₽ or ₩12,000 a jar; tea: 500 ₽ a pack; another vendor's
    jam (999 ₽) shares the first order.
    """
    owner = make_seller("Медовая заимка", email="honey@example.com")
    make_seller("Варенье", email="jam@example.com")
    honey = create_product(
        title="Мёд липовый",
        price="1220.00",
        partner_name="Медовая заимка",
        num_in_stock=100,
    )
    sell_in(honey, "KR", "12000", num_in_stock=100)
    tea = create_product(
        title="Иван-чай",
        price="500.00",
        partner_name="Медовая заимка",
        num_in_stock=100,
    )
    jam = create_product(
        title="Варенье", price="999.00", partner_name="Варенье", num_in_stock=100
    )
    seven = midnight - 6 * DAY
    thirty = midnight - 29 * DAY
    # today, at midnight exactly: 2 jars, and the other vendor's 7 jars of jam
    place_order([(honey, 2), (jam, 7)], placed=midnight)
    # a second before midnight: yesterday, within 7 days
    place_order([(honey, 1)], market="KR", placed=midnight - SECOND)
    # the first moment of the 7 days
    place_order([(tea, 3)], placed=seven)
    # a second before the 7 days: within 30 days
    place_order([(honey, 1)], placed=seven - SECOND)
    # the first moment of the 30 days
    place_order([(honey, 2)], market="KR", placed=thirty)
    # a second before the 30 days: never counted
    place_order([(honey, 5)], placed=thirty - SECOND)
    # cancelled today: never counted
    place_order([(honey, 4)], placed=midnight, status="Cancelled")
    return owner


def test_figures_per_period_and_currency(honey_sales):
    # given
    vendor = honey_sales.partner

    # when
    periods = seller_sales_list(vendor=vendor, now=timezone.now())

    # then
    figures = {
        period.days: (
            {price.currency: price.incl_tax for price in period.revenue},
            period.orders,
            period.units,
        )
        for period in periods
    }
    assert figures == {
        1: ({"RUB": Decimal("2440.00")}, 1, 2),
        7: ({"RUB": Decimal("3940.00"), "KRW": Decimal(12000)}, 3, 6),
        30: ({"RUB": Decimal("5160.00"), "KRW": Decimal(36000)}, 5, 9),
    }


def test_top_products_of_30_days_by_units_with_revenue(honey_sales):
    # given
    vendor = honey_sales.partner

    # when
    top = seller_top_product_list(vendor=vendor, now=timezone.now())

    # then: honey 2 + 1 + 1 + 2 jars, tea 3 packs; never the other vendor's jam
    assert [
        (
            each.product.get_title(),
            each.units,
            {price.currency: price.incl_tax for price in each.revenue},
        )
        for each in top
    ] == [
        ("Мёд липовый", 6, {"KRW": Decimal(36000), "RUB": Decimal("3660.00")}),
        ("Иван-чай", 3, {"RUB": Decimal("1500.00")}),
    ]


def test_figures_page_prints_money_in_the_page_language(client, honey_sales):
    # given
    client.force_login(honey_sales.user)

    # when
    ru = client.get(figures_url("ru")).content.decode()
    ko = client.get(figures_url("ko")).content.decode()

    # then
    assert "Сегодня" in ru
    assert "Последние 30 дней" in ru
    assert "5\xa0160\xa0₽" in ru
    assert "36\xa0000\xa0₩" in ru
    assert "Мёд липовый" in ru
    assert "Варенье" not in ru
    assert "₩36,000" in ko
    assert "최근 7일" in ko


def test_vendor_without_sales_sees_no_sales(client, make_seller):
    # given
    owner = make_seller("Пасека", email="bees@example.com")
    client.force_login(owner.user)

    # when
    response = client.get(figures_url())

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "No sales" in html
    assert "Nothing sold in this period yet." in html


def test_figures_page_queries_do_not_grow_with_the_sales(
    client, honey_sales, place_order, midnight
):
    # given: the page's queries with the sales above
    client.force_login(honey_sales.user)
    client.get(figures_url())  # the first visit opens a basket, caches menus
    with CaptureQueriesContext(connection) as before:
        client.get(figures_url())
    honey = honey_sales.partner.stockrecords.get(market_id="KR").product

    # when: many more orders
    for _ in range(10):
        place_order([(honey, 1)], market="KR", placed=midnight)
    with CaptureQueriesContext(connection) as after:
        response = client.get(figures_url())

    # then
    assert response.status_code == 200
    assert len(after) == len(before)
