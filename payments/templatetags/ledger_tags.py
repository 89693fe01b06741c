"""The commission of each line, for the seller's order page (orders' template
asks the ledger, as it asks logistics for the parcel form)."""

from django import template

from payments.ledger.selectors import line_commissions_prefetch

register = template.Library()


@register.simple_tag
def part_lines_with_commission(part) -> list:
    """Return the part's lines, each with its commission as `ledger_commission`.

    The lines come from the part's prefetched lines; one query for all their
    commissions.
    """
    return line_commissions_prefetch(lines=part.lines.all())
