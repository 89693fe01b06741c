"""A code works once, even when two sign-ins send it at the same moment.

Real threads, each with its own PostgreSQL connection and session. One pass
runs in the default suite; set MARKETPLACE_RACE_REPEAT to repeat it, as the
other race tests do:

    MARKETPLACE_RACE_REPEAT=50 .venv/bin/python -m marketplace.launch test \
        orders/tests/test_two_factor_races.py
"""

import os
import threading

import pytest
from django.db import connections
from django.test import Client
from oscar.core.loading import get_model

from conftest import TRANSACTIONAL
from orders.customer.models import AccountEventKind
from orders.tests.test_two_factor import (
    PASSWORD,
    celery_outbox,
    recovery_codes,
    sign_in,
    verify,
)
from tests.signin import authenticator_for, totp_now

AccountEvent = get_model("customer", "AccountEvent")

REPEAT = int(os.environ.get("MARKETPLACE_RACE_REPEAT", "1"))

# The login pages need the markets, which a flush before may have emptied.
pytestmark = [TRANSACTIONAL, pytest.mark.usefixtures("region_data")]


@pytest.fixture
def outbox(settings):
    yield from celery_outbox(settings)


def race(clients: list[Client], code: str) -> list[int]:
    """Send the code from every client at once, one thread each."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    lock = threading.Lock()

    def run(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            status = verify(client, code, next_url="/en/").status_code
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def account_in_two_browsers(django_user_model, name: str):
    """An account with an authenticator, signed in with its password in two
    browsers; the authenticator and the browsers."""
    user = django_user_model.objects.create_user(
        username=name, email=f"{name}@example.com", password=PASSWORD
    )
    device = authenticator_for(user)
    browsers = [Client(), Client()]
    for browser in browsers:
        sign_in(browser, user.email)
    return user, device, browsers


@pytest.mark.parametrize("attempt", range(REPEAT))
def test_the_authenticators_code_sent_by_two_sign_ins_at_once_signs_in_one(
    attempt, django_user_model
):
    # given
    _user, device, browsers = account_in_two_browsers(
        django_user_model, f"totp{attempt}"
    )

    # when: both send the app's current code at the same moment
    statuses = race(browsers, totp_now(device))

    # then: django-otp takes each step's code once
    assert sorted(statuses) == [200, 302]


@pytest.mark.parametrize("attempt", range(REPEAT))
def test_a_recovery_code_sent_by_two_sign_ins_at_once_signs_in_one(
    attempt, django_user_model, outbox
):
    # given: an account with an authenticator and one recovery code, signed
    # in with its password in two browsers
    user, _device, browsers = account_in_two_browsers(
        django_user_model, f"recovery{attempt}"
    )
    recovery_codes(user, ["abcdefghij"])
    outbox.clear()

    # when: both send the code at the same moment
    statuses = race(browsers, "abcde-fghij")

    # then: one is signed in (sent on), the other is told the code is wrong;
    # the code is spent, recorded and mailed once
    assert sorted(statuses) == [200, 302]
    assert not user.staticdevice_set.get().token_set.exists()
    assert (
        AccountEvent.objects.filter(
            user=user, kind=AccountEventKind.RECOVERY_CODE_USED
        ).count()
        == 1
    )
    assert len(outbox) == 1
