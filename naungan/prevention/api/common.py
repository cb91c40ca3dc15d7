"""Shared pieces of the prevention API: paging by cursor, dates, scope helpers, optimistic-lock answers."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.scope import memberships
from naungan.audit.services import audit_view
from naungan.core.api import conflict_response, validated, versioned_patch
from naungan.core.errors import DomainError

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


def _create_input(request, serializer_cls) -> tuple[str, dict]:
    """The city a new record goes in and the rest of its validated input (without `city_code`)."""
    d = dict(validated(serializer_cls, request.data))
    return _city_for_create(request, d.pop("city_code", None)), d


_conflict = conflict_response


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def _patch(request, serializer_cls, fn):
    return versioned_patch(request, serializer_cls, fn, drop=("city_code",))  # a record stays in its city


def _audited_page(request, qs, out, *, action: str, object_type: str) -> Response:
    """`_page_by_id`, with the ids of the rows shown (identity-bearing lists) recorded in the audit trail."""
    response = _page_by_id(request, qs, out)
    rows = response.data["results"]
    if rows:
        audit_view(actor=request.user, action=action, object_type=object_type, object_id=",".join(str(r["id"]) for r in rows[:50]))
    return response


LIMIT_PARAMS = [OpenApiParameter("limit", int, description=f"1–{MAX_PAGE}, default {PAGE}"),
                OpenApiParameter("cursor", str, description="`next` of the previous page")]


class _PageOut(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="cursor of the next page, or null")


# One record: GET it, PATCH it under optimistic locking (409 when someone saved first); both answer
# `out_cls(detail(user, pk))`. A subclass sets those and `update_in`, defines `update(request, obj, version, data)`
# and describes both methods with `extend_schema_view`. (A comment, not a docstring: a view's docstring
# would become the description of its operations in the OpenAPI schema.)
class _VersionedDetailView(APIView):

    detail = None
    out_cls = None
    update_in = None

    def update(self, request, obj, version, data):
        raise NotImplementedError

    def get(self, request, pk: int):
        return Response(self.out_cls(self.detail(request.user, pk)).data)

    def patch(self, request, pk: int):
        obj = self.detail(request.user, pk)
        _, conflict = _patch(request, self.update_in, lambda v, d: self.update(request, obj, v, d))
        return conflict or Response(self.out_cls(self.detail(request.user, pk)).data)
