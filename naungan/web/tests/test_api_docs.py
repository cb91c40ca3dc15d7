"""Finding: /api/docs/ loaded Swagger UI from a CDN with an inline script and was blank under the
CSP. Its files now come from this server and nothing on the page is inline."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_api_docs_load_only_local_files_and_nothing_inline(client):
    r = client.get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "style-src 'self'" in csp
    assert "<style" not in html and "style=" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)  # every script by URL
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert srcs and all(s.startswith("/") and not s.startswith("//") for s in srcs)
    for s in srcs:
        if s.startswith("/static/"):
            assert finders.find(s.removeprefix("/static/").split("?")[0]), s
    init = next(s for s in srcs if "script" in s and not s.startswith("/static/"))
    js = client.get(init)
    assert js.status_code == 200 and "SwaggerUIBundle" in js.content.decode()


@pytest.mark.parametrize("url", ["/akun/masuk/", "/akun/2fa/verifikasi/", "/akun/2fa/aktifkan/"])
def test_login_and_two_factor_pages_carry_no_inline_style(pasuruan, client, url):
    if "2fa" in url:
        client.force_login(pasuruan.users["case_manager"])
    body = client.get(url).content.decode()
    assert "style=" not in body and "<style" not in body
