"""Request origin for audit events, and no caching of pages that may show identities."""

from __future__ import annotations

import contextvars

from .clientip import client_ip

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
            "ip": client_ip(request),
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


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose English with the switch (cookie). The browser's
    Accept-Language is deliberately ignored: many phones here are set to English while their
    owners read Indonesian best."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        lang = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response
