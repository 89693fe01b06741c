"""The account is emailed once per security event, in its language, and a new
password ends its other sessions (orders.customer.security).

Emails go through the project's backend, queued to Celery when the
transaction commits (`outbox`, from the second factor's tests); each test
commits only the step under test, so the outbox holds that step's mail.
"""

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.core.loading import get_model

from orders.tests.test_two_factor import (
    PASSWORD,
    celery_outbox,
    recovery_codes,
    sign_in,
    sign_out,
    verify,
)
from tests.signin import authenticator_for

AccountEvent = get_model("customer", "AccountEvent")
Email = get_model("communication", "Email")

NEW_PASSWORD = "Lime-tree-honey-2026"


@pytest.fixture
def outbox(settings) -> Iterator[list]:
    yield from celery_outbox(settings)


@pytest.fixture
def shopper(db):
    return get_user_model().objects.create_user(
        username="minji", email="minji@example.com", password=PASSWORD
    )


def change_password(client: Client, language: str = "en"):
    return client.post(
        f"/{language}/accounts/change-password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_password_change_emails_the_account_once_and_oscar_sends_nothing(
    shopper, outbox, django_capture_on_commit_callbacks
):
    # given
    client = Client()
    sign_in(client, shopper.email)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = change_password(client)

    # then
    assert response.status_code == 302
    assert len(outbox) == 1
    assert outbox[0].to == ["minji@example.com"]
    assert outbox[0].subject == "Your account: Password changed"
    assert "Your account was signed out everywhere else." in outbox[0].body
    assert list(AccountEvent.objects.filter(user=shopper).values_list("kind")) == [
        ("password_changed",)
    ]
    assert not Email.objects.filter(user=shopper).exists()


def test_email_change_emails_the_old_address_once_and_oscar_sends_nothing(
    shopper, outbox, django_capture_on_commit_callbacks
):
    # given
    client = Client()
    sign_in(client, shopper.email)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/profile/edit/",
            {
                "first_name": "Minji",
                "last_name": "Kim",
                "email": "minji.new@example.com",
                "current_password": PASSWORD,
            },
        )

    # then
    assert response.status_code == 302
    shopper.refresh_from_db()
    assert shopper.email == "minji.new@example.com"
    assert len(outbox) == 1
    assert outbox[0].to == ["minji@example.com"]
    assert outbox[0].subject == "Your account: Email address changed"
    assert "was changed to minji.new@example.com." in outbox[0].body
    assert not Email.objects.filter(user=shopper).exists()


def test_password_reset_sets_the_password_signs_in_and_emails_the_account_once(
    shopper, outbox, django_capture_on_commit_callbacks
):
    # given: the person signed in on this browser before, then forgot
    client = Client()
    sign_in(client, shopper.email)
    sign_out(client)
    shopper.refresh_from_db()  # the link is made from the row the email is sent of
    uid = urlsafe_base64_encode(force_bytes(shopper.pk))
    token = default_token_generator.make_token(shopper)
    link = f"/en/password-reset/confirm/{uid}/{token}/"

    # when
    form = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form["Location"],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

    # then
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/"
    shopper.refresh_from_db()
    assert shopper.check_password(NEW_PASSWORD)
    assert client.get("/en/accounts/profile/").status_code == 200
    assert len(outbox) == 1
    assert outbox[0].to == ["minji@example.com"]
    assert outbox[0].subject == "Your account: Password reset"
    assert "changed with the reset link we emailed you" in outbox[0].body


def test_the_first_sign_in_ever_sends_no_email(
    shopper, outbox, django_capture_on_commit_callbacks
):
    # given
    client = Client()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(client, shopper.email)

    # then
    assert outbox == []
    assert not AccountEvent.objects.filter(user=shopper).exists()


def test_a_sign_in_from_a_new_browser_emails_the_account_once_a_known_one_not(
    shopper, outbox, django_capture_on_commit_callbacks
):
    # given: the account signed in on its usual browser before
    usual = Client()
    sign_in(usual, shopper.email)
    sign_out(usual)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(Client(), shopper.email)
    from_new = list(outbox)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(usual, shopper.email)

    # then
    assert len(from_new) == 1
    assert from_new[0].to == ["minji@example.com"]
    assert from_new[0].subject == "Your account: Sign-in from a new device"
    assert "from a browser it had not been used on before" in from_new[0].body
    assert outbox == []


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("ko", "내 계정: 비밀번호 변경", "안녕하세요,"),
        ("ru", "Ваша учётная запись: Пароль изменён", "Здравствуйте,"),
    ],
)
def test_security_email_is_in_the_language_of_the_latest_sign_in(
    shopper, outbox, django_capture_on_commit_callbacks, language, subject, greeting
):
    # given: signed in on a page in that language, then at work on an English one
    client = Client()
    sign_in(client, shopper.email, language=language)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        change_password(client, language="en")

    # then
    assert len(outbox) == 1
    assert outbox[0].subject == subject
    assert outbox[0].body.startswith(greeting)


def test_a_korean_account_is_told_of_a_recovery_code_used_in_korean(
    shopper, outbox, django_capture_on_commit_callbacks
):
    # given
    authenticator_for(shopper)
    recovery_codes(shopper, ["abcde23456", "fghij23456"])
    client = Client()
    sign_in(client, shopper.email, language="ko")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        verify(client, "abcde-23456")

    # then
    assert len(outbox) == 1
    assert outbox[0].subject == "내 계정: 복구 코드 사용"


def test_password_change_signs_the_account_out_of_its_other_sessions(shopper):
    # given: signed in on a laptop and a phone
    laptop, phone = Client(), Client()
    sign_in(laptop, shopper.email)
    sign_in(phone, shopper.email)
    assert phone.get("/en/accounts/profile/").status_code == 200

    # when
    change_password(laptop)

    # then
    signed_out = phone.get("/en/accounts/profile/")
    assert signed_out.status_code == 302
    assert signed_out["Location"] == ("/en/accounts/login/?next=/en/accounts/profile/")
    assert laptop.get("/en/accounts/profile/").status_code == 200
