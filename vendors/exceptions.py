"""Vendor errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from catalog.exceptions import DomainError


class VendorError(DomainError):
    code = "vendor_error"
    message = _("This cannot be done with this vendor.")


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


class StockInsufficientError(VendorError):
    """Fewer units are left in the offer than an order asks for."""

    code = "stock_insufficient"

    def __init__(self, *, product: str, available: int):
        self.product = product
        self.available = available
        super().__init__()

    def __str__(self) -> str:
        if self.available <= 0:
            return gettext(
                "“%(product)s” has just sold out. Remove it from your cart to "
                "place the order."
            ) % {"product": self.product}
        return ngettext(
            "Only %(count)d “%(product)s” is left. Lower the quantity in your "
            "cart to place the order.",
            "Only %(count)d “%(product)s” are left. Lower the quantity in your "
            "cart to place the order.",
            self.available,
        ) % {"count": self.available, "product": self.product}


class StockBelowAllocatedError(VendorError):
    """A vendor set stock below the units sold and not yet shipped."""

    code = "stock_below_allocated"

    def __init__(self, *, market: str, allocated: int):
        self.market = market
        self.allocated = allocated
        super().__init__()

    def __str__(self) -> str:
        return stock_below_allocated_message(self.allocated)


def stock_below_allocated_message(allocated: int) -> str:
    return ngettext(
        "%(count)d unit is sold and not shipped yet, so stock cannot be lower "
        "than %(count)d.",
        "%(count)d units are sold and not shipped yet, so stock cannot be lower "
        "than %(count)d.",
        allocated,
    ) % {"count": allocated}
