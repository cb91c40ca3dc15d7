"""Error handlers: the JSON API (/api/…) answers errors in JSON with a `detail` message, like every
other API error (naungan/core/api.py); pages keep the Indonesian templates (400/403/404/500.html).

Found by fuzzing the API (naungan/web/tests/test_fuzz_api.py): a path the URL patterns do not
match (/api/v1/cases/abc/, a request to a removed route) answered the HTML "page not found" page,
which an API client cannot read."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json(exc: type[exceptions.APIException], status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail or str(exc.default_detail), "code": exc.default_code}, status=status)


def bad_request(request, exception=None):
    if is_api(request):
        return _json(exceptions.ParseError, 400, _("Permintaan tidak dapat diproses"))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return _json(exceptions.PermissionDenied, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return _json(exceptions.NotFound, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return _json(exceptions.APIException, 500)
    return defaults.server_error(request)
