"""Return writes: a shopper's request, the vendor's decision, the shopper's
dispute and the staff's ruling, each with its event and the emails it owes."""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image, ImageOps, UnidentifiedImageError

from orders.lock_objects import (
    order_part_qs_select_for_update,
    order_qs_select_for_update,
)
from orders.models import (
    RETURN_TRANSITIONS,
    OrderNotificationKind,
    OrderPartStatus,
    ReturnStatus,
)
from orders.returns.exceptions import (
    ReturnNotAllowedError,
    ReturnNoteRequiredError,
    ReturnNothingChosenError,
    ReturnPhotoError,
    ReturnQuantityError,
    ReturnTransitionError,
    ReturnWindowClosedError,
)
from orders.returns.lock_objects import return_request_qs_select_for_update
from orders.returns.selectors import part_delivered_at, return_held_quantities

# The relay's outbox writer: one module's private helper, shared within the
# orders app so return emails go out exactly as order emails do.
from orders.services import _notifications_owe
from orders.signals import return_accepted
from vendors.models import VendorRole

Line = get_model("order", "Line")
OrderNotification = get_model("order", "OrderNotification")
OrderPart = get_model("order", "OrderPart")
Partner = get_model("partner", "Partner")
ReturnEvent = get_model("order", "ReturnEvent")
ReturnLine = get_model("order", "ReturnLine")
ReturnPhoto = get_model("order", "ReturnPhoto")
ReturnRequest = get_model("order", "ReturnRequest")
VendorMember = get_model("partner", "VendorMember")

# Days after delivery a consumer may send goods back without a reason, by
# market, where the law of the market sets a minimum; the vendor's own
# window applies when it is longer.
# - LV: 14 days from receipt (EU Consumer Rights Directive 2011/83/EU,
#   art. 9; Latvian Cabinet Regulation No. 255 of 2014 on distance contracts).
# - KZ: 14 days for non-food goods (Law of the Republic of Kazakhstan
#   "On Consumer Protection" No. 274-IV, art. 30).
# - RU: 7 days after delivery for remote sales, when the return terms were
#   given in writing on delivery; 3 months otherwise (Law of the Russian
#   Federation "On Consumer Protection" No. 2300-1, art. 26.1(4)).
# - KR: 7 days from receipt (Act on Consumer Protection in Electronic
#   Commerce, art. 17(1)).
RETURN_LEGAL_MINIMUM_DAYS: dict[str, int] = {"LV": 14, "KZ": 14, "RU": 7, "KR": 7}

RETURN_PHOTO_MAX_COUNT = 5
RETURN_PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Larger photos are scaled down on upload: enough to see a scratch.
RETURN_PHOTO_MAX_SIDE = 2560
RETURN_PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Who may make each step: the vendor decides, the shopper disputes a
# refusal, staff rule on a dispute.
VENDOR, SHOPPER, STAFF = "vendor", "shopper", "staff"
RETURN_TRANSITION_ROLES: dict[tuple[str, str], str] = {
    (ReturnStatus.REQUESTED, ReturnStatus.ACCEPTED): VENDOR,
    (ReturnStatus.REQUESTED, ReturnStatus.REFUSED): VENDOR,
    (ReturnStatus.REFUSED, ReturnStatus.DISPUTED): SHOPPER,
    (ReturnStatus.DISPUTED, ReturnStatus.ACCEPTED): STAFF,
    (ReturnStatus.DISPUTED, ReturnStatus.REFUSED_FINAL): STAFF,
}

# The email each step owes, and whether the vendor's owners or the shopper
# read it.
RETURN_STEP_EMAILS: dict[tuple[str, str], tuple[str, str]] = {
    ("", ReturnStatus.REQUESTED): (OrderNotificationKind.RETURN_REQUESTED, VENDOR),
    (ReturnStatus.REQUESTED, ReturnStatus.ACCEPTED): (
        OrderNotificationKind.RETURN_ACCEPTED,
        SHOPPER,
    ),
    (ReturnStatus.REQUESTED, ReturnStatus.REFUSED): (
        OrderNotificationKind.RETURN_REFUSED,
        SHOPPER,
    ),
    (ReturnStatus.REFUSED, ReturnStatus.DISPUTED): (
        OrderNotificationKind.RETURN_DISPUTED,
        VENDOR,
    ),
    (ReturnStatus.DISPUTED, ReturnStatus.ACCEPTED): (
        OrderNotificationKind.RETURN_RESOLVED,
        SHOPPER,
    ),
    (ReturnStatus.DISPUTED, ReturnStatus.REFUSED_FINAL): (
        OrderNotificationKind.RETURN_RESOLVED,
        SHOPPER,
    ),
}
RETURN_VENDOR_EMAILS = frozenset(
    kind for kind, reader in RETURN_STEP_EMAILS.values() if reader == VENDOR
)
RETURN_EMAILS = frozenset(kind for kind, _reader in RETURN_STEP_EMAILS.values())


def return_window_days(*, vendor: "Partner", market_code: str) -> int:
    """Return how many days after delivery the vendor's goods may be returned
    in the market: the vendor's window or the law's, whichever is longer."""
    return max(vendor.return_days, RETURN_LEGAL_MINIMUM_DAYS.get(market_code, 0))


def return_deadline(*, delivered_at: datetime, days: int) -> datetime:
    """Return the last moment of a window of `days` days from delivery.

    The day of delivery is day 0 and the window ends at midnight after its
    last day, in the shop's time zone, as the laws above count days.
    """
    last_day = timezone.localtime(delivered_at).date() + timedelta(days=days)
    return timezone.make_aware(
        datetime.combine(last_day + timedelta(days=1), time.min)
    ) - timedelta(microseconds=1)


def return_parts_deadlines(*, parts: Sequence["OrderPart"]) -> dict[int, datetime]:
    """Return the return deadline of each delivered part among `parts`, by id.

    The parts must come with their vendor and order (with its market).
    """
    delivered = part_delivered_at(part_ids=[part.pk for part in parts])
    return {
        part.pk: return_deadline(
            delivered_at=delivered[part.pk],
            days=return_window_days(
                vendor=part.vendor, market_code=part.order.market_id
            ),
        )
        for part in parts
        if part.status == OrderPartStatus.DELIVERED and part.pk in delivered
    }


def return_photo_prepare(upload: UploadedFile) -> ContentFile:
    """Check a shopper's photo and return it re-encoded under a random name.

    Accepts JPEG, PNG and WebP up to RETURN_PHOTO_MAX_BYTES, read from the
    content, never from the name; raises ReturnPhotoError otherwise.
    Re-encoding drops what the camera wrote into the file (the place it was
    taken, among others) and anything hidden after the image.
    """
    if upload.size > RETURN_PHOTO_MAX_BYTES:
        raise ReturnPhotoError(
            ReturnPhotoError.too_large,
            params={"limit": RETURN_PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in RETURN_PHOTO_FORMATS:
                raise ReturnPhotoError
            image.load()
            clean = ImageOps.exif_transpose(image)
            clean.thumbnail((RETURN_PHOTO_MAX_SIDE, RETURN_PHOTO_MAX_SIDE))
            if image_format == "JPEG" and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            buffer = BytesIO()
            clean.save(buffer, image_format)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ReturnPhotoError from exc
    finally:
        upload.seek(0)
    extension = RETURN_PHOTO_FORMATS[image_format]
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def return_request_create(
    *,
    part_id: int,
    user,
    reason: str,
    description: str,
    quantities: Mapping[int, int],
    photos: Sequence[ContentFile] = (),
) -> "ReturnRequest":
    """Ask to return units of lines of a delivered part, with photos.

    `quantities` maps order line ids of the part to units (zeros are left
    out); `photos` come from return_photo_prepare. Locks the order, then
    the part, so two requests for the same lines cannot both take the last
    unit. Refuses a part that is not delivered (ReturnNotAllowedError), a
    window that has ended (ReturnWindowClosedError), no units
    (ReturnNothingChosenError) and more units than were bought and are not
    already being returned (ReturnQuantityError). The request, its lines,
    photos, first event and the vendor's email are one transaction.
    """
    quantities = {
        line_id: quantity for line_id, quantity in quantities.items() if quantity
    }
    if not quantities:
        raise ReturnNothingChosenError
    if len(photos) > RETURN_PHOTO_MAX_COUNT:
        raise ReturnPhotoError(
            ReturnPhotoError.too_many, params={"limit": RETURN_PHOTO_MAX_COUNT}
        )
    with transaction.atomic():
        order_id = OrderPart._default_manager.values_list("order_id", flat=True).get(
            pk=part_id
        )
        order = order_qs_select_for_update().get(pk=order_id)
        part = (
            order_part_qs_select_for_update().select_related("vendor").get(pk=part_id)
        )
        part.order = order
        if part.status != OrderPartStatus.DELIVERED:
            raise ReturnNotAllowedError
        deadline = return_parts_deadlines(parts=[part])[part.pk]
        if timezone.now() > deadline:
            raise ReturnWindowClosedError(
                params={"deadline": timezone.localtime(deadline).date().isoformat()}
            )
        lines = {line.pk: line for line in part.lines.filter(pk__in=quantities)}
        if set(lines) != set(quantities):
            raise ReturnNothingChosenError
        _quantities_check(lines=lines, quantities=quantities)
        request = ReturnRequest._default_manager.create(
            part=part,
            reason=reason,
            description=description.strip(),
            created_by=user,
        )
        ReturnLine._default_manager.bulk_create(
            ReturnLine(request=request, line_id=line_id, quantity=quantity)
            for line_id, quantity in sorted(quantities.items())
        )
        for photo in photos:
            ReturnPhoto._default_manager.create(request=request, image=photo)
        _step_record(
            request=request,
            from_status="",
            to_status=ReturnStatus.REQUESTED,
            actor=user,
        )
    return request


def _quantities_check(
    *,
    lines: Mapping[int, "Line"],
    quantities: Mapping[int, int],
    exclude_request_id: int | None = None,
) -> None:
    held = return_held_quantities(
        line_ids=list(lines), exclude_request_id=exclude_request_id
    )
    for line_id, quantity in quantities.items():
        line = lines[line_id]
        available = line.quantity - held.get(line_id, 0)
        if quantity < 0 or quantity > available:
            raise ReturnQuantityError(
                params={"available": max(available, 0), "title": line.title}
            )


def return_request_decide(
    *, request_id: int, vendor: "Partner", accept: bool, actor, note: str = ""
) -> "ReturnRequest":
    """The vendor accepts a requested return or refuses it with a note.

    Raises ReturnRequest.DoesNotExist for another vendor's return.
    """
    to_status = ReturnStatus.ACCEPTED if accept else ReturnStatus.REFUSED
    return return_transition(
        request_id=request_id,
        to_status=to_status,
        role=VENDOR,
        actor=actor,
        note=note,
        vendor=vendor,
    )


def return_request_dispute(*, request_id: int, user, note: str) -> "ReturnRequest":
    """The shopper disputes a refused return, saying why; staff will decide.

    Raises ReturnRequest.DoesNotExist for another shopper's return.
    """
    return return_transition(
        request_id=request_id,
        to_status=ReturnStatus.DISPUTED,
        role=SHOPPER,
        actor=user,
        note=note,
    )


def return_dispute_resolve(
    *, request_id: int, accept: bool, actor, note: str
) -> "ReturnRequest":
    """Staff rule on a disputed return: accepted, or refused for good."""
    to_status = ReturnStatus.ACCEPTED if accept else ReturnStatus.REFUSED_FINAL
    return return_transition(
        request_id=request_id, to_status=to_status, role=STAFF, actor=actor, note=note
    )


def return_transition(
    *,
    request_id: int,
    to_status: str,
    role: str,
    actor,
    note: str = "",
    vendor: "Partner | None" = None,
) -> "ReturnRequest":
    """Move a return as RETURN_TRANSITIONS allows, by the side allowed to.

    Locks the order, the part, then the return. Refuses a step the table
    does not list or another side makes (ReturnTransitionError); a
    refusal, a dispute and a ruling need a note (ReturnNoteRequiredError);
    a dispute needs its units to be still free. For a vendor, another
    vendor's return does not exist; for a shopper, another shopper's. Saves
    the note where its reader sees it, writes an event, owes the email of
    the step and, once committed, sends `return_accepted` when accepted.
    One transaction.
    """
    with transaction.atomic():
        found = ReturnRequest._default_manager.filter(pk=request_id)
        if role == VENDOR:
            found = found.filter(part__vendor=vendor)
        elif role == SHOPPER:
            found = found.filter(part__order__user=actor)
        order_id, part_id = found.values_list("part__order_id", "part_id").get()
        order_qs_select_for_update().get(pk=order_id)
        order_part_qs_select_for_update().get(pk=part_id)
        request = (
            return_request_qs_select_for_update()
            .select_related("part__order", "part__vendor")
            .get(pk=request_id)
        )
        from_status = request.status
        if (
            to_status not in RETURN_TRANSITIONS[from_status]
            or RETURN_TRANSITION_ROLES.get((from_status, to_status)) != role
        ):
            raise ReturnTransitionError(
                params={
                    "status": ReturnStatus(from_status).label,
                    "target": ReturnStatus(to_status).label,
                }
            )
        note = note.strip()
        # The vendor may accept without a word; every other step says why.
        if not note and (to_status != ReturnStatus.ACCEPTED or role == STAFF):
            raise ReturnNoteRequiredError
        if to_status == ReturnStatus.DISPUTED:
            return_lines = list(request.lines.select_related("line"))
            _quantities_check(
                lines={each.line_id: each.line for each in return_lines},
                quantities={each.line_id: each.quantity for each in return_lines},
                exclude_request_id=request.pk,
            )
        field = {VENDOR: "vendor_note", SHOPPER: "dispute_note", STAFF: "staff_note"}[
            role
        ]
        setattr(request, field, note)
        request.status = to_status
        request.save(update_fields=["status", field, "updated_at"])
        _step_record(
            request=request,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note,
        )
        if to_status == ReturnStatus.ACCEPTED:
            lines = list(request.lines.values_list("line_id", "quantity"))
            transaction.on_commit(
                lambda: return_accepted.send(
                    sender=ReturnRequest,
                    return_request_id=request.pk,
                    part_id=request.part_id,
                    lines=lines,
                )
            )
    return request


def _step_record(
    *,
    request: "ReturnRequest",
    from_status: str,
    to_status: str,
    actor,
    note: str = "",
) -> None:
    """Write the step's event and owe its email; inside the step's transaction."""
    event = ReturnEvent._default_manager.create(
        request=request,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
    )
    kind, reader = RETURN_STEP_EMAILS[(from_status, to_status)]
    part = request.part
    order = part.order
    if reader == VENDOR:
        recipients = [
            (email, part.vendor.language)
            for email in VendorMember._default_manager.filter(
                partner_id=part.vendor_id, role=VendorRole.OWNER
            ).values_list("user__email", flat=True)
        ]
    else:
        recipients = [(order.email, order.language)]
    _notifications_owe(
        [
            OrderNotification(
                kind=kind,
                order=order,
                part=part,
                recipient=recipient,
                language=language,
                # One email per step and recipient; the relay reads the step
                # back from the key (return_email_context).
                key=f"{kind}:{event.pk}:{recipient.lower()}",
            )
            for recipient, language in recipients
        ]
    )


def return_email_context(*, notification: "OrderNotification") -> tuple[str, dict]:
    """Return the page a return email links to and what its templates read.

    Precondition: the active language is the email's.
    """
    event_id = int(notification.key.split(":")[1])
    event = ReturnEvent._default_manager.select_related("request").get(pk=event_id)
    request = event.request
    if notification.kind in RETURN_VENDOR_EMAILS:
        path = reverse("seller_returns:detail", kwargs={"pk": request.pk})
    else:
        path = reverse(
            "customer:order", kwargs={"order_number": notification.order.number}
        )
    return path, {
        "return_request": request,
        "event": event,
        "return_lines": request.lines.select_related("line").order_by("pk"),
    }


def vendor_return_days_set(*, vendor: "Partner", days: int) -> None:
    """Set how many days after delivery the vendor takes its goods back."""
    Partner._default_manager.filter(pk=vendor.pk).update(
        return_days=days, updated_at=timezone.now()
    )
    vendor.return_days = days
