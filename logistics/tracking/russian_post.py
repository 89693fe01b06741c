"""Russian Post, the single-item tracking service (tracking.pochta.ru,
SOAP 1.2 at /rtm34): getOperationHistory lists an item's operations, each an
OperType (what happened) and an OperAttr (how). It pushes nothing."""

from datetime import datetime
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from logistics.models import TrackingStatus
from logistics.tracking.base import CarrierAdapter, CarrierError, TrackingUpdate

REQUEST = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"
    xmlns:oper="http://russianpost.org/operationhistory"
    xmlns:data="http://russianpost.org/operationhistory/data">
  <soap:Header/>
  <soap:Body>
    <oper:getOperationHistory>
      <data:OperationHistoryRequest>
        <data:Barcode>{barcode}</data:Barcode>
        <data:MessageType>0</data:MessageType>
        <data:Language>RUS</data:Language>
      </data:OperationHistoryRequest>
      <data:AuthorizationHeader soap:mustUnderstand="1">
        <data:login>{login}</data:login>
        <data:password>{password}</data:password>
      </data:AuthorizationHeader>
    </oper:getOperationHistory>
  </soap:Body>
</soap:Envelope>"""

# OperType codes in the common words; unlisted ones are transit.
STATUSES = {
    "1": TrackingStatus.IN_TRANSIT,  # Приём
    "2": TrackingStatus.DELIVERED,  # Вручение
    "3": TrackingStatus.RETURNED,  # Возврат
    "5": TrackingStatus.EXCEPTION,  # Невручение
    "12": TrackingStatus.EXCEPTION,  # Неудачная попытка вручения
    "16": TrackingStatus.EXCEPTION,  # Уничтожение
    "18": TrackingStatus.EXCEPTION,  # Регистрация утраты
}
# OperType 8 (Обработка) with OperAttr 2: arrived where it is handed over.
ARRIVED_FOR_PICKUP = ("8", "2")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ElementTree.Element, *path: str) -> ElementTree.Element | None:
    for name in path:
        element = next((c for c in element if _local(c.tag) == name), None)
        if element is None:
            return None
    return element


def _text(element: ElementTree.Element, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


class RussianPostAdapter(CarrierAdapter):
    code = "russian-post"

    def events_fetch(self, *, tracking_number: str) -> list[TrackingUpdate]:
        envelope = REQUEST.format(
            barcode=escape(tracking_number),
            login=escape(self.config.get("login", "")),
            password=escape(self.config.get("password", "")),
        )
        response = self.http(
            "POST",
            "/rtm34",
            data=envelope.encode(),
            headers={"Content-Type": "application/soap+xml; charset=utf-8"},
        )
        try:
            # The answer of the configured carrier endpoint; expat refuses
            # external entities and limits entity expansion (Python >= 3.11).
            root = ElementTree.fromstring(response.content)  # noqa: S314
        except ElementTree.ParseError as exc:
            raise CarrierError(f"russian-post: HTTP {response.status_code}") from exc
        fault = next((e for e in root.iter() if _local(e.tag) == "Fault"), None)
        if fault is not None or response.status_code != 200:
            reason = " ".join(
                (e.text or "").strip()
                for e in (fault if fault is not None else root).iter()
                if _local(e.tag) in ("Text", "OperationHistoryFaultReason")
            )
            raise CarrierError(f"russian-post: {reason or response.status_code}")
        updates = []
        try:
            for record in root.iter():
                if _local(record.tag) != "historyRecord":
                    continue
                type_id = _text(record, "OperationParameters", "OperType", "Id")
                attr_id = _text(record, "OperationParameters", "OperAttr", "Id")
                occurred_at = datetime.fromisoformat(
                    _text(record, "OperationParameters", "OperDate")
                )
                if occurred_at.tzinfo is None:
                    raise ValueError("OperDate without offset")
                status = STATUSES.get(type_id, TrackingStatus.IN_TRANSIT)
                if (type_id, attr_id) == ARRIVED_FOR_PICKUP:
                    status = TrackingStatus.READY_FOR_PICKUP
                name = _text(record, "OperationParameters", "OperAttr", "Name")
                updates.append(
                    TrackingUpdate(
                        occurred_at=occurred_at,
                        status=status,
                        carrier_code=f"{type_id}.{attr_id or 0}",
                        description=name
                        or _text(record, "OperationParameters", "OperType", "Name"),
                        location=" ".join(
                            part
                            for part in (
                                _text(
                                    record,
                                    "AddressParameters",
                                    "OperationAddress",
                                    "Index",
                                ),
                                _text(
                                    record,
                                    "AddressParameters",
                                    "OperationAddress",
                                    "Description",
                                ),
                            )
                            if part
                        ),
                    )
                )
        except ValueError as exc:
            raise CarrierError(f"russian-post: unexpected record: {exc}") from exc
        return updates
