"""Routes of the prevention API."""

from __future__ import annotations

from django.urls import path

from .events import EventDetailView, EventListView
from .families import FamilyDetailView, FamilyListView, FamilyVisitView
from .forums import ForumActivityView, ForumDetailView, ForumListView, ForumMemberView
from .groups import GroupActivityView, GroupDetailView, GroupListView
from .perkasa import PerkasaDetailView, PerkasaListView, PerkasaProgrammeView

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
