"""Where payment providers send their notifications; they know no language."""

from django.urls import path

from payments import views

app_name = "payments-webhooks"

urlpatterns = [
    path(
        "<slug:provider>/webhook/", views.ProviderWebhookView.as_view(), name="webhook"
    ),
]
