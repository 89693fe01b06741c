"""Returns: the shopper asks within the window, the vendor decides, staff rule
on disputes; each step an event and an email, vendors' text always inert."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product
from PIL import Image

from orders.models import OrderNotificationKind, ReturnStatus
from orders.returns.exceptions import (
    ReturnNotAllowedError,
    ReturnNoteRequiredError,
    ReturnPhotoError,
    ReturnQuantityError,
    ReturnTransitionError,
    ReturnWindowClosedError,
)
from orders.returns.services import (
    return_dispute_resolve,
    return_request_create,
    return_request_decide,
    return_request_dispute,
    return_window_days,
)
from orders.services import order_notifications_relay, order_part_transition
from orders.signals import return_accepted

OrderNotification = get_model("order", "OrderNotification")
Partner = get_model("partner", "Partner")
ReturnEvent = get_model("order", "ReturnEvent")
ReturnPhoto = get_model("order", "ReturnPhoto")
ReturnRequest = get_model("order", "ReturnRequest")

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
LOCAL = timezone.get_default_timezone()
DELIVERED_AT = datetime(2026, 3, 1, 10, 0, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def _deliver_to_outbox(settings, tmp_path):
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    settings.MEDIA_ROOT = tmp_path
    mail.outbox.clear()


@pytest.fixture
def sellers(make_seller):
    honey = make_seller("Медовая заимка", email="honey@example.com")
    tea = make_seller("Чайная Б", email="tea@example.com")
    return honey, tea


@pytest.fixture
def delivered(sellers, place_order):
    """Minji's order of 2 jars of honey and 1 spoon, delivered on 1 March."""
    honey, _tea = sellers
    jar = create_product(
        title="Мёд", price="1000.00", partner_name=honey.partner.name, num_in_stock=9
    )
    spoon = create_product(
        title="Ложка", price="300.00", partner_name=honey.partner.name, num_in_stock=9
    )
    order = place_order([(jar, 2), (spoon, 1)])
    part = order.parts.get()
    with time_machine.travel(DELIVERED_AT, tick=False):
        for status in ("accepted", "packed", "shipped", "delivered"):
            order_part_transition(part_id=part.pk, to_status=status)
    part.refresh_from_db()
    lines = {line.title: line for line in part.lines.all()}
    return {"order": order, "part": part, "jar": lines["Мёд"], "spoon": lines["Ложка"]}


def ask(delivered, *, jars: int = 1, spoons: int = 0, **extra) -> "ReturnRequest":
    return return_request_create(
        part_id=delivered["part"].pk,
        user=delivered["order"].user,
        reason="damaged",
        description=extra.get("description", "Банка треснула"),
        quantities={delivered["jar"].pk: jars, delivered["spoon"].pk: spoons},
    )


def at(day: int, hour: int, minute: int = 0):
    return time_machine.travel(
        datetime(2026, 3, day, hour, minute, tzinfo=LOCAL), tick=False
    )


def png_upload(name: str = "jar.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_fourteenth_day_after_delivery_is_in_the_window(delivered):
    # given: delivered on 1 March, a 14-day window

    # when
    with at(15, 23, 59):
        request = ask(delivered)

    # then
    assert request.status == ReturnStatus.REQUESTED
    assert request.events.get().to_status == ReturnStatus.REQUESTED


def test_a_request_after_the_window_is_refused(delivered):
    # when / then
    with at(16, 0, 1), pytest.raises(ReturnWindowClosedError, match="2026-03-15"):
        ask(delivered)
    assert not ReturnRequest.objects.exists()


def test_the_market_law_lengthens_a_shorter_vendor_window(sellers):
    # given: a vendor that takes goods back for 3 days
    vendor = sellers[0].partner
    vendor.return_days = 3

    # then: Latvia (EU) and Kazakhstan give 14, Russia 7; 30 stays 30
    assert return_window_days(vendor=vendor, market_code="LV") == 14
    assert return_window_days(vendor=vendor, market_code="KZ") == 14
    assert return_window_days(vendor=vendor, market_code="RU") == 7
    vendor.return_days = 30
    assert return_window_days(vendor=vendor, market_code="LV") == 30


def test_a_part_not_yet_delivered_cannot_be_returned(sellers, place_order):
    jar = create_product(
        title="Мёд",
        price="1000.00",
        partner_name=sellers[0].partner.name,
        num_in_stock=5,
    )
    order = place_order([(jar, 1)])
    part = order.parts.get()

    with pytest.raises(
        ReturnNotAllowedError, match="Вернуть можно только доставленные товары"
    ):
        return_request_create(
            part_id=part.pk,
            user=order.user,
            reason="damaged",
            description="",
            quantities={part.lines.get().pk: 1},
        )


def test_no_more_units_are_returned_than_were_bought(delivered):
    # given: 2 jars bought, one being returned
    with at(5, 12):
        ask(delivered, jars=1)

        # when / then: two more is one too many; one more is fine
        with pytest.raises(ReturnQuantityError, match="не больше 1 шт"):
            ask(delivered, jars=2)
        ask(delivered, jars=1)
        with pytest.raises(ReturnQuantityError, match="не больше 0 шт"):
            ask(delivered, jars=1)

    assert ReturnRequest.objects.count() == 2


def test_a_refused_return_frees_its_units_and_a_dispute_needs_them_back(
    delivered, sellers
):
    honey, _tea = sellers
    with at(5, 12):
        first = ask(delivered, jars=2)
        return_request_decide(
            request_id=first.pk,
            vendor=honey.partner,
            accept=False,
            actor=honey.user,
            note="Банка цела на фото",
        )
        ask(delivered, jars=1)

        with pytest.raises(ReturnQuantityError):
            return_request_dispute(
                request_id=first.pk, user=delivered["order"].user, note="Нет, треснула"
            )


def test_steps_the_table_does_not_allow_are_refused(delivered, sellers):
    honey, tea = sellers
    with at(5, 12):
        request = ask(delivered)
    shopper = delivered["order"].user

    # a requested return cannot be disputed, nor ruled on by staff
    with pytest.raises(ReturnTransitionError):
        return_request_dispute(request_id=request.pk, user=shopper, note="?")
    with pytest.raises(ReturnTransitionError):
        return_dispute_resolve(
            request_id=request.pk, accept=True, actor=honey.user, note="Да"
        )
    # refusing needs a note; another vendor's return does not exist
    with pytest.raises(ReturnNoteRequiredError):
        return_request_decide(
            request_id=request.pk, vendor=honey.partner, accept=False, actor=honey.user
        )
    with pytest.raises(ReturnRequest.DoesNotExist):
        return_request_decide(
            request_id=request.pk, vendor=tea.partner, accept=True, actor=tea.user
        )
    # accepted is final
    return_request_decide(
        request_id=request.pk, vendor=honey.partner, accept=True, actor=honey.user
    )
    with pytest.raises(ReturnTransitionError):
        return_request_decide(
            request_id=request.pk,
            vendor=honey.partner,
            accept=False,
            actor=honey.user,
            note="Передумал",
        )
    assert list(
        ReturnEvent.objects.filter(request=request).values_list("to_status", flat=True)
    ) == [ReturnStatus.REQUESTED, ReturnStatus.ACCEPTED]


def test_return_events_cannot_be_changed_or_deleted(delivered):
    with at(5, 12):
        request = ask(delivered)
    event = request.events.get()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ReturnEvent.objects.filter(pk=event.pk).update(note="подчищено")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ReturnEvent.objects.filter(pk=event.pk).delete()


def test_each_step_owes_one_email_to_its_reader_in_their_language(
    delivered, sellers, django_user_model, django_capture_on_commit_callbacks
):
    # given: the vendor writes in Korean, the shopper ordered in Russian
    honey, _tea = sellers
    Partner.objects.filter(pk=honey.partner_id).update(language="ko")
    honey.partner.refresh_from_db()
    staff = django_user_model.objects.create_superuser(
        username="staff", email="staff@example.com", password="pw-staff-12345"
    )
    shopper = delivered["order"].user
    accepted = []
    return_accepted.connect(
        lambda **kwargs: accepted.append(kwargs), weak=False, dispatch_uid="t"
    )
    order_notifications_relay()  # the order's own emails, sent before
    mail.outbox.clear()

    # when: asked, refused, disputed, accepted by staff
    with django_capture_on_commit_callbacks(execute=True):
        with at(5, 12):
            request = ask(delivered, jars=2)
        return_request_decide(
            request_id=request.pk,
            vendor=honey.partner,
            accept=False,
            actor=honey.user,
            note="Банка цела",
        )
        return_request_dispute(request_id=request.pk, user=shopper, note="Треснула")
        return_dispute_resolve(
            request_id=request.pk, accept=True, actor=staff, note="Фото убеждают"
        )
    sent = order_notifications_relay()
    again = order_notifications_relay()
    return_accepted.disconnect(dispatch_uid="t")

    # then
    owed = list(
        OrderNotification.objects.filter(kind__startswith="return_")
        .order_by("pk")
        .values_list("kind", "recipient", "language")
    )
    assert owed == [
        (OrderNotificationKind.RETURN_REQUESTED, "honey@example.com", "ko"),
        (OrderNotificationKind.RETURN_REFUSED, "minji@example.com", "ru"),
        (OrderNotificationKind.RETURN_DISPUTED, "honey@example.com", "ko"),
        (OrderNotificationKind.RETURN_RESOLVED, "minji@example.com", "ru"),
    ]
    assert sent == 4
    assert len(mail.outbox) == 4
    assert again == 0
    bodies = {message.to[0] + message.subject: message.body for message in mail.outbox}
    assert any("/seller/returns/" in body for body in bodies.values())
    resolved = [m for m in mail.outbox if "Фото убеждают" in m.body]
    assert len(resolved) == 1
    assert resolved[0].to == ["minji@example.com"]
    assert accepted == [
        {
            "signal": return_accepted,
            "sender": ReturnRequest,
            "return_request_id": request.pk,
            "part_id": delivered["part"].pk,
            "lines": [(delivered["jar"].pk, 2)],
        }
    ]


def test_the_shopper_asks_from_the_order_page(client, delivered):
    # given
    client.force_login(delivered["order"].user)
    order_url = reverse(
        "customer:order", kwargs={"order_number": delivered["order"].number}
    )
    return_url = reverse(
        "customer:order-part-return",
        kwargs={
            "order_number": delivered["order"].number,
            "part_id": delivered["part"].pk,
        },
    )

    # when
    with at(10, 12):
        page = client.get(order_url).content.decode()
        form = client.get(return_url)
        posted = client.post(
            return_url,
            {
                f"quantity_{delivered['jar'].pk}": "1",
                f"quantity_{delivered['spoon'].pk}": "0",
                "reason": "damaged",
                "description": "Крышка помята",
                "photos": [png_upload(), png_upload("second.png")],
            },
        )

    # then
    assert return_url in page
    assert form.status_code == 200
    assert posted.status_code == 302
    request = ReturnRequest.objects.get()
    assert [(line.line_id, line.quantity) for line in request.lines.all()] == [
        (delivered["jar"].pk, 1)
    ]
    photos = list(ReturnPhoto.objects.filter(request=request))
    assert len(photos) == 2
    assert all(p.image.name.endswith(".png") for p in photos)
    assert "jar" not in photos[0].image.name


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_lost(client, delivered):
    # given
    client.force_login(delivered["order"].user)
    url = reverse(
        "customer:order-part-return",
        kwargs={
            "order_number": delivered["order"].number,
            "part_id": delivered["part"].pk,
        },
    )
    fake = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho hi\n", "image/jpeg")

    # when
    with at(10, 12), translation.override("ru"):
        response = client.post(
            url,
            {
                f"quantity_{delivered['jar'].pk}": "2",
                "reason": "other",
                "description": "Запах странный",
                "photos": [fake],
            },
        )
        expected = str(ReturnPhotoError.message)

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert expected in page.replace("&quot;", '"').replace("&#x27;", "'")
    assert "Запах странный" in page
    assert 'value="2"' in page
    assert not ReturnRequest.objects.exists()


def test_vendor_and_shopper_text_is_inert_on_every_page(
    client, delivered, sellers, django_user_model
):
    # given: a shopper's and a vendor's script tag
    honey, _tea = sellers
    with at(5, 12):
        request = ask(delivered, description=SCRIPT)
    return_request_decide(
        request_id=request.pk,
        vendor=honey.partner,
        accept=False,
        actor=honey.user,
        note=SCRIPT,
    )
    staff = django_user_model.objects.create_superuser(
        username="staff", email="staff@example.com", password="pw-staff-12345"
    )

    # when
    client.force_login(delivered["order"].user)
    shopper_page = client.get(
        reverse("customer:order", kwargs={"order_number": delivered["order"].number})
    ).content.decode()
    client.force_login(honey.user)
    seller_page = client.get(
        reverse("seller_returns:detail", kwargs={"pk": request.pk})
    ).content.decode()
    client.force_login(staff)
    admin_page = client.get(
        reverse("admin:order_returnrequest_change", args=[request.pk])
    ).content.decode()

    # then
    for page in (shopper_page, seller_page, admin_page):
        assert SCRIPT not in page
        assert "&lt;script&gt;" in page


def test_another_vendor_neither_sees_nor_decides_a_return(client, delivered, sellers):
    # given
    _honey, tea = sellers
    with at(5, 12):
        request = ask(delivered)
    client.force_login(tea.user)

    # when
    listing = client.get(reverse("seller_returns:list")).content.decode()
    detail = client.get(reverse("seller_returns:detail", kwargs={"pk": request.pk}))
    decided = client.post(
        reverse("seller_returns:decide", kwargs={"pk": request.pk}),
        {"decision": "accept"},
    )

    # then
    assert detail.status_code == 404
    assert decided.status_code == 404
    assert "Мёд" not in listing
    request.refresh_from_db()
    assert request.status == ReturnStatus.REQUESTED


def test_another_shopper_cannot_dispute(client, delivered, sellers, django_user_model):
    honey, _tea = sellers
    with at(5, 12):
        request = ask(delivered)
    return_request_decide(
        request_id=request.pk,
        vendor=honey.partner,
        accept=False,
        actor=honey.user,
        note="Нет",
    )
    stranger = django_user_model.objects.create_user(
        username="x", email="x@example.com", password="pw-x-12345"
    )
    client.force_login(stranger)

    response = client.post(
        reverse(
            "customer:order-return-dispute",
            kwargs={"order_number": delivered["order"].number, "pk": request.pk},
        ),
        {"note": "Моё"},
    )

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == ReturnStatus.REFUSED


def test_the_vendor_decides_and_the_owner_sets_the_window(client, delivered, sellers):
    honey, _tea = sellers
    with at(5, 12):
        request = ask(delivered)
    client.force_login(honey.user)

    refused = client.post(
        reverse("seller_returns:decide", kwargs={"pk": request.pk}),
        {"decision": "refuse", "note": ""},
    )
    accepted = client.post(
        reverse("seller_returns:decide", kwargs={"pk": request.pk}),
        {"decision": "accept", "note": "Пришлите обратно"},
    )
    window = client.post(reverse("seller_returns:window"), {"return_days": "30"})

    assert refused.status_code == 400
    assert accepted.status_code == 302
    request.refresh_from_db()
    assert request.status == ReturnStatus.ACCEPTED
    assert request.vendor_note == "Пришлите обратно"
    assert window.status_code == 302
    assert Partner.objects.get(pk=honey.partner_id).return_days == 30


def test_staff_rule_on_a_dispute_in_admin(
    client, delivered, sellers, django_user_model
):
    honey, _tea = sellers
    with at(5, 12):
        request = ask(delivered)
    return_request_decide(
        request_id=request.pk,
        vendor=honey.partner,
        accept=False,
        actor=honey.user,
        note="Нет",
    )
    return_request_dispute(
        request_id=request.pk, user=delivered["order"].user, note="Да"
    )
    staff = django_user_model.objects.create_superuser(
        username="staff", email="staff@example.com", password="pw-staff-12345"
    )
    client.force_login(staff)
    url = reverse("admin:order_returnrequest_change", args=[request.pk])

    response = client.post(
        url,
        {
            "ruling": ReturnStatus.REFUSED_FINAL,
            "ruling_note": "Товар использован",
            **inline_management(),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    request.refresh_from_db()
    assert request.status == ReturnStatus.REFUSED_FINAL
    assert request.staff_note == "Товар использован"
    assert request.events.last().actor == staff


def inline_management() -> dict:
    data = {}
    for prefix in ("lines", "photos", "events"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_the_returns_list_costs_the_same_queries_however_many_returns(
    client, delivered, sellers
):
    honey, _tea = sellers
    client.force_login(honey.user)
    url = reverse("seller_returns:list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with at(5, 12):
        ask(delivered, jars=1)
    count()  # the first page fills the caches of the shop's frame
    one = count()
    with at(5, 12):
        ask(delivered, jars=1, spoons=1)
    two = count()

    assert one == two
