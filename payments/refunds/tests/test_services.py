"""Refunds: never more than was bought or captured, each started once, the
vendor's ledger and the shopper's email in the same transaction, the card
refund asked of the provider after commit until it takes it."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import OrderNotificationKind, OrderPartStatus
from orders.services import order_notifications_relay, order_part_transition
from payments.ledger.models import LedgerEntryKind
from payments.refunds.exceptions import (
    RefundLineError,
    RefundMoreThanCapturedError,
    RefundNothingChosenError,
    RefundShippingError,
    RefundStaleError,
    RefundUnitsError,
    RefundUnpaidError,
)
from payments.refunds.models import RefundReason, RefundStatus
from payments.refunds.services import (
    refund_create,
    refund_execute,
    refund_for_cancellation,
    refunds_missed_create,
    refunds_retry,
)
from payments.refunds.tests.conftest import (
    CARD,
    CASH,
    card_paid,
    cash_delivered,
    jobs_run,
)

LedgerEntry = get_model("payment", "LedgerEntry")
Line = get_model("order", "Line")
OrderNotification = get_model("order", "OrderNotification")
Refund = get_model("payment", "Refund")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db


@pytest.fixture
def samovars(shop):
    """A card order in Russia of 3 samovars (a line of 10 000.00 after a
    discount) and 2 kettles at 1 500.00, with 500.00 of delivery; not paid."""
    vendor = shop.vendor("Самовары Тулы")
    samovar = shop.product(vendor, "RU", "4000.00", title="Самовар")
    kettle = shop.product(vendor, "RU", "1500.00", title="Чайник")
    order = shop.order(
        [(samovar, 3), (kettle, 2)],
        shipping={vendor: "500.00"},
        paid_by=CARD,
        commissions=False,
    )
    # An offer took 2 000.00 off the samovars: 3 333.33… each.
    Line.objects.filter(order=order, title="Самовар").update(
        line_price_incl_tax=Decimal("10000.00")
    )
    order.__class__.objects.filter(pk=order.pk).update(
        total_incl_tax=Decimal("13500.00")
    )
    order.refresh_from_db()
    order.sources.update(amount_allocated=Decimal("13500.00"))
    part = order.parts.get()
    lines = {line.title: line for line in part.lines.all()}
    return order, part, lines["Самовар"], lines["Чайник"]


def test_units_are_refunded_at_the_rounded_unit_price_and_the_last_takes_the_rest(
    samovars, card_provider, jobs
):
    # given
    _order, part, samovar, _kettle = card_paid(samovars[0]), *samovars[1:]

    # when: one samovar, then one more, then the last
    amounts = [
        refund_create(
            part_id=part.pk, reason=RefundReason.STAFF, lines=[(samovar.pk, 1)]
        ).amount
        for _each in range(3)
    ]

    # then
    assert amounts == [Decimal("3333.33"), Decimal("3333.33"), Decimal("3333.34")]
    assert sum(amounts) == samovar.line_price_incl_tax
    assert list(
        Refund.objects.filter(part=part)
        .order_by("pk")
        .values_list("idempotency_key", flat=True)
    ) == [f"staff-{part.pk}-1", f"staff-{part.pk}-2", f"staff-{part.pk}-3"]


def test_a_card_refund_is_asked_of_the_provider_once_committed(
    samovars, card_provider, jobs, django_capture_on_commit_callbacks
):
    # given
    order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_create(
            part_id=part.pk,
            reason=RefundReason.STAFF,
            lines=[(kettle.pk, 1)],
            shipping=Decimal("500.00"),
            note="Вмятина на чайнике",
        )
    pending = Refund.objects.get(pk=refund.pk).status
    jobs_run(jobs, django_capture_on_commit_callbacks)

    # then
    assert pending == RefundStatus.PENDING
    refund.refresh_from_db()
    assert (refund.status, refund.amount, refund.shipping) == (
        RefundStatus.SUCCEEDED,
        Decimal("2000.00"),
        Decimal("500.00"),
    )
    assert refund.provider_refund_id == f"re_staff-{part.pk}-1"
    assert card_provider.refunds == {f"staff-{part.pk}-1": Decimal("2000.00")}
    source = order.sources.get()
    assert source.amount_refunded == Decimal("2000.00")
    assert source.transactions.filter(txn_type="Refund").count() == 1


def test_more_units_than_bought_less_refunded_are_refused(
    samovars, card_provider, jobs
):
    # given: one kettle of two refunded
    _order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])

    # when / then
    with pytest.raises(RefundUnitsError, match=r"Чайник.*: 1\.") as caught:
        refund_create(
            part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 2)]
        )
    assert caught.value.code == "too_many_units"
    assert Refund.objects.filter(part=part).count() == 1


def test_more_delivery_than_charged_less_refunded_is_refused(
    samovars, card_provider, jobs
):
    # given
    _order, part = card_paid(samovars[0]), samovars[1]
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, shipping=Decimal("300"))

    # when / then
    with pytest.raises(RefundShippingError, match=r"200\.00 RUB"):
        refund_create(
            part_id=part.pk, reason=RefundReason.STAFF, shipping=Decimal("200.01")
        )


def test_nothing_chosen_and_another_parts_line_are_refused(
    samovars, shop, card_provider, jobs
):
    # given
    _order, part = card_paid(samovars[0]), samovars[1]
    vendor = shop.vendor("Другая лавка")
    other = shop.order([(shop.product(vendor, "RU", "100.00"), 1)], paid_by=CARD)

    # when / then
    with pytest.raises(RefundNothingChosenError):
        refund_create(part_id=part.pk, reason=RefundReason.STAFF)
    with pytest.raises(RefundLineError):
        refund_create(
            part_id=part.pk,
            reason=RefundReason.STAFF,
            lines=[(other.lines.get().pk, 1)],
        )


def test_a_part_of_an_unpaid_order_is_not_refunded(samovars, shop, card_provider):
    # given: a card order not paid, and a cash order not delivered
    _order, part, _samovar, kettle = samovars
    vendor = shop.vendor("Лавка")
    cash_order = shop.order([(shop.product(vendor, "RU", "100.00"), 1)], paid_by=CASH)

    # when / then
    with pytest.raises(RefundUnpaidError):
        refund_create(
            part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)]
        )
    with pytest.raises(RefundUnpaidError):
        refund_create(
            part_id=cash_order.parts.get().pk,
            reason=RefundReason.STAFF,
            lines=[(cash_order.lines.get().pk, 1)],
        )


def test_never_more_than_the_payment_has_left_counting_refunds_being_made(
    samovars, card_provider, jobs
):
    # given: 13 500.00 captured, 1 000.00 given back outside any refund row,
    # a refund of 1 500.00 not yet taken by the provider
    order, part, samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    order.sources.get().refund(Decimal("1000.00"), reference="re_outside")
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])

    # when / then: everything else would be 12 000.00 of the 11 000.00 left
    with pytest.raises(RefundMoreThanCapturedError, match=r"11000\.00 RUB"):
        refund_create(
            part_id=part.pk,
            reason=RefundReason.STAFF,
            lines=[(samovar.pk, 3), (kettle.pk, 1)],
            shipping=Decimal("500.00"),
        )


def test_staff_deciding_on_a_stale_page_are_refused(samovars, card_provider, jobs):
    # given: a colleague refunded a kettle after the page was shown
    _order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])

    # when / then
    with pytest.raises(RefundStaleError):
        refund_create(
            part_id=part.pk,
            reason=RefundReason.STAFF,
            lines=[(kettle.pk, 1)],
            seen_staff_refunds=0,
        )
    assert Refund.objects.filter(part=part).count() == 1


def test_a_cancellation_is_refunded_once_whole(samovars, card_provider, jobs):
    # given: a paid part, a kettle refunded by staff, then cancelled
    _order, part, samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])
    order_part_transition(
        part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Нет в наличии"
    )

    # when: asked twice
    first = refund_for_cancellation(part_id=part.pk)
    second = refund_for_cancellation(part_id=part.pk)

    # then: what was left, once
    assert first.pk == second.pk
    assert first.idempotency_key == f"cancel-{part.pk}"
    assert first.amount == Decimal("12000.00")
    assert {(each.line_id, each.quantity) for each in first.lines.all()} == {
        (samovar.pk, 3),
        (kettle.pk, 1),
    }
    assert Refund.objects.filter(part=part).count() == 2


def test_a_refund_takes_the_goods_and_delivery_back_from_the_vendor(
    samovars, card_provider, jobs
):
    # given
    _order, part, samovar, _kettle = card_paid(samovars[0]), *samovars[1:]

    # when
    refund = refund_create(
        part_id=part.pk,
        reason=RefundReason.STAFF,
        lines=[(samovar.pk, 3)],
        shipping=Decimal("500.00"),
    )

    # then: the goods with the commission given back in proportion
    entries = dict(
        LedgerEntry.objects.filter(part=part, note=refund.idempotency_key).values_list(
            "key", "amount"
        )
    )
    key = refund.idempotency_key
    assert entries[f"part:{part.pk}:refund:goods:{key}"] == Decimal("-10000.00")
    assert entries[f"part:{part.pk}:refund:shipping:{key}"] == Decimal("-500.00")
    commission = LedgerEntry.objects.get(
        part=part, kind=LedgerEntryKind.COMMISSION
    ).amount
    assert entries[f"part:{part.pk}:commission_reversal:{key}"] == (
        -commission * Decimal("10000") / Decimal("13000")
    ).quantize(Decimal("0.01"))


def test_the_shopper_is_told_in_their_language(samovars, card_provider, jobs, settings):
    # given: a Korean shopper
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    mail.outbox.clear()
    order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    order.__class__.objects.filter(pk=order.pk).update(
        language="ko", guest_email="minji@example.com"
    )

    # when
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])
    order_notifications_relay()

    # then
    notification = OrderNotification.objects.get(kind=OrderNotificationKind.REFUNDED)
    assert (notification.recipient, notification.language, notification.part) == (
        "minji@example.com",
        "ko",
        part,
    )
    [email] = mail.outbox
    assert email.to == ["minji@example.com"]
    assert order.number in email.subject
    assert "주문 보기:" in email.body  # "Your order:" in Korean
    assert "Чайник \N{MULTIPLICATION SIGN} 1" in email.body
    assert "1,500" in email.body or "1 500" in email.body


def test_cash_on_delivery_is_refunded_at_once_without_a_provider(
    shop, card_provider, jobs
):
    # given: a delivered cash order
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "700.00"), 2)], paid_by=CASH)
    cash_delivered(shop, order)
    part = order.parts.get()

    # when
    refund = refund_create(
        part_id=part.pk,
        reason=RefundReason.STAFF,
        lines=[(order.lines.get().pk, 1)],
        note="Вернули наличными",
    )

    # then: recorded; the vendor gave the cash back itself, so its balance
    # only gets back the commission of what was refunded
    assert (refund.status, refund.amount) == (RefundStatus.SUCCEEDED, Decimal("700.00"))
    assert card_provider.asks == []
    assert jobs == []
    entries = dict(
        LedgerEntry.objects.filter(part=part, key__contains=refund.idempotency_key)
        .exclude(kind=LedgerEntryKind.PLATFORM_DISCOUNT_REVERSAL)
        .values_list("kind", "amount")
    )
    commission = -LedgerEntry.objects.get(
        part=part, kind=LedgerEntryKind.COMMISSION
    ).amount
    assert entries[LedgerEntryKind.REFUND] == Decimal("-700.00")
    assert entries[LedgerEntryKind.ADJUSTMENT] == Decimal("700.00")
    assert entries[LedgerEntryKind.COMMISSION_REVERSAL] == commission / 2


def test_a_refund_the_provider_did_not_take_is_asked_again_with_the_same_key(
    samovars, card_provider, jobs
):
    # given: the provider fails the first time
    order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    refund = refund_create(
        part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)]
    )
    card_provider.fail_next = 1
    refund_execute(refund_id=refund.pk)
    refund.refresh_from_db()
    failed = (refund.status, refund.last_error)

    # when
    tried = refunds_retry()
    refunds_retry()
    refund_execute(refund_id=refund.pk)

    # then
    assert failed == (RefundStatus.FAILED, "the provider did not answer")
    assert tried == 1
    refund.refresh_from_db()
    assert (refund.status, refund.last_error) == (RefundStatus.SUCCEEDED, "")
    assert card_provider.asks == [refund.idempotency_key] * 2
    assert Transaction.objects.filter(txn_type="Refund").count() == 1
    assert order.sources.get().amount_refunded == Decimal("1500.00")


def test_a_pending_refund_whose_job_was_lost_is_asked_by_the_beat(
    samovars, card_provider, jobs
):
    # given: the job of a refund never ran
    _order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    refund = refund_create(
        part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)]
    )

    # when
    soon = refunds_retry()
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        later = refunds_retry()

    # then
    assert (soon, later) == (0, 1)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED


def test_a_cancellation_whose_job_was_lost_is_refunded_by_the_beat(
    samovars, card_provider, jobs
):
    # given: a paid part cancelled; its job lost
    _order, part = card_paid(samovars[0]), samovars[1]
    order_part_transition(
        part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Нет в наличии"
    )

    # when
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        refunds_missed_create()
        refunds_missed_create()

    # then
    refund = Refund.objects.get(part=part)
    assert (refund.reason, refund.amount) == (
        RefundReason.CANCELLATION,
        Decimal("13500.00"),
    )


def test_each_refund_of_a_part_owes_the_shopper_its_own_email(
    samovars, card_provider, jobs
):
    # given
    order, part, _samovar, kettle = card_paid(samovars[0]), *samovars[1:]
    order.__class__.objects.filter(pk=order.pk).update(guest_email="anna@example.com")
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])

    # when: a second refund of the same part, the other kettle
    refund_create(part_id=part.pk, reason=RefundReason.STAFF, lines=[(kettle.pk, 1)])

    # then
    owed = OrderNotification.objects.filter(
        order=order, kind=OrderNotificationKind.REFUNDED
    )
    assert owed.count() == 2
