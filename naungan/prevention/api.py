"""JSON API of prevention work (outreach events, Forum Anak, PATBM / community groups, vulnerable
families and their visits, Perkasa), so outreach data can be entered from a phone or another
system. The same services and selectors as the pages: the same scope (404 outside it), validation
and audit. Lists are read by cursor (no COUNT over the whole scope); edits carry the `version` the
editor saw and answer 409 with both values when someone saved first. Family heads' and Perkasa
members' identities are shown only to those who may see them (`identity_visible`), and opening
them is audited."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.models import Organisation
from naungan.accounts.scope import memberships
from naungan.audit.services import audit_view
from naungan.core.errors import ConflictError, DomainError

from . import services as S
from .models import ChildForum, CommunityGroup, FamilyRisk, ForumLevel, OutreachEvent, PerkasaMember, VulnerableFamily
from .selectors import (
    events_visible_to,
    families_visible_to,
    forums_visible_to,
    groups_visible_to,
    identity_visible,
    perkasa_visible_to,
    scope_q,
)

PAGE = 50
MAX_PAGE = 200
BAD_CURSOR = "Kursor halaman tidak valid."
BAD_DATE = "Tanggal tidak valid (format YYYY-MM-DD)."
NO_CITY = "Sebutkan city_code: akun ini tidak terikat pada satu kota."
MASK = "•••"


# --- shared pieces ----------------------------------------------------------------------------

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
    data = serializer_cls(data=request.data, partial=True)
    data.is_valid(raise_exception=True)
    d = dict(data.validated_data)
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


# --- outreach events ------------------------------------------------------------------------

class PreventionEventIn(serializers.Serializer):
    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False, help_text="only for accounts of several cities")
    kelurahan = serializers.CharField(max_length=13)
    date = serializers.DateField()
    organiser = serializers.IntegerField(help_text="id of an organisation of the city")
    topic = serializers.CharField(max_length=30, help_text="catalogue prevention_topic")
    audience = serializers.CharField(max_length=200, required=False, allow_blank=True)
    girls = serializers.IntegerField(min_value=0, required=False, default=0)
    boys = serializers.IntegerField(min_value=0, required=False, default=0)
    women = serializers.IntegerField(min_value=0, required=False, default=0)
    men = serializers.IntegerField(min_value=0, required=False, default=0)
    partners = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=50)
    partner_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    materials = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class PreventionEventUpdateIn(PreventionEventIn):
    version = serializers.IntegerField()


class PreventionEventOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField(source="city_id")
    kecamatan = serializers.CharField(source="kecamatan_id")
    kelurahan = serializers.CharField(source="kelurahan_id")
    date = serializers.DateField()
    organiser = serializers.IntegerField(source="organiser_id")
    partners = serializers.SerializerMethodField()
    partner_text = serializers.CharField()
    topic = serializers.CharField()
    audience = serializers.CharField()
    girls = serializers.IntegerField()
    boys = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    attendance = serializers.IntegerField()
    materials = serializers.CharField()
    version = serializers.IntegerField()

    def get_partners(self, obj) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())


class PreventionEventPageOut(_PageOut):
    results = PreventionEventOut(many=True)


def _event_qs(user):
    return events_visible_to(user).prefetch_related("partners")


class EventListView(APIView):
    @extend_schema(parameters=[OpenApiParameter("topic", str), OpenApiParameter("kecamatan", str), OpenApiParameter("kelurahan", str),
                               OpenApiParameter("date_from", OpenApiTypes.DATE), OpenApiParameter("date_to", OpenApiTypes.DATE),
                               *LIMIT_PARAMS],
                   responses=PreventionEventPageOut, summary="Sosialisasi / penjangkauan dalam cakupan pengguna (terbaru dulu)", operation_id="prevention_events_list")
    def get(self, request):
        qs = _event_qs(request.user)
        p = request.query_params
        for key, field in (("topic", "topic"), ("kecamatan", "kecamatan_id"), ("kelurahan", "kelurahan_id")):
            if p.get(key):
                qs = qs.filter(**{field: p[key]})
        if (d := _date_param(request, "date_from")) is not None:
            qs = qs.filter(date__gte=d)
        if (d := _date_param(request, "date_to")) is not None:
            qs = qs.filter(date__lte=d)
        # Newest event date first; the cursor is "date_id" of the last row.
        qs = qs.order_by("-date", "-id")
        cursor = p.get("cursor", "")
        if cursor:
            try:
                c_date, c_id = cursor.split("_")
                qs = qs.filter(Q(date__lt=date.fromisoformat(c_date)) | Q(date=date.fromisoformat(c_date), id__lt=int(c_id)))
            except ValueError:
                raise DomainError(BAD_CURSOR)
        limit = _limit(request)
        rows = list(qs[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        return Response({"results": PreventionEventOut(rows, many=True).data, "next": f"{rows[-1].date.isoformat()}_{rows[-1].pk}" if more else None})

    @extend_schema(request=PreventionEventIn, responses={201: PreventionEventOut}, summary="Catat sosialisasi / penjangkauan")
    def post(self, request):
        data = PreventionEventIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        city = _city_for_create(request, d.get("city_code"))
        organiser = Organisation.objects.filter(pk=d["organiser"], city_id=city).first()
        if organiser is None:
            raise DomainError(S.BAD_ORGANISATION)
        e = S.event_record(actor=request.user, city_code=city, kelurahan=d["kelurahan"], on=d["date"], organiser=organiser, topic=d["topic"],
                           audience=d.get("audience", ""), girls=d["girls"], boys=d["boys"], women=d["women"], men=d["men"],
                           partners=list(Organisation.objects.filter(pk__in=d.get("partners", []), city_id=city)),
                           partner_text=d.get("partner_text", ""), materials=d.get("materials", ""))
        return Response(PreventionEventOut(_get(_event_qs(request.user), e.pk)).data, status=201)


class EventDetailView(APIView):
    @extend_schema(responses=PreventionEventOut, summary="Satu kegiatan sosialisasi")
    def get(self, request, pk: int):
        return Response(PreventionEventOut(_get(_event_qs(request.user), pk)).data)

    @extend_schema(request=PreventionEventUpdateIn, responses={200: PreventionEventOut, 409: None}, summary="Ubah kegiatan (wajib menyertakan version)")
    def patch(self, request, pk: int):
        event = _get(_event_qs(request.user), pk)
        _, conflict = _patch(request, PreventionEventUpdateIn, lambda v, d: S.event_update(actor=request.user, event=event, version=v, data=d))
        return conflict or Response(PreventionEventOut(_get(_event_qs(request.user), pk)).data)


# --- Forum Anak -----------------------------------------------------------------------------

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


class PreventionForumPageOut(_PageOut):
    results = PreventionForumOut(many=True)


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


class ForumListView(APIView):
    @extend_schema(parameters=[OpenApiParameter("level", str), OpenApiParameter("region", str), *LIMIT_PARAMS], responses=PreventionForumPageOut,
                   summary="Forum Anak dalam cakupan pengguna", operation_id="prevention_forums_list")
    def get(self, request):
        qs = forums_visible_to(request.user)
        p = request.query_params
        if p.get("level"):
            qs = qs.filter(level=p["level"])
        if p.get("region"):
            qs = qs.filter(region_id=p["region"])
        return _page_by_id(request, qs, lambda f: PreventionForumOut(f).data)

    @extend_schema(request=PreventionForumIn, responses={201: PreventionForumDetailOut}, summary="Daftarkan Forum Anak")
    def post(self, request):
        data = PreventionForumIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        city = _city_for_create(request, d.get("city_code"))
        f = S.forum_create(actor=request.user, city_code=city, level=d["level"], region_code=d["region"], name=d["name"], established=d.get("established"))
        return Response(PreventionForumDetailOut(_forum_detail(request.user, f.pk)).data, status=201)


class ForumDetailView(APIView):
    @extend_schema(responses=PreventionForumDetailOut, summary="Satu Forum Anak dengan anggota (inisial) dan kegiatan")
    def get(self, request, pk: int):
        return Response(PreventionForumDetailOut(_forum_detail(request.user, pk)).data)

    @extend_schema(request=PreventionForumUpdateIn, responses={200: PreventionForumDetailOut, 409: None}, summary="Ubah Forum Anak (wajib menyertakan version)")
    def patch(self, request, pk: int):
        forum = _forum_detail(request.user, pk)
        _, conflict = _patch(request, PreventionForumUpdateIn, lambda v, d: S.forum_update(actor=request.user, forum=forum, version=v, data=d))
        return conflict or Response(PreventionForumDetailOut(_forum_detail(request.user, pk)).data)


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
        forum = _forum_detail(request.user, pk)
        data = PreventionActivityIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        a = S.activity_record(actor=request.user, forum=forum, on=d["date"], title=d["title"], participants=d["participants"], in_musrenbang=d["in_musrenbang"])
        return Response(PreventionActivityOut(a).data, status=201)


# --- PATBM and community groups -------------------------------------------------------------

class PreventionGroupIn(serializers.Serializer):
    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False)
    kelurahan = serializers.CharField(max_length=13)
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


class PreventionGroupPageOut(_PageOut):
    results = PreventionGroupOut(many=True)


def _group_detail(user, pk):
    return _get(groups_visible_to(user).prefetch_related("activities"), pk)


class GroupListView(APIView):
    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("kelurahan", str), *LIMIT_PARAMS], responses=PreventionGroupPageOut,
                   summary="PATBM dan kelompok peduli anak dalam cakupan pengguna", operation_id="prevention_groups_list")
    def get(self, request):
        qs = groups_visible_to(request.user)
        p = request.query_params
        if p.get("kind"):
            qs = qs.filter(kind=p["kind"])
        if p.get("kelurahan"):
            qs = qs.filter(kelurahan_id=p["kelurahan"])
        return _page_by_id(request, qs, lambda g: PreventionGroupOut(g).data)

    @extend_schema(request=PreventionGroupIn, responses={201: PreventionGroupDetailOut}, summary="Daftarkan PATBM / kelompok peduli anak")
    def post(self, request):
        data = PreventionGroupIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        city = _city_for_create(request, d.pop("city_code", None))
        g = S.group_create(actor=request.user, city_code=city, **d)
        return Response(PreventionGroupDetailOut(_group_detail(request.user, g.pk)).data, status=201)


class GroupDetailView(APIView):
    @extend_schema(responses=PreventionGroupDetailOut, summary="Satu kelompok dengan kegiatannya")
    def get(self, request, pk: int):
        return Response(PreventionGroupDetailOut(_group_detail(request.user, pk)).data)

    @extend_schema(request=PreventionGroupUpdateIn, responses={200: PreventionGroupDetailOut, 409: None}, summary="Ubah kelompok (wajib menyertakan version)")
    def patch(self, request, pk: int):
        group = _group_detail(request.user, pk)
        _, conflict = _patch(request, PreventionGroupUpdateIn, lambda v, d: S.group_update(actor=request.user, group=group, version=v, data=d))
        return conflict or Response(PreventionGroupDetailOut(_group_detail(request.user, pk)).data)


class GroupActivityView(APIView):
    @extend_schema(request=PreventionActivityIn, responses={201: PreventionActivityOut}, summary="Catat kegiatan kelompok")
    def post(self, request, pk: int):
        group = _group_detail(request.user, pk)
        data = PreventionActivityIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        a = S.activity_record(actor=request.user, group=group, on=d["date"], title=d["title"], participants=d["participants"])
        return Response(PreventionActivityOut(a).data, status=201)


# --- vulnerable families and visits ---------------------------------------------------------

class PreventionFamilyIn(serializers.Serializer):
    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False)
    kelurahan = serializers.CharField(max_length=13)
    head_name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    rw = serializers.RegexField(r"^\d{0,3}$", required=False, allow_blank=True)
    rt = serializers.RegexField(r"^\d{0,3}$", required=False, allow_blank=True)
    children_count = serializers.IntegerField(min_value=0, max_value=50, required=False, default=0)
    risks = serializers.ListField(child=serializers.CharField(max_length=30), max_length=20, help_text="catalogue family_risk")


class PreventionFamilyUpdateIn(PreventionFamilyIn):
    status = serializers.CharField(max_length=12, required=False, help_text="catalogue family_status")
    version = serializers.IntegerField()


class PreventionFamilyOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField()
    kelurahan = serializers.CharField()
    rw = serializers.CharField()
    rt = serializers.CharField()
    head_name = serializers.CharField()
    address = serializers.CharField()
    children_count = serializers.IntegerField()
    risks = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    identity_hidden = serializers.BooleanField()
    version = serializers.IntegerField()


class PreventionVisitOut(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    by = serializers.CharField()
    notes = serializers.CharField()


class PreventionFamilyDetailOut(PreventionFamilyOut):
    visits = PreventionVisitOut(many=True)


class PreventionFamilyPageOut(_PageOut):
    results = PreventionFamilyOut(many=True)


class PreventionVisitIn(serializers.Serializer):
    date = serializers.DateField()
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


def _family_out(user, f: VulnerableFamily) -> dict:
    show = identity_visible(user, f)
    return {"id": f.pk, "city": f.city_id, "kelurahan": f.kelurahan_id, "rw": f.rw, "rt": f.rt,
            "head_name": f.head_name if show else MASK, "address": f.address if show else MASK, "children_count": f.children_count,
            "risks": [r.factor for r in f.risks.all()], "status": f.status, "identity_hidden": not show, "version": f.version}


def _family_qs(user):
    return families_visible_to(user).prefetch_related(Prefetch("risks", queryset=FamilyRisk.objects.order_by("factor")))


def _family_detail(request, pk: int) -> Response:
    fam = _get(_family_qs(request.user), pk)
    show = identity_visible(request.user, fam)
    audit_view(actor=request.user, obj=fam, action="family.view", city_code=fam.city_id, changes={"identity_shown": [None, show]})
    visits = [{"id": v.pk, "date": v.date, "by": v.by.username, "notes": v.notes} for v in fam.visits.select_related("by")] if show else []
    return Response(PreventionFamilyDetailOut(_family_out(request.user, fam) | {"visits": visits}).data)


class FamilyListView(APIView):
    @extend_schema(parameters=[OpenApiParameter("kelurahan", str), OpenApiParameter("risk", str), OpenApiParameter("status", str), *LIMIT_PARAMS],
                   responses=PreventionFamilyPageOut, summary="Keluarga rentan dalam cakupan pengguna (nama hanya untuk yang berwenang; dicatat di audit)",
                   operation_id="prevention_families_list")
    def get(self, request):
        qs = _family_qs(request.user)
        p = request.query_params
        if p.get("kelurahan"):
            qs = qs.filter(kelurahan_id=p["kelurahan"])
        if p.get("status"):
            qs = qs.filter(status=p["status"])
        if p.get("risk"):
            qs = qs.filter(risks__factor=p["risk"])
        response = _page_by_id(request, qs, lambda f: _family_out(request.user, f))
        rows = response.data["results"]
        if rows:
            audit_view(actor=request.user, action="family.list_view", object_type="prevention.vulnerablefamily",
                       object_id=",".join(str(r["id"]) for r in rows[:50]))
        return response

    @extend_schema(request=PreventionFamilyIn, responses={201: PreventionFamilyDetailOut}, summary="Daftarkan keluarga rentan")
    def post(self, request):
        data = PreventionFamilyIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        city = _city_for_create(request, d.pop("city_code", None))
        f = S.family_register(actor=request.user, city_code=city, **d)
        response = _family_detail(request, f.pk)
        response.status_code = 201
        return response


class FamilyDetailView(APIView):
    @extend_schema(responses=PreventionFamilyDetailOut, summary="Satu keluarga rentan dengan kunjungan (dicatat di audit)")
    def get(self, request, pk: int):
        return _family_detail(request, pk)

    @extend_schema(request=PreventionFamilyUpdateIn, responses={200: PreventionFamilyDetailOut, 409: None}, summary="Ubah data keluarga (wajib menyertakan version)")
    def patch(self, request, pk: int):
        fam = _get(_family_qs(request.user), pk)
        _, conflict = _patch(request, PreventionFamilyUpdateIn, lambda v, d: S.family_update(actor=request.user, family=fam, version=v, data=d))
        return conflict or _family_detail(request, pk)


class FamilyVisitView(APIView):
    @extend_schema(request=PreventionVisitIn, responses={201: PreventionVisitOut}, summary="Catat kunjungan rumah")
    def post(self, request, pk: int):
        fam = _get(_family_qs(request.user), pk)
        data = PreventionVisitIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = S.family_visit_add(actor=request.user, family=fam, on=data.validated_data["date"], notes=data.validated_data.get("notes", ""))
        show = identity_visible(request.user, fam)
        return Response({"id": v.pk, "date": v.date, "by": request.user.username, "notes": v.notes if show else MASK}, status=201)


# --- Perkasa ----------------------------------------------------------------------------------

class PreventionPerkasaIn(serializers.Serializer):
    city_code = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False)
    kelurahan = serializers.CharField(max_length=13)
    name = serializers.CharField(max_length=200)
    nik = serializers.CharField(max_length=30, required=False, allow_blank=True)
    dependants = serializers.IntegerField(min_value=0, max_value=50, required=False, default=0)
    income_band = serializers.CharField(max_length=6, help_text="catalogue income_band")
    employed = serializers.BooleanField(required=False, default=False)
    status = serializers.CharField(max_length=12, required=False, default="rentan", help_text="catalogue perkasa_status")


class PreventionPerkasaUpdateIn(PreventionPerkasaIn):
    version = serializers.IntegerField()


class PreventionProgrammeOut(serializers.Serializer):
    programme = serializers.CharField()
    date = serializers.DateField()


class PreventionPerkasaOut(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField()
    kelurahan = serializers.CharField()
    name = serializers.CharField()
    nik = serializers.CharField()
    dependants = serializers.IntegerField()
    income_band = serializers.CharField()
    employed = serializers.BooleanField()
    status = serializers.CharField()
    programmes = PreventionProgrammeOut(many=True)
    identity_hidden = serializers.BooleanField()
    version = serializers.IntegerField()


class PreventionPerkasaPageOut(_PageOut):
    results = PreventionPerkasaOut(many=True)


class PreventionProgrammeIn(serializers.Serializer):
    programme = serializers.CharField(max_length=20, help_text="catalogue perkasa_programme")
    date = serializers.DateField()


def _perkasa_out(user, m: PerkasaMember) -> dict:
    show = identity_visible(user, m)
    return {"id": m.pk, "city": m.city_id, "kelurahan": m.kelurahan_id, "name": m.name if show else MASK,
            "nik": (m.nik if show else (MASK if m.nik else "")), "dependants": m.dependants, "income_band": m.income_band,
            "employed": m.employed, "status": m.status, "programmes": [{"programme": p.programme, "date": p.date} for p in m.programmes.all()],
            "identity_hidden": not show, "version": m.version}


def _perkasa_qs(user):
    from .models import PerkasaProgramme

    return perkasa_visible_to(user).prefetch_related(Prefetch("programmes", queryset=PerkasaProgramme.objects.order_by("date", "id")))


def _perkasa_detail(request, pk: int, code: int = 200) -> Response:
    m = _get(_perkasa_qs(request.user), pk)
    audit_view(actor=request.user, obj=m, action="perkasa.view", city_code=m.city_id, changes={"identity_shown": [None, identity_visible(request.user, m)]})
    return Response(PreventionPerkasaOut(_perkasa_out(request.user, m)).data, status=code)


class PerkasaListView(APIView):
    @extend_schema(parameters=[OpenApiParameter("kelurahan", str), OpenApiParameter("status", str), OpenApiParameter("income_band", str),
                               OpenApiParameter("employed", bool), *LIMIT_PARAMS],
                   responses=PreventionPerkasaPageOut, summary="Perkasa (perempuan kepala keluarga) dalam cakupan pengguna",
                   operation_id="prevention_perkasa_list")
    def get(self, request):
        qs = _perkasa_qs(request.user)
        p = request.query_params
        for key, field in (("kelurahan", "kelurahan_id"), ("status", "status"), ("income_band", "income_band")):
            if p.get(key):
                qs = qs.filter(**{field: p[key]})
        if p.get("employed") in ("true", "false"):
            qs = qs.filter(employed=p["employed"] == "true")
        response = _page_by_id(request, qs, lambda m: _perkasa_out(request.user, m))
        rows = response.data["results"]
        if rows:
            audit_view(actor=request.user, action="perkasa.list_view", object_type="prevention.perkasamember",
                       object_id=",".join(str(r["id"]) for r in rows[:50]))
        return response

    @extend_schema(request=PreventionPerkasaIn, responses={201: PreventionPerkasaOut}, summary="Daftarkan anggota Perkasa")
    def post(self, request):
        data = PreventionPerkasaIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        city = _city_for_create(request, d.pop("city_code", None))
        m = S.perkasa_register(actor=request.user, city_code=city, **d)
        return _perkasa_detail(request, m.pk, 201)


class PerkasaDetailView(APIView):
    @extend_schema(responses=PreventionPerkasaOut, summary="Satu anggota Perkasa (dicatat di audit)")
    def get(self, request, pk: int):
        return _perkasa_detail(request, pk)

    @extend_schema(request=PreventionPerkasaUpdateIn, responses={200: PreventionPerkasaOut, 409: None},
                   summary="Ubah data anggota Perkasa (wajib menyertakan version; perubahan status masuk riwayat)")
    def patch(self, request, pk: int):
        m = _get(_perkasa_qs(request.user), pk)
        _, conflict = _patch(request, PreventionPerkasaUpdateIn, lambda v, d: S.perkasa_update(actor=request.user, member=m, version=v, data=d))
        return conflict or _perkasa_detail(request, pk)


class PerkasaProgrammeView(APIView):
    @extend_schema(request=PreventionProgrammeIn, responses={201: PreventionPerkasaOut}, summary="Catat program yang diikuti")
    def post(self, request, pk: int):
        m = _get(_perkasa_qs(request.user), pk)
        data = PreventionProgrammeIn(data=request.data)
        data.is_valid(raise_exception=True)
        S.perkasa_programme_add(actor=request.user, member=m, programme=data.validated_data["programme"], on=data.validated_data["date"])
        return _perkasa_detail(request, pk, 201)


urlpatterns = [
    path("prevention/events/", EventListView.as_view(), name="api-prevention-events"),
    path("prevention/events/<int:pk>/", EventDetailView.as_view(), name="api-prevention-event"),
    path("prevention/forums/", ForumListView.as_view(), name="api-prevention-forums"),
    path("prevention/forums/<int:pk>/", ForumDetailView.as_view(), name="api-prevention-forum"),
    path("prevention/forums/<int:pk>/members/", ForumMemberView.as_view(), name="api-prevention-forum-members"),
    path("prevention/forums/<int:pk>/activities/", ForumActivityView.as_view(), name="api-prevention-forum-activities"),
    path("prevention/groups/", GroupListView.as_view(), name="api-prevention-groups"),
    path("prevention/groups/<int:pk>/", GroupDetailView.as_view(), name="api-prevention-group"),
    path("prevention/groups/<int:pk>/activities/", GroupActivityView.as_view(), name="api-prevention-group-activities"),
    path("prevention/families/", FamilyListView.as_view(), name="api-prevention-families"),
    path("prevention/families/<int:pk>/", FamilyDetailView.as_view(), name="api-prevention-family"),
    path("prevention/families/<int:pk>/visits/", FamilyVisitView.as_view(), name="api-prevention-family-visits"),
    path("prevention/perkasa/", PerkasaListView.as_view(), name="api-prevention-perkasa"),
    path("prevention/perkasa/<int:pk>/", PerkasaDetailView.as_view(), name="api-prevention-perkasa-member"),
    path("prevention/perkasa/<int:pk>/programmes/", PerkasaProgrammeView.as_view(), name="api-prevention-perkasa-programmes"),
]

__all__ = ["urlpatterns", "ChildForum", "CommunityGroup", "OutreachEvent"]
