"""Return forms: the shopper's request and dispute, the vendor's decision and
window."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orders.models import ReturnReason
from orders.returns.exceptions import ReturnPhotoError
from orders.returns.services import (
    RETURN_PHOTO_MAX_BYTES,
    RETURN_PHOTO_MAX_COUNT,
    return_photo_prepare,
)

NOTE_MAX_LENGTH = 2000


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files from one input, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(each, initial) for each in data]
        return [single(data, initial)] if data else []


class ReturnRequestForm(forms.Form):
    """Which units of the part's lines go back, why, and photos of them.

    One quantity field per line, named `quantity_<line id>`, up to what may
    still be returned; the service checks it again under a lock.
    """

    reason = forms.ChoiceField(
        label=_("Why do you return them?"), choices=ReturnReason.choices
    )
    description = forms.CharField(
        label=_("Tell the seller what happened"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to %(count)d photos, JPEG, PNG or WebP, %(limit)d MB each.")
        % {
            "count": RETURN_PHOTO_MAX_COUNT,
            "limit": RETURN_PHOTO_MAX_BYTES // (1024 * 1024),
        },
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, lines, available: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.quantity_fields = []
        for line in lines:
            name = f"quantity_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=line.title,
                min_value=0,
                max_value=available.get(line.pk, 0),
                initial=0,
                required=False,
                help_text=_("Up to %(count)d") % {"count": available.get(line.pk, 0)},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.quantity_fields.append(self[name])

    def clean_photos(self) -> list:
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > RETURN_PHOTO_MAX_COUNT:
            raise ValidationError(
                ReturnPhotoError.too_many % {"limit": RETURN_PHOTO_MAX_COUNT},
                code="too_many",
            )
        prepared = []
        for photo in photos:
            try:
                prepared.append(return_photo_prepare(photo))
            except ReturnPhotoError as exc:
                raise ValidationError(str(exc), code=exc.code) from exc
        return prepared

    def clean(self):
        cleaned_data = super().clean()
        if not any(self.quantities().values()) and not self.errors:
            raise ValidationError(
                _("Choose at least one item to return."), code="nothing_chosen"
            )
        if (
            cleaned_data.get("reason") == ReturnReason.OTHER
            and not (cleaned_data.get("description") or "").strip()
        ):
            self.add_error("description", _("Say what happened: the seller reads it."))
        return cleaned_data

    def quantities(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data.get(f"quantity_{line.pk}") or 0
            for line in self.lines
        }


class ReturnDisputeForm(forms.Form):
    note = forms.CharField(
        label=_("Why do you disagree?"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you disagree: staff read it.")},
    )


class ReturnDecisionForm(forms.Form):
    """The vendor's answer to a return: accept, or refuse with a note."""

    decision = forms.ChoiceField(
        choices=(
            ("accept", pgettext_lazy("return decision", "Accept")),
            ("refuse", pgettext_lazy("return decision", "Refuse")),
        )
    )
    note = forms.CharField(
        label=_("Note to the shopper"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to refuse. The shopper and staff read it."),
    )


class ReturnWindowForm(forms.Form):
    return_days = forms.IntegerField(
        label=_("Days to return"),
        min_value=0,
        max_value=365,
        help_text=_(
            "How many days after delivery shoppers may ask to return items. "
            "Where the law of the market gives more, the law applies."
        ),
    )
