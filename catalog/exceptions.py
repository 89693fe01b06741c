"""The base of every app's domain errors: a stable `code`, and a message
translated where it is shown, filled with `params`."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    message = _("This cannot be done.")

    def __init__(self, message=None, *, params: dict | None = None):
        if message is not None:
            self.message = message
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)
