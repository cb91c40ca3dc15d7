from django.urls import path

from . import views

# The namespace stays "core" (the home page was core's before the shell moved to naungan.web):
# `core:home` is the name templates, LOGIN_REDIRECT_URL and bookmarks use.
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]
