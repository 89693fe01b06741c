"""Row locks for returns, taken in primary-key order, parents first: the
order, then the part, then the return."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

ReturnRequest = get_model("order", "ReturnRequest")


def return_request_qs_select_for_update() -> QuerySet:
    """Return return requests locked for update; call inside a transaction.

    Lock the request's order and part first: parents are locked before children.
    """
    return ReturnRequest._default_manager.select_for_update(of=("self",)).order_by("pk")
