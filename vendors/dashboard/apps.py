import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked so that its catalogue sub-app can be forked.

    Oscar finds a dashboard sub-app's classes under the dashboard app's own
    package (get_class("dashboard.catalogue.forms", ...)).
    """

    name = "vendors.dashboard"
