from django.urls import path

from . import views

app_name = "prevention"

urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("sosialisasi/", views.events_view, name="events"),
    path("forum-anak/", views.forums_view, name="forums"),
    path("kelompok/", views.groups_view, name="groups"),
    path("keluarga/", views.families_view, name="families"),
    path("keluarga/<int:pk>/", views.family_detail_view, name="family"),
    path("perkasa/", views.perkasa_view, name="perkasa"),
]
