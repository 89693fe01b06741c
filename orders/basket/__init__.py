default_app_config = "orders.basket.apps.BasketConfig"
