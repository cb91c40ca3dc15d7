from django.urls import path

from . import views

app_name = "field"

urlpatterns = [
    path("kunci/", views.key_view, name="key"),
    path("formulir/pengaduan/", views.intake_shell_view, name="shell_intake"),
    path("formulir/sosialisasi/", views.outreach_shell_view, name="shell_outreach"),
    path("luring/", views.offline_view, name="offline"),
    path("selesaikan/", views.resolve_list_view, name="resolve_list"),
    path("selesaikan/<int:pk>/", views.resolve_view, name="resolve"),
    path("notifikasi/", views.push_view, name="push"),
]
