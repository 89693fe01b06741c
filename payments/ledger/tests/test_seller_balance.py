"""The vendor's balance page and statement files in the seller dashboard, and
the commission of each line on its order page."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from oscar.core.loading import get_model

from payments.ledger.exports import statement_rows
from payments.ledger.models import LedgerEntryKind
from payments.ledger.services import (
    ledger_order_paid_record,
    ledger_part_delivered_record,
)
from payments.ledger.tests.conftest import CARD, CASH

CommissionRule = get_model("payment", "CommissionRule")
LedgerEntry = get_model("payment", "LedgerEntry")

pytestmark = pytest.mark.django_db

BAD_PERIOD = "Choose a month as year and month, for example 2026-11."


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"seller_ledger:{name}")


@pytest.fixture
def sellers(shop, make_seller):
    """Two vendors with their owners: each sold by card and in cash."""
    honey_owner = make_seller("Медовая заимка", email="honey@example.com")
    tea_owner = make_seller("Чайный дом", email="tea@example.com")
    orders = {}
    for member, price in ((honey_owner, "1220.00"), (tea_owner, "500.00")):
        vendor = member.partner
        product = shop.product(vendor, "RU", price, title=f"Товар {vendor.name}")
        card = shop.order([(product, 2)], paid_by=CARD)
        ledger_order_paid_record(order=card)
        cash = shop.order([(product, 1)])
        part = shop.deliver(shop.part(cash, vendor))
        ledger_part_delivered_record(part_id=part.pk)
        orders[vendor.pk] = (card, cash)
    return honey_owner, tea_owner, orders


def test_the_balance_shows_the_vendors_own_entries_only(client, sellers):
    # given
    honey_owner, tea_owner, orders = sellers
    client.force_login(honey_owner.user)

    # when
    response = client.get(url("balance"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    shown = {
        entry.pk
        for statement in response.context["statements"]
        for entry in statement.entries
    }
    assert shown == set(
        LedgerEntry.objects.filter(vendor=honey_owner.partner).values_list(
            "pk", flat=True
        )
    )
    for order in orders[honey_owner.partner.pk]:
        assert order.number in html
    for order in orders[tea_owner.partner.pk]:
        assert order.number not in html
    # 2 x 1 220 by card less 10 %, pending; in cash, minus the 122 commission
    [balance] = response.context["balances"]
    assert balance.total == Decimal("2196.00") - Decimal("122.00")
    assert "Balance" in html
    assert 'aria-current="page">Balance' in html


def test_the_statement_downloads_have_the_pages_rows(client, sellers):
    # given
    honey_owner, _tea_owner, _orders = sellers
    client.force_login(honey_owner.user)
    page = client.get(url("balance"), {"period": ""})
    expected = statement_rows(page.context["statements"])

    # when
    csv_response = client.get(url("statement-csv"))
    xlsx_response = client.get(url("statement-xlsx"))

    # then
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Recorded", "Order", "Kind", "Currency", "Amount"]
    assert [row[1:5] for row in rows[1:]] == [
        [number, kind, currency, str(amount)]
        for _at, number, kind, currency, amount, _available, _note in expected
    ]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).worksheets[0]
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2], row[3], Decimal(str(row[4]))) for row in cells] == [
        (number, kind, currency, amount)
        for _at, number, kind, currency, amount, _available, _note in expected
    ]
    assert len(expected) == 5  # by card: sale, commission; in cash: and cash
    assert {row[2] for row in expected} >= {
        str(LedgerEntryKind.SALE.label),
        str(LedgerEntryKind.CASH_COLLECTED.label),
    }


def test_another_month_has_its_own_statement(client, sellers):
    # given
    honey_owner, _tea_owner, _orders = sellers
    client.force_login(honey_owner.user)

    # when
    response = client.get(url("balance"), {"period": "2001-02"})

    # then: nothing recorded then; the balance is still the whole
    assert response.status_code == 200
    assert response.context["statements"] == []
    assert "Nothing was recorded in this month." in response.content.decode()
    assert response.context["balances"][0].total == Decimal("2074.00")


@pytest.mark.parametrize(
    "period", ["2026-13", "26-11", "2026-1", "tomorrow", "1999-12", "x" * 5000]
)
@pytest.mark.parametrize("language", ["en", "ru", "ko"])
def test_a_month_that_cannot_be_read_is_said_so_in_the_pages_language(
    client, sellers, period, language
):
    # given
    honey_owner, _tea_owner, _orders = sellers
    client.force_login(honey_owner.user)

    # when
    page = client.get(url("balance", language), {"period": period})
    download = client.get(url("statement-csv", language), {"period": period})

    # then
    with translation.override(language):
        message = gettext(BAD_PERIOD)
    for response in (page, download):
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode()


def test_the_page_runs_the_same_queries_however_many_entries(
    client, shop, make_seller, django_assert_max_num_queries
):
    # given: one order's entries, measured
    owner = make_seller("Медовая заимка", email="honey@example.com")
    vendor = owner.partner
    product = shop.product(vendor, "RU", "100.00")
    ledger_order_paid_record(order=shop.order([(product, 1)], paid_by=CARD))
    client.force_login(owner.user)
    client.get(url("balance"))  # the first visit opens a basket
    with CaptureQueriesContext(connection) as baseline:
        client.get(url("balance"))

    # when: ten more orders, in cash and by card
    for index in range(10):
        order = shop.order([(product, 1)], paid_by=CARD if index % 2 else CASH)
        if index % 2:
            ledger_order_paid_record(order=order)
        else:
            part = shop.deliver(shop.part(order, vendor))
            ledger_part_delivered_record(part_id=part.pk)

    # then
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(url("balance"))
    assert sum(len(each.entries) for each in response.context["statements"]) > 20


def test_a_visitor_is_sent_to_sign_in(client):
    # when
    response = client.get(url("balance"))

    # then
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_order_page_shows_each_lines_commission(client, shop, make_seller):
    # given: a vendor at 15 % with two lines in one order
    owner = make_seller("Медовая заимка", email="honey@example.com")
    vendor = owner.partner
    CommissionRule.objects.create(vendor=vendor, percent=Decimal(15))
    order = shop.order(
        [
            (shop.product(vendor, "RU", "1220.00", title="Мёд липовый"), 1),
            (shop.product(vendor, "RU", "900.00", title="Мёд гречишный"), 2),
        ]
    )
    client.force_login(owner.user)

    # when
    with translation.override("ru"):
        page = reverse("seller_orders:detail", kwargs={"number": order.number})
    html = client.get(page).content.decode()

    # then: 15 % of 1 220 ₽ and of 1 800 ₽
    assert "183\xa0₽" in html
    assert "270\xa0₽" in html
