"""CDEK, API v2 (https://api-docs.cdek.ru/): an OAuth token from client
credentials, an order's statuses from GET /v2/orders?cdek_number=, ORDER_STATUS
webhooks, and the offices of GET /v2/deliverypoints."""

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from logistics.models import TrackingStatus
from logistics.tracking.base import (
    CarrierAdapter,
    CarrierError,
    PickupPointRow,
    PushMalformedError,
    TrackingUpdate,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

# CDEK's order status codes, in the common words; unlisted ones are transit.
STATUSES = {
    "CREATED": TrackingStatus.INFO_RECEIVED,
    "ACCEPTED": TrackingStatus.INFO_RECEIVED,
    "TAKEN_BY_COURIER": TrackingStatus.OUT_FOR_DELIVERY,
    "ACCEPTED_AT_PICK_UP_POINT": TrackingStatus.READY_FOR_PICKUP,
    "POSTOMAT_POSTED": TrackingStatus.READY_FOR_PICKUP,
    "DELIVERED": TrackingStatus.DELIVERED,
    # "Not handed over": the parcel goes back to the sender from here on.
    "NOT_DELIVERED": TrackingStatus.RETURNED,
    "RETURNED_TO_SENDER_CITY_WAREHOUSE": TrackingStatus.RETURNED,
    "INVALID": TrackingStatus.EXCEPTION,
}


def _when(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"cdek: bad date {value!r}") from exc
    if moment.tzinfo is None:
        raise ValueError(f"cdek: date without offset {value!r}")
    return moment


def _update(code: str, name: str, when: Any, city: str) -> TrackingUpdate:
    return TrackingUpdate(
        occurred_at=_when(when),
        status=STATUSES.get(code, TrackingStatus.IN_TRANSIT),
        carrier_code=code,
        description=name or "",
        location=city or "",
    )


class CdekAdapter(CarrierAdapter):
    code = "cdek"

    _token: str | None = None

    def token(self) -> str:
        """Return a bearer token, asked once per adapter (they last an hour)."""
        if self._token is None:
            response = self.http(
                "POST",
                "/v2/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.config.get("client_id", ""),
                    "client_secret": self.config.get("client_secret", ""),
                },
            )
            body = self.json(response)
            if response.status_code != 200 or "access_token" not in body:
                raise CarrierError(f"cdek: no token (HTTP {response.status_code})")
            self._token = body["access_token"]
        return self._token

    def authorized(self, path: str, params: dict) -> Any:
        response = self.http(
            "GET",
            path,
            params=params,
            headers={"Authorization": f"Bearer {self.token()}"},
        )
        body = self.json(response)
        requests = body.get("requests") or [] if isinstance(body, dict) else []
        errors = [error for each in requests for error in each.get("errors") or []]
        if response.status_code != 200 or errors:
            detail = "; ".join(f"{e.get('code')}: {e.get('message')}" for e in errors)
            raise CarrierError(f"cdek: HTTP {response.status_code} {detail}".strip())
        return body

    def events_fetch(self, *, tracking_number: str) -> list[TrackingUpdate]:
        body = self.authorized("/v2/orders", {"cdek_number": tracking_number})
        try:
            return [
                _update(s["code"], s.get("name", ""), s["date_time"], s.get("city", ""))
                for s in body["entity"].get("statuses") or []
            ]
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise CarrierError(f"cdek: unexpected order: {exc}") from exc

    def push_parse(self, request: "HttpRequest") -> list[tuple[str, TrackingUpdate]]:
        # CDEK signs no webhook; the registered URL carries the secret.
        self.secret_check(request.GET.get("secret"), setting="webhook_secret")
        try:
            body = json.loads(request.body)
            if body.get("type") != "ORDER_STATUS":
                return []  # other webhook types say nothing about tracking
            attributes = body["attributes"]
            # `code` is the status; older webhooks sent it as `status_code`.
            code = attributes.get("code") or attributes["status_code"]
            update = _update(
                code,
                attributes.get("name", ""),
                attributes["status_date_time"],
                attributes.get("city_name", ""),
            )
            return [(str(attributes["cdek_number"]), update)]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PushMalformedError(str(exc)) from exc

    def pickup_points_fetch(self, *, countries: list[str]) -> list[PickupPointRow]:
        rows: list[PickupPointRow] = []
        for country in countries:
            body = self.authorized(
                "/v2/deliverypoints", {"country_code": country, "type": "ALL"}
            )
            try:
                rows.extend(
                    PickupPointRow(
                        code=point["code"],
                        country=point["location"]["country_code"],
                        city=point["location"].get("city", ""),
                        name=point.get("name", ""),
                        address=point["location"].get("address", ""),
                        postcode=point["location"].get("postal_code", "") or "",
                        opening_hours=point.get("work_time", "") or "",
                    )
                    for point in body
                )
            except (KeyError, TypeError) as exc:
                raise CarrierError(f"cdek: unexpected delivery point: {exc}") from exc
        return rows
