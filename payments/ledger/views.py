"""The vendor's balance and monthly statement in the seller dashboard."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from payments.ledger.exports import CONTENT_TYPES, CSV, statement_file
from payments.ledger.forms import StatementPeriodForm
from payments.ledger.selectors import vendor_balance_get, vendor_statement_list
from vendors.seller.mixins import SellerMixin


class SellerBalanceView(SellerMixin, TemplateView):
    """The vendor's balance per currency, and its statement of one month.

    The month comes from `?period=YYYY-MM` (the current month without one);
    a month that cannot be read is said so on the page.
    """

    template_name = "payments/seller/balance.html"
    section = "balance"

    def get_form(self) -> StatementPeriodForm:
        return StatementPeriodForm({"period": self.request.GET.get("period", "")})

    def get(self, request, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        return self.render_to_response(
            self.get_context_data(form=form), status=200 if form.is_valid() else 400
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["page_title"] = _("Balance")
        context["balances"] = vendor_balance_get(vendor=self.vendor)
        if not form.is_valid():
            context["statements"] = None
            return context
        since, until = form.bounds
        context["period"] = form.period_value
        context["period_start"] = since
        context["statements"] = vendor_statement_list(
            vendor=self.vendor, since=since, until=until
        )
        return context


class SellerStatementDownloadView(SellerBalanceView):
    """The month's statement as CSV or XLSX: the rows of the balance page."""

    file_format = CSV  # or XLSX

    def get(self, request, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        if not form.is_valid():
            # No file for a month that cannot be read: the page says why.
            return super().get(request, *args, **kwargs)
        since, until = form.bounds
        content = statement_file(
            statements=vendor_statement_list(
                vendor=self.vendor, since=since, until=until
            ),
            file_format=self.file_format,
            language=request.LANGUAGE_CODE,
        )
        response = HttpResponse(content, content_type=CONTENT_TYPES[self.file_format])
        response["Content-Disposition"] = content_disposition_header(
            True, f"statement-{form.period_value}.{self.file_format}"
        )
        response["Cache-Control"] = "private, no-store"
        return response
