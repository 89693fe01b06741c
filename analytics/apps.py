import oscar.apps.analytics.apps as apps


class AnalyticsConfig(apps.AnalyticsConfig):
    name = "analytics"

    def ready(self) -> None:
        super().ready()
        from oscar.apps.analytics import receivers as oscar_receivers
        from oscar.apps.search.signals import user_search

        from analytics import receivers  # noqa: F401 (connects the receivers)

        # Oscar's receiver writes the raw query, which fails the search page
        # on a query longer than the column or holding a NUL byte.
        user_search.disconnect(oscar_receivers.receive_product_search)
