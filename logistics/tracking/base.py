"""What every carrier adapter offers: start tracking a number, fetch its
events, read a pushed update, and list the carrier's pickup points.

Adapters speak each carrier's documented format over HTTP (requests) and
translate it into TrackingUpdate values in the carriers' common statuses
(logistics.models.TrackingStatus); nothing here touches the database.
"""

import hmac
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import requests
from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class TrackingUpdate:
    """One scan of a parcel as its carrier reports it."""

    occurred_at: datetime  # aware
    status: str  # a TrackingStatus value
    carrier_code: str  # the carrier's own code of the event
    description: str = ""
    location: str = ""


@dataclass(frozen=True)
class PickupPointRow:
    """One pickup point of a carrier's public list."""

    code: str
    country: str  # ISO 3166-1 alpha-2
    city: str
    name: str
    address: str
    postcode: str = ""
    opening_hours: str = ""


class CarrierError(Exception):
    """The carrier could not be asked or answered with an error or nonsense."""


class PushError(Exception):
    """A pushed update is refused; `status` is the HTTP status to answer."""

    status = 400


class PushSignatureError(PushError):
    """The push does not carry the carrier's secret or signature."""

    status = 403


class PushMalformedError(PushError):
    """The push is not in the carrier's format."""

    status = 400


class PushNotSupportedError(PushError):
    """The carrier pushes nothing; its parcels are polled only."""

    status = 404


class CarrierAdapter(ABC):
    """A carrier's tracking API, configured from MARKETPLACE_CARRIERS[code]."""

    code: ClassVar[str]

    def __init__(self, config: Mapping[str, str]) -> None:
        self.config = config
        self.base_url = config.get("base_url", "").rstrip("/")
        self.session = requests.Session()

    def track_start(self, *, tracking_number: str) -> None:  # noqa: B027
        """Ask the carrier to report on the number; most track any number they
        issued, so by default there is nothing to do."""

    @abstractmethod
    def events_fetch(self, *, tracking_number: str) -> list[TrackingUpdate]:
        """Return every event the carrier knows of the number.

        Raises CarrierError when the carrier fails or does not know the number.
        """

    def push_parse(self, request: "HttpRequest") -> list[tuple[str, TrackingUpdate]]:
        """Return the (tracking number, update) pairs of a pushed request.

        Raises PushSignatureError when the carrier's secret or signature is
        missing or wrong, PushMalformedError when the body is not in the
        carrier's format, PushNotSupportedError when the carrier pushes nothing.
        """
        raise PushNotSupportedError

    def pickup_points_fetch(self, *, countries: list[str]) -> list[PickupPointRow]:
        """Return the carrier's pickup points in the countries (ISO alpha-2).

        Raises NotImplementedError when the carrier publishes no list.
        """
        raise NotImplementedError

    @property
    def publishes_pickup_points(self) -> bool:
        return type(self).pickup_points_fetch is not CarrierAdapter.pickup_points_fetch

    # Helpers for the adapters.

    def secret_check(self, given: str | None, *, setting: str) -> None:
        """Raise PushSignatureError unless `given` is the configured secret.

        An empty configured secret refuses every push.
        """
        expected = self.config.get(setting, "")
        if (
            not expected
            or not given
            or not hmac.compare_digest(given.encode(), expected.encode())
        ):
            raise PushSignatureError

    def http(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Send a request to the carrier; raise CarrierError on network trouble."""
        kwargs.setdefault("timeout", settings.MARKETPLACE_CARRIER_TIMEOUT)
        try:
            return self.session.request(method, f"{self.base_url}{path}", **kwargs)
        except requests.RequestException as exc:
            raise CarrierError(f"{self.code}: {exc}") from exc

    def json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise CarrierError(
                f"{self.code}: HTTP {response.status_code}, not JSON"
            ) from exc
