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


@pytest.mark.parametrize("path", ["/api/v1/cases/abc/", "/api/v1/cases/1/tidak-ada/", "/api/v1/tidak-ada/"])
def test_api_paths_that_match_no_route_answer_json_404_with_a_message(pasuruan, path):
    """Fuzzing finding: a path under /api/ that no URL pattern matches (a non-numeric id) answered
    the HTML page, which an API client cannot read. It is a JSON 404 with a `detail` now."""
    c = Client()
    c.force_login(pasuruan.users["case_manager"])
    for method in ("get", "post"):
        r = getattr(c, method)(path)
        assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
        assert r.json()["detail"] == "Data tidak ditemukan."


def test_api_json_errors_for_denied_bad_request_and_server_error(rf):
    from naungan.web import error_views

    for view, status in ((error_views.bad_request, 400), (error_views.permission_denied, 403), (error_views.server_error, 500)):
        api = view(rf.get("/api/v1/cases/")) if view is error_views.server_error else view(rf.get("/api/v1/cases/"), Exception())
        assert api.status_code == status and api["Content-Type"] == "application/json" and b'"detail"' in api.content
    page = error_views.page_not_found(rf.get("/tidak-ada/"), Exception())
    assert page.status_code == 404 and b"Halaman tidak ditemukan" in page.content


def test_pages_keep_the_html_error_page(client):
    r = client.get("/kasus/abc/")
    assert r.status_code in (302, 404) and not r["Content-Type"].startswith("application/json")
