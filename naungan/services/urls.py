from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("kasus/<int:case_id>/", views.case_services_view, name="case"),
    path("kasus/<int:case_id>/aksi/<slug:action>/", views.case_services_action, name="case_action"),
    path("rujukan/", views.referral_inbox_view, name="inbox"),
    path("rujukan/<int:pk>/", views.referral_detail_view, name="referral"),
    path("rujukan/<int:pk>/surat.pdf", views.referral_pdf_view, name="referral_pdf"),
    path("rujukan/<int:pk>/aksi/<slug:action>/", views.referral_action_view, name="referral_action"),
    path("surat/<str:token>/", views.letter_verify_view, name="letter_verify"),
    path("mitra/", views.directory_view, name="directory"),
    path("mitra/<int:org_id>/", views.agency_profile_view, name="agency"),
    path("rumah-aman/", views.shelters_view, name="shelters"),
    path("koordinasi/", views.coordination_view, name="coordination"),
]
