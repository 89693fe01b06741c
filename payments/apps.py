import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    name = "payments"

    def ready(self) -> None:
        super().ready()
        from payments.ledger import receivers  # noqa: F401 (connects the receivers)
        from payments.refunds import receivers as refund_receivers  # noqa: F401
