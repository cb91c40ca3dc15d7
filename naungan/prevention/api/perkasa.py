"""Perkasa members and their programmes."""

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
from ..filters import PerkasaFilter
from ..models import PerkasaMember, PerkasaProgramme
from ..selectors import (
    identity_visible,
    perkasa_visible_to,
)
from .common import MASK, _get, _KelurahanRecordIn, _MaskedRecordOut, _RegisterView, _VersionedDetailView


class PreventionPerkasaIn(_KelurahanRecordIn):
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


class PreventionPerkasaOut(_MaskedRecordOut):
    name = serializers.CharField()
    nik = serializers.CharField()
    dependants = serializers.IntegerField()
    income_band = serializers.CharField()
    employed = serializers.BooleanField()
    programmes = PreventionProgrammeOut(many=True)


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
    return perkasa_visible_to(user).prefetch_related(Prefetch("programmes", queryset=PerkasaProgramme.objects.order_by("date", "id")))


def _perkasa_detail(request, pk: int, code: int = 200) -> Response:
    m = _get(_perkasa_qs(request.user), pk)
    audit_view(actor=request.user, obj=m, action="perkasa.view", city_code=m.city_id, changes={"identity_shown": [None, identity_visible(request.user, m)]})
    return Response(PreventionPerkasaOut(_perkasa_out(request.user, m)).data, status=code)


@extend_schema_view(
    get=list_schema(PreventionPerkasaOut, parameters=filter_parameters(PerkasaFilter), operation_id="prevention_perkasa_list",
                    summary="Perkasa (perempuan kepala keluarga) dalam cakupan pengguna"),
    post=extend_schema(request=PreventionPerkasaIn, responses={201: PreventionPerkasaOut}, summary="Daftarkan anggota Perkasa"),
)
class PerkasaListView(_RegisterView):
    records = staticmethod(_perkasa_qs)
    out = staticmethod(_perkasa_out)
    filterset = PerkasaFilter
    audit = ("perkasa.list_view", "prevention.perkasamember")
    create_in = PreventionPerkasaIn

    def create(self, request, city, d):
        m = S.perkasa_register(actor=request.user, city_code=city, **d)
        return _perkasa_detail(request, m.pk, 201)


@extend_schema_view(
    get=extend_schema(responses=PreventionPerkasaOut, summary="Satu anggota Perkasa (dicatat di audit)"),
    patch=extend_schema(request=PreventionPerkasaUpdateIn, responses={200: PreventionPerkasaOut, 409: None},
                        summary="Ubah data anggota Perkasa (wajib menyertakan version; perubahan status masuk riwayat)"),
)
class PerkasaDetailView(_VersionedDetailView):
    detail = staticmethod(lambda user, pk: _get(_perkasa_qs(user), pk))
    update_in = PreventionPerkasaUpdateIn

    def answer(self, request, pk):
        return _perkasa_detail(request, pk)

    def update(self, request, obj, version, data):
        return S.perkasa_update(actor=request.user, member=obj, version=version, data=data)


class PerkasaProgrammeView(APIView):
    @extend_schema(request=PreventionProgrammeIn, responses={201: PreventionPerkasaOut}, summary="Catat program yang diikuti")
    def post(self, request, pk: int):
        m = _get(_perkasa_qs(request.user), pk)
        data = validated(PreventionProgrammeIn, request.data)
        S.perkasa_programme_add(actor=request.user, member=m, programme=data["programme"], on=data["date"])
        return _perkasa_detail(request, pk, 201)
