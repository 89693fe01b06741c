"""Order confirmations go out through a real Celery worker in the shopper's language."""

import time

import pytest
from django.core import mail
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL
from tests.checkout import MOSCOW, SEOUL, guest_checkout

Order = get_model("order", "Order")
pytestmark = TRANSACTIONAL


@pytest.fixture(autouse=True)
def _mail_through_celery(settings):
    # pytest-django swaps in the locmem backend; put the Celery one back so
    # the message really travels through Redis and a worker.
    settings.EMAIL_BACKEND = "marketplace.mail.CeleryEmailBackend"
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )


def wait_for_mail(count: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.parametrize(
    ("language", "address", "greeting", "vat"),
    [
        # the VAT part: 89,000 x 10/110 in Korea, 4 990 x 22/122 in Russia
        ("ko", SEOUL, "안녕하세요", "부가세 10% 포함: ₩8,091"),
        ("ru", MOSCOW, "Здравствуйте", "в т. ч. НДС 22 %: 899,84\xa0₽"),
    ],
)
def test_guest_order_email_is_delivered_by_worker_in_shoppers_language(
    client,
    celery_worker_thread,
    region_data,
    sell_in,
    language,
    address,
    greeting,
    vat,
):
    # given: a product on sale in Russia and in Korea
    product = create_product(title="Самовар", price="4990.00", num_in_stock=5)
    sell_in(product, "KR", "89000")
    mail.outbox.clear()

    # when
    number = guest_checkout(
        client,
        product=product,
        email="minji@example.com",
        language=language,
        address=address,
    )
    wait_for_mail(1)

    # then
    assert Order.objects.filter(number=number).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["minji@example.com"]
    assert number in message.subject
    assert greeting in message.body
    assert vat in message.body


def test_nothing_is_sent_when_the_transaction_rolls_back():
    # given
    from django.core.mail import send_mail
    from django.db import transaction

    def send_then_fail() -> None:
        with transaction.atomic():
            send_mail("Тема", "Текст", None, ["anna@example.com"])
            raise RuntimeError("rolled back")

    # when
    with pytest.raises(RuntimeError, match="rolled back"):
        send_then_fail()

    # then
    from marketplace.celery import app

    with app.connection_for_write() as connection:
        queued = connection.default_channel.client.llen("celery")
    assert queued == 0
