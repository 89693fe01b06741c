"""Bank-transfer payouts wait for a batch of their currency, whose CSV file the
bank imports; marking the batch paid pays them."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from payments.payouts.exceptions import PayoutBatchEmptyError
from payments.payouts.exports import COLUMNS, payout_batch_csv, payout_batch_rows
from payments.payouts.models import PayoutStatus
from payments.payouts.services import (
    payout_batch_create,
    payout_batch_mark_paid,
    payout_create,
)
from payments.payouts.tests.conftest import connect, credit, make_vendor

Payout = get_model("payment", "Payout")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user(username="staff", password="x-12345")


@pytest.fixture
def bank_payouts():
    """Payouts in rubles of two vendors, one in won, and one by Stripe Connect."""
    honey = make_vendor("Медовая заимка")
    tea = make_vendor(
        "Чайный дом",
        legal_name='ИП Иванов "Чай"',
        tax_number="500100732259",
        payout_account_holder="",
        payout_bank_name="Тинькофф Банк",
        payout_bank_code="044525974",
        payout_account="4080 2810 0000 0000 0001",
    )
    seoul = make_vendor(
        "서울상회",
        country="KR",
        legal_name="주식회사 서울상회",
        tax_number="1234567890",
        payout_account_holder="서울상회",
        payout_bank_name="국민은행",
        payout_bank_code="CZNBKRSE",
        payout_account="123-456-789012",
    )
    latvian = make_vendor("Medus", country="LV", payout_account="")
    connect(latvian)
    credit(honey, "1234.50")
    credit(tea, "2000.00")
    credit(seoul, "150000", "KRW")
    credit(latvian, "30.00", "EUR")
    return {
        "honey": payout_create(vendor_id=honey.pk, currency="RUB"),
        "tea": payout_create(vendor_id=tea.pk, currency="RUB"),
        "seoul": payout_create(vendor_id=seoul.pk, currency="KRW"),
        "latvian": payout_create(vendor_id=latvian.pk, currency="EUR"),
    }


def test_a_batch_gathers_the_waiting_bank_transfers_of_its_currency(bank_payouts):
    # when
    batch = payout_batch_create(currency="RUB")

    # then
    assert batch.currency == "RUB"
    assert set(batch.payouts.values_list("pk", flat=True)) == {
        bank_payouts["honey"].pk,
        bank_payouts["tea"].pk,
    }
    assert Payout.objects.filter(batch__isnull=True).count() == 2
    with pytest.raises(PayoutBatchEmptyError, match="RUB"):
        payout_batch_create(currency="RUB")


def test_connect_payouts_never_go_into_a_batch(bank_payouts):
    # when, then
    with pytest.raises(PayoutBatchEmptyError):
        payout_batch_create(currency="EUR")


def test_the_batch_file_has_a_documented_row_per_payout(bank_payouts):
    # given
    rubles = payout_batch_create(currency="RUB")
    won = payout_batch_create(currency="KRW")
    honey, tea, seoul = (bank_payouts[name] for name in ("honey", "tea", "seoul"))

    # when
    content = payout_batch_csv(batch=rubles).decode("utf-8")
    won_rows = payout_batch_rows(batch=won)

    # then: amounts in the currency's minor units; spaces out of the account
    assert content.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(content)))
    assert (
        tuple(rows[0])
        == COLUMNS
        == (
            "payout_id",
            "vendor_legal_name",
            "tax_number",
            "account_holder",
            "account",
            "bank_code",
            "bank_name",
            "country",
            "amount",
            "currency",
            "reference",
        )
    )
    assert rows[1:] == [
        [
            str(honey.pk),
            'Общество "Медовая заимка"',
            "7707083893",
            'Общество "Медовая заимка"',
            "40702810400000012345",
            "044525225",
            "ПАО Сбербанк",
            "RU",
            "1234.50",
            "RUB",
            f"Payout {honey.pk}",
        ],
        [
            str(tea.pk),
            'ИП Иванов "Чай"',
            "500100732259",
            'ИП Иванов "Чай"',
            "40802810000000000001",
            "044525974",
            "Тинькофф Банк",
            "RU",
            "2000.00",
            "RUB",
            f"Payout {tea.pk}",
        ],
    ]
    assert won_rows == [
        [
            str(seoul.pk),
            "주식회사 서울상회",
            "1234567890",
            "서울상회",
            "123-456-789012",
            "CZNBKRSE",
            "국민은행",
            "KR",
            "150000",
            "KRW",
            f"Payout {seoul.pk}",
        ]
    ]


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    # given: a legal name written as a formula
    vendor = make_vendor("Лавка", legal_name='=HYPERLINK("http://evil")')
    credit(vendor, "5000.00")
    payout_create(vendor_id=vendor.pk, currency="RUB")
    batch = payout_batch_create(currency="RUB")

    # when
    [row] = payout_batch_rows(batch=batch)

    # then
    assert row[1] == '\'=HYPERLINK("http://evil")'


def test_marking_a_batch_paid_pays_its_payouts_once(bank_payouts, staff_user):
    # given
    batch = payout_batch_create(currency="RUB")

    # when
    payout_batch_mark_paid(batch_id=batch.pk, actor=staff_user)
    batch.refresh_from_db()
    paid_at = batch.paid_at
    payout_batch_mark_paid(batch_id=batch.pk, actor=staff_user)

    # then: the batch's payouts paid at that moment; the others still waiting
    batch.refresh_from_db()
    assert batch.paid_at == paid_at
    assert batch.paid_by == staff_user
    assert set(
        Payout.objects.filter(status=PayoutStatus.PAID).values_list("pk", "paid_at")
    ) == {(bank_payouts["honey"].pk, paid_at), (bank_payouts["tea"].pk, paid_at)}
    assert Payout.objects.get(pk=bank_payouts["seoul"].pk).status == (
        PayoutStatus.PENDING
    )
    assert sum(
        Payout.objects.filter(batch=batch).values_list("amount", flat=True),
        Decimal(0),
    ) == Decimal("3234.50")
