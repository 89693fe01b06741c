"""Row locks for vendors, always taken in primary-key order."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
VendorInvitation = get_model("partner", "VendorInvitation")
VendorMember = get_model("partner", "VendorMember")
VendorUpload = get_model("partner", "VendorUpload")


def vendor_qs_select_for_update() -> QuerySet:
    """Return vendors locked for update; call inside a transaction."""
    return Partner._default_manager.select_for_update().order_by("pk")


def vendor_invitation_qs_select_for_update() -> QuerySet:
    """Return vendor invitations locked for update; call inside a transaction.

    Lock the invitation's vendor first: parents are locked before children.
    """
    return VendorInvitation._default_manager.select_for_update().order_by("pk")


def vendor_member_qs_select_for_update() -> QuerySet:
    """Return vendor members locked for update; call inside a transaction.

    Lock the member's vendor first: parents are locked before children.
    """
    return VendorMember._default_manager.select_for_update().order_by("pk")


def vendor_upload_qs_select_for_update() -> QuerySet:
    """Return catalogue uploads locked for update; call inside a transaction.

    Lock the upload's vendor first when both are locked: parents before children.
    """
    return VendorUpload._default_manager.select_for_update().order_by("pk")
