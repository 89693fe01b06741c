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
