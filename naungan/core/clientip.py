"""The client's address, one source for rate limits, login lockout and the audit origin.

Behind the reverse proxy of the production profile every request comes from 127.0.0.1, so the
address must be read from the proxy's header — but only when the request really came through a
proxy we trust, or any client could name its own address. `NAUNGAN_TRUSTED_PROXIES` lists the
addresses (or CIDR networks) of the proxies that connect to the app server; empty (the demo) means
no header is trusted and REMOTE_ADDR is the client. The header is parsed by django-ipware.
`NAUNGAN_PROXY_COUNT` is the number of further proxies (a CDN) that appear in X-Forwarded-For in
front of the trusted one (0 with the shipped nginx, which overwrites the header with the peer)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def _trusted_peer(peer: str) -> bool:
    spec = tuple(getattr(settings, "NAUNGAN_TRUSTED_PROXIES", ()) or ())
    if not spec or not peer:
        return False
    try:
        addr = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(addr.version == n.version and addr in n for n in _networks(spec))


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if not _trusted_peer(peer):
        return peer
    from ipware import get_client_ip

    ip, _routable = get_client_ip(request, proxy_count=getattr(settings, "NAUNGAN_PROXY_COUNT", 0),
                                  request_header_order=list(getattr(settings, "NAUNGAN_CLIENT_IP_HEADERS", ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"))),
                                  strict=True)
    return ip or peer


def ratelimit_ip(request) -> str:
    """django-ratelimit's `key="ip"` (RATELIMIT_IP_META_KEY)."""
    return client_ip(request) or "unknown"


def axes_ip(request, *args, **kwargs) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE."""
    return client_ip(request)


class ClientIpThrottleMixin:
    """DRF throttles identify the client the same way (DRF's own get_ident believes any
    X-Forwarded-For a client sends, which would let it pick a fresh counter per request)."""

    def get_ident(self, request):
        return client_ip(request) or "unknown"
