"""Return errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _

from orders.exceptions import OrderError


class ReturnError(OrderError):
    code = "return_error"
    message = _("This return cannot be made.")


class ReturnNotAllowedError(ReturnError):
    code = "return_not_allowed"
    message = _("Only delivered items can be returned.")


class ReturnWindowClosedError(ReturnError):
    code = "return_window_closed"
    message = _("The time to return these items ended on %(deadline)s.")


class ReturnQuantityError(ReturnError):
    code = "return_quantity"
    message = _("You can return at most %(available)d of “%(title)s”.")


class ReturnNothingChosenError(ReturnError):
    code = "return_nothing_chosen"
    message = _("Choose at least one item to return.")


class ReturnTransitionError(ReturnError):
    code = "return_transition_not_allowed"
    message = _("This return is “%(status)s”; it cannot become “%(target)s”.")


class ReturnNoteRequiredError(ReturnError):
    code = "return_note_required"
    message = _("Write a note: the other side reads it.")


class ReturnPhotoError(ReturnError):
    code = "return_photo"
    message = _("The photo is not a JPEG, PNG or WebP image, whatever its name says.")
    too_large = _("The photo is larger than %(limit)d MB.")
    too_many = _("Add at most %(limit)d photos.")
