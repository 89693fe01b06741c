"""The shopper's tracking pages, under each language's prefix."""

from django.urls import path

from logistics.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.TrackingLookupView.as_view(), name="lookup"),
    path("<str:order_number>/", views.OrderTrackingView.as_view(), name="order"),
]
