"""The seller's bulk upload pages in Chromium: accessible, on a phone, followed live.

The bulk page and an upload's page while it runs, once done and once
failed, in ru and ko at 390 px: no serious or critical axe violation,
nothing wider than the screen, the strict policy and nothing it blocks. A
running upload's page follows the upload through its JSON status with its
own script, and shows the report once the upload is finished.
"""

import pytest
from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model
from playwright.sync_api import expect

from conftest import TRANSACTIONAL, csp_violations
from tests.signin import TwoFactorClient
from tests.test_account_pages import check_page
from vendors.models import VendorRole, VendorStatus, VendorUploadStatus

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
VendorUpload = get_model("partner", "VendorUpload")

pytestmark = TRANSACTIONAL

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def seller(region_data, django_user_model):
    """The owner of an approved vendor, with a running, a done and a failed upload."""
    vendor = Partner.objects.create(
        name="Медовая заимка Башкортостана", status=VendorStatus.APPROVED
    )
    owner = django_user_model.objects.create_user(
        username="owner@example.com",
        email="owner@example.com",
        password="pw-owner-12345",
    )
    VendorMember.objects.create(partner=vendor, user=owner, role=VendorRole.OWNER)
    food = Category.add_root(
        name_ru="Продукты", name_ko="식품", name_en="Food", code="food"
    )
    food.add_child(
        name_ru="Мёд и продукты пчеловодства",
        name_ko="꿀과 양봉 제품",
        name_en="Honey and bee products",
        code="honey-and-bee-products",
    )

    def upload(name: str, **state) -> "VendorUpload":
        return VendorUpload.objects.create(
            partner=vendor,
            uploaded_by=owner,
            file=f"vendors/uploads/{name}",
            original_name=name,
            language="ru",
            **state,
        )

    finished = timezone.now()
    return {
        "user": owner,
        "running": upload(
            "каталог-весна-2026.xlsx",
            status=VendorUploadStatus.PROCESSING,
            total_rows=2000,
            processed_rows=1000,
        ),
        "done": upload(
            "каталог-зима-2026.csv",
            status=VendorUploadStatus.DONE,
            total_rows=2000,
            processed_rows=2000,
            created_count=1200,
            updated_count=600,
            finished_at=finished,
        ),
        "failed": upload(
            "каталог-осень-2025-исправленный-окончательный.csv",
            status=VendorUploadStatus.FAILED,
            total_rows=3,
            processed_rows=3,
            finished_at=finished,
            errors=[
                {
                    "row": 2,
                    "column": "title_ru, title_ko, title_en",
                    "message": "Укажите название товара хотя бы на одном языке.",
                },
                {
                    "row": 3,
                    "column": "price_KR",
                    "message": "Цены в KRW указываются целым числом, без дробной "
                    "части.",
                },
                {
                    "row": 4,
                    "column": "sku",
                    "message": "Этот артикул уже есть в строке 2.",
                },
            ],
        ),
    }


def signed_in(browser, request, user, server: str, language: str, **options):
    """A new phone-sized browser context, signed in as the user."""
    context = browser.new_context(viewport=PHONE, locale=language, **options)
    request.addfinalizer(context.close)
    client = TwoFactorClient()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": server,
            }
        ]
    )
    return context


@pytest.mark.parametrize("language", ["ru", "ko"])
def test_bulk_and_upload_pages_are_accessible_on_a_phone(
    request, shop_server, browser, screenshots, seller, language
):
    # given: the vendor's owner on a phone
    context = signed_in(browser, request, seller["user"], shop_server, language)
    page = context.new_page()
    blocked = csp_violations(page)
    urls = {
        "bulk": f"/{language}/seller/bulk/",
        **{
            f"upload-{state}": f"/{language}/seller/bulk/uploads/{seller[state].pk}/"
            for state in ("running", "done", "failed")
        },
    }
    problems = {}

    for name, url in urls.items():
        # when
        response = page.goto(shop_server + url)

        # then
        if found := check_page(page, response):
            problems[name] = found
        page.screenshot(
            path=screenshots / f"seller-{name}-{language}-390.png", full_page=True
        )

    assert problems == {}
    assert blocked == []


def test_a_running_uploads_page_follows_it_and_shows_the_report_when_done(
    request, shop_server, browser, seller
):
    # given: the page of an upload half checked
    context = signed_in(browser, request, seller["user"], shop_server, "ru")
    page = context.new_page()
    upload = seller["running"]
    page.goto(f"{shop_server}/ru/seller/bulk/uploads/{upload.pk}/")
    progress = page.locator("#seller-upload-progress")
    text = page.locator("#seller-upload-progress-text")
    assert text.inner_text() == "Проверено строк: 1000 из 2000"

    # when: the worker goes on
    VendorUpload.objects.filter(pk=upload.pk).update(processed_rows=1500)

    # then: the bar and its text follow, in the live region
    expect(text).to_have_text("Проверено строк: 1500 из 2000", timeout=10_000)
    expect(progress).to_have_attribute("value", "1500")
    assert progress.get_attribute("aria-labelledby") == "seller-upload-progress-text"
    live = page.locator("[aria-live=polite]")
    assert live.locator("#seller-upload-progress").count() == 1

    # when: the worker is done
    VendorUpload.objects.filter(pk=upload.pk).update(
        status=VendorUploadStatus.DONE,
        processed_rows=2000,
        created_count=2000,
        finished_at=timezone.now(),
    )

    # then: the page reloads once, with the report and no script
    expect(page.locator(".alert-success")).to_have_text(
        "Готово: все строки применены.", timeout=10_000
    )
    assert page.locator("script[src*='upload-progress']").count() == 0


def test_a_running_uploads_page_without_script_updates_by_its_link(
    request, shop_server, browser, seller
):
    # given: a browser that runs no script, on a running upload's page
    context = signed_in(
        browser, request, seller["user"], shop_server, "ru", java_script_enabled=False
    )
    page = context.new_page()
    upload = seller["running"]
    page.goto(f"{shop_server}/ru/seller/bulk/uploads/{upload.pk}/")
    VendorUpload.objects.filter(pk=upload.pk).update(processed_rows=1800)

    # when
    page.get_by_role("link", name="Обновить").click()

    # then
    assert (
        page.locator("#seller-upload-progress-text").inner_text()
        == "Проверено строк: 1800 из 2000"
    )
    assert page.locator("#seller-upload-progress").get_attribute("value") == "1800"
