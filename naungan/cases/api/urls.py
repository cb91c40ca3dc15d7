"""Routes of the case API."""

from __future__ import annotations

from django.urls import path

from . import actions
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
] + actions.urlpatterns
