"""Oscar's checkout session data, with each vendor's delivery choice and the
way to pay."""

from oscar.apps.checkout import utils
from oscar.apps.checkout.utils import *  # noqa: F403


class CheckoutSessionData(utils.CheckoutSessionData):
    """Oscar's session data; the shopper's delivery choice per vendor is kept
    as {vendor id (str): {"method": id, "point": id or None}}, with the city
    whose pickup points were asked for."""

    def vendor_deliveries(self) -> dict[str, dict[str, int | None]]:
        return self._get("shipping", "vendor_deliveries", {})

    def vendor_deliveries_set(self, choices: dict[str, dict[str, int | None]]):
        self._set("shipping", "vendor_deliveries", choices)

    def pickup_city(self) -> str:
        return self._get("shipping", "pickup_city", "")

    def pickup_city_set(self, city: str) -> None:
        self._set("shipping", "pickup_city", city)

    def payment_method(self) -> str:
        """The code of the way to pay the shopper chose (a payment provider's)."""
        return self._get("payment", "method", "")

    def payment_method_set(self, code: str) -> None:
        self._set("payment", "method", code)
