"""PATBM / community groups and their activities."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.core.filters import filter_parameters
from naungan.core.pagination import list_schema

from .. import services as S
from ..filters import GroupFilter
from ..selectors import (
    groups_visible_to,
)
from .common import _get, _KelurahanRecordIn, _RegisterView, _VersionedDetailView
from .forums import PreventionActivityIn, PreventionActivityOut, _activity_post


class PreventionGroupIn(_KelurahanRecordIn):
    kind = serializers.CharField(max_length=12, help_text="patbm | peduli_anak")
    name = serializers.CharField(max_length=200)
    rw = serializers.RegexField(r"^\d{0,3}$", required=False, allow_blank=True)
    rt = serializers.RegexField(r"^\d{0,3}$", required=False, allow_blank=True)
    members_count = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)
    established = serializers.DateField(required=False, allow_null=True)


class PreventionGroupUpdateIn(PreventionGroupIn):
    version = serializers.IntegerField()


class PreventionGroupOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField(source="city_id")
    kelurahan = serializers.CharField(source="kelurahan_id")
    kind = serializers.CharField()
    name = serializers.CharField()
    rw = serializers.CharField()
    rt = serializers.CharField()
    members_count = serializers.IntegerField()
    established = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class PreventionGroupDetailOut(PreventionGroupOut):
    activities = PreventionActivityOut(many=True)


def _group_detail(user, pk):
    return _get(groups_visible_to(user).prefetch_related("activities"), pk)


@extend_schema_view(
    get=list_schema(PreventionGroupOut, parameters=filter_parameters(GroupFilter), summary="PATBM dan kelompok peduli anak dalam cakupan pengguna",
                    operation_id="prevention_groups_list"),
    post=extend_schema(request=PreventionGroupIn, responses={201: PreventionGroupDetailOut}, summary="Daftarkan PATBM / kelompok peduli anak"),
)
class GroupListView(_RegisterView):
    records = staticmethod(groups_visible_to)
    out = PreventionGroupOut
    filterset = GroupFilter
    create_in = PreventionGroupIn

    def create(self, request, city, d):
        g = S.group_create(actor=request.user, city_code=city, **d)
        return Response(PreventionGroupDetailOut(_group_detail(request.user, g.pk)).data, status=201)


@extend_schema_view(
    get=extend_schema(responses=PreventionGroupDetailOut, summary="Satu kelompok dengan kegiatannya"),
    patch=extend_schema(request=PreventionGroupUpdateIn, responses={200: PreventionGroupDetailOut, 409: None}, summary="Ubah kelompok (wajib menyertakan version)"),
)
class GroupDetailView(_VersionedDetailView):
    detail = staticmethod(_group_detail)
    out_cls = PreventionGroupDetailOut
    update_in = PreventionGroupUpdateIn

    def update(self, request, obj, version, data):
        return S.group_update(actor=request.user, group=obj, version=version, data=data)


class GroupActivityView(APIView):
    @extend_schema(request=PreventionActivityIn, responses={201: PreventionActivityOut}, summary="Catat kegiatan kelompok")
    def post(self, request, pk: int):
        return _activity_post(request, musrenbang=False, group=_group_detail(request.user, pk))
