from django.conf import settings
from django.utils import translation

from orders.models import Order, OrderStatus


def test_every_pipeline_status_has_a_label():
    statuses = set(settings.OSCAR_ORDER_STATUS_PIPELINE)
    statuses.add(settings.OSCAR_INITIAL_ORDER_STATUS)

    assert statuses == set(OrderStatus.values)


def test_status_label_is_in_the_active_language():
    # given
    order = Order(status=OrderStatus.BEING_PROCESSED)

    # when
    with translation.override("ru"):
        label = str(order.status_label)

    # then
    assert label == "Обрабатывается"


def test_unknown_status_shows_its_raw_name():
    assert Order(status="Lost in the post").status_label == "Lost in the post"
