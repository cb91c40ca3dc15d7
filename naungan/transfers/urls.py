from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("", views.transfer_list_view, name="list"),
    path("minta/", views.transfer_request_view, name="request"),
    path("kasus/<int:case_id>/kirim/", views.transfer_send_view, name="send"),
    path("<int:pk>/", views.transfer_detail_view, name="detail"),
    path("<int:pk>/aksi/<slug:action>/", views.transfer_action_view, name="action"),
]
