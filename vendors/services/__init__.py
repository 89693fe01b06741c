"""Vendor writes, one module per flow: the application, the vendor's products."""

from vendors.services.application import (
    STAFF_TRANSITIONS,
    VENDOR_TRANSITIONS,
    document_content_type,
    vendor_application_start,
    vendor_application_update,
    vendor_document_add,
    vendor_document_delete,
    vendor_event_notify,
    vendor_submit,
    vendor_transition,
)
from vendors.services.bulk import (
    vendor_catalogue_export,
    vendor_catalogue_template,
    vendor_upload_create,
    vendor_upload_fail,
    vendor_upload_process,
)
from vendors.services.products import (
    vendor_product_publish,
    vendor_product_save,
)
from vendors.services.stock import stockrecord_allocate
from vendors.services.team import (
    vendor_invitation_accept,
    vendor_invitation_check,
    vendor_invitation_create,
    vendor_invitation_send,
    vendor_invitation_withdraw,
    vendor_member_remove,
)

__all__ = [
    "STAFF_TRANSITIONS",
    "VENDOR_TRANSITIONS",
    "document_content_type",
    "stockrecord_allocate",
    "vendor_application_start",
    "vendor_application_update",
    "vendor_catalogue_export",
    "vendor_catalogue_template",
    "vendor_document_add",
    "vendor_document_delete",
    "vendor_event_notify",
    "vendor_invitation_accept",
    "vendor_invitation_check",
    "vendor_invitation_create",
    "vendor_invitation_send",
    "vendor_invitation_withdraw",
    "vendor_member_remove",
    "vendor_product_publish",
    "vendor_product_save",
    "vendor_submit",
    "vendor_transition",
    "vendor_upload_create",
    "vendor_upload_fail",
    "vendor_upload_process",
]
