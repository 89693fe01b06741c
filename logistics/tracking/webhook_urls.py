"""The carriers' webhook, one address per carrier, outside the language prefixes."""

from django.urls import path

from logistics.tracking import views

app_name = "carriers"

urlpatterns = [
    path("<slug:code>/webhook/", views.CarrierWebhookView.as_view(), name="webhook"),
]
