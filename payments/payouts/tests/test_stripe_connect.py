"""Connect payouts are transferred by the local Stripe with the payout's
idempotency key: asked again, Stripe answers the same transfer; a failure
is recorded and tried again later, and pays once."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from payments.payouts import services
from payments.payouts.exceptions import PayoutNoConnectedAccountError
from payments.payouts.models import PayoutMethod, PayoutStatus
from payments.payouts.services import (
    payout_create,
    payout_execute,
    payouts_retry_claim,
)
from payments.payouts.stripe_connect import transfer_create
from payments.payouts.tasks import payout_execute_task, payouts_retry_task
from payments.payouts.tests.conftest import connect, credit, make_vendor

ConnectedAccount = get_model("payment", "ConnectedAccount")
Payout = get_model("payment", "Payout")

pytestmark = pytest.mark.django_db


@pytest.fixture
def latvian(stripe_server):
    """A Latvian vendor with a connected account and 123.45 euros payable."""
    vendor = make_vendor("Medus SIA", country="LV", payout_account="")
    account = connect(vendor, stripe_server)
    credit(vendor, "123.45", "EUR")
    return vendor, account


def transfer_requests(server) -> list:
    return [
        request
        for request in server.requests
        if request.method == "POST" and request.path == "/v1/transfers"
    ]


def test_a_connect_payout_is_transferred_with_its_idempotency_key(
    stripe_server, latvian
):
    # given
    vendor, account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")

    # when
    payout_execute_task(**json.loads(json.dumps({"payout_id": payout.pk})))

    # then: one transfer, in cents, to the vendor's account
    payout.refresh_from_db()
    [transfer] = stripe_server.store.transfers.values()
    assert payout.method == PayoutMethod.STRIPE_CONNECT
    assert payout.status == PayoutStatus.PAID
    assert payout.reference == transfer["id"]
    assert payout.paid_at is not None
    assert payout.next_attempt_at is None
    assert transfer["amount"] == 12345
    assert transfer["currency"] == "eur"
    assert transfer["destination"] == account.stripe_account_id
    assert transfer["transfer_group"] == f"payout-{payout.pk}"
    assert transfer["metadata"] == {"payout_id": str(payout.pk)}
    [request] = transfer_requests(stripe_server)
    assert request.idempotency_key == payout.idempotency_key


def test_executing_a_paid_payout_again_asks_stripe_nothing(stripe_server, latvian):
    # given: a payout paid
    vendor, _account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    payout_execute(payout_id=payout.pk)

    # when
    payout_execute(payout_id=payout.pk)
    payout_execute(payout_id=payout.pk)

    # then
    assert len(stripe_server.store.transfers) == 1
    assert len(transfer_requests(stripe_server)) == 1


def test_a_transfer_whose_answer_was_lost_is_not_made_twice(
    stripe_server, latvian, monkeypatch
):
    # given: Stripe made the transfer, and the worker died before recording it
    vendor, _account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    real = services._payout_paid_record

    def crash(**kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_payout_paid_record", crash)
    with pytest.raises(RuntimeError, match="killed"):
        payout_execute(payout_id=payout.pk)
    monkeypatch.setattr(services, "_payout_paid_record", real)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING

    # when: it is executed again (the retry job, after the lease)
    payout_execute(payout_id=payout.pk)

    # then: Stripe replayed its answer: one transfer, recorded
    payout.refresh_from_db()
    [transfer] = stripe_server.store.transfers.values()
    assert payout.status == PayoutStatus.PAID
    assert payout.reference == transfer["id"]
    assert len(transfer_requests(stripe_server)) == 2


def test_a_failed_transfer_is_recorded_and_tried_again_later(
    stripe_server, latvian, time_machine, queued
):
    # given: Stripe fails three times in a row (the library's own two retries
    # included)
    vendor, _account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    stripe_server.fail_next(r"^/v1/transfers$", status=500, times=3)

    # when
    payout_execute(payout_id=payout.pk)

    # then: failed, due again in two minutes; the money stays off the balance
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.FAILED
    assert payout.attempts == 1
    assert payout.last_error
    assert not stripe_server.store.transfers
    assert payouts_retry_claim() == []
    due = payout.next_attempt_at
    assert timedelta(minutes=1) < due - timezone.now() <= timedelta(minutes=2)

    # when: the retry job runs once it is due
    time_machine.move_to(due + timedelta(seconds=1))
    payouts_retry_task()
    assert queued["execute"] == [{"payout_id": payout.pk}]
    assert payouts_retry_claim() == []  # leased to the worker
    payout_execute_task(**queued["execute"][0])

    # then: paid once
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    assert payout.last_error == ""
    assert len(stripe_server.store.transfers) == 1


def test_the_wait_between_attempts_doubles_up_to_an_hour(stripe_server, latvian):
    # given: Stripe refuses every transfer
    vendor, _account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    stripe_server.fail_next(r"^/v1/transfers$", status=400, times=10)
    waits = []

    # when
    for _attempt in range(7):
        before = timezone.now()
        payout = payout_execute(payout_id=payout.pk)
        waits.append(round((payout.next_attempt_at - before).total_seconds() / 60))

    # then
    assert waits == [2, 4, 8, 16, 32, 60, 60]
    assert payout.attempts == 7
    assert payout.status == PayoutStatus.FAILED


def test_a_payout_lost_by_its_worker_is_taken_again_after_its_lease(
    stripe_server, latvian, time_machine
):
    # given: a payout whose job never ran
    vendor, _account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    assert payouts_retry_claim() == []

    # when
    time_machine.move_to(timezone.now() + services.EXECUTE_LEASE + timedelta(seconds=1))

    # then
    assert payouts_retry_claim() == [payout.pk]


def test_a_vendor_without_a_connected_account_any_more_is_not_paid(
    stripe_server, latvian
):
    # given: the account was removed after the payout was made
    vendor, account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    account.delete()

    # when
    payout = payout_execute(payout_id=payout.pk)

    # then
    assert payout.status == PayoutStatus.FAILED
    assert payout.last_error == str(PayoutNoConnectedAccountError())
    assert not transfer_requests(stripe_server)


def test_a_changed_account_does_not_get_a_second_transfer(stripe_server, latvian):
    # given: a transfer made whose answer was lost, then staff change the account
    vendor, account = latvian
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    transfer_create(
        amount=payout.amount,
        currency="EUR",
        destination=account.stripe_account_id,
        idempotency_key=payout.idempotency_key,
        payout_id=payout.pk,
    )
    ConnectedAccount.objects.filter(pk=account.pk).update(
        stripe_account_id=stripe_server.create_account(country="LV")
    )

    # when
    payout = payout_execute(payout_id=payout.pk)

    # then: Stripe refuses the key with other parameters; nothing more is sent
    assert payout.status == PayoutStatus.FAILED
    assert len(stripe_server.store.transfers) == 1


def test_bank_transfer_payouts_are_left_to_their_batch(stripe_server):
    # given
    vendor = make_vendor("Медовая заимка")
    credit(vendor, "5000.00")
    payout = payout_create(vendor_id=vendor.pk, currency="RUB")

    # when
    payout = payout_execute(payout_id=payout.pk)

    # then
    assert payout.status == PayoutStatus.PENDING
    assert payout.amount == Decimal("5000.00")
    assert not transfer_requests(stripe_server)
