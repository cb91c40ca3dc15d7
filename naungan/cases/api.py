"""JSON API of cases: the same services and selectors as the pages, so the same scope (404),
validation and audit. Searches by NIK, phone or name are POSTed, never put in a URL."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.audit.services import audit_view
from naungan.core.errors import ConflictError
from naungan.core.pagination import api_body, api_page, paginated_schema

from . import services as S
from .models import Attachment, Case, CaseEvent, Person, PersonRole, Status
from .selectors import CASE_LIST_KEYS, FILTER_KEYS, case_get, case_list, person_identity_visible, possible_duplicates

SEALED = ("name", "nik", "kk_number", "phone", "street", "birth_date")


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


class CaseIn(serializers.Serializer):
    city_code = serializers.CharField(max_length=5)
    channel = serializers.CharField(max_length=40)
    received_at = serializers.DateTimeField(required=False)
    kelurahan = serializers.CharField(required=False, allow_blank=True, max_length=13)
    incident_date = serializers.DateField(required=False, allow_null=True)
    incident_date_approximate = serializers.BooleanField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=40)
    forms = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    chronology = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    special_protection = serializers.CharField(required=False, allow_blank=True, max_length=40)
    is_tpks = serializers.BooleanField(required=False)
    persons = PersonIn(many=True)


class CaseUpdateIn(serializers.Serializer):
    version = serializers.IntegerField()
    channel = serializers.CharField(required=False, max_length=40)
    kelurahan = serializers.CharField(required=False, allow_blank=True, max_length=13)
    incident_date = serializers.DateField(required=False, allow_null=True)
    incident_date_approximate = serializers.BooleanField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=40)
    forms = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    chronology = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    special_protection = serializers.CharField(required=False, allow_blank=True, max_length=40)
    is_tpks = serializers.BooleanField(required=False)


class CaseSummaryOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    risk = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    kelurahan = serializers.CharField(source="kelurahan_id", allow_null=True)
    place = serializers.CharField()
    forms = serializers.SerializerMethodField()
    respond_by = serializers.DateTimeField(allow_null=True)
    is_overdue = serializers.BooleanField()
    assigned_to = serializers.CharField(source="assigned_to.username", allow_null=True, default=None)
    version = serializers.IntegerField()

    def get_forms(self, obj) -> list[str]:
        return sorted(f.form for f in obj.forms.all())


class CaseDetailOut(CaseSummaryOut):
    city = serializers.CharField(source="city_id")
    incident_date = serializers.DateField(allow_null=True)
    incident_date_approximate = serializers.BooleanField()
    chronology = serializers.CharField()
    special_protection = serializers.CharField()
    is_tpks = serializers.BooleanField()
    case_type = serializers.CharField()
    authority = serializers.CharField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    closure_reason = serializers.CharField()
    closure_requested_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    persons = serializers.SerializerMethodField()

    def get_persons(self, obj) -> list[dict]:
        user = self.context["user"]
        return [person_out(user, p) for p in obj.persons.all().order_by("id")]


def _update_data(validated: dict) -> dict:
    data = dict(validated)
    data.pop("version", None)
    return data


def _conflict(exc: ConflictError) -> Response:
    return Response({"detail": str(exc), "code": "conflict", "changes": exc.changes}, status=status.HTTP_409_CONFLICT)


def _filters_from(params) -> dict:
    filters = {k: params.get(k, "") for k in FILTER_KEYS if k != "q"}
    filters["assigned_to_me"] = params.get("assigned_to_me", "")
    return filters


class CaseListView(APIView):
    @extend_schema(parameters=[OpenApiParameter(k, OpenApiTypes.DATE if k.startswith("date_") else str) for k in FILTER_KEYS if k != "q"]
                   + [OpenApiParameter("assigned_to_me", bool), OpenApiParameter("limit", int), OpenApiParameter("cursor", str)],
                   responses=paginated_schema(CaseSummaryOut), operation_id="v1_cases_list", summary="Daftar kasus dalam cakupan pengguna (terbaru dulu, per cursor)")
    def get(self, request):
        return _paged(request, case_list(user=request.user, filters=_filters_from(request.query_params)))

    @extend_schema(request=CaseIn, responses={201: CaseDetailOut}, summary="Daftarkan pengaduan")
    def post(self, request):
        data = CaseIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = S.case_register(
            actor=request.user, city_code=d["city_code"], channel=d["channel"], persons=[dict(p) for p in d["persons"]],
            received_at=d.get("received_at"), kelurahan_code=d.get("kelurahan") or None, incident_date=d.get("incident_date"),
            incident_date_approximate=d.get("incident_date_approximate", False), place=d.get("place", ""), forms=d.get("forms", []),
            chronology=d.get("chronology", ""), special_protection=d.get("special_protection", ""), is_tpks=d.get("is_tpks", False),
        )
        return Response(CaseDetailOut(case_get(user=request.user, case_id=case.pk), context={"user": request.user}).data, status=201)


def _paged(request, qs):
    """Newest first by (received_at, id), read by cursor: no offset, no COUNT over the scope."""
    page = api_page(request, qs, keys=CASE_LIST_KEYS)
    return Response(api_body(page, CaseSummaryOut(page.rows, many=True).data))


class SearchIn(serializers.Serializer):
    q = serializers.CharField(max_length=100)
    status = serializers.CharField(required=False, allow_blank=True)


class CaseSearchView(APIView):
    @extend_schema(request=SearchIn, responses=paginated_schema(CaseSummaryOut), parameters=[OpenApiParameter("limit", int), OpenApiParameter("cursor", str)],
                   summary="Cari kasus (nomor, NIK, telepon, nama) — POST agar identitas tidak masuk URL")
    def post(self, request):
        data = SearchIn(data=request.data)
        data.is_valid(raise_exception=True)
        filters = {"q": data.validated_data["q"], "status": data.validated_data.get("status", "")}
        return _paged(request, case_list(user=request.user, filters=filters))


class CaseDetailView(APIView):
    @extend_schema(responses=CaseDetailOut, summary="Detail kasus (dicatat di jejak audit)")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        audit_view(actor=request.user, obj=case, action="case.view", city_code=case.city_id)
        return Response(CaseDetailOut(case, context={"user": request.user}).data)

    @extend_schema(request=CaseUpdateIn, responses={200: CaseDetailOut, 409: None}, summary="Ubah data kejadian (wajib menyertakan version)")
    def patch(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        data = CaseUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "version" not in data.validated_data:
            raise serializers.ValidationError({"version": ["Wajib diisi."]})
        try:
            S.case_update(actor=request.user, case_id=case.pk, version=data.validated_data["version"], data=_update_data(data.validated_data))
        except ConflictError as exc:
            return _conflict(exc)
        return Response(CaseDetailOut(case_get(user=request.user, case_id=pk), context={"user": request.user}).data)


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
        data = PersonUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            person = S.person_update(actor=request.user, person=person, version=data.validated_data["version"], data=_update_data(data.validated_data))
        except ConflictError as exc:
            return _conflict(exc)
        except KeyError:
            raise serializers.ValidationError({"version": ["Wajib diisi."]})
        return Response(person_out(request.user, person))


class NoteIn(serializers.Serializer):
    body = serializers.CharField(max_length=20000)


class EventOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "body", "actor", "created_at"]


class NoteListView(APIView):
    @extend_schema(responses=EventOut(many=True), summary="Linimasa kasus")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        audit_view(actor=request.user, obj=case, action="case.timeline_view", city_code=case.city_id)
        return Response(EventOut(case.events.select_related("actor").order_by("created_at", "id"), many=True).data)

    @extend_schema(request=NoteIn, responses={201: EventOut})
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(EventOut(S.case_note_add(actor=request.user, case=case, body=data.validated_data["body"])).data, status=201)


class AttachmentIn(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AttachmentOut(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username")

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "description", "content_type", "size", "sha256", "uploaded_by", "created_at"]


class AttachmentListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses=AttachmentOut(many=True), summary="Lampiran (bukti) kasus")
    def get(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        return Response(AttachmentOut(case.attachments.select_related("uploaded_by").order_by("-created_at", "-id"), many=True).data)

    @extend_schema(request={"multipart/form-data": AttachmentIn}, responses={201: AttachmentOut},
                   summary="Unggah lampiran (PDF, JPG, PNG, DOCX; diperiksa dari isinya)")
    def post(self, request, pk: int):
        case = case_get(user=request.user, case_id=pk)
        data = AttachmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        att = S.attachment_add(actor=request.user, case=case, uploaded_file=data.validated_data["file"],
                               description=data.validated_data.get("description", ""))
        return Response(AttachmentOut(att).data, status=201)


class AttachmentDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
                   summary="Unduh lampiran (dicatat di jejak audit)")
    def get(self, request, pk: int, attachment_id: int):
        case = case_get(user=request.user, case_id=pk)
        att = S.attachment_open(user=request.user, attachment_id=attachment_id, case_id=case.pk)
        # no original file name in the header: it may hold an identity
        response = FileResponse(att.file.open("rb"), content_type=att.content_type, as_attachment=True,
                                filename=f"{case.number}-lampiran-{att.pk}")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class TransitionIn(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)


class TriageIn(serializers.Serializer):
    risk = serializers.CharField(max_length=8)
    case_type = serializers.CharField(required=False, allow_blank=True, max_length=40)
    authority = serializers.CharField(required=False, allow_blank=True, max_length=12)


class AssignIn(serializers.Serializer):
    assigned_to = serializers.IntegerField(required=False, allow_null=True)
    satgas_assignee = serializers.IntegerField(required=False, allow_null=True)


class ClosureIn(serializers.Serializer):
    reason = serializers.CharField(max_length=40)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReopenIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


def _action(serializer_cls, fn, summary):
    class _View(APIView):
        @extend_schema(request=serializer_cls, responses=CaseDetailOut, summary=summary)
        def post(self, request, pk: int):
            case = case_get(user=request.user, case_id=pk)
            data = serializer_cls(data=request.data) if serializer_cls else None
            if data is not None:
                data.is_valid(raise_exception=True)
            fn(request, case, data.validated_data if data is not None else {})
            return Response(CaseDetailOut(case_get(user=request.user, case_id=pk), context={"user": request.user}).data)

    _View.__name__ = f"Case{fn.__name__.title().replace('_', '')}View"
    return _View.as_view()


def _user_by_id(uid):
    from naungan.accounts.models import User

    return User.objects.filter(pk=uid).first() if uid else None


def _do_transition(request, case, d):
    S.case_transition(actor=request.user, case=case, to=d["to"])


def _do_triage(request, case, d):
    S.case_triage(actor=request.user, case=case, risk=d["risk"], case_type=d.get("case_type", ""), authority=d.get("authority", "kota") or "kota")


def _do_assign(request, case, d):
    from naungan.core.errors import DomainError

    cm, sg = _user_by_id(d.get("assigned_to")), _user_by_id(d.get("satgas_assignee"))
    if (d.get("assigned_to") and cm is None) or (d.get("satgas_assignee") and sg is None):
        raise DomainError(S.BAD_ASSIGNEE)
    S.case_assign(actor=request.user, case=case, assigned_to=cm, satgas_assignee=sg)


def _do_request_closure(request, case, d):
    S.case_request_closure(actor=request.user, case=case, reason=d["reason"], note=d.get("note", ""))


def _do_approve_closure(request, case, d):
    S.case_approve_closure(actor=request.user, case=case)


def _do_reopen(request, case, d):
    S.case_reopen(actor=request.user, case=case, reason=d["reason"])


def _do_first_response(request, case, d):
    S.case_record_response(actor=request.user, case=case)


class DuplicatesIn(serializers.Serializer):
    nik = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_date = serializers.DateField(required=False, allow_null=True)


class DuplicateOut(serializers.Serializer):
    id = serializers.IntegerField(source="case.pk")
    number = serializers.CharField(source="case.number")
    status = serializers.CharField(source="case.status")
    reasons = serializers.ListField(child=serializers.CharField())


class DuplicatesView(APIView):
    @extend_schema(request=DuplicatesIn, responses=DuplicateOut(many=True), summary="Kemungkinan kasus ganda dalam cakupan pengguna")
    def post(self, request):
        data = DuplicatesIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        hits = possible_duplicates(user=request.user, nik=d.get("nik", ""), phone=d.get("phone", ""), name=d.get("name", ""),
                                   birth_date=d["birth_date"].isoformat() if d.get("birth_date") else "")
        return Response(DuplicateOut(hits, many=True).data)


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="api-cases"),
    path("cases/search/", CaseSearchView.as_view(), name="api-case-search"),
    path("cases/duplicates/", DuplicatesView.as_view(), name="api-case-duplicates"),
    path("cases/<int:pk>/", CaseDetailView.as_view(), name="api-case"),
    path("cases/<int:pk>/persons/", PersonListView.as_view(), name="api-case-persons"),
    path("cases/<int:pk>/persons/<int:person_id>/", PersonDetailView.as_view(), name="api-case-person"),
    path("cases/<int:pk>/notes/", NoteListView.as_view(), name="api-case-notes"),
    path("cases/<int:pk>/attachments/", AttachmentListView.as_view(), name="api-case-attachments"),
    path("cases/<int:pk>/attachments/<int:attachment_id>/", AttachmentDownloadView.as_view(), name="api-case-attachment"),
    path("cases/<int:pk>/transition/", _action(TransitionIn, _do_transition, "Ubah status alur kerja"), name="api-case-transition"),
    path("cases/<int:pk>/triage/", _action(TriageIn, _do_triage, "Triase: risiko, jenis, kewenangan"), name="api-case-triage"),
    path("cases/<int:pk>/assign/", _action(AssignIn, _do_assign, "Tugaskan manajer kasus / Satgas"), name="api-case-assign"),
    path("cases/<int:pk>/closure/request/", _action(ClosureIn, _do_request_closure, "Ajukan penutupan"), name="api-case-closure-request"),
    path("cases/<int:pk>/closure/approve/", _action(None, _do_approve_closure, "Setujui penutupan (supervisor)"), name="api-case-closure-approve"),
    path("cases/<int:pk>/reopen/", _action(ReopenIn, _do_reopen, "Buka kembali kasus"), name="api-case-reopen"),
    path("cases/<int:pk>/first-response/", _action(None, _do_first_response, "Catat respons pertama"), name="api-case-first-response"),
]

__all__ = ["urlpatterns", "Case"]
