"""Vulnerable families and their visits."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.core.api import validated
from naungan.core.filters import filter_parameters
from naungan.core.pagination import list_schema

from .. import services as S
from ..filters import FamilyFilter
from ..models import FamilyRisk, VulnerableFamily
from ..selectors import (
    families_visible_to,
    identity_visible,
)
from .common import MASK, _get, _KelurahanRecordIn, _MaskedRecordOut, _RegisterView, _VersionedDetailView


class PreventionFamilyIn(_KelurahanRecordIn):
    head_name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    rw = serializers.RegexField(r"^\d{0,3}$", required=False, allow_blank=True)
    rt = serializers.RegexField(r"^\d{0,3}$", required=False, allow_blank=True)
    children_count = serializers.IntegerField(min_value=0, max_value=50, required=False, default=0)
    risks = serializers.ListField(child=serializers.CharField(max_length=30), max_length=20, help_text="catalogue family_risk")


class PreventionFamilyUpdateIn(PreventionFamilyIn):
    status = serializers.CharField(max_length=12, required=False, help_text="catalogue family_status")
    version = serializers.IntegerField()


class PreventionFamilyOut(_MaskedRecordOut):
    rw = serializers.CharField()
    rt = serializers.CharField()
    head_name = serializers.CharField()
    address = serializers.CharField()
    children_count = serializers.IntegerField()
    risks = serializers.ListField(child=serializers.CharField())


class PreventionVisitOut(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    by = serializers.CharField()
    notes = serializers.CharField()


class PreventionFamilyDetailOut(PreventionFamilyOut):
    visits = PreventionVisitOut(many=True)


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


@extend_schema_view(
    get=list_schema(PreventionFamilyOut, parameters=filter_parameters(FamilyFilter), operation_id="prevention_families_list",
                    summary="Keluarga rentan dalam cakupan pengguna (nama hanya untuk yang berwenang; dicatat di audit)"),
    post=extend_schema(request=PreventionFamilyIn, responses={201: PreventionFamilyDetailOut}, summary="Daftarkan keluarga rentan"),
)
class FamilyListView(_RegisterView):
    records = staticmethod(_family_qs)
    out = staticmethod(_family_out)
    filterset = FamilyFilter
    audit = ("family.list_view", "prevention.vulnerablefamily")
    create_in = PreventionFamilyIn

    def create(self, request, city, d):
        f = S.family_register(actor=request.user, city_code=city, **d)
        response = _family_detail(request, f.pk)
        response.status_code = 201
        return response


@extend_schema_view(
    get=extend_schema(responses=PreventionFamilyDetailOut, summary="Satu keluarga rentan dengan kunjungan (dicatat di audit)"),
    patch=extend_schema(request=PreventionFamilyUpdateIn, responses={200: PreventionFamilyDetailOut, 409: None}, summary="Ubah data keluarga (wajib menyertakan version)"),
)
class FamilyDetailView(_VersionedDetailView):
    detail = staticmethod(lambda user, pk: _get(_family_qs(user), pk))
    update_in = PreventionFamilyUpdateIn

    def answer(self, request, pk):
        return _family_detail(request, pk)

    def update(self, request, obj, version, data):
        return S.family_update(actor=request.user, family=obj, version=version, data=data)


class FamilyVisitView(APIView):
    @extend_schema(request=PreventionVisitIn, responses={201: PreventionVisitOut}, summary="Catat kunjungan rumah")
    def post(self, request, pk: int):
        fam = _get(_family_qs(request.user), pk)
        data = validated(PreventionVisitIn, request.data)
        v = S.family_visit_add(actor=request.user, family=fam, on=data["date"], notes=data.get("notes", ""))
        show = identity_visible(request.user, fam)
        return Response({"id": v.pk, "date": v.date, "by": request.user.username, "notes": v.notes if show else MASK}, status=201)
