"""The vendor's payouts in the seller dashboard: its own only, a request to be
paid out now, and a page whose queries do not grow with its payouts."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalog.templatetags.money import currency
from payments.payouts.models import PayoutMethod
from payments.payouts.services import payout_create
from payments.payouts.tests.conftest import BANK_DETAILS, credit

Payout = get_model("payment", "Payout")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"seller_payouts:{name}")


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def sellers(make_seller):
    """Two Russian vendors with bank details, each with an owner signed in by tests."""
    members = []
    for store, email in (
        ("Медовая заимка", "honey@example.com"),
        ("Чайный дом", "tea@example.com"),
    ):
        member = make_seller(store, email=email)
        Partner.objects.filter(pk=member.partner_id).update(
            country="RU", **BANK_DETAILS
        )
        member.partner.refresh_from_db()
        members.append(member)
    return members


def pay(vendor, amount: str, currency: str = "RUB") -> "Payout":
    credit(vendor, amount, currency)
    return payout_create(vendor_id=vendor.pk, currency=currency)


def test_a_vendor_sees_its_own_payouts_only(client, sellers):
    # given: payouts of both vendors
    honey, tea = sellers
    mine = [pay(honey.partner, "1500.00"), pay(honey.partner, "2500.00")]
    theirs = pay(tea.partner, "7300.00")
    client.force_login(honey.user)

    # when
    response = client.get(url("list"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert [payout.pk for payout in response.context["payouts"]] == [
        mine[1].pk,
        mine[0].pk,
    ]
    assert f"Payout {mine[0].pk}" in html
    assert f"Payout {theirs.pk}" not in html
    assert "7,300" not in html
    assert 'aria-current="page">Payouts' in html


def test_requesting_a_payout_pays_the_available_balance(client, sellers):
    # given: 4 200 payable, 800 pending
    honey, _tea = sellers
    credit(honey.partner, "4200.00")
    credit(honey.partner, "800.00", available=False)
    client.force_login(honey.user)
    page = client.get(url("list"))
    [quote] = page.context["quotes"]
    assert quote.amount == Decimal("4200.00")
    assert "Request payout" in page.content.decode()

    # when
    response = client.post(url("request"), {"currency": "RUB"}, follow=True)

    # then
    [payout] = Payout.objects.filter(vendor=honey.partner)
    assert payout.amount == Decimal("4200.00")
    assert payout.method == PayoutMethod.BANK_TRANSFER
    assert payout.requested_by == honey.user
    assert response.redirect_chain[-1][0] == url("list")
    with translation.override("en"):
        amount = currency(Decimal("4200.00"), "RUB")
    assert texts(response) == [
        f"A payout of {amount} will be sent to your bank account with the "
        "next bank transfer."
    ]


def test_requesting_with_nothing_available_says_so(client, sellers):
    # given: money still pending only
    honey, _tea = sellers
    credit(honey.partner, "5000.00", available=False)
    client.force_login(honey.user)

    # when
    response = client.post(url("request"), {"currency": "RUB"}, follow=True)

    # then
    assert not Payout.objects.exists()
    assert texts(response) == ["Nothing in RUB can be paid out yet."]


def test_requesting_less_than_the_minimum_says_so(client, sellers, settings):
    # given
    settings.MARKETPLACE_PAYOUT_MINIMUM = {"RUB": "1000"}
    honey, _tea = sellers
    credit(honey.partner, "300.00")
    client.force_login(honey.user)

    # when
    page = client.get(url("list"))
    response = client.post(url("request"), {"currency": "RUB"}, follow=True)

    # then
    assert not Payout.objects.exists()
    [message] = texts(response)
    with translation.override("en"):
        amount = currency(Decimal(300), "RUB")
        minimum = currency(Decimal(1000), "RUB")
    assert message == (
        f"{amount} can be paid out, less than the smallest payout of {minimum}. "
        "It waits until there is more."
    )
    assert "Request payout" not in page.content.decode()
    assert message in page.content.decode()


def test_the_request_is_in_the_vendors_language(client, sellers):
    # given
    honey, _tea = sellers
    client.force_login(honey.user)

    # when
    response = client.post(url("request", "ru"), {"currency": "RUB"}, follow=True)

    # then: the message was translated (or, before the catalogue has it, is
    # the English msgid); the page is the Russian one
    assert response.status_code == 200
    assert len(texts(response)) == 1
    assert response.redirect_chain[-1][0] == url("list", "ru")


def test_a_bad_currency_is_refused(client, sellers):
    # given
    honey, _tea = sellers
    client.force_login(honey.user)

    # when
    response = client.post(url("request"), {"currency": "<b>"}, follow=True)

    # then
    assert texts(response) == ["Choose a currency of your balance."]
    assert not Payout.objects.exists()


def test_a_request_is_posted_only(client, sellers):
    # given
    honey, _tea = sellers
    client.force_login(honey.user)

    # when, then
    assert client.get(url("request")).status_code == 405


def test_someone_not_a_seller_is_sent_away(client, django_user_model):
    # given
    shopper = django_user_model.objects.create_user(
        username="minji", password="x-12345"
    )
    client.force_login(shopper)

    # when
    response = client.get(url("list"))

    # then
    assert response.status_code == 302
    assert not Payout.objects.exists()


def test_the_pages_queries_do_not_grow_with_its_payouts(
    client, sellers, django_assert_max_num_queries
):
    # given: a page of two payouts measured, then twenty more
    honey, _tea = sellers
    for _payout in range(2):
        pay(honey.partner, "1500.00")
    credit(honey.partner, "10.00", "EUR")
    client.force_login(honey.user)
    with CaptureQueriesContext(connection) as few:
        client.get(url("list"))
    for _payout in range(20):
        pay(honey.partner, "1500.00")

    # when, then
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list"))
    assert len(response.context["payouts"]) == 20
