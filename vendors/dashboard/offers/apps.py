import oscar.apps.dashboard.offers.apps as apps


class OffersDashboardConfig(apps.OffersDashboardConfig):
    """Oscar's offers dashboard, asking each offer's markets and funder."""

    name = "vendors.dashboard.offers"
