"""Guests pay in a real Chromium: by card on the local Stripe's page, with its
notifications sent to the live site and acted on by a real Celery worker, and
by cash on delivery."""

import pytest
import stripe
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from conftest import TRANSACTIONAL, csp_violations
from orders.models import OrderPartStatus, OrderStatus
from payments.fakes.stripe_server import StripeServer
from payments.models import ProviderEventStatus, SourceStatus
from payments.tests.faults import eventually, payment_outcome
from tests.checkout import SEOUL

Order = get_model("order", "Order")
ProviderEvent = get_model("payment", "ProviderEvent")

pytestmark = TRANSACTIONAL

RIGA = {
    "first_name": "Jānis",
    "last_name": "Bērziņš",
    "line1": "Brīvības iela 1",
    "line4": "Rīga",
    "postcode": "LV-1050",
}
PAYS = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"


@pytest.fixture
def stripe_live(settings, monkeypatch, shop_server):
    """The local Stripe, configured as payments' stripe_server fixture does, and
    notifying the live site's webhook as Stripe would."""
    server = StripeServer(webhook_secret="whsec_test_local").start()
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_WEBHOOK_SECRET = server.webhook_secret
    monkeypatch.setattr(stripe, "api_base", server.url)
    monkeypatch.setattr(stripe, "api_key", "sk_test_local")
    server.webhook_url = shop_server + reverse(
        "payments-webhooks:webhook", args=["stripe"]
    )
    yield server
    server.stop()


@pytest.fixture
def amber(make_products, sell_in):
    """An amber necklace on sale in Latvia for 24.90 EUR and in Korea for ₩39,000."""
    product = make_products(1)[0]
    product.title_en = "Amber necklace"
    product.title_ko = "호박 목걸이"
    product.save()
    sell_in(product, "LV", "24.90")
    sell_in(product, "KR", "39000")
    return product


def _phone_page(request, browser, language):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=language)
    request.addfinalizer(page.close)
    return page, csp_violations(page)


def _ship_to_latvia(page, shop_server, language, product, email):
    """Pick Latvia in the settings menu, buy the product as a guest and give a
    Riga address; the page ends on the payment step."""
    page.goto(f"{shop_server}/{language}/")
    page.click("#settings-menu summary")
    page.select_option("#id_market", "LV")
    page.click("#market_selector button[type=submit]")
    with translation.override(language):
        page.goto(shop_server + product.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{shop_server}/{language}/basket/")
    page.click(f"a[href='/{language}/checkout/']")
    page.fill("#id_username", email)
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")
    for field, value in RIGA.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_country", "LV")
    page.click("#new_shipping_address button[type=submit]")


def _sent_to_stripes_page(page, server, blocked) -> None:
    """Wait for the browser to reach Stripe's page; fail with what the site's
    Content-Security-Policy blocked on the way, if it did."""
    for _tick in range(150):
        if page.url.startswith(f"{server.url}/pay/") or blocked:
            break
        page.wait_for_timeout(100)
    assert blocked == []
    page.wait_for_url(f"{server.url}/pay/*")


def _pay_on_stripes_page(page, card):
    page.fill("#cardNumber", card)
    page.click("#submit")


def _all_events_processed():
    """Every notification Stripe sent is stored and acted on."""
    return ProviderEvent.objects.exists() and not ProviderEvent.objects.exclude(
        status=ProviderEventStatus.PROCESSED
    )


def test_guest_in_latvia_pays_by_card_on_stripes_page_and_is_thanked(
    request, shop_server, browser, screenshots, stripe_live, celery_worker_thread, amber
):
    page, blocked = _phone_page(request, browser, "en")

    # given: a guest in English, shopping in Latvia, at the payment step
    _ship_to_latvia(page, shop_server, "en", amber, "janis@example.com")
    assert page.locator("label[for=payment-stripe]").inner_text() == "Card"
    page.check("#payment-stripe")
    page.screenshot(path=screenshots / "payment-step-card-en.png", full_page=True)

    # when: they place the order
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")

    # then: Stripe's page asks for the order's total; the order waits for it
    _sent_to_stripes_page(page, stripe_live, blocked)
    order = Order.objects.get(guest_email="janis@example.com")
    reference = order.sources.get().reference
    assert page.url == f"{stripe_live.url}/pay/{reference}"
    assert page.locator("#amount").inner_text() == "24.90 EUR"
    assert order.status == OrderStatus.AWAITING_PAYMENT
    page.screenshot(path=screenshots / "stripe-page-en.png", full_page=True)

    # when: they pay by card; Stripe sends them back and notifies the site
    _pay_on_stripes_page(page, PAYS)
    # The return page looks again every 5 s while the payment is confirmed.
    page.wait_for_url("**/en/checkout/thank-you/", timeout=30_000)

    # then: thanked with the order's number; the order is paid, once
    assert order.number in page.locator("p.lead strong").inner_text()
    page.screenshot(path=screenshots / "thank-you-card-en.png", full_page=True)
    eventually(_all_events_processed)
    assert payment_outcome(order, stripe_live) == {
        "status": OrderStatus.PENDING,
        "parts": [OrderPartStatus.PLACED],
        "order_placed": 1,
        "debits": 1,
        "debited": order.total_incl_tax,
        "refunded": 0,
        "charges": [2490],
        "refunds": [],
    }
    assert order.sources.get().status == SourceStatus.PAID
    assert blocked == []


def test_a_declined_card_stays_on_stripes_page_and_back_offers_to_pay_again(
    request, shop_server, browser, screenshots, stripe_live, celery_worker_thread, amber
):
    page, blocked = _phone_page(request, browser, "ru")

    # given: a guest in Russian, shopping in Latvia, on Stripe's page
    _ship_to_latvia(page, shop_server, "ru", amber, "anna@example.com")
    page.check("#payment-stripe")
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")
    _sent_to_stripes_page(page, stripe_live, blocked)
    order = Order.objects.get(guest_email="anna@example.com")
    stripes_page = f"{stripe_live.url}/pay/{order.sources.get().reference}"

    # when: the card is declined
    _pay_on_stripes_page(page, DECLINED)

    # then: Stripe's page says so, and nothing is charged
    assert page.url == stripes_page
    assert page.locator("#error").inner_text() == "Your card was declined."
    page.screenshot(path=screenshots / "stripe-page-declined.png", full_page=True)
    assert stripe_live.store.charges == {}

    # when: they go back to the shop
    page.click("#back")

    # then: the order waits for its payment, and offers to pay it
    assert page.url == f"{shop_server}/ru/checkout/pay/"
    assert page.locator("#order-pay-status").is_visible()
    assert "24,90" in page.locator("#order-pay").inner_text()
    page.screenshot(path=screenshots / "order-pay-ru.png", full_page=True)

    # when: they pay again, with another card
    page.click("#order-pay")
    _sent_to_stripes_page(page, stripe_live, blocked)
    assert page.url == stripes_page  # the same checkout, not a second one
    _pay_on_stripes_page(page, PAYS)
    page.wait_for_url("**/ru/checkout/thank-you/", timeout=30_000)

    # then
    eventually(_all_events_processed)
    outcome = payment_outcome(order, stripe_live)
    assert (outcome["status"], outcome["order_placed"], outcome["charges"]) == (
        OrderStatus.PENDING,
        1,
        [2490],
    )
    assert len(stripe_live.store.sessions) == 1
    assert blocked == []


def test_guest_in_korea_pays_cash_on_delivery_though_card_is_offered(
    request, shop_server, browser, screenshots, stripe_live, amber
):
    page, blocked = _phone_page(request, browser, "ko")
    base = f"{shop_server}/ko"

    # given: a guest in the Korean shop, at the payment step
    with translation.override("ko"):
        page.goto(shop_server + amber.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{base}/basket/")
    page.click("a[href='/ko/checkout/']")
    page.fill("#id_username", "minji@example.com")
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")
    for field, value in SEOUL.items():
        page.fill(f"#id_{field}", value)
    page.click("#new_shipping_address button[type=submit]")
    assert page.locator("#payment-stripe").count() == 1
    page.check("#payment-cash-on-delivery")
    page.screenshot(path=screenshots / "payment-step-ko.png", full_page=True)

    # when: they place the order
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")

    # then: thanked at once; the order goes to its vendor, to be paid on delivery
    assert page.url == f"{base}/checkout/thank-you/"
    assert "수령 시 결제" in page.locator("#thanks-payment-title + p").inner_text()
    page.screenshot(path=screenshots / "thank-you-cash-ko.png", full_page=True)
    order = Order.objects.get(guest_email="minji@example.com")
    assert order.status == OrderStatus.PENDING
    assert order.total_incl_tax == 39000
    assert order.sources.get().source_type.code == "cash-on-delivery"
    assert stripe_live.store.sessions == {}
    assert blocked == []
