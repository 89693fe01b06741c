"""Second factors: who is asked, enrolment, the code, recovery codes, throttling,
remembered browsers and the staff reset (orders.customer.security).

People here sign in as a browser does, through the login form with the
password only (a plain `Client`, which keeps the browser's cookie), so the
second step is theirs to take. Emails go through the project's backend,
which queues them to Celery when the transaction commits; Celery runs them
eagerly into the locmem outbox (`outbox`).
"""

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils.html import escape
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from oscar.core.loading import get_model

from marketplace.celery import app
from orders.tasks import known_browsers_forget_task
from tests.signin import authenticator_for, totp_now
from vendors.models import VendorRole

AccountEvent = get_model("customer", "AccountEvent")
KnownBrowser = get_model("customer", "KnownBrowser")

PASSWORD = "pw-seller-12345"  # make_seller's
SECURITY = "/en/accounts/security/"
VERIFY = "/en/accounts/security/verify/"
SETUP = "/en/accounts/security/set-up/"
CODES = "/en/accounts/security/recovery-codes/"
WRONG_CODE = "The code is not right. Enter the current code, or a recovery code."
# Three failures ask 4 s from the last one; the right code comes 1 s after it.
THROTTLED = "Too many wrong codes. Wait 3 seconds, then enter the current code."
REQUIRED = "Staff and sellers' accounts must keep a second factor."
# A Monday morning, well inside one 30-second step of the authenticator.
MORNING = datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC)


# --- Helpers (the emails' tests use them too) ---------------------------------


def sign_in(client: Client, email: str, password: str = PASSWORD, language="en"):
    """Sign in through the login form, with the password only."""
    response = client.post(
        f"/{language}/accounts/login/",
        {"login-username": email, "login-password": password, "login_submit": "1"},
    )
    assert response.status_code == 302, "the login form refused the password"
    return response


def sign_out(client: Client) -> None:
    client.get("/en/accounts/logout/")


def verify(client: Client, code: str, *, next_url: str = "", remember=False):
    data = {"code": code, "next": next_url}
    if remember:
        data["remember"] = "on"
    return client.post(VERIFY, data)


def recovery_codes(user, tokens: list[str]) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=token) for token in tokens
    )
    return device


def wrong_code_for(device: TOTPDevice) -> str:
    """A code the device refuses: none of the steps it accepts (now, and one
    step either side)."""
    totp = pyotp.TOTP(base64.b32encode(device.bin_key).decode())
    now = datetime.now(tz=UTC)
    accepted = {totp.at(now + timedelta(seconds=shift)) for shift in (-30, 0, 30)}
    return next(
        code
        for code in ("000000", "111111", "222222", "333333")
        if code not in accepted
    )


# --- Fixtures -----------------------------------------------------------------


def celery_outbox(settings) -> Iterator[list]:
    """Mail through the project's backend: queued on commit, sent by Celery.

    Wrap the step under test in django_capture_on_commit_callbacks(execute=True):
    its commit callbacks queue the messages, which Celery then runs at once
    into the locmem outbox.
    """
    settings.EMAIL_BACKEND = "marketplace.mail.CeleryEmailBackend"
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    mail.outbox.clear()
    try:
        yield mail.outbox
    finally:
        app.conf.task_always_eager = eager
        app.conf.task_eager_propagates = propagates


@pytest.fixture
def outbox(settings) -> Iterator[list]:
    yield from celery_outbox(settings)


@pytest.fixture
def owner(make_seller):
    """The owner of an approved vendor."""
    return make_seller("Медовая заимка", email="owner@example.com").user


@pytest.fixture
def vendor_staff(make_seller):
    return make_seller(
        "Медовая заимка", email="helper@example.com", role=VendorRole.STAFF
    ).user


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        username="olga",
        email="olga@example.com",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def shopper(db):
    return get_user_model().objects.create_user(
        username="minji", email="minji@example.com", password=PASSWORD
    )


# --- Who is asked -------------------------------------------------------------


@pytest.mark.parametrize("role", [VendorRole.OWNER, VendorRole.STAFF])
def test_vendor_member_without_device_is_sent_from_seller_pages_to_setup_with_next(
    make_seller, role
):
    # given
    member = make_seller("Медовая заимка", email="member@example.com", role=role)
    client = Client()
    sign_in(client, "member@example.com")

    # when
    dashboard = client.get("/en/seller/")
    orders = client.get("/en/seller/orders/")

    # then
    assert dashboard.status_code == 302
    assert dashboard["Location"] == f"{SETUP}?next=%2Fen%2Fseller%2F"
    assert orders["Location"] == f"{SETUP}?next=%2Fen%2Fseller%2Forders%2F"
    assert not TOTPDevice.objects.filter(user=member.user, confirmed=True).exists()


@pytest.mark.parametrize(
    ("page", "next_query"),
    [("/en/admin/", "%2Fen%2Fadmin%2F"), ("/en/dashboard/", "%2Fen%2Fdashboard%2F")],
)
def test_staff_without_device_is_sent_from_admin_and_dashboard_to_setup_with_next(
    staff, page, next_query
):
    # given
    client = Client()
    sign_in(client, staff.email)

    # when
    response = client.get(page)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={next_query}"


def test_shopper_without_device_opens_account_pages_without_being_asked(shopper):
    # given
    client = Client()
    sign_in(client, shopper.email)

    # when
    pages = [
        client.get(page)
        for page in ("/en/", "/en/accounts/profile/", SECURITY, "/en/basket/")
    ]

    # then
    assert [page.status_code for page in pages] == [200, 200, 200, 200]


# --- Enrolment ----------------------------------------------------------------


def test_setup_page_shows_an_inline_svg_qr_code_and_the_secret_as_text(owner):
    # given
    client = Client()
    sign_in(client, owner.email)

    # when
    response = client.get(f"{SETUP}?next=/en/seller/")

    # then
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert response.status_code == 200
    assert re.search(r'<div class="two-factor-qr"[^>]*><svg[^>]*>.*?</svg>', html, re.S)
    grouped = " ".join(re.findall(".{1,4}", secret))
    shown = re.search(r'<code class="two-factor-secret"[^>]*>([A-Z2-7 ]+)</code>', html)
    assert shown is not None
    assert shown.group(1) == grouped


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("en", WRONG_CODE),
        ("ko", "코드가 올바르지 않습니다. 현재 코드나 복구 코드를 입력하세요."),
    ],
)
def test_setup_refuses_a_wrong_code_with_the_translated_error(owner, language, error):
    # given
    client = Client()
    sign_in(client, owner.email, language=language)
    client.get(f"/{language}/accounts/security/set-up/")
    device = TOTPDevice.objects.get(user=owner, confirmed=False)

    # when
    response = client.post(
        f"/{language}/accounts/security/set-up/",
        {"code": wrong_code_for(device), "next": f"/{language}/seller/"},
    )

    # then
    assert response.status_code == 200
    assert error in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not AccountEvent.objects.filter(user=owner, kind="two_factor_added").exists()


def test_setup_asks_to_wait_after_a_wrong_code_then_takes_the_right_one(owner):
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        # given: a wrong code at set-up
        sign_in(client, owner.email)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=owner, confirmed=False)
        client.post(SETUP, {"code": wrong_code_for(device)})

        # when: the right code at once, then a second later
        early = client.post(SETUP, {"code": totp_now(device)})
        clock.shift(timedelta(seconds=1))
        late = client.post(SETUP, {"code": totp_now(device)})

    # then: the first is told to wait (not that it is wrong), the second
    # confirms the app
    assert "Too many wrong codes. Wait 1 second" in early.content.decode()
    assert late.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def enrol(client: Client, user, *, next_url: str = "/en/seller/"):
    """Open the set-up page and enter the right code; return the response."""
    client.get(f"{SETUP}?next={next_url}")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(SETUP, {"code": totp_now(device), "next": next_url})


def test_right_setup_code_confirms_the_device_and_shows_ten_recovery_codes_once(owner):
    # given
    client = Client()
    sign_in(client, owner.email)

    # when
    confirmed = enrol(client, owner)
    first = client.get(confirmed["Location"])
    second = client.get(confirmed["Location"])

    # then
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"{CODES}?next=%2Fen%2Fseller%2F"
    assert TOTPDevice.objects.get(user=owner).confirmed
    shown = re.findall(
        r"<code>([a-z2-7]{5}-[a-z2-7]{5})</code>", first.content.decode()
    )
    assert len(shown) == 10
    stored = StaticToken.objects.filter(device__user=owner).values_list(
        "token", flat=True
    )
    assert {code.replace("-", "") for code in shown} == set(stored)
    assert 'href="/en/seller/"' in first.content.decode()
    assert second.status_code == 302
    assert second["Location"] == SECURITY


def test_setup_records_and_emails_the_second_factor_added_once(
    owner, outbox, django_capture_on_commit_callbacks
):
    # given
    client = Client()
    sign_in(client, owner.email)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        enrol(client, owner)

    # then
    events = AccountEvent.objects.filter(user=owner)
    assert list(events.values_list("kind", "actor")) == [("two_factor_added", None)]
    assert len(outbox) == 1
    assert outbox[0].to == ["owner@example.com"]
    assert outbox[0].subject == "Your account: Second factor added"
    assert "An authenticator app was set up as the second factor" in outbox[0].body


def test_after_setup_the_session_is_verified_and_the_seller_dashboard_opens(owner):
    # given
    client = Client()
    sign_in(client, owner.email)
    assert client.get("/en/seller/").status_code == 302

    # when
    enrol(client, owner)
    response = client.get("/en/seller/")

    # then
    assert response.status_code == 200


# --- The code at sign-in ------------------------------------------------------


def test_owner_with_device_signing_in_with_password_only_is_sent_to_verify_until_code(
    owner,
):
    # given
    device = authenticator_for(owner)
    client = Client()
    sign_in(client, owner.email)

    # when
    refused = client.get("/en/seller/")
    page = client.get(refused["Location"])
    entered = verify(client, totp_now(device), next_url="/en/seller/")
    dashboard = client.get("/en/seller/")

    # then
    assert refused.status_code == 302
    assert refused["Location"] == f"{VERIFY}?next=%2Fen%2Fseller%2F"
    assert '<input type="hidden" name="next" value="/en/seller/">' in (
        page.content.decode()
    )
    assert entered.status_code == 302
    assert entered["Location"] == "/en/seller/"
    assert dashboard.status_code == 200


def test_verify_does_not_follow_an_external_next(owner):
    # given
    device = authenticator_for(owner)
    client = Client()
    sign_in(client, owner.email)

    # when
    response = verify(client, totp_now(device), next_url="https://evil.example/")

    # then
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/"


def test_shopper_with_device_is_sent_to_verify_from_any_page(shopper):
    # given
    authenticator_for(shopper)
    client = Client()
    sign_in(client, shopper.email)

    # when
    pages = ["/en/", "/en/catalogue/", "/en/basket/", "/en/accounts/profile/"]
    responses = {page: client.get(page) for page in pages}

    # then
    assert {page: r.status_code for page, r in responses.items()} == dict.fromkeys(
        pages, 302
    )
    assert responses["/en/"]["Location"] == f"{VERIFY}?next=%2Fen%2F"
    assert responses["/en/accounts/profile/"]["Location"] == (
        f"{VERIFY}?next=%2Fen%2Faccounts%2Fprofile%2F"
    )


def test_shopper_turns_the_optional_device_off_with_the_password(shopper):
    # given
    device = authenticator_for(shopper)
    recovery_codes(shopper, ["abcde23456"])
    client = Client()
    sign_in(client, shopper.email)
    verify(client, totp_now(device))

    # when
    response = client.post(
        "/en/accounts/security/turn-off/", {"password": PASSWORD}, follow=True
    )

    # then
    assert "The second factor is turned off." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=shopper).exists()
    assert not StaticDevice.objects.filter(user=shopper).exists()
    assert list(AccountEvent.objects.filter(user=shopper).values_list("kind")) == [
        ("two_factor_removed",)
    ]
    assert client.get("/en/basket/").status_code == 200


def test_shopper_cannot_turn_the_device_off_with_a_wrong_password(shopper):
    # given
    device = authenticator_for(shopper)
    client = Client()
    sign_in(client, shopper.email)
    verify(client, totp_now(device))

    # when
    response = client.post(
        "/en/accounts/security/turn-off/", {"password": "not-the-password"}, follow=True
    )

    # then
    assert "The entered password is not valid!" in response.content.decode()
    assert TOTPDevice.objects.filter(user=shopper, confirmed=True).exists()


@pytest.mark.parametrize(
    ("who", "language", "error"),
    [
        ("owner", "en", REQUIRED),
        ("vendor_staff", "en", REQUIRED),
        ("staff", "en", REQUIRED),
        ("owner", "ko", "직원과 판매자 계정은 2단계 인증을 유지해야 합니다."),
    ],
)
def test_staff_and_vendors_cannot_turn_their_device_off_translated_error(
    db, request, who, language, error
):
    # (`db` named here: pytest-django orders tests by the fixtures it sees,
    # and getfixturevalue's are not seen.)
    # given
    user = request.getfixturevalue(who)
    device = authenticator_for(user)
    client = Client()
    sign_in(client, user.email, language=language)
    verify(client, totp_now(device))

    # when
    response = client.post(
        f"/{language}/accounts/security/turn-off/", {"password": PASSWORD}, follow=True
    )

    # then
    assert escape(error) in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not AccountEvent.objects.filter(
        user=user, kind="two_factor_removed"
    ).exists()


# --- Recovery codes -----------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(owner):
    # given
    authenticator_for(owner)
    recovery_codes(owner, ["abcde23456", "fghij23456"])
    first_client, second_client = Client(), Client()
    sign_in(first_client, owner.email)

    # when
    first = verify(first_client, "ABCDE-23456", next_url="/en/seller/")
    sign_in(second_client, owner.email)
    second = verify(second_client, "abcde 23456", next_url="/en/seller/")

    # then
    assert first.status_code == 302
    assert first["Location"] == "/en/seller/"
    assert first_client.get("/en/seller/").status_code == 200
    assert second.status_code == 200
    assert WRONG_CODE in second.content.decode()
    assert second_client.get("/en/seller/")["Location"] == (
        f"{VERIFY}?next=%2Fen%2Fseller%2F"
    )
    assert list(
        StaticToken.objects.filter(device__user=owner).values_list("token", flat=True)
    ) == ["fghij23456"]


def test_a_recovery_code_used_is_recorded_and_emailed_with_the_number_left(
    owner, outbox, django_capture_on_commit_callbacks
):
    # given
    authenticator_for(owner)
    recovery_codes(owner, [f"abcde2345{digit}" for digit in "234567"])
    client = Client()
    sign_in(client, owner.email)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        verify(client, "abcde-23454")

    # then
    assert list(AccountEvent.objects.filter(user=owner).values_list("kind")) == [
        ("recovery_code_used",)
    ]
    assert len(outbox) == 1
    assert outbox[0].to == ["owner@example.com"]
    assert outbox[0].subject == "Your account: Recovery code used"
    assert (
        "A recovery code was used to sign in to your account. 5 codes are left."
        in outbox[0].body
    )


# --- Throttling ---------------------------------------------------------------


def test_wrong_codes_throttle_even_the_right_code_until_the_delay_passes(owner):
    # given: three wrong codes, each after the previous one's delay (1, 2 s)
    device = authenticator_for(owner)
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        sign_in(client, owner.email)
        wrong = wrong_code_for(device)
        for wait in (0, 1.5, 2.5):
            clock.shift(timedelta(seconds=wait))
            assert WRONG_CODE in verify(client, wrong).content.decode()

        # when: the right code one second later (the third failure asks 4 s),
        # then once the 4 s have passed
        clock.shift(timedelta(seconds=1))
        early = verify(client, totp_now(device), next_url="/en/seller/")
        still_refused = client.get("/en/seller/")
        clock.shift(timedelta(seconds=3.5))
        late = verify(client, totp_now(device), next_url="/en/seller/")

    # then
    assert early.status_code == 200
    assert THROTTLED in early.content.decode()
    assert still_refused["Location"] == f"{VERIFY}?next=%2Fen%2Fseller%2F"
    assert late.status_code == 302
    assert late["Location"] == "/en/seller/"


# --- Remembered browsers ------------------------------------------------------


def remembered(client: Client, user, device: TOTPDevice) -> None:
    """Sign in with both steps, ticking "remember this browser", then sign out."""
    sign_in(client, user.email)
    response = verify(client, totp_now(device), remember=True)
    assert response.status_code == 302, "the code was refused"
    sign_out(client)


def test_a_remembered_browser_skips_the_code_at_the_next_sign_in(owner):
    # given
    device = authenticator_for(owner)
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        remembered(client, owner, device)
        browser = KnownBrowser.objects.get(user=owner)

        # when
        clock.shift(timedelta(days=29))
        sign_in(client, owner.email)
        response = client.get("/en/seller/")

    # then
    assert browser.two_factor_until == MORNING + timedelta(days=30)
    assert response.status_code == 200


def test_a_remembered_browser_asks_for_the_code_again_after_thirty_one_days(owner):
    # given
    device = authenticator_for(owner)
    client = Client()
    with time_machine.travel(MORNING, tick=False) as clock:
        remembered(client, owner, device)

        # when
        clock.shift(timedelta(days=31))
        sign_in(client, owner.email)
        response = client.get("/en/seller/")

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fen%2Fseller%2F"


def test_a_forgotten_browser_asks_for_the_code_again_at_once(owner):
    # given
    device = authenticator_for(owner)
    client = Client()
    with time_machine.travel(MORNING, tick=False):
        remembered(client, owner, device)
        sign_in(client, owner.email)
        assert client.get("/en/seller/").status_code == 200
        browser = KnownBrowser.objects.get(user=owner)

        # when
        client.post("/en/accounts/security/browsers/forget/", {"browser": browser.pk})
        sign_out(client)
        sign_in(client, owner.email)
        response = client.get("/en/seller/")

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fen%2Fseller%2F"


def test_a_remembered_browser_does_not_spare_another_browser_the_code(owner):
    # given
    device = authenticator_for(owner)
    with time_machine.travel(MORNING, tick=False):
        remembered(Client(), owner, device)

        # when
        other = Client()
        sign_in(other, owner.email)
        response = other.get("/en/seller/")

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fen%2Fseller%2F"


# --- The staff reset ----------------------------------------------------------


def test_staff_reset_of_a_lost_device_removes_it_records_and_emails_the_person(
    client, staff, owner, outbox, django_capture_on_commit_callbacks
):
    # given: the owner's phone is lost; staff are signed in with both factors
    authenticator_for(owner)
    recovery_codes(owner, ["abcde23456"])
    sign_in(Client(), owner.email, language="ko")
    client.force_login(staff)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/admin/auth/user/",
            {"action": "second_factor_reset", "_selected_action": [owner.pk]},
        )

    # then
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert not StaticDevice.objects.filter(user=owner).exists()
    event = AccountEvent.objects.get(user=owner)
    assert (event.kind, event.actor) == ("two_factor_reset", staff)
    assert len(outbox) == 1
    assert outbox[0].to == ["owner@example.com"]
    assert outbox[0].subject == "내 계정: 직원이 2단계 인증 초기화"


def test_the_admin_user_list_shows_who_has_a_second_factor(
    client, staff, owner, shopper
):
    # given: the owner has an authenticator, the shopper none
    authenticator_for(owner)
    client.force_login(staff)

    # when
    response = client.get("/en/admin/auth/user/")

    # then
    assert response.status_code == 200
    shown = {
        user.email: user.second_factor for user in response.context["cl"].result_list
    }
    assert shown["owner@example.com"] is True
    assert shown[shopper.email] is False


def test_after_a_staff_reset_the_person_is_sent_to_setup_at_the_next_visit(
    client, staff, owner
):
    # given: the owner got stuck at the code, having lost the phone
    authenticator_for(owner)
    stuck = Client()
    sign_in(stuck, owner.email)
    assert stuck.get("/en/seller/")["Location"].startswith(VERIFY)
    client.force_login(staff)

    # when
    client.post(
        "/en/admin/auth/user/",
        {"action": "second_factor_reset", "_selected_action": [owner.pk]},
    )
    again = stuck.get("/en/seller/", follow=True)
    fresh = Client()
    sign_in(fresh, owner.email)
    signed_in_anew = fresh.get("/en/seller/")

    # then
    assert again.redirect_chain[-1][0] == f"{SETUP}?next=%2Fen%2Fseller%2F"
    assert signed_in_anew.status_code == 302
    assert signed_in_anew["Location"] == f"{SETUP}?next=%2Fen%2Fseller%2F"


# --- Known browsers -------------------------------------------------------------


def test_the_daily_job_forgets_browsers_whose_cookie_has_expired(shopper):
    # given: a browser last seen 401 days ago, its cookie (400 days) gone,
    # and one seen 399 days ago
    now = datetime.now(tz=UTC)
    for key, days in (("expired", 401), ("alive", 399)):
        KnownBrowser.objects.create(
            user=shopper, key=key, last_seen_at=now - timedelta(days=days)
        )

    # when
    known_browsers_forget_task()

    # then
    assert list(shopper.known_browsers.values_list("key", flat=True)) == ["alive"]
