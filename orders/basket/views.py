"""Oscar's basket views; a voucher of another market is refused by name."""

from django.contrib import messages
from django.utils.translation import gettext
from oscar.apps.basket import views


class VoucherAddView(views.VoucherAddView):
    def apply_voucher_to_basket(self, voucher):
        market = self.request.basket.market
        if not voucher.offers.filter(markets=market).exists():
            messages.error(
                self.request,
                gettext("The voucher “%(code)s” is not valid in %(market)s.")
                % {"code": voucher.code, "market": market.name},
            )
            return
        super().apply_voucher_to_basket(voucher)
