default_app_config = "payments.checkout.checkout.apps.CheckoutConfig"
