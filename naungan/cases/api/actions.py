"""Case actions: transition, triage, assignment, closure, reopening, first response."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from naungan.accounts.models import User
from naungan.core.errors import DomainError

from .. import services as S
from ..models import Status
from ..selectors import case_get
from .cases import CaseDetailOut


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
    return User.objects.filter(pk=uid).first() if uid else None


def _do_transition(request, case, d):
    S.case_transition(actor=request.user, case=case, to=d["to"])


def _do_triage(request, case, d):
    S.case_triage(actor=request.user, case=case, risk=d["risk"], case_type=d.get("case_type", ""), authority=d.get("authority", "kota") or "kota")


def _do_assign(request, case, d):
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


# Routes of the case actions (added to the API's routes in urls.py).
urlpatterns = [
    path("cases/<int:pk>/transition/", _action(TransitionIn, _do_transition, "Ubah status alur kerja"), name="api-case-transition"),
    path("cases/<int:pk>/triage/", _action(TriageIn, _do_triage, "Triase: risiko, jenis, kewenangan"), name="api-case-triage"),
    path("cases/<int:pk>/assign/", _action(AssignIn, _do_assign, "Tugaskan manajer kasus / Satgas"), name="api-case-assign"),
    path("cases/<int:pk>/closure/request/", _action(ClosureIn, _do_request_closure, "Ajukan penutupan"), name="api-case-closure-request"),
    path("cases/<int:pk>/closure/approve/", _action(None, _do_approve_closure, "Setujui penutupan (supervisor)"), name="api-case-closure-approve"),
    path("cases/<int:pk>/reopen/", _action(ReopenIn, _do_reopen, "Buka kembali kasus"), name="api-case-reopen"),
    path("cases/<int:pk>/first-response/", _action(None, _do_first_response, "Catat respons pertama"), name="api-case-first-response"),
]
