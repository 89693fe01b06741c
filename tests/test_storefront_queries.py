"""Query counts of the storefront's main pages do not grow with the products shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation


def count_queries(client, url: str) -> int:
    client.get(url, follow=True)  # warm what fills once (thumbnails, category URLs)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, follow=True)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "catalogue", "category", "search"])
def test_list_page_queries_do_not_grow_with_products(
    client, category, make_products, page
):
    # given
    with translation.override("ru"):
        url = {
            "home": "/ru/",
            "catalogue": reverse("catalogue:index"),
            "category": category.get_absolute_url(),
            "search": reverse("search:search") + "?q=Книга",
        }[page]
    make_products(2)
    few = count_queries(client, url)

    # when
    make_products(10)

    # then
    assert count_queries(client, url) == few


@pytest.mark.django_db
def test_product_page_queries_do_not_grow_with_other_products(client, make_products):
    # given: enough products in its category to fill the related products
    first, *_ = make_products(5)
    with translation.override("ru"):
        url = first.get_absolute_url()
    few = count_queries(client, url)

    # when
    make_products(15)

    # then
    assert count_queries(client, url) == few


def basket_of(client, products) -> None:
    with translation.override("ru"):
        for product in products:
            client.post(
                reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}
            )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["basket:summary", "checkout:shipping-method", "checkout:preview"]
)
def test_basket_and_checkout_queries_do_not_grow_with_lines_or_vendors(
    client, category, page
):
    # given: a basket of one product, and one of six products of three vendors,
    # each vendor delivering two ways
    from oscar.test.factories import create_product

    from conftest import vendor_delivers
    from tests.checkout import CASH_ON_DELIVERY, MOSCOW

    def products(count: int, start: int):
        made = []
        for index in range(start, start + count):
            product = create_product(
                title=f"Товар {index}",
                price="990.00",
                num_in_stock=10,
                partner_name=f"Лавка {index % 3}",
            )
            # Two ways each, so the shipping-method step is shown.
            record = product.stockrecords.get()
            vendor_delivers(record.partner, record.market, charge="300")
            vendor_delivers(record.partner, record.market, service="Post")
            made.append(product)
        return made

    with translation.override("ru"):
        url = reverse(page)
        steps = {
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "preview": reverse("checkout:preview"),
        }
    basket_of(client, products(1, 0))
    client.post(
        steps["gateway"], {"username": "anna@example.com", "options": "anonymous"}
    )
    client.post(steps["address"], MOSCOW, follow=True)
    client.post(steps["preview"], CASH_ON_DELIVERY)
    few = count_queries(client, url)

    # when
    basket_of(client, products(5, 1))

    # then
    assert count_queries(client, url) == few
