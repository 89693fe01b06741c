"""Staff's refund forms: finding an order's parts, and choosing what of a part
to refund."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.pricing import minor_unit
from payments.refunds.exceptions import RefundNothingChosenError
from payments.refunds.selectors import PartRefundable


class RefundOrderFindForm(forms.Form):
    """The order whose part staff refund, by its number."""

    number = forms.CharField(label=_("Order number"), max_length=128, strip=True)


class PartRefundForm(forms.Form):
    """Units of each of the part's lines, some of its delivery, and why.

    One field per line (`line_<id>`), bounded by the units left to refund;
    the amounts are computed and checked again by the service.
    """

    note = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Staff read it with the refund."),
    )
    # The staff refunds of the part the decision was made on: a form sent
    # twice, or after someone else's refund, is refused instead of refunding
    # again.
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, refundable: PartRefundable, seen: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.fields["seen"].initial = seen
        self.fields["shipping"] = forms.DecimalField(
            label=_("Delivery to refund"),
            min_value=Decimal(0),
            max_value=refundable.shipping_left,
            step_size=minor_unit(refundable.currency),
            max_digits=12,
            decimal_places=2,
            initial=Decimal(0),
            required=False,
        )
        self.line_fields = []
        for each in refundable.lines:
            name = f"line_{each.line.pk}"
            self.fields[name] = forms.IntegerField(
                label=each.line.title,
                min_value=0,
                max_value=each.units_left,
                initial=0,
                required=False,
                disabled=each.units_left == 0,
            )
            self.line_fields.append((self[name], each))

    def clean_shipping(self) -> Decimal:
        return self.cleaned_data["shipping"] or Decimal(0)

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not (self.lines() or cleaned_data.get("shipping")):
            raise forms.ValidationError(
                RefundNothingChosenError.message, code=RefundNothingChosenError.code
            )
        return cleaned_data

    def lines(self) -> list[tuple[int, int]]:
        """(order line id, units) of the lines chosen; valid forms only."""
        chosen = []
        for each in self.refundable.lines:
            units = self.cleaned_data.get(f"line_{each.line.pk}") or 0
            if units:
                chosen.append((each.line.pk, units))
        return chosen
