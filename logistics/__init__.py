default_app_config = "logistics.shipping.apps.ShippingConfig"
