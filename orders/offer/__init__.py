default_app_config = "orders.offer.apps.OfferConfig"
