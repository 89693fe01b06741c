"""Oscar's offer pages, showing only the offers of the shopper's market."""

from django import http
from oscar.apps.offer import views


class OfferListView(views.OfferListView):
    def get_queryset(self):
        return super().get_queryset().filter(markets=self.request.market)


class OfferDetailView(views.OfferDetailView):
    def get(self, request, *args, **kwargs):
        offers = views.ConditionalOffer.active.filter(markets=request.market)
        if not offers.filter(slug=kwargs["slug"]).exists():
            raise http.Http404
        return super().get(request, *args, **kwargs)
