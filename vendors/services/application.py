"""Vendor writes: the application, its documents and every status transition."""

from typing import Any

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from PIL import Image, UnidentifiedImageError

from vendors.exceptions import (
    VendorAlreadyMemberError,
    VendorApplicationIncompleteError,
    VendorApplicationLockedError,
    VendorDocumentError,
    VendorNoteRequiredError,
    VendorTransitionError,
)
from vendors.lock_objects import vendor_qs_select_for_update
from vendors.models import VendorRole, VendorStatus
from vendors.selectors import vendor_missing_fields

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
VendorDocument = get_model("partner", "VendorDocument")
VendorEvent = get_model("partner", "VendorEvent")

# Which status may follow which. Staff decide on submitted applications and
# suspend or reinstate approved vendors; the applicant submits.
VENDOR_TRANSITIONS: dict[str, frozenset[str]] = {
    VendorStatus.DRAFT: frozenset({VendorStatus.SUBMITTED}),
    VendorStatus.SUBMITTED: frozenset(
        {VendorStatus.APPROVED, VendorStatus.REJECTED, VendorStatus.MORE_INFO}
    ),
    VendorStatus.MORE_INFO: frozenset({VendorStatus.SUBMITTED}),
    VendorStatus.APPROVED: frozenset({VendorStatus.SUSPENDED}),
    VendorStatus.SUSPENDED: frozenset({VendorStatus.APPROVED}),
    VendorStatus.REJECTED: frozenset(),
}

# Transitions staff make; each needs a note the vendor reads.
STAFF_TRANSITIONS = frozenset(
    {
        VendorStatus.APPROVED,
        VendorStatus.REJECTED,
        VendorStatus.MORE_INFO,
        VendorStatus.SUSPENDED,
    }
)

DOCUMENT_TYPES = {"PDF": "application/pdf", "JPEG": "image/jpeg", "PNG": "image/png"}


def vendor_application_start(*, user, language: str, fields: dict[str, Any]) -> Partner:
    """Create a draft vendor with the company's details; the user becomes its owner."""
    with transaction.atomic():
        if VendorMember._default_manager.filter(user=user).exists():
            raise VendorAlreadyMemberError
        vendor = Partner(
            name=fields.get("legal_name", ""),
            language=language,
            status=VendorStatus.DRAFT,
            **fields,
        )
        vendor.save()
        VendorMember._default_manager.create(
            partner=vendor, user=user, role=VendorRole.OWNER
        )
    return vendor


def vendor_application_update(*, vendor: Partner, fields: dict[str, Any]) -> Partner:
    """Save one step of a draft application (or one sent back for more information)."""
    with transaction.atomic():
        locked = vendor_qs_select_for_update().get(pk=vendor.pk)
        if not locked.is_editable_application:
            raise VendorApplicationLockedError
        fields = dict(fields)
        if "country" in fields and fields["country"] != locked.country:
            # Numbers are checked by the country's rules: ask for them again.
            fields.update(tax_number="", registration_number="", mail_order_number="")
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def document_content_type(upload: UploadedFile) -> str:
    """Return the content type of an application document, read from its content.

    Accepts PDF, JPEG and PNG up to MARKETPLACE_VENDOR_DOCUMENT_MAX_BYTES;
    raises VendorDocumentError otherwise. The name the file came with
    is not trusted.
    """
    limit = settings.MARKETPLACE_VENDOR_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise VendorDocumentError(
            _("The file is larger than %(limit)d MB."),
            params={"limit": limit // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return DOCUMENT_TYPES["PDF"]
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        image_format = None
    finally:
        upload.seek(0)
    if image_format not in ("JPEG", "PNG"):
        raise VendorDocumentError(
            _("The file is not a PDF, JPEG or PNG document, whatever its name says.")
        )
    return DOCUMENT_TYPES[image_format]


def vendor_document_add(
    *, vendor: Partner, user, kind: str, upload: UploadedFile
) -> "VendorDocument":
    """Store a document of the vendor's application in private storage."""
    content_type = document_content_type(upload)
    with transaction.atomic():
        locked = vendor_qs_select_for_update().get(pk=vendor.pk)
        if not locked.is_editable_application:
            raise VendorApplicationLockedError
        return VendorDocument._default_manager.create(
            partner=locked,
            kind=kind,
            file=upload,
            original_name=upload.name[-255:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )


def vendor_document_delete(*, vendor: Partner, document: "VendorDocument") -> None:
    """Remove a document from an application that can still be changed."""
    with transaction.atomic():
        locked = vendor_qs_select_for_update().get(pk=vendor.pk)
        if not locked.is_editable_application or document.partner_id != locked.pk:
            raise VendorApplicationLockedError
        document.delete()
        transaction.on_commit(lambda: document.file.delete(save=False))


def vendor_submit(*, vendor: Partner, actor) -> "VendorEvent":
    """Send a complete application to staff (again, after more was asked for)."""
    missing = vendor_missing_fields(vendor=vendor)
    if missing:
        raise VendorApplicationIncompleteError(params={"missing": ", ".join(missing)})
    return vendor_transition(
        vendor=vendor, to_status=VendorStatus.SUBMITTED, actor=actor, note=""
    )


def vendor_transition(
    *, vendor: Partner, to_status: str, actor, note: str
) -> "VendorEvent":
    """Move the vendor to another status, record who did it, and tell the vendor.

    Staff transitions (approve, reject, ask for more, suspend, reinstate)
    need a note. The vendor's owners are emailed in the vendor's language
    once the transaction commits.
    """
    note = note.strip()
    with transaction.atomic():
        locked = vendor_qs_select_for_update().get(pk=vendor.pk)
        from_status = locked.status
        if to_status not in VENDOR_TRANSITIONS[from_status]:
            raise VendorTransitionError(
                params={
                    "status": locked.get_status_display(),
                    "target": VendorStatus(to_status).label,
                }
            )
        if to_status in STAFF_TRANSITIONS and not note:
            raise VendorNoteRequiredError
        locked.status = to_status
        update_fields = ["status", "updated_at"]
        if to_status == VendorStatus.SUBMITTED:
            locked.submitted_at = timezone.now()
            update_fields.append("submitted_at")
        locked.save(update_fields=update_fields)
        event = VendorEvent._default_manager.create(
            partner=locked,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note,
        )
        vendor_event_notify(event=event)
    return event


def vendor_event_notify(*, event: "VendorEvent") -> None:
    """Email the vendor's owners about a status change, in the vendor's language.

    The mail backend queues the message to Celery when the transaction
    commits, so a rolled-back transition sends nothing.
    """
    vendor = event.partner
    recipients = list(
        vendor.members.filter(role=VendorRole.OWNER)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    with translation.override(vendor.language):
        site = Site.objects.get_current()
        context = {
            "vendor": vendor,
            "event": event,
            "application_url": (
                f"{settings.OSCAR_URL_SCHEMA}://{site.domain}"
                f"{reverse('vendors:application')}"
            ),
        }
        subject = render_to_string("vendors/emails/status_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("vendors/emails/status_body.txt", context),
            from_email=settings.OSCAR_FROM_EMAIL,
            to=recipients,
        )
        message.attach_alternative(
            render_to_string("vendors/emails/status_body.html", context), "text/html"
        )
        message.send()
