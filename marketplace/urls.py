import errno
import re

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from catalog.views import HomeView, MarketSwitchView

urlpatterns = [
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("market/", MarketSwitchView.as_view(), name="market-switch"),
    # Carriers push tracking updates here; they know no language prefix.
    path("carriers/", include("logistics.tracking.webhook_urls")),
    # Payment providers' notifications, likewise.
    path("payments/", include("payments.webhook_urls")),
]

# Every page carries its language in the URL (/ru/, /ko/, /en/); LocaleMiddleware
# sends a visitor without one to the best match of Accept-Language.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Ahead of Oscar's "home", which only redirects to the catalogue.
    path("", HomeView.as_view(), name="home"),
    # The vendor's orders in the seller dashboard (orders writes orders).
    path("seller/orders/", include("orders.seller.urls")),
    path("seller/orders/", include("logistics.seller.urls")),
    path("seller/returns/", include("orders.returns.urls")),
    path("track/", include("logistics.tracking.urls")),
    # Paying an order placed for payment in advance, ahead of Oscar's checkout.
    path("checkout/", include("payments.urls")),
    path("seller/shipping/", include("logistics.seller.method_urls")),
    path("seller/balance/", include("payments.ledger.urls")),
    path("seller/payouts/", include("payments.payouts.urls")),
    path("", include("vendors.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    prefix_default_language=True,
)


def serve_media(request: HttpRequest, path: str, document_root: str) -> HttpResponse:
    """Serve an uploaded file; a name too long for the file system is not found.

    Django's serve() lets the file system's ENAMETOOLONG through as a 500.
    """
    try:
        return serve(request, path, document_root=document_root)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise
        raise Http404 from exc


if settings.MARKETPLACE_SERVE_MEDIA:
    # Uploaded images straight from MEDIA_ROOT, for single-machine setups;
    # larger ones put a web server or object storage in front instead.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# The 400, 403 and 500 pages render without context processors, so they need
# no database; the 404 page keeps the shop's header, search and basket.
handler400 = "catalog.views.bad_request"
handler403 = "catalog.views.permission_denied"
handler404 = "oscar.views.handler404"
handler500 = "catalog.views.server_error"
