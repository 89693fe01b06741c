"""Staff see payouts and their failures, edit connected accounts, make a bank
batch, download its file and mark it paid."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from payments.payouts.models import PayoutStatus
from payments.payouts.services import payout_batch_create, payout_create
from payments.payouts.tests.conftest import connect, credit, make_vendor

ConnectedAccount = get_model("payment", "ConnectedAccount")
Payout = get_model("payment", "Payout")
PayoutBatch = get_model("payment", "PayoutBatch")

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
def payouts():
    """Two bank transfers in rubles and a Connect payout in euros."""
    made = []
    for name in ("Медовая заимка", "Чайный дом"):
        vendor = make_vendor(name)
        credit(vendor, "2500.00")
        made.append(payout_create(vendor_id=vendor.pk, currency="RUB"))
    latvian = make_vendor("Medus", country="LV", payout_account="")
    connect(latvian)
    credit(latvian, "40.00", "EUR")
    made.append(payout_create(vendor_id=latvian.pk, currency="EUR"))
    return made


def test_the_payout_pages_show_payouts_read_only(client, staff, payouts):
    # when
    listing = client.get(admin_url("payment_payout_changelist"))
    waiting = client.get(
        admin_url("payment_payout_changelist"), {"batched": "no", "status": "pending"}
    )
    detail = client.get(admin_url("payment_payout_change", payouts[0].pk))

    # then
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 3
    assert waiting.context["cl"].result_count == 2
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert client.get(admin_url("payment_payout_add")).status_code == 403


def test_staff_retry_a_failed_transfer(
    client, staff, payouts, queued, django_capture_on_commit_callbacks
):
    # given: the Connect payout failed
    connect_payout = payouts[2]
    Payout.objects.filter(pk=connect_payout.pk).update(status=PayoutStatus.FAILED)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("payment_payout_changelist"),
            {
                "action": "retry_transfer",
                "_selected_action": [payout.pk for payout in payouts],
            },
        )

    # then: only the Connect payout is tried again
    assert response.status_code == 302
    assert queued["execute"] == [{"payout_id": connect_payout.pk}]


def test_staff_edit_connected_accounts(client, staff):
    # given
    vendor = make_vendor("Medus", country="LV")

    # when
    response = client.post(
        admin_url("payment_connectedaccount_add"),
        {"vendor": vendor.pk, "stripe_account_id": "acct_1Medus"},
    )

    # then
    assert response.status_code == 302
    assert ConnectedAccount.objects.get(vendor=vendor).stripe_account_id == (
        "acct_1Medus"
    )
    assert (
        client.get(admin_url("payment_connectedaccount_changelist")).status_code == 200
    )


def test_staff_make_a_batch_download_it_and_mark_it_paid(client, staff, payouts):
    # given: the list offers a batch of the waiting rubles
    listing = client.get(admin_url("payment_payoutbatch_changelist"))
    assert [row.currency for row in listing.context["waiting"]] == ["RUB"]

    # when: a batch is made, its file downloaded, then marked paid
    made = client.post(admin_url("payment_payoutbatch_create"), {"currency": "RUB"})
    batch = PayoutBatch.objects.get()
    page = client.get(admin_url("payment_payoutbatch_change", batch.pk))
    download = client.get(admin_url("payment_payoutbatch_csv", batch.pk))
    marked = client.post(
        admin_url("payment_payoutbatch_changelist"),
        {"action": "mark_paid", "_selected_action": [batch.pk]},
    )

    # then
    assert made.status_code == 302
    assert made["Location"] == admin_url("payment_payoutbatch_change", batch.pk)
    assert page.status_code == 200
    assert "Download CSV" in page.content.decode()
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert f"payouts-RUB-{batch.pk}.csv" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8"))))
    assert [row[0] for row in rows[1:]] == [str(payouts[0].pk), str(payouts[1].pk)]
    assert marked.status_code == 302
    batch.refresh_from_db()
    assert batch.paid_by == staff
    assert set(Payout.objects.filter(batch=batch).values_list("status", flat=True)) == {
        PayoutStatus.PAID
    }
    listing = client.get(admin_url("payment_payoutbatch_changelist"))
    assert listing.context["waiting"] == []
    assert listing.context["cl"].result_list[0].payout_count == 2


def test_a_batch_of_nothing_is_not_made(client, staff, payouts):
    # given: the rubles already batched
    payout_batch_create(currency="RUB")

    # when
    response = client.post(
        admin_url("payment_payoutbatch_create"), {"currency": "RUB"}, follow=True
    )

    # then
    assert PayoutBatch.objects.count() == 1
    assert "No bank-transfer payout in RUB is waiting for a batch." in (
        response.content.decode()
    )


def test_staff_without_the_permission_cannot_make_batches(
    client, django_user_model, payouts
):
    # given: staff who may only look at payouts
    user = django_user_model.objects.create_user(
        username="viewer", password="pw-viewer-12345", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_payout", "view_payoutbatch"])
    )
    client.force_login(user)

    # when
    response = client.post(admin_url("payment_payoutbatch_create"), {"currency": "RUB"})
    listing = client.get(admin_url("payment_payoutbatch_changelist"))

    # then
    assert response.status_code == 403
    assert listing.status_code == 200
    assert listing.context["waiting"] == []
    assert not PayoutBatch.objects.exists()
