from oscar.apps.dashboard.offers import views


class OfferRestrictionsView(views.OfferRestrictionsView):
    """Oscar's last wizard step, which also saves the offer's markets."""

    def get_form_kwargs(self, *args, **kwargs):
        kwargs = super().get_form_kwargs(*args, **kwargs)
        offer = getattr(self, "offer", None)  # set by Oscar when updating
        kwargs["condition"] = self._fetch_object("condition") or getattr(
            offer, "condition", None
        )
        kwargs["benefit"] = self._fetch_object("benefit") or getattr(
            offer, "benefit", None
        )
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        form.instance.markets.set(form.cleaned_data["markets"])
        return response
