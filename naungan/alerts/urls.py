from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list_view, name="list"),
    path("aturan/", views.rule_list_view, name="rules"),
    path("<int:pk>/", views.alert_detail_view, name="detail"),
    path("kasus/<int:case_id>/tempat/", views.place_tag_view, name="place_tag"),
]
