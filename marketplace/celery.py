"""The Celery application: broker and result backend are Redis (REDIS_URL)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["marketplace"], related_name="mail")

# Every periodic job of the platform, one line each.
app.conf.beat_schedule = {
    # Tell customers whose wished-for products came back in stock; replaces
    # Oscar's eager alerts, which would send mail inside the stock-saving request.
    "send-product-alerts": {
        "task": "orders.tasks.product_alerts_send_task",
        "schedule": crontab(minute="*/15"),
    },
    # Send the order emails whose queued task was lost (a process that died
    # right after its transaction committed); usually there are none.
    "send-order-notifications": {
        "task": "orders.tasks.order_notifications_send_task",
        "schedule": crontab(minute="*"),
    },
    # Forget the browsers accounts signed in on whose cookie has expired.
    "forget-stale-browsers": {
        "task": "orders.tasks.known_browsers_forget_task",
        "schedule": crontab(hour="4", minute="41"),
    },
    # Ask the carriers about parcels in transit that are due (each parcel
    # every few hours, later after failures), every five minutes.
    "poll-shipments": {
        "task": "logistics.tasks.shipments_poll_task",
        "schedule": crontab(minute="*/5"),
    },
    # Refresh the carriers' pickup points from their public lists, nightly.
    "refresh-pickup-points": {
        "task": "logistics.tasks.pickup_points_refresh_task",
        "schedule": crontab(hour="3", minute="17"),
    },
    # Act on the payment providers' events that failed or whose worker died,
    # every minute.
    "retry-payment-events": {
        "task": "payments.tasks.provider_events_retry_task",
        "schedule": crontab(minute="*"),
    },
    # Give up the orders whose payment window closed unpaid, releasing their
    # stock, every five minutes.
    "expire-unpaid-orders": {
        "task": "payments.tasks.orders_unpaid_expire_task",
        "schedule": crontab(minute="*/5"),
    },
    # Record in the vendors' ledgers the deliveries whose queued job was lost
    # (a process that died after the part was delivered), every five minutes.
    "settle-deliveries": {
        "task": "payments.ledger.tasks.ledger_deliveries_settle_task",
        "schedule": crontab(minute="*/5"),
    },
    # Pay out every vendor's available balance, Mondays at 06:00.
    "run-payouts": {
        "task": "payments.payouts.tasks.payouts_run_task",
        "schedule": crontab(day_of_week="mon", hour="6", minute="0"),
    },
    # Try again the Connect transfers that failed or whose job was lost,
    # every five minutes.
    "retry-payouts": {
        "task": "payments.payouts.tasks.payouts_retry_task",
        "schedule": crontab(minute="*/5"),
    },
    # Ask the providers again for the refunds they did not take, and make the
    # refunds whose job was lost, every five minutes.
    "retry-refunds": {
        "task": "payments.refunds.tasks.refunds_retry_task",
        "schedule": crontab(minute="*/5"),
    },
    # Compare the providers' payments of the last days with our orders:
    # complete what was paid without news, refund what no order can take.
    # Every 15 minutes.
    "reconcile-payments": {
        "task": "payments.tasks.payments_reconcile_task",
        "schedule": crontab(minute="*/15"),
    },
}
