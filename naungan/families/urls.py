from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("", views.family_list_view, name="list"),
    path("kasus/<int:case_id>/buat/", views.family_create_view, name="create"),
    path("<int:pk>/", views.family_detail_view, name="detail"),
    path("<int:pk>/tambah/", views.family_add_view, name="add"),
    path("<int:pk>/lepas/<int:case_id>/", views.family_remove_view, name="remove"),
    path("<int:pk>/pendampingan/", views.family_accompaniment_view, name="accompaniment"),
]
