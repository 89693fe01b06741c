"""The vendor's own sales figures."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from vendors.selectors import seller_sales_list, seller_top_product_list
from vendors.seller.mixins import SellerMixin


class SellerFiguresView(SellerMixin, TemplateView):
    """Revenue, orders and units for today, 7 and 30 days; the best sellers."""

    template_name = "vendors/seller/figures.html"
    section = "figures"
    top_days = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["page_title"] = _("Figures")
        context["periods"] = seller_sales_list(vendor=self.vendor, now=now)
        context["top_days"] = self.top_days
        context["top_products"] = seller_top_product_list(
            vendor=self.vendor, now=now, days=self.top_days
        )
        return context
