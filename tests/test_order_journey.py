"""A guest buys from two vendors in Korean; each vendor handles only its part."""

from pathlib import Path

import pytest
import requests
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL, csp_violations
from tests.checkout import SEOUL
from tests.signin import authenticator_for, page_sign_in

Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
CJ_PAYLOADS = (
    Path(__file__).parents[1] / "logistics/tests/carrier_payloads/cj_logistics"
)
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = TRANSACTIONAL


@pytest.fixture
def two_vendors(category, sell_in, make_seller):
    """A teapot of one vendor and a tea of another, on sale in Korea."""
    sellers = {}
    for vendor, email, title, korean in (
        ("Seoul Crafts", "crafts@example.com", "Teapot", "찻주전자"),
        ("Jeju Tea", "jeju@example.com", "Green tea", "녹차"),
    ):
        sellers[vendor] = make_seller(vendor, email=email)
        # who, as vendors' users must, have an authenticator app
        authenticator_for(sellers[vendor].user)
        product = create_product(
            title=title, price="990.00", num_in_stock=5, partner_name=vendor
        )
        product.title_ko = korean
        product.title_en = title
        product.save()
        ProductCategory.objects.create(product=product, category=category)
        sell_in(product, "KR", "25000", num_in_stock=5)
        sellers[vendor].product = product
    return sellers


def cj_push(shop_server: str, name: str, number: str) -> requests.Response:
    """Post CJ's recorded scans of `number` to the webhook, with the secret."""
    body = (CJ_PAYLOADS / name).read_text().replace("600000000001", number)
    body = body.replace("600000000002", number)
    return requests.post(
        f"{shop_server}/carriers/cj-logistics/webhook/",
        data=body.encode(),
        headers={"Content-Type": "application/json", "X-Webhook-Secret": "cj-test"},
        timeout=10,
    )


def test_guest_buys_from_two_vendors_and_follows_each_part_in_korean(
    request, shop_server, browser, screenshots, two_vendors, settings
):
    base = f"{shop_server}/ko"
    shopper = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko")
    request.addfinalizer(shopper.close)
    page = shopper.new_page()
    blocked = csp_violations(page)

    # given: a guest buys both products in one basket
    for seller in two_vendors.values():
        with translation.override("ko"):
            page.goto(f"{shop_server}{seller.product.get_absolute_url()}")
        page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{base}/basket/")
    page.click("a[href='/ko/checkout/']")
    page.fill("#id_username", "guest@example.com")
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")
    for field, value in SEOUL.items():
        page.fill(f"#id_{field}", value)
    page.click("#new_shipping_address button[type=submit]")
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")
    order = Order.objects.get(guest_email="guest@example.com")
    assert order.parts.count() == 2

    # when: the teapot's vendor accepts, packs and ships with a CJ number,
    # and the tea's vendor only accepts
    crafts = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko")
    request.addfinalizer(crafts.close)
    vendor_page = crafts.new_page()
    vendor_blocked = csp_violations(vendor_page)
    page_sign_in(vendor_page, base, "crafts@example.com", "pw-seller-12345")
    vendor_page.goto(f"{base}/seller/orders/")
    listing = vendor_page.locator("main").inner_text()
    assert "찻주전자" in listing
    assert "녹차" not in listing
    vendor_page.goto(f"{base}/seller/orders/{order.number}/")
    vendor_page.click("button[value=accepted]")
    vendor_page.click("button[value=packed]")
    vendor_page.select_option("#id_carrier", label="CJ대한통운")
    vendor_page.fill("#id_tracking_number", "1234-5678-9012")
    vendor_page.click("form[action$='/ship/'] button[type=submit]")
    assert "운송장 번호 123456789012" in vendor_page.locator("main").inner_text()
    vendor_page.screenshot(path=screenshots / "seller-order-ko.png", full_page=True)

    jeju = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko")
    request.addfinalizer(jeju.close)
    other_page = jeju.new_page()
    page_sign_in(other_page, base, "jeju@example.com", "pw-seller-12345")
    other_page.goto(f"{base}/seller/orders/{order.number}/")
    assert "찻주전자" not in other_page.locator("main").inner_text()
    other_page.click("button[value=accepted]")

    # then: the guest finds the order by its number and email and sees both
    # parts, in Korean, with the parcel's tracking link
    page.goto(
        f"{base}/accounts/order-status-form/{order.number}/{order.verification_hash()}/"
    )
    page.fill("#id_email", "guest@example.com")
    page.click("main form button[type=submit]")
    text = page.locator("main").inner_text()
    assert "판매자: Seoul Crafts · 발송됨" in text
    assert "판매자: Jeju Tea · 판매자 확인" in text
    assert "운송장 번호 123456789012" in text
    assert (
        page.locator("a:text('배송 조회')")
        .get_attribute("href")
        .endswith("wblNo=123456789012")
    )
    page.screenshot(path=screenshots / "guest-order-status-ko.png", full_page=True)

    # when: the tea's vendor packs and ships too, and CJ pushes its scans:
    # the teapot's parcel is delivered, the tea's is on its way
    other_page.click("button[value=packed]")
    other_page.select_option("#id_carrier", label="CJ대한통운")
    other_page.fill("#id_tracking_number", "1234-5678-9013")
    other_page.click("form[action$='/ship/'] button[type=submit]")
    settings.MARKETPLACE_CARRIERS = {
        **settings.MARKETPLACE_CARRIERS,
        "cj-logistics": {"base_url": "http://127.0.0.1:9", "webhook_secret": "cj-test"},
    }
    delivered = cj_push(shop_server, "delivered.json", "123456789012")
    moving = cj_push(shop_server, "in_transit.json", "123456789013")
    assert delivered.json() == {"stored": 4, "unknown": []}
    assert moving.json() == {"stored": 2, "unknown": []}

    # then: the teapot's part is delivered, and the guest's tracking page
    # shows both parcels' timelines in Korean
    statuses = dict(order.parts.values_list("vendor__name", "status"))
    assert statuses == {"Seoul Crafts": "delivered", "Jeju Tea": "shipped"}
    page.goto(f"{base}/track/")
    page.fill("#id_number", order.number)
    page.fill("#id_email", "guest@example.com")
    page.click("#tracking_lookup_form button[type=submit]")
    timelines = page.locator("section.tracking-timeline")
    assert timelines.count() == 2
    teapot, tea = (timelines.nth(0).inner_text(), timelines.nth(1).inner_text())
    assert "123456789012" in teapot
    # Scans in Korean time and format (14:05 in Seoul), newest first, with the
    # carrier's own words.
    assert teapot.index("2026년 3월 3일 2:05 오후 · 제주연동\n배송완료") < (
        teapot.index("2026년 3월 2일 5:26 오후 · 서울성수\n집화처리")
    )
    # Each parcel's own status, in the site's Korean words.
    assert "배송 완료" in teapot
    assert "배송 중" in tea
    assert "123456789013" in tea
    assert "배송완료" not in tea
    assert "2026년 3월 3일 2:11 오전 · 곤지암Hub\n간선하차" in tea
    page.screenshot(path=screenshots / "guest-tracking-ko.png", full_page=True)
    assert blocked == []
    assert vendor_blocked == []
