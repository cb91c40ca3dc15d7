"""Request origin for audit events, and no caching of pages that may show identities."""

from __future__ import annotations

import contextvars

_origin: contextvars.ContextVar[dict | None] = contextvars.ContextVar("naungan_request_origin", default=None)


def current_origin() -> dict:
    """Where the current change came from: address, user agent and route (never the query string,
    which could hold search terms)."""
    return dict(_origin.get() or {"channel": "system"})


def set_origin(origin: dict | None):
    return _origin.set(origin)


def reset_origin(token) -> None:
    _origin.reset(token)


class RequestOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _origin.set({
            "channel": "web",
            "ip": request.META.get("REMOTE_ADDR", ""),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "method": request.method,
            "path": request.path[:200],
        })
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)


class NoStoreMiddleware:
    """Pages behind login may hold identities: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.setdefault("Cache-Control", "no-store, private")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
