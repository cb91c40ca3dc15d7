from django.urls import path, re_path

from . import views

app_name = "reporting"

CITY = r"(?P<city_code>\d{2}\.\d{2})"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("terkirim/", views.thanks_view, name="thanks"),
    path("status/", views.status_view, name="status"),
    path("tantangan/", views.challenge_view, name="challenge"),
    path("komunitas/", views.community_view, name="community"),
    path("antrean/", views.queue_view, name="queue"),
    path("antrean/<int:pk>/", views.report_detail_view, name="detail"),
    path("antrean/<int:pk>/berkas/", views.report_attachment_view, name="attachment"),
    path("antrean/<int:pk>/aksi/<slug:action>/", views.report_action_view, name="action"),
    re_path(rf"^{CITY}/$", views.public_report_form_view, name="form"),
    re_path(rf"^{CITY}/anak/$", views.report_form_child_view, name="form_child"),
]
