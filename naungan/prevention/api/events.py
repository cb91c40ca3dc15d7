"""Outreach events."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.models import Organisation
from naungan.core.errors import DomainError

from .. import services as S
from ..selectors import (
    events_visible_to,
)
from .common import BAD_CURSOR, LIMIT_PARAMS, _city_for_create, _date_param, _get, _limit, _PageOut, _patch


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
