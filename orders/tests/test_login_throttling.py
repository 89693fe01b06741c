"""Sign-in that holds: failed logins lock an account or an address for a while.

Against the real stack: axes counts failures in PostgreSQL, the reset form's
limits live in Redis. Logins are plain posts of Django's test client from a
given address (REMOTE_ADDR), as a browser's would be.
"""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from orders.customer.security.client import client_ip

PASSWORD = "Correct-horse-1990"
SHOP, DASHBOARD, ADMIN = "customer:login", "dashboard:login", "admin:login"
HOME = "192.0.2.10"
ELSEWHERE = "203.0.113.66"

LOCKED_OUT = (
    "There were too many failed sign-ins to this account or from this network. "
    "Try again in {wait}."
)
RESET_REFUSED = "Too many reset emails were asked for. Try again in"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Each test checks dozens of passwords; the default hasher takes a
    # noticeable fraction of a second for each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def olga(db, django_user_model):
    """A member of staff, so that each of the three logins lets her in."""
    return django_user_model.objects.create_user(
        username="olga", email="olga@example.com", password=PASSWORD, is_staff=True
    )


def url(view: str) -> str:
    with translation.override("en"):
        return reverse(view)


def login(browser: Client, view: str, name: str, password: str):
    """Post the login form of the view, as its page's submit button does."""
    if view == SHOP:
        data = {
            "login-username": name,
            "login-password": password,
            "login_submit": "",
        }
    else:
        data = {"username": name, "password": password}
    return browser.post(url(view), data)


def fail(times: int, *, view: str = SHOP, name: str, address: str) -> None:
    browser = Client(REMOTE_ADDR=address)
    for _ in range(times):
        login(browser, view, name, "wrong-password")


def assert_refused(response, browser: Client, *, wait: str = "15 minutes") -> None:
    assert response.status_code == 429
    assert LOCKED_OUT.format(wait=wait) in response.content.decode()
    assert SESSION_KEY not in browser.session


def assert_signed_in(response, browser: Client, user) -> None:
    assert response.status_code == 302
    assert browser.session[SESSION_KEY] == str(user.pk)


# --- Ten failures, fifteen minutes; the count per account --------------------


@pytest.mark.parametrize("view", [SHOP, DASHBOARD, ADMIN])
def test_right_password_is_refused_after_ten_wrong_ones(olga, view):
    # given
    fail(10, view=view, name=olga.email, address=HOME)
    browser = Client(REMOTE_ADDR=HOME)

    # when
    response = login(browser, view, olga.email, PASSWORD)

    # then
    assert_refused(response, browser)


def test_nine_wrong_passwords_do_not_lock_the_account(olga):
    # given
    fail(9, name=olga.email, address=HOME)
    browser = Client(REMOTE_ADDR=HOME)

    # when
    response = login(browser, SHOP, olga.email, PASSWORD)

    # then
    assert_signed_in(response, browser, olga)


@pytest.mark.parametrize("view", [SHOP, DASHBOARD, ADMIN])
def test_right_password_is_accepted_again_fifteen_minutes_after_the_last_failure(
    olga, view
):
    browser = Client(REMOTE_ADDR=HOME)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # given
        fail(10, view=view, name=olga.email, address=HOME)
        clock.shift(timedelta(minutes=14, seconds=59))
        assert_refused(
            login(browser, view, olga.email, PASSWORD), browser, wait="1 minute"
        )

        # when
        clock.shift(timedelta(seconds=2))
        response = login(browser, view, olga.email, PASSWORD)

    # then
    assert_signed_in(response, browser, olga)


def test_failures_by_username_and_by_email_in_any_case_count_together(olga):
    # given: the admin login takes either the username or the email; each
    # failure comes from another address
    for host in range(1, 11):
        name = "olga" if host % 2 else "OLGA@Example.com"
        fail(1, view=ADMIN, name=name, address=f"198.51.100.{host}")
    browser = Client(REMOTE_ADDR=HOME)

    # when
    response = login(browser, ADMIN, olga.email, PASSWORD)

    # then
    assert_refused(response, browser)


def test_failures_from_several_addresses_lock_the_account_for_a_new_address(olga):
    # given
    for host in range(1, 11):
        fail(1, name=olga.email, address=f"198.51.100.{host}")
    browser = Client(REMOTE_ADDR=HOME)

    # when
    response = login(browser, SHOP, olga.email, PASSWORD)

    # then
    assert_refused(response, browser)


# --- The limit per address ---------------------------------------------------


def test_failures_on_different_accounts_lock_the_address_for_another_account(
    olga, django_user_model
):
    # given
    for index in range(10):
        email = f"guest{index}@example.com"
        django_user_model.objects.create_user(
            username=email, email=email, password=PASSWORD
        )
        fail(1, name=email, address=ELSEWHERE)
    browser = Client(REMOTE_ADDR=ELSEWHERE)

    # when
    response = login(browser, SHOP, olga.email, PASSWORD)

    # then
    assert_refused(response, browser)


def test_signing_in_to_ones_own_account_does_not_clear_the_count_of_another(
    olga, django_user_model
):
    # given: nine guesses at Olga's password, then a sign-in to the guesser's
    # own account from the same address
    django_user_model.objects.create_user(
        username="mallory", email="mallory@example.com", password=PASSWORD
    )
    fail(9, name=olga.email, address=ELSEWHERE)
    login(Client(REMOTE_ADDR=ELSEWHERE), SHOP, "mallory@example.com", PASSWORD)

    # when: one more guess, then Olga's right password from a new address
    fail(1, name=olga.email, address=ELSEWHERE)
    browser = Client(REMOTE_ADDR=HOME)
    response = login(browser, SHOP, olga.email, PASSWORD)

    # then: the ten guesses count against her account
    assert_refused(response, browser)


# --- Passwords asked again, behind a signed-in session ------------------------


def shopper_session(django_user_model, address: str) -> Client:
    """Dasha's session in a browser that never signed in to her account: a
    stolen session cookie, used from elsewhere."""
    dasha = django_user_model.objects.create_user(
        username="dasha", email="dasha@example.com", password=PASSWORD
    )
    thief = Client(REMOTE_ADDR=address)
    thief.force_login(dasha)
    thief.cookies.pop(django_settings.MARKETPLACE_BROWSER_COOKIE, None)
    return thief


@pytest.mark.parametrize(
    ("view", "field", "extra"),
    [
        (
            "customer:change-password",
            "old_password",
            {
                "new_password1": "Another-horse-2024",
                "new_password2": "Another-horse-2024",
            },
        ),
        (
            "customer:profile-update",
            "current_password",
            {"first_name": "", "last_name": "", "email": "thief@example.com"},
        ),
        ("customer:profile-delete", "password", {}),
    ],
)
def test_passwords_guessed_on_account_forms_count_as_failed_logins(
    django_user_model, view, field, extra
):
    # given: a stolen session of Dasha's, used from elsewhere
    thief = shopper_session(django_user_model, ELSEWHERE)

    # when: ten guesses at her password on the form, then the right one
    for _ in range(10):
        thief.post(url(view), {field: "wrong-password", **extra})
    response = thief.post(url(view), {field: PASSWORD, **extra})

    # then: the form is refused as the login would be, and her password and
    # email are unchanged, her account kept
    assert response.status_code == 429
    dasha = django_user_model.objects.get(username="dasha")
    assert dasha.check_password(PASSWORD)
    assert dasha.email == "dasha@example.com"


# --- The client's address behind the proxy -----------------------------------


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "counted_under"),
    [
        # not from the proxy: the header is whatever the client wrote
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
        # from the proxy: the address it appended, not what the client wrote
        ("10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
    ],
)
def test_failed_login_is_counted_under_the_address_only_the_proxy_may_name(
    settings, olga, remote_addr, forwarded_for, counted_under
):
    # given
    settings.MARKETPLACE_TRUSTED_PROXIES = ["10.0.0.1"]
    browser = Client(REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)

    # when
    login(browser, SHOP, olga.email, "wrong-password")

    # then
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == counted_under
    assert attempt.username == olga.email


def test_a_forged_header_changed_at_each_try_does_not_escape_the_address_limit(
    settings, olga
):
    # given
    settings.MARKETPLACE_TRUSTED_PROXIES = ["10.0.0.1"]
    for index in range(10):
        forger = Client(
            REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{index}"
        )
        login(forger, SHOP, f"guest{index}@example.com", "wrong-password")
    browser = Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.99")

    # when
    response = login(browser, SHOP, olga.email, PASSWORD)

    # then
    assert_refused(response, browser)


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "expected"),
    [
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
        ("10.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        # a chain of our own proxies: the first address none of them has
        ("10.0.0.1", "6.6.6.6, 198.51.100.7, 172.16.4.2", "198.51.100.7"),
        ("10.0.0.1", None, "10.0.0.1"),
        ("2001:db8::5", "198.51.100.7", "2001:db8::5"),
    ],
)
def test_client_ip_reads_the_header_only_from_a_trusted_proxy(
    settings, remote_addr, forwarded_for, expected
):
    # given
    settings.MARKETPLACE_TRUSTED_PROXIES = ["10.0.0.1", "172.16.0.0/12"]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)

    # when
    address = client_ip(request)

    # then
    assert address == expected


# --- The owner's way in ------------------------------------------------------


def test_a_browser_that_signed_in_before_is_not_refused_while_the_account_is_locked(
    olga,
):
    # given: Olga signed in on her browser before, which keeps its cookie
    owner = Client(REMOTE_ADDR=HOME)
    assert_signed_in(login(owner, SHOP, olga.email, PASSWORD), owner, olga)
    assert django_settings.MARKETPLACE_BROWSER_COOKIE in owner.cookies
    del owner.cookies[django_settings.SESSION_COOKIE_NAME]
    # ... and someone elsewhere locks her account
    fail(10, name=olga.email, address=ELSEWHERE)
    stranger = Client(REMOTE_ADDR=HOME)
    assert_refused(login(stranger, SHOP, olga.email, PASSWORD), stranger)

    # when
    response = login(owner, SHOP, olga.email, PASSWORD)

    # then
    assert_signed_in(response, owner, olga)


@pytest.mark.parametrize("role", ["superuser", "staff of the dashboard group"])
def test_staff_unlock_lets_the_person_sign_in_again(
    client, olga, django_user_model, role
):
    # given: Olga's account is locked
    fail(10, name=olga.email, address=ELSEWHERE)
    browser = Client(REMOTE_ADDR=HOME)
    assert_refused(login(browser, SHOP, olga.email, PASSWORD), browser)
    if role == "superuser":
        staff = django_user_model.objects.create_superuser(
            username="anna", email="anna@example.com", password=PASSWORD
        )
    else:
        staff = django_user_model.objects.create_user(
            username="anna", email="anna@example.com", password=PASSWORD, is_staff=True
        )
        staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    client.force_login(staff)

    # when
    unlocked = client.post(
        url("admin:axes_accessattempt_changelist"),
        {
            "action": "unlock",
            "_selected_action": list(
                AccessAttempt.objects.values_list("pk", flat=True)
            ),
        },
    )
    response = login(browser, SHOP, olga.email, PASSWORD)

    # then
    assert unlocked.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert_signed_in(response, browser, olga)


# --- Password reset emails ---------------------------------------------------
# pytest-django hands mail to its outbox instead of the project's Celery
# backend; each message there is one the site would have queued.


@pytest.fixture
def _one_window():
    # The limits count in fixed windows of an hour; a still clock keeps the
    # six requests of a test in one of them.
    with time_machine.travel(timezone.now(), tick=False):
        yield


def reset(browser: Client, email: str):
    return browser.post(url("password-reset"), {"email": email})


@pytest.mark.usefixtures("_one_window")
def test_sixth_reset_email_for_one_account_within_the_hour_is_refused(olga, mailoutbox):
    # given: five emails asked for from five addresses
    for host in range(1, 6):
        assert (
            reset(Client(REMOTE_ADDR=f"198.51.100.{host}"), olga.email).status_code
            == 302
        )
    assert len(mailoutbox) == 5

    # when
    response = reset(Client(REMOTE_ADDR="198.51.100.6"), olga.email)

    # then
    assert response.status_code == 200
    assert RESET_REFUSED in response.content.decode()
    assert len(mailoutbox) == 5


@pytest.mark.usefixtures("_one_window")
def test_sixth_reset_email_from_one_address_within_the_hour_is_refused(
    olga, django_user_model, mailoutbox
):
    # given: five emails to five accounts asked for from one address
    browser = Client(REMOTE_ADDR=ELSEWHERE)
    for index in range(5):
        email = f"guest{index}@example.com"
        django_user_model.objects.create_user(
            username=email, email=email, password=PASSWORD
        )
        assert reset(browser, email).status_code == 302
    assert len(mailoutbox) == 5

    # when
    response = reset(browser, olga.email)

    # then
    assert response.status_code == 200
    assert RESET_REFUSED in response.content.decode()
    assert len(mailoutbox) == 5
    assert all(olga.email not in message.to for message in mailoutbox)
