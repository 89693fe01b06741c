"""Milliseconds and queries of signing in, and what a verified session costs a page.

Creates an approved vendor of its own whose owner has a password (hashed
with the project's own hasher: its cost is part of what is measured) and a
confirmed authenticator (django-otp's TOTP), then drives the site through
Django's test client as a browser would, from one fixed address:

1. a wrong password posted to the shop's login form, as a guesser with no
   cookie of the site does: axes checks the limits, the password backends
   check the password, axes counts the failure. The failures are cleared
   after each run, so every run is a first failure and none trips the limit;
2. the owner's sign-in on the browser he usually signs in on: the right
   password, which leaves the session waiting for the second factor, then
   the code step with his authenticator's current code (computed with pyotp
   from the device's key; django-otp takes each 30-second step's code once,
   so the device's last step is reset before each run);
3. the seller's order list (empty) in that verified session, and which of
   its queries are there because of the second factor: the lookup of the
   session's device by django-otp's middleware.

Prints the median, best and worst of the runs and the queries of one. A
run of each is made first and not counted, to warm the caches as a running
site has. Everything it created is deleted at the end, also on error.

    .venv/bin/python benchmarks/sign_in.py [--runs 20]

Runs against DATABASE_URL (default: this machine's PostgreSQL, database
"marketplace") with its migrations applied, and REDIS_URL (the cache); the
demo data is not needed. Production settings, as production_server.py
sets them.
"""

import argparse
import base64
import logging
import os
import statistics
import sys
import time
import uuid
import warnings
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import environment  # noqa: E402

os.environ.update(environment())
warnings.filterwarnings("ignore", "Using Category\\.")

import django  # noqa: E402

django.setup()

import pyotp  # noqa: E402
from axes.models import AccessAttempt, AccessFailureLog  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import get_hasher  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

from vendors.models import VendorRole, VendorStatus  # noqa: E402

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
User = get_user_model()

LOGIN_URL = "/ru/accounts/login/"
VERIFY_URL = "/ru/accounts/security/verify/"
SELLER_ORDERS_URL = "/ru/seller/orders/"
# A documentation address (RFC 5737): nobody else's failures are counted there.
ADDRESS = "198.51.100.20"
BROWSER = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": "sign-in benchmark"}
# Made up afresh by each run of the script.
PASSWORD = "bench-sign-in-" + uuid.uuid4().hex
DEVICE_TABLE = "otp_totp_totpdevice"

# Every session the clients were given, deleted at the end.
SESSION_KEYS: set[str] = set()


def world(tag: str):
    """An approved vendor and its owner, with a password and a confirmed device.

    All or nothing, so that nothing is left behind if it fails.
    """
    with transaction.atomic():
        vendor = Partner.objects.create(
            name=f"Бенчмарк входа {tag}", status=VendorStatus.APPROVED
        )
        owner = User.objects.create_user(
            username=f"bench-sign-in-{tag}",
            email=f"bench-sign-in-{tag}@example.com",
            password=PASSWORD,
        )
        VendorMember.objects.create(partner=vendor, user=owner, role=VendorRole.OWNER)
        device = TOTPDevice.objects.create(
            user=owner, name="authenticator", confirmed=True
        )
    return vendor, owner, device


# One client for the whole script: a client loads the middleware on its
# first request (WhiteNoise reading every static file's name among them),
# which a running site does once, not per visitor.
CLIENT = Client(**BROWSER)


def client_new(cookies: dict[str, str] | None = None) -> Client:
    """The client as a browser with no cookies of the site but `cookies`."""
    CLIENT.cookies = SimpleCookie(cookies or {})
    return CLIENT


def client_done(client: Client) -> None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None and cookie.value:
        SESSION_KEYS.add(cookie.value)


def attempts_clear(owner) -> None:
    """Forget the failures this script made, so the next run is a first one."""
    mine = Q(ip_address=ADDRESS) | Q(username=owner.email.lower())
    AccessAttempt.objects.filter(mine).delete()
    AccessFailureLog.objects.filter(mine).delete()


def timed(request: Callable):
    """Call `request`; return its response, its ms and its queries."""
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response, (time.perf_counter() - started) * 1000, queries


def failed_login(owner) -> tuple[float, int]:
    """The owner's email with a wrong password, from a browser new to the site."""
    client = client_new()
    response, ms, queries = timed(
        lambda: client.post(
            LOGIN_URL,
            {
                "login-username": owner.email,
                "login-password": "not-" + PASSWORD,
                "login_submit": "",
            },
        )
    )
    assert response.status_code == 200, response.status_code
    # The test client saves a new session to answer this, if it had none.
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(ip_address=ADDRESS).exists()
    client_done(client)
    attempts_clear(owner)
    return ms, len(queries)


def sign_in(owner, device, browser_cookies: dict[str, str]):
    """Password, then code, then the seller's order list, in one browser.

    Returns the browser's cookies and, for each of the three requests, its
    ms and queries; for the page also the SQL of its queries.
    """
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    client = client_new(browser_cookies)
    response, password_ms, password_queries = timed(
        lambda: client.post(
            LOGIN_URL,
            {
                "login-username": owner.email,
                "login-password": PASSWORD,
                "login_submit": "",
            },
        )
    )
    assert response.status_code == 302, response.status_code
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert DEVICE_ID_SESSION_KEY not in client.session

    code = pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()
    response, code_ms, code_queries = timed(
        lambda: client.post(VERIFY_URL, {"code": code})
    )
    assert response.status_code == 302, response.status_code
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id

    response, page_ms, page_queries = timed(lambda: client.get(SELLER_ORDERS_URL))
    assert response.status_code == 200, response.status_code
    client_done(client)
    cookies = {
        name: morsel.value
        for name, morsel in client.cookies.items()
        if name == settings.MARKETPLACE_BROWSER_COOKIE
    }
    return (
        cookies,
        (password_ms, len(password_queries)),
        (code_ms, len(code_queries)),
        (page_ms, len(page_queries), [query["sql"] for query in page_queries]),
    )


def figures(label: str, runs: list[tuple], queries: int) -> str:
    times = sorted(run[0] for run in runs)
    return (
        f"{label}: median {statistics.median(times):.0f} ms, "
        f"best {times[0]:.0f} ms, worst {times[-1]:.0f} ms "
        f"over {len(times)} runs; {queries} queries"
    )


def hash_ms() -> float:
    """The median ms of checking one password with the project's hasher."""
    encoded = get_hasher().encode(PASSWORD, get_hasher().salt())
    times = []
    for _run in range(5):
        started = time.perf_counter()
        get_hasher().verify(PASSWORD, encoded)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # Axes logs each failure it counts; the figures are what is printed here.
    logging.getLogger("axes").setLevel(logging.ERROR)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    tag = uuid.uuid4().hex[:6]
    vendor, owner, device = world(tag)
    try:
        # Failures at the address left by a run that was killed.
        attempts_clear(owner)
        hasher = get_hasher()
        print(
            f"passwords: {hasher.algorithm}, "
            f"{getattr(hasher, 'iterations', '?')} iterations; "
            f"checking one takes {hash_ms():.0f} ms"
        )

        failed_login(owner)  # warm-up
        failures = [failed_login(owner) for _run in range(args.runs)]
        print(
            figures(
                f"failed login (wrong password, POST {LOGIN_URL})",
                failures,
                failures[-1][1],
            )
        )

        # The warm-up signs in on a browser new to the account, which the
        # account then knows: the runs are the owner's usual browser.
        browser_cookies, *_ = sign_in(owner, device, {})
        runs = [sign_in(owner, device, browser_cookies) for _run in range(args.runs)]
        passwords = [run[1] for run in runs]
        codes = [run[2] for run in runs]
        pages = [run[3] for run in runs]
        print(
            figures(
                "sign-in, password step of a seller with an authenticator "
                f"(POST {LOGIN_URL})",
                passwords,
                passwords[-1][1],
            )
        )
        print(figures(f"sign-in, code step (POST {VERIFY_URL})", codes, codes[-1][1]))
        print(
            figures(
                f"seller's order list, verified session (GET {SELLER_ORDERS_URL})",
                pages,
                pages[-1][1],
            )
        )
        device_queries = [sql for sql in pages[-1][2] if DEVICE_TABLE in sql]
        print(
            f"of the page's {pages[-1][1]} queries, {len(device_queries)} "
            f"touch {DEVICE_TABLE} (django-otp's middleware looking up the "
            f"session's device):"
        )
        for sql in device_queries:
            print(f"    {sql}")
        extra = len(device_queries)
        noun = "query" if extra == 1 else "queries"
        print(f"a verified page costs {extra} extra {noun}")
    finally:
        client_done(CLIENT)  # the session of a run an error stopped
        attempts_clear(owner)
        Session.objects.filter(session_key__in=SESSION_KEYS).delete()
        VendorMember.objects.filter(partner=vendor).delete()
        Partner.objects.filter(pk=vendor.pk).delete()
        # With it go its device, its known browser and its events.
        User.objects.filter(pk=owner.pk).delete()


if __name__ == "__main__":
    main()
