"""The authentication backend that throttles failed logins."""

from axes.backends import AxesStandaloneBackend


class ThrottlingBackend(AxesStandaloneBackend):
    """Axes's backend, first in AUTHENTICATION_BACKENDS: it refuses a locked-out
    account or address before any password is checked.

    Axes cannot judge a call without the request, and refuses it; Oscar's
    registration makes exactly that call to sign the new account in with the
    password just chosen. Nobody guesses there, so such a call is let through
    to the password backends, whose failures are then not counted.
    """

    def authenticate(self, request, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
