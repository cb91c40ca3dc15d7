"""The service worker and the manifest live at the root so the worker's scope is the whole site."""

from django.urls import path

from . import views

urlpatterns = [
    path("sw.js", views.service_worker_view, name="service-worker"),
    path("manifest.webmanifest", views.manifest_view, name="manifest"),
]
