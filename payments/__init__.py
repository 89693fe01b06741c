default_app_config = "payments.payment.apps.PaymentConfig"
