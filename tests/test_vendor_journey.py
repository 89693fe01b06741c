# ruff: noqa: RUF001  (Russian text is meant)
"""A new seller applies in Chromium, staff approve in Django admin, the store opens."""

from oscar.core.loading import get_model
from oscar.test.factories import ProductClassFactory

from conftest import TRANSACTIONAL
from tests.signin import authenticator_for, page_sign_in, page_two_factor_set_up
from vendors.models import VendorStatus
from vendors.tests.conftest import PDF_BYTES, png_bytes

Partner = get_model("partner", "Partner")
VendorEvent = get_model("partner", "VendorEvent")

pytestmark = TRANSACTIONAL


def test_new_seller_applies_in_russian_staff_approve_and_it_sells(
    request, shop_server, browser, screenshots, django_user_model, tmp_path, category
):
    # given: a registered user and a staff member
    django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )
    olga = django_user_model.objects.create_user(
        username="olga",
        email="olga@example.com",
        password="pw-olga-12345",
        is_staff=True,
        is_superuser=True,
    )
    # who, as staff must, has an authenticator app
    authenticator_for(olga)
    ProductClassFactory(name="Товары")
    document = tmp_path / "выписка-егрюл.pdf"
    document.write_bytes(PDF_BYTES)
    photo = tmp_path / "samovar.png"
    photo.write_bytes(png_bytes())
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ru")
    request.addfinalizer(page.close)

    # when: the user applies from the footer's link, step by step
    page_sign_in(page, f"{shop_server}/ru", "anna@example.com", "pw-anna-12345")
    page.goto(f"{shop_server}/ru/")
    page.click("footer >> text=Продавайте у нас")
    for field, value in {
        "legal_name": "Самовары Тулы",
        "legal_form": "ООО",
        "legal_address": "300041, Тула, пр. Ленина, 1",
        "representative": "Петров Иван Сергеевич",
        "contact_name": "Анна Петрова",
        "contact_email": "shop@example.com",
        "phone": "8 4872 12-34-56",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_country", "RU")
    page.screenshot(
        path=screenshots / "vendor-apply-company-ru-390.png", full_page=True
    )
    page.click("form.card button[type=submit]")
    for field, value in {
        "tax_number": "7707083893",
        "registration_number": "1027700132195",
        "payout_account_holder": "ООО Самовары Тулы",
        "payout_bank_name": "Сбербанк",
        "payout_account": "40702810900000000001",
    }.items():
        page.fill(f"#id_{field}", value)
    page.click("form.card button[type=submit]")
    page.select_option("#id_kind", "registration")
    page.set_input_files("#id_file", str(document))
    page.click("form.card button[type=submit]")
    page.click("text=Продолжить")
    page.fill("#id_name", "Самовары Тулы")
    page.fill("#id_slug", "samovary-tuly")
    page.fill("#id_description_ru", "Самовары ручной работы.")
    page.fill("#id_description_ko", "수제 사모바르.")
    page.click("form.card button[type=submit]")
    page.screenshot(path=screenshots / "vendor-apply-review-ru-390.png", full_page=True)
    page.click("text=Отправить заявку")
    page.wait_for_selector("text=Статус: Отправлена")

    # and staff approve it in Django admin, with a note
    page.context.clear_cookies()
    page_sign_in(page, f"{shop_server}/ru", "olga@example.com", "pw-olga-12345")
    page.goto(f"{shop_server}/ru/admin/partner/partner/?status__exact=submitted")
    page.click("text=Самовары Тулы")
    page.click("text=Принять решение")
    page.select_option("#id_to_status", "approved")
    page.fill("#id_note", "Документы в порядке.")
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist")

    vendor = Partner.objects.get(slug="samovary-tuly")
    assert vendor.status == VendorStatus.APPROVED
    assert list(
        VendorEvent.objects.filter(partner=vendor).values_list("to_status", flat=True)
    ) == ["submitted", "approved"]

    # and the vendor signs in and creates a product in three languages
    page.context.clear_cookies()
    page_sign_in(page, f"{shop_server}/ru", "anna@example.com", "pw-anna-12345")
    page.goto(f"{shop_server}/ru/seller/")
    # her first visit as a seller asks her to set up the second factor, and
    # then goes on to the seller dashboard she asked for
    assert "/accounts/security/set-up/" in page.url
    page_two_factor_set_up(page)
    assert page.url == f"{shop_server}/ru/seller/"
    page.click("text=Новый товар")
    for field, value in {
        "title_ru": "Самовар угольный",
        "title_ko": "숯 사모바르",
        "title_en": "Charcoal samovar",
        "description_ru": "Медный, 5 литров.",
        "sku": "SAM-5",
        "images-0-caption": "Медный самовар на столе",
        "offer-RU-price": "12990",
        "offer-RU-num_in_stock": "4",
        "offer-KR-price": "350000",
        "offer-KR-num_in_stock": "2",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_category", str(category.pk))
    page.set_input_files("#id_images-0-original", str(photo))
    page.check("#id_is_public")
    page.screenshot(path=screenshots / "seller-product-form-ru-390.png", full_page=True)
    page.click("form.seller-form button[type=submit]")
    page.wait_for_selector(".alert-success")

    # then: in Korean, the store's page lists it under its Korean title
    page.goto(f"{shop_server}/ko/vendors/samovary-tuly/")
    assert page.locator("h1").inner_text() == "Самовары Тулы"
    assert "수제 사모바르." in page.content()
    assert "770-708-38-93" in page.content() or "7707083893" in page.content()
    card_title = page.locator(".product-card__title a", has_text="숯 사모바르")
    assert card_title.count() == 1
    page.screenshot(path=screenshots / "vendor-page-ko-390.png", full_page=True)
    card_title.click()
    assert page.locator("h1").inner_text() == "숯 사모바르"
    assert "₩350,000" in page.content()
    assert page.locator("img[alt='Медный самовар на столе']").count() >= 1
