"""People in a case: serializers and views."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.core.api import versioned_patch

from .. import services as S
from ..models import Person, PersonRole
from ..selectors import case_get, person_identity_visible
from .common import SEALED


class PersonIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=PersonRole.choices)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    nik = serializers.CharField(required=False, allow_blank=True, max_length=30)
    kk_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    street = serializers.CharField(required=False, allow_blank=True, max_length=300)
    birth_date = serializers.DateField(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    sex = serializers.CharField(required=False, allow_blank=True, max_length=1)
    education = serializers.CharField(required=False, allow_blank=True, max_length=30)
    occupation = serializers.CharField(required=False, allow_blank=True, max_length=30)
    disability = serializers.CharField(required=False, allow_blank=True, max_length=20)
    relation_to_victim = serializers.CharField(required=False, allow_blank=True, max_length=20)
    unknown = serializers.BooleanField(required=False)
    address_kelurahan = serializers.CharField(required=False, allow_blank=True, max_length=13)
    rw = serializers.CharField(required=False, allow_blank=True, max_length=3)
    rt = serializers.CharField(required=False, allow_blank=True, max_length=3)


class PersonUpdateIn(PersonIn):
    role = serializers.ChoiceField(choices=PersonRole.choices, required=False)
    version = serializers.IntegerField()


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    name = serializers.CharField()
    nik = serializers.CharField()
    phone = serializers.CharField()
    street = serializers.CharField()
    birth_date = serializers.CharField()
    sex = serializers.CharField()
    age_at_incident = serializers.IntegerField(allow_null=True)
    age_band = serializers.CharField()
    is_child = serializers.BooleanField(allow_null=True)
    education = serializers.CharField()
    occupation = serializers.CharField()
    disability = serializers.CharField()
    relation_to_victim = serializers.CharField()
    address_kelurahan = serializers.CharField(source="address_kelurahan_id", allow_null=True)
    rw = serializers.CharField()
    rt = serializers.CharField()
    nik_flags = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField()
    identity_hidden = serializers.BooleanField()


def person_out(user, p: Person) -> dict:
    data = PersonOut({**{f: getattr(p, f) for f in PersonOut().fields if hasattr(p, f)}, "address_kelurahan_id": p.address_kelurahan_id,
                      "identity_hidden": False}).data
    if not person_identity_visible(user, p):
        for f in SEALED:
            if f in data:
                data[f] = ""
        data["identity_hidden"] = True
    return data


class PersonListView(APIView):
    @extend_schema(responses=PersonOut(many=True))
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        audit_view(actor=request.user, obj=case, action="case.persons_view", city_code=case.city_id)
        return Response([person_out(request.user, p) for p in case.persons.all().order_by("id")])

    @extend_schema(request=PersonIn, responses={201: PersonOut})
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        data = PersonIn(data=request.data)
        data.is_valid(raise_exception=True)
        person = S.person_add(actor=request.user, case=case, data=dict(data.validated_data))
        return Response(person_out(request.user, person), status=201)


class PersonDetailView(APIView):
    @extend_schema(request=PersonUpdateIn, responses={200: PersonOut, 409: None})
    def patch(self, request, pk: int, person_id: int):
        case = case_get(user=request.user, case_id=pk)
        person = case.persons.filter(pk=person_id).first()
        if person is None:
            raise Http404
        person, conflict = versioned_patch(request, PersonUpdateIn, lambda v, d: S.person_update(actor=request.user, person=person, version=v, data=d))
        return conflict or Response(person_out(request.user, person))
