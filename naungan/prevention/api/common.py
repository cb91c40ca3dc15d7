"""Shared pieces of the prevention API: paging by cursor, dates, scope helpers, optimistic-lock answers."""

from __future__ import annotations

from functools import partial

from django.http import Http404
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.scope import memberships
from naungan.audit.services import audit_list
from naungan.core.api import conflict_response, validated, versioned_patch
from naungan.core.errors import DomainError
from naungan.core.filters import filtered
from naungan.core.pagination import list_response

from ..selectors import (
    scope_q,
)

NO_CITY = "Sebutkan city_code: akun ini tidak terikat pada satu kota."


MASK = "•••"


class _KelurahanRecordIn(serializers.Serializer):
    """A new record of a kelurahan, in the account's city (or `city_code`, for accounts of several cities)."""

    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False, help_text="only for accounts of several cities")
    kelurahan = serializers.CharField(max_length=13)


class _MaskedRecordOut(serializers.Serializer):
    """A record about a person of a kelurahan, the identity masked (MASK) for those who may not see it."""

    id = serializers.IntegerField()
    city = serializers.CharField()
    kelurahan = serializers.CharField()
    status = serializers.CharField()
    identity_hidden = serializers.BooleanField()
    version = serializers.IntegerField()


def _page(request, qs, out, *, filterset, keys: tuple[str, ...] = ("-id",), audit: tuple[str, str] | None = None) -> Response:
    """A cursor page of `qs` as the query parameters of `filterset` select it (400 for a value that does
    not parse), newest first by id unless `keys` says otherwise. An identity-bearing list names its
    `audit` = (action, object type): the page shown is one audit event with the ids of its rows."""
    qs = filtered(filterset(request.query_params, qs))
    shown = None
    if audit is not None:
        def shown(rows):
            audit_list(actor=request.user, action=audit[0], object_type=audit[1], ids=[r.pk for r in rows], cities=[r.city_id for r in rows])
    return list_response(request, qs, out, keys=keys, shown=shown)


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


# A register of records of a city: GET is a cursor page of `records(user)` as `filterset` selects it, in the order
# `keys` (an identity-bearing list names its `audit` = (action, object type): one audit event per page); POST
# registers one: `create_in` is read (`city_code` apart) and `create(request, city, data)` answers. `out` is a
# serializer class, or a function (user, row) -> dict. A subclass describes both methods with `extend_schema_view`.
# (Comments, not docstrings: a view's docstring would become the description of its operations in the OpenAPI schema.)
class _RegisterView(APIView):

    records = None
    out = None
    filterset = None
    keys: tuple[str, ...] = ("-id",)
    audit: tuple[str, str] | None = None
    create_in = None

    def create(self, request, city: str, data: dict) -> Response:
        raise NotImplementedError

    def get(self, request):
        out = self.out if isinstance(self.out, type) else partial(self.out, request.user)
        return _page(request, self.records(request.user), out, filterset=self.filterset, keys=self.keys, audit=self.audit)

    def post(self, request):
        city, data = _create_input(request, self.create_in)
        return self.create(request, city, data)


# One record: GET it, PATCH it under optimistic locking (409 when someone saved first); both answer
# `answer(request, pk)`: `out_cls(detail(user, pk))` unless a subclass answers otherwise (e.g. audited). A subclass
# sets those and `update_in`, defines `update(request, obj, version, data)` and describes both methods with
# `extend_schema_view`.
class _VersionedDetailView(APIView):

    detail = None
    out_cls = None
    update_in = None

    def update(self, request, obj, version, data):
        raise NotImplementedError

    def answer(self, request, pk: int) -> Response:
        return Response(self.out_cls(self.detail(request.user, pk)).data)

    def get(self, request, pk: int):
        return self.answer(request, pk)

    def patch(self, request, pk: int):
        obj = self.detail(request.user, pk)
        _, conflict = _patch(request, self.update_in, lambda v, d: self.update(request, obj, v, d))
        return conflict or self.answer(request, pk)
