"""Staff edit commission rules; line commissions and the ledger are read only;
the platform's commission revenue by month and currency."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from payments.ledger.selectors import platform_revenue_list
from payments.ledger.services import (
    ledger_order_paid_record,
    ledger_refund_record,
)
from payments.ledger.tests.conftest import CARD

CommissionRule = get_model("payment", "CommissionRule")
LedgerEntry = get_model("payment", "LedgerEntry")
LineCommission = get_model("payment", "LineCommission")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="staff", email="staff@example.com", password="pw-staff-12345"
    )
    client.force_login(user)
    return user


def admin_url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def sales(shop):
    """Orders paid by card in rubles and in won, one refunded by half."""
    vendor = shop.vendor("Лавка")
    rubles = shop.order([(shop.product(vendor, "RU", "1000.00"), 2)], paid_by=CARD)
    won = shop.order(
        [(shop.product(vendor, "KR", "15000"), 1)], market="KR", paid_by=CARD
    )
    for order in (rubles, won):
        ledger_order_paid_record(order=order)
    ledger_refund_record(
        part=shop.part(rubles, vendor),
        amount=Decimal("1000.00"),
        commission_reversed=True,
        reference="r",
    )
    return rubles, won


def test_revenue_is_the_commission_charged_less_what_was_given_back(sales):
    # when
    months = platform_revenue_list()

    # then
    assert [
        (each.currency, each.charged, each.returned, each.earned) for each in months
    ] == [
        ("KRW", Decimal(1500), Decimal(0), Decimal(1500)),
        ("RUB", Decimal("200.00"), Decimal("100.00"), Decimal("100.00")),
    ]


def test_staff_read_the_revenue_page(client, staff, sales):
    # when
    response = client.get(admin_url("payment_ledgerentry_revenue"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Commission revenue" in html
    assert "₩1,500" in html


def test_the_ledger_and_line_commissions_are_read_only(client, staff, sales):
    # given
    entry = LedgerEntry.objects.first()
    commission = LineCommission.objects.first()

    # when
    pages = [
        client.get(admin_url("payment_ledgerentry_changelist")),
        client.get(admin_url("payment_linecommission_changelist")),
        client.get(admin_url("payment_ledgerentry_change", entry.pk)),
    ]
    adding = client.get(admin_url("payment_ledgerentry_add"))
    deleting = client.post(
        admin_url("payment_linecommission_delete", commission.pk), {"post": "yes"}
    )

    # then
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert "Commission revenue" in pages[0].content.decode()
    assert adding.status_code == 403
    assert deleting.status_code == 403
    assert LineCommission.objects.filter(pk=commission.pk).exists()


def test_staff_add_a_commission_rule(client, staff, shop):
    # given
    vendor = shop.vendor("Лавка")

    # when
    response = client.post(
        admin_url("payment_commissionrule_add"),
        {
            "vendor": vendor.pk,
            "market": "KR",
            "percent": "7.50",
            "fixed": "300",
            "is_active": "on",
        },
    )

    # then
    assert response.status_code == 302
    rule = CommissionRule.objects.get()
    assert (rule.vendor, rule.market_id, rule.percent, rule.fixed) == (
        vendor,
        "KR",
        Decimal("7.50"),
        Decimal(300),
    )


def test_a_fixed_amount_in_fractions_of_a_won_is_refused(client, staff):
    # when
    response = client.post(
        admin_url("payment_commissionrule_add"),
        {"market": "KR", "percent": "5", "fixed": "0.50", "is_active": "on"},
    )

    # then
    assert response.status_code == 200
    assert not CommissionRule.objects.exists()
    assert "whole units" in response.content.decode()
