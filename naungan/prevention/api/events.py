"""Outreach events."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from naungan.accounts.models import Organisation
from naungan.core.errors import DomainError
from naungan.core.filters import filter_parameters
from naungan.core.pagination import list_schema

from .. import services as S
from ..filters import EventFilter
from ..selectors import (
    events_visible_to,
)
from .common import _get, _KelurahanRecordIn, _RegisterView, _VersionedDetailView


class PreventionEventIn(_KelurahanRecordIn):
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


def _event_qs(user):
    return events_visible_to(user).prefetch_related("partners")


@extend_schema_view(
    get=list_schema(PreventionEventOut, parameters=filter_parameters(EventFilter),
                    summary="Sosialisasi / penjangkauan dalam cakupan pengguna (terbaru dulu)", operation_id="prevention_events_list"),
    post=extend_schema(request=PreventionEventIn, responses={201: PreventionEventOut}, summary="Catat sosialisasi / penjangkauan"),
)
class EventListView(_RegisterView):
    records = staticmethod(_event_qs)
    out = PreventionEventOut
    filterset = EventFilter
    keys = ("-date", "-id")  # newest event date first
    create_in = PreventionEventIn

    def create(self, request, city, d):
        organiser = Organisation.objects.filter(pk=d["organiser"], city_id=city).first()
        if organiser is None:
            raise DomainError(S.BAD_ORGANISATION)
        e = S.event_record(actor=request.user, city_code=city, kelurahan=d["kelurahan"], on=d["date"], organiser=organiser, topic=d["topic"],
                           audience=d.get("audience", ""), girls=d["girls"], boys=d["boys"], women=d["women"], men=d["men"],
                           partners=list(Organisation.objects.filter(pk__in=d.get("partners", []), city_id=city)),
                           partner_text=d.get("partner_text", ""), materials=d.get("materials", ""))
        return Response(PreventionEventOut(_get(_event_qs(request.user), e.pk)).data, status=201)


def _event_detail(user, pk):
    return _get(_event_qs(user), pk)


@extend_schema_view(
    get=extend_schema(responses=PreventionEventOut, summary="Satu kegiatan sosialisasi"),
    patch=extend_schema(request=PreventionEventUpdateIn, responses={200: PreventionEventOut, 409: None}, summary="Ubah kegiatan (wajib menyertakan version)"),
)
class EventDetailView(_VersionedDetailView):
    detail = staticmethod(_event_detail)
    out_cls = PreventionEventOut
    update_in = PreventionEventUpdateIn

    def update(self, request, obj, version, data):
        return S.event_update(actor=request.user, event=obj, version=version, data=data)
