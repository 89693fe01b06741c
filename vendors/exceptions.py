"""Vendor errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _


class VendorError(Exception):
    code = "vendor_error"
    message = _("This cannot be done with this vendor.")

    def __init__(self, message=None, *, params: dict | None = None):
        if message is not None:
            self.message = message
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class VendorTransitionError(VendorError):
    code = "transition_not_allowed"
    message = _("The vendor's status is “%(status)s”; it cannot become “%(target)s”.")


class VendorNoteRequiredError(VendorError):
    code = "note_required"
    message = _("Write a note: the vendor sees it and it stays in the audit trail.")


class VendorApplicationIncompleteError(VendorError):
    code = "application_incomplete"
    message = _("The application is not complete yet: %(missing)s.")


class VendorApplicationLockedError(VendorError):
    code = "application_locked"
    message = _("This application has been sent and can no longer be changed.")


class VendorAlreadyMemberError(VendorError):
    code = "already_member"
    message = _("You already act for a vendor.")


class VendorDocumentError(VendorError):
    code = "document_rejected"
