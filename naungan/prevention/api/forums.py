"""Forum Anak: forums, members and activities."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.core.api import validated
from naungan.core.filters import filter_parameters
from naungan.core.pagination import list_schema

from .. import services as S
from ..filters import ForumFilter
from ..models import ForumLevel
from ..selectors import (
    forums_visible_to,
)
from .common import _get, _RegisterView, _VersionedDetailView


class PreventionForumIn(serializers.Serializer):
    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False)
    level = serializers.ChoiceField(choices=ForumLevel.choices)
    region = serializers.CharField(max_length=13, help_text="the city, a kecamatan or a kelurahan code")
    name = serializers.CharField(max_length=200)
    established = serializers.DateField(required=False, allow_null=True)


class PreventionForumUpdateIn(PreventionForumIn):
    version = serializers.IntegerField()


class PreventionForumMemberOut(serializers.Serializer):
    id = serializers.IntegerField()
    initials = serializers.CharField()
    birth_year = serializers.IntegerField()
    sex = serializers.CharField()


class PreventionActivityOut(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    title = serializers.CharField()
    participants = serializers.IntegerField()
    in_musrenbang = serializers.BooleanField()


class PreventionForumOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField(source="city_id")
    level = serializers.CharField()
    region = serializers.CharField(source="region_id")
    name = serializers.CharField()
    established = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class PreventionForumDetailOut(PreventionForumOut):
    members = PreventionForumMemberOut(many=True)
    activities = PreventionActivityOut(many=True)


class PreventionForumMemberIn(serializers.Serializer):
    initials = serializers.CharField(max_length=10, help_text="initials only, never a full name")
    birth_year = serializers.IntegerField(min_value=1990, max_value=2100)
    sex = serializers.ChoiceField(choices=["L", "P"])


class PreventionActivityIn(serializers.Serializer):
    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    participants = serializers.IntegerField(min_value=0, required=False, default=0)
    in_musrenbang = serializers.BooleanField(required=False, default=False)


def _forum_detail(user, pk):
    return _get(forums_visible_to(user).prefetch_related("members", "activities"), pk)


def _activity_post(request, musrenbang: bool, **owner) -> Response:
    """Record an activity of `owner` (a forum or a group, already fetched in scope); only a forum's carries the
    musrenbang flag."""
    d = validated(PreventionActivityIn, request.data)
    extra = {"in_musrenbang": d["in_musrenbang"]} if musrenbang else {}
    a = S.activity_record(actor=request.user, **owner, on=d["date"], title=d["title"], participants=d["participants"], **extra)
    return Response(PreventionActivityOut(a).data, status=201)


@extend_schema_view(
    get=list_schema(PreventionForumOut, parameters=filter_parameters(ForumFilter), summary="Forum Anak dalam cakupan pengguna",
                    operation_id="prevention_forums_list"),
    post=extend_schema(request=PreventionForumIn, responses={201: PreventionForumDetailOut}, summary="Daftarkan Forum Anak"),
)
class ForumListView(_RegisterView):
    records = staticmethod(forums_visible_to)
    out = PreventionForumOut
    filterset = ForumFilter
    create_in = PreventionForumIn

    def create(self, request, city, d):
        f = S.forum_create(actor=request.user, city_code=city, level=d["level"], region_code=d["region"], name=d["name"], established=d.get("established"))
        return Response(PreventionForumDetailOut(_forum_detail(request.user, f.pk)).data, status=201)


@extend_schema_view(
    get=extend_schema(responses=PreventionForumDetailOut, summary="Satu Forum Anak dengan anggota (inisial) dan kegiatan"),
    patch=extend_schema(request=PreventionForumUpdateIn, responses={200: PreventionForumDetailOut, 409: None}, summary="Ubah Forum Anak (wajib menyertakan version)"),
)
class ForumDetailView(_VersionedDetailView):
    detail = staticmethod(_forum_detail)
    out_cls = PreventionForumDetailOut
    update_in = PreventionForumUpdateIn

    def update(self, request, obj, version, data):
        return S.forum_update(actor=request.user, forum=obj, version=version, data=data)


class ForumMemberView(APIView):
    @extend_schema(request=PreventionForumMemberIn, responses={201: PreventionForumMemberOut}, summary="Tambah anggota Forum Anak (inisial saja)")
    def post(self, request, pk: int):
        forum = _forum_detail(request.user, pk)
        data = PreventionForumMemberIn(data=request.data)
        data.is_valid(raise_exception=True)
        m = S.forum_member_add(actor=request.user, forum=forum, **data.validated_data)
        return Response(PreventionForumMemberOut(m).data, status=201)


class ForumActivityView(APIView):
    @extend_schema(request=PreventionActivityIn, responses={201: PreventionActivityOut}, summary="Catat kegiatan Forum Anak")
    def post(self, request, pk: int):
        return _activity_post(request, musrenbang=True, forum=_forum_detail(request.user, pk))
