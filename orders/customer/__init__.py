default_app_config = "orders.customer.customer.apps.CustomerConfig"
