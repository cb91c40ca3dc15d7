from django.urls import path

from . import views

app_name = "survivor"

urlpatterns = [
    path("", views.enter_view, name="enter"),
    path("lihat/", views.view_view, name="view"),
    path("kontak-aman/", views.survivor_safe_contact_view, name="safe_contact"),
    path("keluar/", views.leave_view, name="leave"),
    path("petugas/kasus/<int:case_id>/kode/", views.access_issue_view, name="issue"),
    path("petugas/kasus/<int:case_id>/jadwal/", views.appointment_add_view, name="appointment_add"),
    path("petugas/kasus/<int:case_id>/jadwal/<int:appointment_id>/", views.appointment_update_view, name="appointment_update"),
    path("petugas/kasus/<int:case_id>/kontak-aman/", views.staff_safe_contact_view, name="staff_safe_contact"),
]
