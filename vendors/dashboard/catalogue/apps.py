import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard, with a price and stock per market."""

    name = "vendors.dashboard.catalogue"
