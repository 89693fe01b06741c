"""Oscar's basket views; the basket page is in the storefront design."""

from oscar.apps.basket import views as oscar_views
from oscar.apps.basket.views import *  # noqa: F403

from catalog.views import storefront_csp


@storefront_csp
class BasketView(oscar_views.BasketView):
    pass
