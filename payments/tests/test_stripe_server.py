"""The Stripe test double, seen through the official stripe library."""

import http.client
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import stripe
import time_machine
from django.conf import settings

ORDER = {"order_number": "100042"}


def session_params(**changes) -> dict:
    """Parameters of a Checkout Session for two books at 19.90 EUR."""
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 1990,
                    "product_data": {"name": "Мастер и Маргарита"},
                },
                "quantity": 2,
            }
        ],
        "success_url": "http://shop.test/paid/?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://shop.test/basket/",
        "client_reference_id": "100042",
        "customer_email": "minji@example.com",
        "locale": "ru",
        "metadata": ORDER,
        "payment_intent_data": {"metadata": ORDER},
    }
    return params | changes


def won_params(unit_amount: int) -> dict:
    return session_params(
        line_items=[
            {
                "price_data": {
                    "currency": "krw",
                    "unit_amount": unit_amount,
                    "product_data": {"name": "한국어 책"},
                },
                "quantity": 2,
            }
        ]
    )


def http_request(url: str, method: str = "GET", body: str = ""):
    """Send one request as a browser would, without following redirects."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    connection.request(method, parts.path, body=body or None, headers=headers)
    response = connection.getresponse()
    return response.status, response.getheader("Location"), response.read().decode()


def test_a_session_is_created_and_read_back_as_the_librarys_objects(stripe_client):
    # given
    created = stripe_client.v1.checkout.sessions.create(params=session_params())

    # when
    session = stripe_client.v1.checkout.sessions.retrieve(created.id)

    # then
    assert isinstance(session, stripe.checkout.Session)
    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert (session.amount_total, session.currency) == (3980, "eur")
    assert session.metadata.to_dict() == ORDER
    assert session.client_reference_id == "100042"
    assert session.payment_intent is None
    assert session.url == f"{settings.STRIPE_API_BASE}/pay/{session.id}"
    assert session.expires_at - session.created == 24 * 3600
    assert session.livemode is False


def test_parameters_arrive_in_stripes_bracket_notation(stripe_client, stripe_server):
    # when
    stripe_client.v1.checkout.sessions.create(params=session_params())

    # then
    request = stripe_server.requests[-1]
    assert (request.method, request.path) == ("POST", "/v1/checkout/sessions")
    assert request.params["line_items"][0]["price_data"]["currency"] == "eur"
    assert request.params["metadata"] == ORDER
    assert request.idempotency_key  # the library sends one with every POST


def test_an_idempotent_replay_returns_the_same_session(stripe_client, stripe_server):
    # given
    options = {"idempotency_key": "checkout-100042"}
    first = stripe_client.v1.checkout.sessions.create(session_params(), options)

    # when
    again = stripe_client.v1.checkout.sessions.create(session_params(), options)

    # then
    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(stripe_server.store.sessions) == 1


def test_reusing_a_key_with_other_parameters_is_an_idempotency_error(stripe_client):
    # given
    options = {"idempotency_key": "checkout-100042"}
    stripe_client.v1.checkout.sessions.create(session_params(), options)

    # when / then
    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        stripe_client.v1.checkout.sessions.create(
            session_params(client_reference_id="100043"), options
        )


def test_a_request_without_a_test_secret_key_is_refused(stripe_server):
    # given
    client = stripe.StripeClient(
        "pk_test_local", base_addresses={"api": stripe_server.url}
    )

    # when / then
    with pytest.raises(stripe.AuthenticationError):
        client.v1.events.list()


def test_paying_sends_a_webhook_that_construct_event_accepts(
    stripe_client, stripe_server, httpserver
):
    # given
    httpserver.expect_request("/webhook/", method="POST").respond_with_data("")
    stripe_server.webhook_url = httpserver.url_for("/webhook/")
    session = stripe_client.v1.checkout.sessions.create(params=session_params())

    # when
    stripe_server.pay(session.id)
    stripe_server.wait_for_deliveries()

    # then
    events = [
        stripe.Webhook.construct_event(
            request.get_data(),
            request.headers["Stripe-Signature"],
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=300,
        )
        for request, _response in httpserver.log
    ]
    assert [event.type for event in events] == [
        "payment_intent.succeeded",
        "checkout.session.completed",
    ]
    completed = events[1].data.object
    assert (completed.id, completed.status, completed.payment_status) == (
        session.id,
        "complete",
        "paid",
    )
    intent = stripe_client.v1.payment_intents.retrieve(completed.payment_intent)
    assert (intent.status, intent.amount_received) == ("succeeded", 3980)
    assert intent.metadata.to_dict() == ORDER
    assert intent.latest_charge.startswith("ch_")


def test_a_webhook_checked_with_another_secret_is_rejected(
    stripe_client, stripe_server
):
    # given
    session = stripe_client.v1.checkout.sessions.create(params=session_params())
    completed = stripe_server.pay(session.id, deliver=False)[-1]
    payload, signature = stripe_server.signed_delivery(completed["id"])

    # when / then
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, signature, "whsec_other", tolerance=300)


def test_a_failed_webhook_delivery_is_retried(stripe_client, stripe_server, httpserver):
    # given: the site fails the first delivery
    httpserver.expect_oneshot_request("/webhook/").respond_with_data("", status=500)
    httpserver.expect_request("/webhook/").respond_with_data("")
    stripe_server.webhook_url = httpserver.url_for("/webhook/")
    session = stripe_client.v1.checkout.sessions.create(params=session_params())

    # when
    stripe_server.pay(session.id)
    stripe_server.wait_for_deliveries()

    # then
    attempts = [(each.event_id, each.status) for each in stripe_server.deliveries]
    intent_event, session_event = (event["id"] for event in stripe_server.events)
    assert attempts == [(intent_event, 500), (intent_event, 200), (session_event, 200)]


def test_a_declined_card_leaves_the_session_open(stripe_client, stripe_server):
    # given
    session = stripe_client.v1.checkout.sessions.create(params=session_params())

    # when
    events = stripe_server.pay(session.id, card="4000000000000002", deliver=False)

    # then
    assert [event["type"] for event in events] == ["payment_intent.payment_failed"]
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).status == "open"
    failed = events[0]["data"]["object"]["last_payment_error"]
    assert (failed["code"], failed["decline_code"]) == (
        "card_declined",
        "generic_decline",
    )


def test_the_hosted_page_declines_then_pays_and_redirects(stripe_client, stripe_server):
    # given
    session = stripe_client.v1.checkout.sessions.create(params=session_params())
    status, _location, page = http_request(session.url)
    assert status == 200
    assert 'id="cardNumber"' in page.replace("'", '"')
    assert "39.80 EUR" in page

    # when
    declined = http_request(session.url, "POST", "cardNumber=4000000000000002")
    paid = http_request(session.url, "POST", "cardNumber=4242+4242+4242+4242")

    # then
    assert declined[0] == 200
    assert "Your card was declined." in declined[2]
    assert paid[:2] == (303, f"http://shop.test/paid/?session={session.id}")
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).status == "complete"


def test_refunds_cannot_exceed_the_captured_amount(stripe_client, stripe_server):
    # given: 39.80 EUR paid, 10.00 EUR refunded
    session = stripe_client.v1.checkout.sessions.create(params=session_params())
    stripe_server.pay(session.id, deliver=False)
    intent = stripe_client.v1.checkout.sessions.retrieve(session.id).payment_intent
    stripe_client.v1.refunds.create(params={"payment_intent": intent, "amount": 1000})

    # when / then
    with pytest.raises(stripe.InvalidRequestError, match="greater than") as too_much:
        stripe_client.v1.refunds.create(
            params={"payment_intent": intent, "amount": 2981}
        )
    assert too_much.value.code == "amount_too_large"
    rest = stripe_client.v1.refunds.create(params={"payment_intent": intent})
    assert (rest.object, rest.amount, rest.status) == ("refund", 2980, "succeeded")
    with pytest.raises(stripe.InvalidRequestError, match="already been refunded"):
        stripe_client.v1.refunds.create(params={"payment_intent": intent})
    refunded = [e for e in stripe_server.events if e["type"] == "charge.refunded"]
    assert refunded[-1]["data"]["object"]["amount_refunded"] == 3980


def test_won_amounts_are_whole_won(stripe_client, stripe_server):
    # given: KRW is a zero-decimal currency, so 12000 means 12,000 won
    session = stripe_client.v1.checkout.sessions.create(params=won_params(12000))

    # when
    stripe_server.pay(session.id, deliver=False)
    _status, _location, page = http_request(session.url)

    # then
    paid = stripe_client.v1.checkout.sessions.retrieve(session.id)
    assert (paid.amount_total, paid.currency) == (24000, "krw")
    assert (
        stripe_client.v1.payment_intents.retrieve(paid.payment_intent).amount == 24000
    )
    assert "no longer active" in page


def test_the_hosted_page_shows_won_without_decimals(stripe_client):
    # given
    session = stripe_client.v1.checkout.sessions.create(params=won_params(12000))

    # when
    _status, _location, page = http_request(session.url)

    # then
    assert "24,000 KRW" in page


def test_currencies_must_be_supported_and_lower_case(stripe_client):
    # given
    params = session_params()
    params["line_items"][0]["price_data"]["currency"] = "EUR"

    # when / then
    with pytest.raises(stripe.InvalidRequestError, match="Invalid currency: EUR") as e:
        stripe_client.v1.checkout.sessions.create(params=params)
    assert e.value.param == "line_items[0][price_data][currency]"


def test_a_euro_session_below_fifty_cents_is_refused(stripe_client):
    # given
    params = session_params()
    params["line_items"][0]["price_data"]["unit_amount"] = 24

    # when / then
    with pytest.raises(stripe.InvalidRequestError, match=r"at least 0\.50 EUR") as e:
        stripe_client.v1.checkout.sessions.create(params=params)
    assert e.value.code == "amount_too_small"


def test_expires_at_must_be_between_thirty_minutes_and_a_day_away(stripe_client):
    # given
    now = int(time.time())

    # when / then
    with pytest.raises(stripe.InvalidRequestError, match="at least 30 minutes"):
        stripe_client.v1.checkout.sessions.create(
            params=session_params(expires_at=now + 60)
        )
    with pytest.raises(stripe.InvalidRequestError, match="less than 24 hours"):
        stripe_client.v1.checkout.sessions.create(
            params=session_params(expires_at=now + 25 * 3600)
        )
    session = stripe_client.v1.checkout.sessions.create(
        params=session_params(expires_at=now + 3600)
    )
    assert session.expires_at == now + 3600


def test_a_500_fault_surfaces_as_an_api_error(stripe_client, stripe_server):
    # given
    stripe_server.fail_next(r"^/v1/checkout/sessions$", status=500)

    # when / then
    with pytest.raises(stripe.APIError):
        stripe_client.v1.checkout.sessions.create(params=session_params())
    assert stripe_server.store.sessions == {}


def test_a_retry_after_a_fault_creates_one_session(stripe_server):
    # given: a client that retries once, with the same idempotency key
    client = stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=1,
    )
    stripe_server.fail_next(r"^/v1/checkout/sessions$", status=503)

    # when
    session = client.v1.checkout.sessions.create(params=session_params())

    # then
    keys = {request.idempotency_key for request in stripe_server.requests}
    assert len(stripe_server.requests) == 2
    assert len(keys) == 1
    assert list(stripe_server.store.sessions) == [session.id]


def test_a_late_answer_arrives_late_with_the_object_already_made(
    stripe_client, stripe_server
):
    # given
    stripe_server.delay_next(r"^/v1/checkout/sessions$", seconds=0.3)
    started = time.monotonic()

    # when
    session = stripe_client.v1.checkout.sessions.create(params=session_params())

    # then
    assert time.monotonic() - started >= 0.3
    assert session.id in stripe_server.store.sessions


def test_the_event_list_filters_by_created_and_type(stripe_client, stripe_server):
    # given: one payment on 1 March, another an hour later
    morning = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(morning):
        first = stripe_client.v1.checkout.sessions.create(params=session_params())
        stripe_server.pay(first.id, deliver=False)
    with time_machine.travel(morning.replace(hour=10)):
        second = stripe_client.v1.checkout.sessions.create(params=session_params())
        stripe_server.pay(second.id, deliver=False)

    # when
    later = stripe_client.v1.events.list(
        params={"created": {"gte": int(morning.replace(hour=10).timestamp())}}
    )
    completed = stripe_client.v1.events.list(
        params={"type": "checkout.session.completed"}
    )

    # then
    assert [event.type for event in later.data] == [
        "checkout.session.completed",
        "payment_intent.succeeded",
    ]
    assert later.data[0].data.object.id == second.id
    assert [event.data.object.id for event in completed.data] == [second.id, first.id]


def test_session_lists_are_newest_first_and_page_on(stripe_client, stripe_server):
    # given
    ids = [
        stripe_client.v1.checkout.sessions.create(params=session_params()).id
        for _ in range(3)
    ]

    # when
    page = stripe_client.v1.checkout.sessions.list(params={"limit": 2})
    every = [session.id for session in page.auto_paging_iter()]

    # then
    assert page.has_more is True
    assert every == ids[::-1]


def test_a_session_expires_once(stripe_client, stripe_server):
    # given
    session = stripe_client.v1.checkout.sessions.create(params=session_params())

    # when
    expired = stripe_client.v1.checkout.sessions.expire(session.id)

    # then
    assert (expired.status, expired.url) == ("expired", None)
    assert stripe_server.events[-1]["type"] == "checkout.session.expired"
    with pytest.raises(stripe.InvalidRequestError, match="can be expired"):
        stripe_client.v1.checkout.sessions.expire(session.id)


def test_a_transfer_needs_an_existing_connected_account(stripe_client, stripe_server):
    # given
    account = stripe_server.create_account(country="LV")
    params = {"amount": 3000, "currency": "eur", "transfer_group": "100042"}

    # when
    transfer = stripe_client.v1.transfers.create(params | {"destination": account})

    # then
    assert (transfer.object, transfer.destination, transfer.reversed) == (
        "transfer",
        account,
        False,
    )
    assert stripe_client.v1.accounts.retrieve(account).default_currency == "eur"
    with pytest.raises(stripe.InvalidRequestError, match="No such destination") as e:
        stripe_client.v1.transfers.create(params | {"destination": "acct_missing"})
    assert e.value.code == "resource_missing"


def test_unknown_parameters_and_paths_are_invalid_requests(stripe_client):
    # when / then
    with pytest.raises(stripe.InvalidRequestError, match="unknown parameter: colour"):
        stripe_client.v1.checkout.sessions.create(params=session_params(colour="red"))
    with pytest.raises(stripe.InvalidRequestError, match="Unrecognized request URL"):
        stripe_client.raw_request("get", "/v1/customers")
    with pytest.raises(stripe.InvalidRequestError, match=r"No such checkout\.session"):
        stripe_client.v1.checkout.sessions.retrieve("cs_test_missing")
