"""The seller's statement period: a month, as YYYY-MM."""

import re
from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERIOD = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")
# Months before the marketplace and after the calendar's last are refused.
FIRST_YEAR = 2000


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """Return the first moment of the month and of the next one, in the current
    time zone."""
    first = date(year, month, 1)
    # December runs into January of the next year.
    following = date(year + month // 12, month % 12 + 1, 1)
    return (
        timezone.make_aware(datetime.combine(first, datetime.min.time())),
        timezone.make_aware(datetime.combine(following, datetime.min.time())),
    )


class StatementPeriodForm(forms.Form):
    """A month of the statement; empty is the current month."""

    period = forms.CharField(
        label=_("Month"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
    )

    def clean_period(self) -> tuple[int, int]:
        value = self.cleaned_data["period"]
        if not value:
            today = timezone.localdate()
            return today.year, today.month
        match = PERIOD.fullmatch(value)
        if match is None or not (
            FIRST_YEAR <= int(match["year"]) <= 9998 and 1 <= int(match["month"]) <= 12
        ):
            raise forms.ValidationError(
                _("Choose a month as year and month, for example 2026-11."),
                code="invalid_period",
            )
        return int(match["year"]), int(match["month"])

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The first moment of the chosen month and of the next; valid forms only."""
        return month_bounds(*self.cleaned_data["period"])

    @property
    def period_value(self) -> str:
        """The chosen month as YYYY-MM; valid forms only."""
        year, month = self.cleaned_data["period"]
        return f"{year:04d}-{month:02d}"
