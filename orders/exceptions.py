"""Order errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _

from catalog.exceptions import DomainError


class OrderError(DomainError):
    code = "order_error"
    message = _("This cannot be done with this order.")


class OrderPartTransitionError(OrderError):
    code = "part_transition_not_allowed"
    message = _(
        "This part of the order is “%(status)s”; it cannot become “%(target)s”."
    )


class OrderPartReasonRequiredError(OrderError):
    code = "part_reason_required"
    message = _("Give the reason for cancelling: the shopper reads it.")
