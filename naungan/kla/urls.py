from django.urls import path

from . import views

app_name = "kla"

urlpatterns = [
    path("", views.evaluation_list_view, name="list"),
    path("evaluasi/<int:pk>/", views.evaluation_view, name="evaluation"),
    path("evaluasi/<int:pk>/laporan.pdf", views.evaluation_pdf_view, name="pdf"),
    path("evaluasi/<int:pk>/pindah-set/", views.evaluation_move_view, name="move"),
    path("perbandingan/", views.comparison_view, name="comparison"),
    path("indikator/", views.indicator_sets_view, name="indicators"),
    path("indikator/<int:pk>/ekspor.json", views.indicator_set_export_view, name="indicator_export"),
    path("dekela/", views.dekela_view, name="dekela"),
]
