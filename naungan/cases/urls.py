from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("baru/", views.case_create_view, name="create"),
    path("baru/orang/", views.intake_person_fragment_view, name="intake_person"),
    path("notifikasi/", views.notification_list_view, name="notifications"),
    path("<int:pk>/", views.case_detail_view, name="detail"),
    path("<int:pk>/identitas/", views.case_reveal_view, name="reveal"),
    path("<int:pk>/ringkasan.pdf", views.case_summary_pdf_view, name="summary_pdf"),
    path("<int:pk>/ubah/", views.case_edit_view, name="edit"),
    path("<int:pk>/lampiran/<int:attachment_id>/", views.attachment_download_view, name="attachment"),
    path("<int:pk>/aksi/<slug:action>/", views.case_action_view, name="action"),
]
