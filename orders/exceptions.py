"""Order errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _


class OrderError(Exception):
    code = "order_error"
    message = _("This cannot be done with this order.")

    def __init__(self, message=None, *, params: dict | None = None):
        if message is not None:
            self.message = message
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class OrderPartTransitionError(OrderError):
    code = "part_transition_not_allowed"
    message = _(
        "This part of the order is “%(status)s”; it cannot become “%(target)s”."
    )


class OrderPartReasonRequiredError(OrderError):
    code = "part_reason_required"
    message = _("Give the reason for cancelling: the shopper reads it.")
