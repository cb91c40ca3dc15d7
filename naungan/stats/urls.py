from django.urls import path, re_path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("monev/", views.monitoring_view, name="monitoring"),
    path("wilayah/", views.area_view, name="area"),
    path("kinerja/", views.kpi_view, name="kpi"),
    path("ekspor/", views.export_view, name="export"),
    path("ekspor/langsung.csv", views.export_stream_view, name="export_stream"),
    path("ekspor/<int:pk>/", views.export_job_view, name="export_job"),
    path("ekspor/<int:pk>/unduh/", views.export_download_view, name="export_download"),
    re_path(r"^publik/(?P<city_code>\d{2}\.\d{2})/$", views.public_view, name="public"),
]
