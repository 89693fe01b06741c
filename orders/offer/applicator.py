"""Oscar's offer applicator, applying only the offers of the basket's market."""

from oscar.apps.offer import applicator


class Applicator(applicator.Applicator):
    def get_offers(self, basket, user=None, request=None):
        """Return Oscar's offers for the basket that apply in its market.

        A voucher's offers are filtered too, so a code made for one market
        gives nothing in another.
        """
        offers = super().get_offers(basket, user, request)
        in_market = self.offer_ids_in_market(offers, basket.market_id)
        return [offer for offer in offers if offer.pk in in_market]

    @staticmethod
    def offer_ids_in_market(offers, market_id: str) -> set[int]:
        if not offers:
            return set()
        through = offers[0].markets.through
        return set(
            through._default_manager.filter(
                conditionaloffer_id__in=[offer.pk for offer in offers],
                market_id=market_id,
            ).values_list("conditionaloffer_id", flat=True)
        )
