from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orders.models import ORDER_PART_TRANSITIONS, OrderPartStatus

# What the button that moves a part to each status says.
ACTION_LABELS = {
    OrderPartStatus.ACCEPTED: pgettext_lazy("order part action", "Accept"),
    OrderPartStatus.PACKED: pgettext_lazy("order part action", "Mark packed"),
    OrderPartStatus.DELIVERED: pgettext_lazy("order part action", "Mark delivered"),
    OrderPartStatus.CANCELLED: pgettext_lazy("order part action", "Cancel"),
}


class OrderPartTransitionForm(forms.Form):
    """One step of the vendor's part: the next status and, to cancel, why."""

    to_status = forms.ChoiceField(choices=())
    note = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The shopper reads it."),
    )

    def __init__(self, *args, part, **kwargs):
        super().__init__(*args, **kwargs)
        # Shipping asks for the parcel's tracking number: the logistics
        # app's form (seller_shipping:ship) does it.
        self.fields["to_status"].choices = [
            (status, label)
            for status, label in ACTION_LABELS.items()
            if status in ORDER_PART_TRANSITIONS[part.status]
        ]
