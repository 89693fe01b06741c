from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import translate_url
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
    html = loader.get_template("oscar/500.html").render(
        {"shop_name": settings.OSCAR_SHOP_NAME}
    )
    return HttpResponseServerError(html)
