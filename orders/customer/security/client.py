"""The client's address, as far as this site can trust it."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest


@cache
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    networks = _trusted_networks(tuple(settings.MARKETPLACE_TRUSTED_PROXIES))
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """Return the address of the client that sent the request.

    The socket's address, unless the socket is one of
    MARKETPLACE_TRUSTED_PROXIES: then the last address in X-Forwarded-For that
    is not itself a trusted proxy (a proxy appends the address it was called
    from, so entries left of it are whatever the client wrote). A header from
    anywhere else is ignored, so nobody picks their own address by forging it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part.strip() for part in forwarded.split(",")]):
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            return remote
        if not _is_trusted_proxy(entry):
            return entry
    return remote
