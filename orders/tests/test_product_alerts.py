"""Stock alerts follow the market and the language they were made in."""

import time

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import ProductAlertFactory, UserFactory

from conftest import TRANSACTIONAL
from orders.customer.services import product_alerts_send
from orders.tasks import product_alerts_send_task

AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")
ProductAlert = get_model("customer", "ProductAlert")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def samovar(make_products, sell_in):
    """A product sold out both in Russia and in Korea, where it costs ₩89,000."""
    product = make_products(1, price="4990.00")[0]
    product.stockrecords.update(num_in_stock=0)
    sell_in(product, "KR", "89000", num_in_stock=0)
    return product


@pytest.fixture
def minji():
    return UserFactory(email="minji@example.com", first_name="민지")


def back_in_stock(product, market_code: str) -> None:
    StockRecord.objects.filter(product=product, market_id=market_code).update(
        num_in_stock=3
    )


def product_url(product, language: str) -> str:
    with translation.override(language):
        return product.get_absolute_url()


def wait_for_mail(count: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@TRANSACTIONAL
def test_korean_shopper_is_emailed_in_korean_when_back_in_korea(
    settings, region_data, celery_worker_thread, samovar, minji
):
    # given: the beat task and the message both travel through the worker
    settings.EMAIL_BACKEND = "marketplace.mail.CeleryEmailBackend"
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    alert = ProductAlertFactory(
        user=minji, product=samovar, market_id="KR", language="ko"
    )
    back_in_stock(samovar, "KR")
    mail.outbox.clear()

    # when
    product_alerts_send_task.delay()
    wait_for_mail(1)

    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["minji@example.com"]
    assert "재입고" in message.subject
    assert "재입고되었음을 알려 드립니다" in message.body
    assert f"http://example.com{product_url(samovar, 'ko')}" in message.body
    assert product_url(samovar, "ko").startswith("/ko/")
    assert "₩89,000" in message.body
    alert.refresh_from_db()
    assert alert.status == ProductAlert.CLOSED


def test_korean_shopper_is_not_told_when_back_in_russia_only(samovar, minji):
    # given
    alert = ProductAlertFactory(
        user=minji, product=samovar, market_id="KR", language="ko"
    )
    back_in_stock(samovar, "RU")
    mail.outbox.clear()

    # when
    product_alerts_send_task()

    # then
    assert mail.outbox == []
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE


def test_russian_shopper_is_told_in_russian_when_back_in_russia(samovar):
    # given: a confirmed alert of a guest in Russia, and one in Korea
    guest = ProductAlertFactory(
        user=None, email="ivan@example.com", product=samovar, market_id="RU"
    )
    guest.confirm()
    korean = ProductAlertFactory(
        user=UserFactory(), product=samovar, market_id="KR", language="ko"
    )
    back_in_stock(samovar, "RU")
    mail.outbox.clear()

    # when
    product_alerts_send_task()

    # then
    assert [message.to for message in mail.outbox] == [["ivan@example.com"]]
    body = mail.outbox[0].body
    assert "снова в наличии" in body
    assert f"http://example.com{product_url(samovar, 'ru')}" in body
    assert "4\xa0990\xa0₽" in body
    korean.refresh_from_db()
    assert korean.status == ProductAlert.ACTIVE


def test_running_the_task_twice_sends_one_email(samovar):
    # given
    guest = ProductAlertFactory(
        user=None,
        email="minji@example.com",
        product=samovar,
        market_id="KR",
        language="ko",
    )
    guest.confirm()
    back_in_stock(samovar, "KR")
    mail.outbox.clear()

    # when
    product_alerts_send_task()
    product_alerts_send_task()

    # then
    assert len(mail.outbox) == 1
    guest.refresh_from_db()
    assert guest.status == ProductAlert.CLOSED


def test_alerts_are_sent_batch_by_batch_in_primary_key_order(samovar):
    # given
    first, second = (
        ProductAlertFactory(product=samovar, market_id="KR", language="ko")
        for _ in range(2)
    )
    back_in_stock(samovar, "KR")
    mail.outbox.clear()

    # when
    after_first = product_alerts_send(dispatcher=AlertsDispatcher(), batch_size=1)
    after_second = product_alerts_send(
        dispatcher=AlertsDispatcher(), after_pk=after_first, batch_size=1
    )
    after_all = product_alerts_send(
        dispatcher=AlertsDispatcher(), after_pk=after_second, batch_size=1
    )

    # then
    assert (after_first, after_second, after_all) == (first.pk, second.pk, None)
    assert len(mail.outbox) == 2
    assert not ProductAlert.objects.filter(status=ProductAlert.ACTIVE).exists()


def test_alert_made_on_the_korean_store_remembers_korea_and_korean(client, samovar):
    # given
    client.cookies["market"] = "KR"
    with translation.override("ko"):
        url = reverse("customer:alert-create", kwargs={"pk": samovar.pk})
    mail.outbox.clear()

    # when
    response = client.post(url, {"email": "minji@example.com"})

    # then
    alert = ProductAlert.objects.get(product=samovar)
    assert (alert.market_id, alert.language) == ("KR", "ko")
    assert alert.email == "minji@example.com"
    assert response["Location"] == product_url(samovar, "ko")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "확인 메일이 minji@example.com로 전송되었습니다."
    ]
    confirmation = mail.outbox[0]
    assert confirmation.subject == "재고 알림에 필요한 확인"
    assert "재입고 알림 이메일 신청이 접수되었습니다" in confirmation.body
    with translation.override("ko"):
        confirm_url = alert.get_confirm_url()
    assert confirm_url.startswith("/ko/")
    assert f"http://example.com{confirm_url}" in confirmation.body


def test_one_active_alert_per_shopper_product_and_market(client, samovar, minji):
    # given: Minji waits for the product in Russia
    ProductAlertFactory(user=minji, product=samovar, market_id="RU", language="ru")
    client.force_login(minji)
    client.cookies["market"] = "KR"
    with translation.override("ko"):
        url = reverse("customer:alert-create", kwargs={"pk": samovar.pk})

    # when: she asks in Korea, twice
    first = client.post(url, {})
    second = client.post(url, {})

    # then
    assert first.status_code == 302
    assert second.status_code == 200
    assert "이미 이 상품에 대해 활성화된 알림이 있습니다." in second.content.decode()
    assert sorted(
        ProductAlert.objects.filter(user=minji).values_list("market_id", flat=True)
    ) == ["KR", "RU"]


def test_an_alert_in_russia_leaves_the_form_on_the_korean_product_page(
    client, samovar, minji
):
    # given: minji awaits the samovar in Russia
    ProductAlertFactory(product=samovar, user=minji, market_id="RU", language="ru")
    client.force_login(minji)

    # when
    russian = client.get(product_url(samovar, "ru"))
    korean = client.get(product_url(samovar, "ko"))

    # then
    assert 'id="alert_form"' not in russian.content.decode()
    assert 'id="alert_form"' in korean.content.decode()
