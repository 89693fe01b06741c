"""CJ Logistics (CJ대한통운): the parcel tracking service of its site, POST
/ko/tool/parcel/tracking-detail with paramInvcNo, which answers the parcel
(parcelResultMap) and its scans (parcelDetailResultMap) in Korean time.

CJ publishes no push format; a contracted relay posts the same JSON to the
webhook with the shared secret in the X-Webhook-Secret header.
"""

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from logistics.models import TrackingStatus
from logistics.tracking.base import (
    CarrierAdapter,
    CarrierError,
    PushMalformedError,
    TrackingUpdate,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

SEOUL = ZoneInfo("Asia/Seoul")

# crgSt, the cargo state of a scan, in the common words; unlisted are transit.
STATUSES = {
    "01": TrackingStatus.INFO_RECEIVED,  # 집화지시
    "11": TrackingStatus.IN_TRANSIT,  # 집화처리
    "82": TrackingStatus.OUT_FOR_DELIVERY,  # 배송출발
    "91": TrackingStatus.DELIVERED,  # 배달완료
}
# Scans of a parcel going back carry these words in their name.
RETURN_WORDS = ("반송", "반품")


def _scans(body: Any) -> tuple[str, list[TrackingUpdate]]:
    """Return the number and updates of a tracking-detail answer."""
    parcels = body["parcelResultMap"]["resultList"]
    scans = body["parcelDetailResultMap"]["resultList"]
    if not parcels:
        raise LookupError("no such parcel")
    updates = []
    for scan in scans:
        # "2024-05-02 17:26:21.0", Korean local time.
        occurred_at = datetime.fromisoformat(scan["dTime"]).replace(tzinfo=SEOUL)
        name = scan.get("scanNm") or scan.get("crgNm") or ""
        status = STATUSES.get(scan["crgSt"], TrackingStatus.IN_TRANSIT)
        if any(word in name for word in RETURN_WORDS):
            status = TrackingStatus.RETURNED
        updates.append(
            TrackingUpdate(
                occurred_at=occurred_at,
                status=status,
                carrier_code=scan["crgSt"],
                description=scan.get("crgNm") or name,
                location=scan.get("regBranNm") or "",
            )
        )
    return str(parcels[0]["invcNo"]), updates


class CjLogisticsAdapter(CarrierAdapter):
    code = "cj-logistics"

    def events_fetch(self, *, tracking_number: str) -> list[TrackingUpdate]:
        response = self.http(
            "POST",
            "/ko/tool/parcel/tracking-detail",
            data={"paramInvcNo": tracking_number},
        )
        if response.status_code != 200:
            raise CarrierError(f"cj-logistics: HTTP {response.status_code}")
        try:
            _number, updates = _scans(self.json(response))
        except (KeyError, TypeError, ValueError, LookupError) as exc:
            raise CarrierError(f"cj-logistics: {exc}") from exc
        return updates

    def push_parse(self, request: "HttpRequest") -> list[tuple[str, TrackingUpdate]]:
        self.secret_check(
            request.headers.get("X-Webhook-Secret"), setting="webhook_secret"
        )
        try:
            number, updates = _scans(json.loads(request.body))
        except (KeyError, TypeError, ValueError, LookupError) as exc:
            raise PushMalformedError(str(exc)) from exc
        return [(number, update) for update in updates]
