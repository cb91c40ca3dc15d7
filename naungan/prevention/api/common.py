"""Shared pieces of the prevention API: paging by cursor, dates, scope helpers, optimistic-lock answers."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.response import Response

from naungan.accounts.scope import memberships
from naungan.core.api import validated
from naungan.core.errors import ConflictError, DomainError

from ..selectors import (
    scope_q,
)

PAGE = 50


MAX_PAGE = 200


BAD_CURSOR = "Kursor halaman tidak valid."


BAD_DATE = "Tanggal tidak valid (format YYYY-MM-DD)."


NO_CITY = "Sebutkan city_code: akun ini tidak terikat pada satu kota."


MASK = "•••"


def _limit(request) -> int:
    try:
        return max(1, min(int(request.query_params.get("limit", PAGE)), MAX_PAGE))
    except ValueError:
        return PAGE


def _date_param(request, name: str) -> date | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(BAD_DATE)


def _page_by_id(request, qs, out):
    """Newest first by id; `cursor` is the last id of the previous page."""
    qs = qs.order_by("-id")
    cursor = request.query_params.get("cursor", "")
    if cursor:
        if not cursor.isdigit():
            raise DomainError(BAD_CURSOR)
        qs = qs.filter(id__lt=int(cursor))
    limit = _limit(request)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Response({"results": [out(r) for r in rows], "next": str(rows[-1].pk) if more else None})


def _city_for_create(request, given: str | None) -> str:
    scope_q(request.user)  # 404 for users without any prevention scope
    if given:
        return given
    for m in memberships(request.user):
        return m.city_id
    raise DomainError(NO_CITY)


def _conflict(exc: ConflictError) -> Response:
    return Response({"detail": str(exc), "code": "conflict", "changes": exc.changes}, status=status.HTTP_409_CONFLICT)


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def _patch(request, serializer_cls, fn):
    data = validated(serializer_cls, request.data, partial=True)
    d = dict(data)
    if "version" not in d:
        raise serializers.ValidationError({"version": ["Wajib diisi."]})
    version = d.pop("version")
    d.pop("city_code", None)  # a record stays in its city
    try:
        return fn(version, d), None
    except ConflictError as exc:
        return None, _conflict(exc)


LIMIT_PARAMS = [OpenApiParameter("limit", int, description=f"1–{MAX_PAGE}, default {PAGE}"),
                OpenApiParameter("cursor", str, description="`next` of the previous page")]


class _PageOut(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="cursor of the next page, or null")
