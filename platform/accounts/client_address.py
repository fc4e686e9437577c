"""The client's real address, believing X-Forwarded-For only from our own proxies.

``CPPCC_TRUSTED_PROXIES`` lists the networks of the proxies in front of the app
(nginx, the Ingress controller), as CIDRs. A request whose ``REMOTE_ADDR`` is not
in them is taken at its word (``REMOTE_ADDR``, whatever headers it sent). From a
trusted proxy, X-Forwarded-For is read from the right, where each proxy appends
the address it saw, and the first address not in a trusted network is the
client: what a client writes at the left of the header itself is never believed.
With no trusted proxies (the default), every request is ``REMOTE_ADDR``.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.CPPCC_TRUSTED_PROXIES))
    here = _parse(remote or "")
    if here is None or not networks or not _trusted(here, networks):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # garbage from the client's side: the last proxy's peer stands
        here = address
        if not _trusted(address, networks):
            break
    return str(here)
