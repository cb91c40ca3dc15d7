"""One log line per request: method, route pattern, status, duration — no path values, no query."""

from __future__ import annotations

import logging
import time

from django.conf import settings

logger = logging.getLogger("naungan.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # the pattern (kasus/<int:pk>/), not the address: the address of an unknown route is input
        if match is not None:
            route = match.route
        elif request.path.startswith(settings.STATIC_URL):
            route = settings.STATIC_URL.strip("/") + "/…"  # served by WhiteNoise before any URL is resolved
        else:
            route = "(tidak dikenal)"
        duration = round((time.monotonic() - start) * 1000, 1)
        logger.info(f"{request.method} /{route} {response.status_code} {duration}ms",
                    extra={"method": request.method, "route": route, "status": response.status_code, "duration_ms": duration})
        return response
