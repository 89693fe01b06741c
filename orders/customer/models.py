from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.abstract_models import AbstractProductAlert

from catalog.models import default_market_code


class ProductAlert(AbstractProductAlert):
    """Oscar's stock alert, remembering the market and the language it was made in.

    Stock and prices are per market, so the alert is sent only when the
    product is back in its market, in its language. Alerts made without a
    request (and those older than these fields) belong to the default
    market, as the strategy does without a request.
    """

    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="product_alerts",
        default=default_market_code,
        verbose_name=_("Market"),
    )
    language = models.CharField(
        _("Language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )


from oscar.apps.customer.models import *
