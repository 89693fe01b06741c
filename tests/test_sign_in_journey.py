"""Sign-in that holds, in Chromium: a seller's second factor, and the lockout page.

A vendor's owner signs in with the shop's login form, is sent from the
seller dashboard to set up an authenticator (a QR code drawn inline and the
same secret as text, read here by pyotp as an app would), keeps his
recovery codes and reaches the dashboard he asked for. Signed in again with
the password alone, he does not reach it until he enters a fresh code.

Ten wrong passwords, then the right one, show the lockout page in Russian
and in Korean, with the minutes to wait. Each language is its own case: both
browsers post from 127.0.0.1, and a test's database starts without the
failures another counted against that address.
"""

import re
import time

import pyotp
import pytest
import time_machine
from oscar.core.loading import get_model
from playwright.sync_api import expect

from conftest import TRANSACTIONAL, csp_violations
from vendors.models import VendorRole, VendorStatus

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")

pytestmark = TRANSACTIONAL

PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-owner-12345"
RECOVERY_CODE = re.compile(r"[a-z2-7]{5}-[a-z2-7]{5}")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The lockout tests check eleven passwords each; the default hasher
    # takes a noticeable fraction of a second for each. The live server
    # runs in this process, so it hashes with these too.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(region_data, django_user_model):
    """The owner of an approved vendor, without a second factor yet."""
    vendor = Partner.objects.create(
        name="Медовая заимка Башкортостана", status=VendorStatus.APPROVED
    )
    user = django_user_model.objects.create_user(
        username="owner@example.com", email="owner@example.com", password=PASSWORD
    )
    VendorMember.objects.create(partner=vendor, user=user, role=VendorRole.OWNER)
    return user


def submit_login(page, base: str, email: str, password: str):
    """Post the shop's login form; return the response of the page it leads to."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    with page.expect_navigation() as navigation:
        page.click("button[name=login_submit]")
    return navigation.value


def test_seller_sets_up_an_authenticator_and_needs_its_code_at_each_sign_in(
    request, shop_server, browser, screenshots, owner
):
    base = f"{shop_server}/en"
    context = browser.new_context(viewport=PHONE, locale="en")
    request.addfinalizer(context.close)
    page = context.new_page()
    blocked = csp_violations(page)
    images: list[str] = []
    page.on(
        "request",
        lambda sent: images.append(sent.url) if sent.resource_type == "image" else None,
    )

    # given: the owner signs in with his password; he has no second factor
    submit_login(page, base, owner.email, PASSWORD)

    # when: he opens the seller dashboard
    images.clear()
    page.goto(f"{base}/seller/")

    # then: he is asked to set up an authenticator, the QR code drawn in the page
    assert page.url == f"{base}/accounts/security/set-up/?next=%2Fen%2Fseller%2F"
    qr = page.locator(".two-factor-qr svg")
    expect(qr).to_have_count(1)
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150
    assert page.locator(".two-factor-qr img").count() == 0
    # No image but the site's own static files: no QR code fetched or generated.
    assert [url for url in images if "/static/" not in url] == []
    assert blocked == []
    page.screenshot(path=screenshots / "two-factor-setup-en-390.png", full_page=True)

    # when: his app reads the key shown as text and he enters its code
    secret = "".join(page.locator("#two-factor-secret").inner_text().split())
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("#two_factor_setup_form button[type=submit]")

    # then: he sees ten recovery codes
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(set(codes)) == 10
    assert all(RECOVERY_CODE.fullmatch(code.strip()) for code in codes)
    page.screenshot(path=screenshots / "two-factor-codes-en-390.png", full_page=True)

    # and having saved them, he is on the page he asked for
    page.click("text=I have saved them")
    expect(page).to_have_url(f"{base}/seller/")
    assert page.locator(".seller-nav__store").inner_text() == (
        "Медовая заимка Башкортостана"
    )

    # when: he signs out, and in again with his password alone
    page.goto(f"{base}/accounts/logout/")
    submit_login(page, base, owner.email, PASSWORD)
    page.goto(f"{base}/seller/")

    # then: the dashboard waits for his code
    assert page.url == f"{base}/accounts/security/verify/?next=%2Fen%2Fseller%2F"
    assert page.locator(".seller-nav").count() == 0
    page.screenshot(path=screenshots / "two-factor-verify-en-390.png", full_page=True)

    # when: he enters the code his app shows a step later (django-otp takes
    # each step's code once, and the set-up spent the current one; the live
    # server runs in this process, so its clock moves too)
    with time_machine.travel(time.time() + 30):
        page.fill("#id_code", pyotp.TOTP(secret).now())
        page.click("#two_factor_verify_form button[type=submit]")

        # then: he is on the seller dashboard
        expect(page).to_have_url(f"{base}/seller/")
    assert page.locator(".seller-nav__store").inner_text() == (
        "Медовая заимка Башкортостана"
    )


def fail_ten_times_then_sign_in(browser, request, base: str, language: str, email):
    """In a new browser, ten wrong passwords, then the right one; its response."""
    context = browser.new_context(viewport=PHONE, locale=language)
    request.addfinalizer(context.close)
    page = context.new_page()
    for _ in range(10):
        submit_login(page, base, email, "wrong-password")
    return page, submit_login(page, base, email, PASSWORD)


@pytest.mark.parametrize(
    ("language", "title", "wait"),
    [
        ("ru", "Вход приостановлен", "Попробуйте снова через 15 минут."),
        ("ko", "로그인 일시 중지", "15분 후에 다시 시도하세요."),
    ],
)
def test_right_password_after_ten_wrong_ones_shows_the_pause_in_the_language(
    request,
    shop_server,
    browser,
    screenshots,
    django_user_model,
    region_data,
    language,
    title,
    wait,
):
    # given
    django_user_model.objects.create_user(
        username="anna", email="anna@example.com", password=PASSWORD
    )

    # when
    page, response = fail_ten_times_then_sign_in(
        browser, request, f"{shop_server}/{language}", language, "anna@example.com"
    )

    # then: the page says it in the language, and only in it
    assert response.status == 429
    main = page.locator("#main").inner_text()
    assert title in main
    assert wait in main
    if language == "ko":
        assert CYRILLIC.findall(main) == []
    page.screenshot(
        path=screenshots / f"sign-in-paused-{language}-390.png", full_page=True
    )
