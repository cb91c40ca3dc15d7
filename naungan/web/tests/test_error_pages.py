import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_not_found_page_is_indonesian(client, settings):
    settings.DEBUG = False
    r = client.get("/tidak-ada/")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in r.content.decode()


def test_csrf_failure_page_is_indonesian(pasuruan):
    c = Client(enforce_csrf_checks=True)
    c.force_login(pasuruan.users["case_manager"])
    r = c.post("/kasus/baru/", {})
    assert r.status_code == 403 and "Formulir kedaluwarsa" in r.content.decode()
