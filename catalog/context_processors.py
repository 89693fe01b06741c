from django.conf import settings
from django.http import HttpRequest


def market(request: HttpRequest) -> dict:
    """Put the shopper's market, the country selector's choices and the
    language selector's order (the market's languages first) in every page."""
    current = getattr(request, "market", None)
    offered = list(current.languages) if current else []
    rest = [code for code, _name in settings.LANGUAGES if code not in offered]
    return {
        "market": current,
        "markets": getattr(request, "markets", []),
        "site_languages": offered + rest,
    }
