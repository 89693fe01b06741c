"""DHL, Shipment Tracking - Unified (https://developer.dhl.com): GET
/track/shipments?trackingNumber= with the DHL-API-Key header, and the Unified
Push API, which posts the same shipments to the webhook with the header and
token of the subscription's ApiKeyAuthentication."""

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from logistics.models import TrackingStatus
from logistics.tracking.base import (
    CarrierAdapter,
    CarrierError,
    PushMalformedError,
    TrackingUpdate,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

# The unified statusCode of an event in the common words.
STATUSES = {
    "pre-transit": TrackingStatus.INFO_RECEIVED,
    "transit": TrackingStatus.IN_TRANSIT,
    "delivered": TrackingStatus.DELIVERED,
    "failure": TrackingStatus.EXCEPTION,
    "unknown": TrackingStatus.IN_TRANSIT,
}
# The unified codes have no "returned"; the event's words say it.
RETURNED = re.compile(r"return(ed)? to (the )?(shipper|sender)", re.IGNORECASE)


def _event(event: dict) -> TrackingUpdate:
    occurred_at = datetime.fromisoformat(event["timestamp"])
    if occurred_at.tzinfo is None:
        # Some divisions give no offset; the unified API documents UTC then.
        occurred_at = occurred_at.replace(tzinfo=UTC)
    code = event.get("statusCode") or "unknown"
    description = event.get("description") or event.get("status") or ""
    status = STATUSES.get(code, TrackingStatus.IN_TRANSIT)
    if RETURNED.search(description):
        status = TrackingStatus.RETURNED
    address = (event.get("location") or {}).get("address") or {}
    return TrackingUpdate(
        occurred_at=occurred_at,
        status=status,
        carrier_code=event.get("status") or code,
        description=description,
        location=address.get("addressLocality", ""),
    )


def _shipments(body: Any) -> list[tuple[str, TrackingUpdate]]:
    return [
        (str(shipment["id"]), _event(event))
        for shipment in body["shipments"]
        for event in shipment.get("events") or []
    ]


class DhlAdapter(CarrierAdapter):
    code = "dhl"

    def events_fetch(self, *, tracking_number: str) -> list[TrackingUpdate]:
        response = self.http(
            "GET",
            "/track/shipments",
            params={"trackingNumber": tracking_number},
            headers={"DHL-API-Key": self.config.get("api_key", "")},
        )
        body = self.json(response)
        if response.status_code != 200:
            # Errors are RFC 7807 problems: title, status, detail.
            detail = body.get("detail") if isinstance(body, dict) else ""
            raise CarrierError(f"dhl: HTTP {response.status_code} {detail}".strip())
        try:
            return [
                update
                for number, update in _shipments(body)
                if number == tracking_number
            ]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CarrierError(f"dhl: unexpected shipment: {exc}") from exc

    def push_parse(self, request: "HttpRequest") -> list[tuple[str, TrackingUpdate]]:
        header = self.config.get("push_header") or "DHL-Push-Token"
        self.secret_check(request.headers.get(header), setting="push_token")
        try:
            return _shipments(json.loads(request.body))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PushMalformedError(str(exc)) from exc
