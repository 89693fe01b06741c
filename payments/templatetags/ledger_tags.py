"""The commission of each line, for the seller's order page (orders' template
asks the ledger, as it asks logistics for the parcel form)."""

from django import template

from payments.ledger.selectors import line_commissions_prefetch, part_amount_due

register = template.Library()


@register.simple_tag
def part_lines_with_commission(part) -> list:
    """Return the part's lines, each with its commission as `ledger_commission`.

    The lines come from the part's prefetched lines; one query for all their
    commissions.
    """
    return line_commissions_prefetch(lines=part.lines.all())


@register.simple_tag
def part_payment(part) -> dict:
    """Return how the part is paid: `cash` (collected on delivery, `due` being
    what the shopper pays for the part) or `paid` (in advance)."""
    from payments.models import SourceStatus
    from payments.services import CASH_ON_DELIVERY

    sources = part.order.sources.values_list("source_type__code", "status")
    cash = any(code == CASH_ON_DELIVERY for code, _status in sources)
    return {
        "cash": cash,
        "paid": any(status == SourceStatus.PAID for _code, status in sources),
        "due": part_amount_due(part=part) if cash else None,
    }
