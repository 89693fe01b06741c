from django.http import HttpRequest


def market(request: HttpRequest) -> dict:
    """Put the shopper's market and the country selector's choices in every page."""
    return {
        "market": getattr(request, "market", None),
        "markets": getattr(request, "markets", []),
    }
