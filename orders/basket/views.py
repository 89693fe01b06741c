"""Oscar's basket views; a voucher of another market is refused by name, and
each vendor's lines show their delivery."""

from django.contrib import messages
from django.utils.translation import gettext
from oscar.apps.basket import views
from oscar.core.loading import get_class

Repository = get_class("shipping.repository", "Repository")


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


class BasketView(views.BasketView):
    """Oscar's basket page; each vendor's lines show how that vendor delivers
    them to the shopper's default address (or the market's main destination),
    and the totals hold the sum of the parts' delivery."""

    def delivery(self):
        if not hasattr(self, "_delivery"):
            self._delivery = Repository().vendors_delivery(
                self.request.basket,
                self.get_default_shipping_address(),
                self.request,
            )
        return self._delivery

    def get_shipping_methods(self, basket):
        return [self.delivery()]

    def get_default_shipping_method(self, basket):
        return self.delivery()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = {form.instance.pk: form for form in context["formset"]}
        context["vendor_parts"] = [
            (part, [forms[line.pk] for line in part.lines if line.pk in forms])
            for part in self.delivery().parts
        ]
        address = self.get_default_shipping_address()
        context["delivery_place"] = (
            address.country.printable_name
            if address is not None
            else self.request.basket.market.name
        )
        return context
