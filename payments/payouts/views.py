"""The vendor's payouts in the seller dashboard: the list, and a request to be
paid out now."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View

from catalog.templatetags.money import currency as currency_format
from payments.payouts.forms import PayoutRequestForm
from payments.payouts.models import PayoutMethod
from payments.payouts.selectors import (
    payout_list,
    payout_quote_get,
    payout_quote_list,
)
from payments.payouts.services import payout_create
from vendors.seller.mixins import SellerMixin


class SellerPayoutListView(SellerMixin, ListView):
    """The vendor's payouts, newest first, and what can be paid out now."""

    template_name = "payments/payouts/seller_payout_list.html"
    context_object_name = "payouts"
    paginate_by = 20
    section = "payouts"

    def get_queryset(self):
        return payout_list(vendor=self.vendor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Payouts")
        context["quotes"] = payout_quote_list(vendor=self.vendor)
        return context


class SellerPayoutRequestView(SellerMixin, View):
    """Pay out the vendor's available balance in one currency now (POST only)."""

    def post(self, request, *args, **kwargs) -> HttpResponse:
        form = PayoutRequestForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("seller_payouts:list")
        currency = form.cleaned_data["currency"]
        payout = payout_create(
            vendor_id=self.vendor.pk, currency=currency, requested_by=request.user
        )
        if payout is None:
            # Read again only to say why: payout_create decided under its lock.
            quote = payout_quote_get(vendor=self.vendor, currency=currency)
            messages.warning(
                request,
                quote.refusal_message
                or gettext("Nothing in %(currency)s can be paid out yet.")
                % {"currency": currency},
            )
        elif payout.method == PayoutMethod.STRIPE_CONNECT:
            messages.success(
                request,
                gettext("A payout of %(amount)s is on its way to your Stripe account.")
                % {"amount": currency_format(payout.amount, payout.currency)},
            )
        else:
            messages.success(
                request,
                gettext(
                    "A payout of %(amount)s will be sent to your bank account "
                    "with the next bank transfer."
                )
                % {"amount": currency_format(payout.amount, payout.currency)},
            )
        return redirect("seller_payouts:list")
