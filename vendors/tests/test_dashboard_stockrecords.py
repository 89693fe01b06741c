"""In the dashboard, a stock record is priced in one market, in its currency."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import UserFactory, create_product

StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db


def test_stock_record_takes_the_currency_of_its_market():
    # given
    product = create_product(title="Чай", price="300.00", num_in_stock=3)
    staff = UserFactory(is_staff=True)
    form = StockRecordForm(
        product.product_class,
        staff,
        data={
            "partner": Partner.objects.get().pk,
            "market": "KR",
            "partner_sku": "TEA-KR",
            "price": "5000",
            "num_in_stock": "7",
        },
    )

    # when
    assert form.is_valid(), form.errors
    record = form.save(commit=False)

    # then
    assert (record.market_id, record.price_currency) == ("KR", "KRW")


def test_product_page_of_the_dashboard_asks_for_the_market(client):
    # given
    product = create_product(title="Чай", price="300.00", num_in_stock=3)
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    client.force_login(staff)

    # when
    response = client.get(
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    )

    # then
    html = response.content.decode()
    assert 'name="stockrecords-0-market"' in html
    assert 'name="stockrecords-0-price_currency"' not in html


def test_stock_record_in_another_currency_than_its_market_is_refused():
    # given: a Korean offer priced in roubles
    product = create_product(title="Чай", price="300.00", num_in_stock=3)
    record = product.stockrecords.get()
    record.market_id = "KR"

    # when / then
    with pytest.raises(ValidationError, match="KRW"):
        record.full_clean()
