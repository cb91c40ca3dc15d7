"""Routes of the case API."""

from __future__ import annotations

from django.urls import path

from .actions import (
    AssignIn,
    ClosureIn,
    ReopenIn,
    TransitionIn,
    TriageIn,
    _action,
    _do_approve_closure,
    _do_assign,
    _do_first_response,
    _do_reopen,
    _do_request_closure,
    _do_transition,
    _do_triage,
)
from .cases import CaseDetailView, CaseListView, CaseSearchView
from .duplicates import DuplicatesView
from .persons import PersonDetailView, PersonListView
from .records import AttachmentDownloadView, AttachmentListView, NoteListView

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
