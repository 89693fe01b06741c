from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView
from oscar.apps.catalogue import views as oscar_views

from catalog.forms import MarketForm
from catalog.middleware import MARKET_COOKIE
from catalog.selectors import (
    category_top_list,
    product_detail_queryset,
    product_list,
    product_on_sale_anywhere,
    product_popular_list,
    product_related_list,
    vendor_list,
)

ONE_YEAR = 365 * 24 * 60 * 60


class MarketSwitchView(View):
    """Remember the market the shopper picks and return to their page.

    A page in a language the market does not offer is shown in the market's
    default language instead (Russia to Korea: /ru/... becomes /ko/...).
    """

    http_method_names = ("post",)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MarketForm(request.POST, markets=request.markets)
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            next_url = "/"
        if not form.is_valid():
            return HttpResponseRedirect(next_url)
        market = next(m for m in request.markets if m.pk == form.cleaned_data["market"])
        if get_language() not in market.languages:
            next_url = translate_url(next_url, market.default_language)
        response = HttpResponseRedirect(next_url)
        response.set_cookie(
            MARKET_COOKIE,
            market.pk,
            max_age=ONE_YEAR,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        return response


class ProductDetailView(oscar_views.ProductDetailView):
    """Oscar's product page, with products related to it in the shopper's market."""

    def get_queryset(self):
        return product_detail_queryset(market=self.request.market)

    def get_object(self, queryset=None):
        product = super().get_object(queryset)
        # A product no selling vendor offers, in any market, has no page.
        # Its offers in this market are loaded with it (selling vendors'
        # only), so the query is needed only when there are none here.
        if not product.stockrecords.all() and not product_on_sale_anywhere(
            product=product
        ):
            raise Http404
        return product

    def get_alert_status(self) -> bool:
        """Whether the shopper already awaits this product in this market.

        An alert is per market (orders.customer), so one made in Russia does
        not hide the form in Korea.
        """
        user = self.request.user
        return (
            user.is_authenticated
            and user.alerts.filter(
                product=self.object,
                market=self.request.market,
                status=user.alerts.model.ACTIVE,
            ).exists()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_products"] = product_related_list(
            product=self.object, market=self.request.market
        )
        return context


class HomeView(TemplateView):
    """The home page: categories, popular and new products, vendors of the market."""

    template_name = "storefront/home.html"
    new_products_count = 8

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["top_categories"] = category_top_list()
        context["new_products"] = product_list(market=self.request.market)[
            : self.new_products_count
        ]
        context["popular_products"] = product_popular_list(market=self.request.market)
        context["vendors"] = vendor_list(market=self.request.market)
        return context


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without the request's context processors.

    Those read the database, the cache and the session, any of which may be
    what failed; the page needs only the language and the static files.
    """
    return render_error_page(request, "oscar/500.html", HttpResponseServerError)


def error_page_language(request: HttpRequest) -> str:
    """Return the language of the page a refused request asked for.

    Read from the path first: a request refused before LocaleMiddleware (a
    NUL byte, catalog.middleware) has no language of its own active yet.
    """
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def render_error_page(
    request: HttpRequest, template_name: str, response_class: type[HttpResponse]
) -> HttpResponse:
    """Render an error page without the request's context processors.

    Like server_error, it needs no database, cache or session, so that it
    can answer whatever was refused, as cheaply as possible.
    """
    with translation.override(error_page_language(request)):
        html = loader.get_template(template_name).render(
            {"shop_name": settings.OSCAR_SHOP_NAME}
        )
    return response_class(html)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page: a request the site cannot read, such as a NUL byte."""
    return render_error_page(request, "oscar/400.html", HttpResponseBadRequest)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page."""
    return render_error_page(request, "oscar/403.html", HttpResponseForbidden)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page of a form sent with a missing or outdated CSRF token.

    Mostly a page opened before the shopper signed in or out in another tab
    (signing in gives a new token) or before the cookies were cleared; the
    page says to reload it and try again.
    """
    return render_error_page(request, "oscar/403_csrf.html", HttpResponseForbidden)
