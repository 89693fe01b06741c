from django import forms
from django.core.exceptions import ValidationError
from oscar.apps.dashboard.offers import forms as oscar_forms
from oscar.core.loading import get_model

ConditionalOffer = get_model("offer", "ConditionalOffer")


class RestrictionsForm(oscar_forms.RestrictionsForm):
    """Oscar's last step of the offer wizard, with the offer's markets and funder.

    The view passes the condition and benefit of the earlier steps, whose
    amounts the markets' currency must fit.
    """

    def __init__(self, *args, condition=None, benefit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.condition = condition
        self.benefit = benefit
        self.fields["markets"].widget = forms.CheckboxSelectMultiple()
        self.fields["markets"].queryset = self.fields["markets"].queryset.order_by(
            "display_order", "code"
        )

    class Meta(oscar_forms.RestrictionsForm.Meta):
        fields = ("markets", "funded_by", *oscar_forms.RestrictionsForm.Meta.fields)

    def clean(self):
        cleaned_data = super().clean()
        try:
            ConditionalOffer.clean_markets(
                markets=cleaned_data.get("markets") or [],
                condition=self.condition,
                benefit=self.benefit,
                max_discount=cleaned_data.get("max_discount"),
                funded_by=cleaned_data.get("funded_by"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data
