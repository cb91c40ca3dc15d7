from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.request_list_view, name="requests"),
    path("permintaan/baru/", views.request_new_view, name="request_new"),
    path("permintaan/<int:pk>/", views.request_detail_view, name="request_detail"),
    path("permintaan/<int:pk>/salinan/", views.request_copy_view, name="request_copy"),
    path("retensi/", views.retention_view, name="retention"),
]
