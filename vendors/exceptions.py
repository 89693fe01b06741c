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


class VendorProductNotOwnedError(VendorError):
    code = "product_not_owned"
    message = _("This product belongs to another vendor.")


class VendorInvitationNotFoundError(VendorError):
    code = "invitation_not_found"
    message = _(
        "This invitation is no longer valid: the store has withdrawn it, "
        "or the link is incomplete."
    )


class VendorInvitationExpiredError(VendorError):
    code = "invitation_expired"
    message = _(
        "This invitation has expired. Ask the store's owner to invite you again."
    )


class VendorInvitationAcceptedError(VendorError):
    code = "invitation_accepted"
    message = _("This invitation has already been accepted.")


class VendorInvitationEmailError(VendorError):
    code = "invitation_other_email"
    message = _(
        "This invitation was sent to another email address. Sign in, or register, "
        "with the address it was sent to in order to accept it."
    )


class VendorInvitationPendingError(VendorError):
    code = "invitation_pending"
    message = _(
        "%(email)s has already been invited. Withdraw that invitation "
        "to send a new one."
    )


class VendorTeamMemberExistsError(VendorError):
    code = "already_in_team"
    message = _("%(email)s is already in your team.")


class VendorMemberNotRemovableError(VendorError):
    code = "member_not_removable"
    message = _(
        "An owner cannot be removed from the team, nor can you remove yourself."
    )


class VendorUploadFileError(VendorError):
    code = "upload_file_rejected"
    message = _("The file is neither a CSV nor an XLSX spreadsheet.")
