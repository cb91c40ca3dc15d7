"""Headers and sessions, for every page: CSP, frames, referrer, nosniff, HSTS (production
profile), cookie flags, no-store behind login, and no identity in any URL a page generates."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as dj_settings
from django.test import Client

from naungan.web.tests.routes import all_routes

pytestmark = pytest.mark.django_db

# Routes without arguments that answer a GET with a page (the rest need a record: the access
# matrix walks those). Some are not pages (downloads, scripts), they are checked for headers only.
NOT_A_PAGE = {"accounts:logout", "healthz", "whatsapp:webhook", "set_language", "service-worker", "manifest",
              "api-schema", "stats:export_stream", "field:key"}


# The same bytes for everyone, no identity: the service worker must be revalidated (no-cache), the
# manifest and the offline page may be cached.
IDENTITY_FREE_ASSETS = {"service-worker", "manifest", "field:offline", "api-schema", "api-docs"}


def _get_routes():
    return [r for r in all_routes() if not r.has_args and not r.route.startswith("api/v1/")]


def _assert_security_headers(r, path):
    csp = r.get("Content-Security-Policy", "")
    if r.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert r.get("X-Frame-Options") == "DENY", path
    assert r.get("X-Content-Type-Options") == "nosniff", path
    assert r.get("Referrer-Policy") == "same-origin", path


def test_every_page_sends_the_security_headers_anonymous_and_signed_in(pasuruan, client, login):
    routes = _get_routes()
    assert len(routes) > 40
    seen = 0
    for c in (client, login(pasuruan.users["supervisor"])):
        for route in routes:
            path = "/" + route.route
            r = c.get(path)
            assert r.status_code < 500, path
            _assert_security_headers(r, path)
            seen += 1
    print(f"\nheaders checked on {seen} responses")


@pytest.mark.parametrize("key", ["case_manager", "supervisor", "admin", "ppt_0", "partner_police", "community", "analyst", "auditor"])
def test_every_page_behind_login_is_no_store(pasuruan, login, key):
    c = login(pasuruan.users[key])
    for route in _get_routes():
        path = "/" + route.route
        r = c.get(path)
        if r.status_code == 200 and route.name not in IDENTITY_FREE_ASSETS:
            assert "no-store" in r.get("Cache-Control", ""), path


def test_session_and_csrf_cookies_are_httponly_samesite(pasuruan, client):
    r = client.get("/akun/masuk/")
    csrf = r.cookies[dj_settings.CSRF_COOKIE_NAME]
    assert csrf["samesite"] == "Lax"
    r = client.post("/akun/masuk/", {"username": pasuruan.users["supervisor"].username, "password": "pw-test-123456"})
    s = r.cookies[dj_settings.SESSION_COOKIE_NAME]
    assert s["httponly"] and s["samesite"] == "Lax"
    # the session id changes at login (no fixation)
    assert s.value and s.value != client.cookies.get("sessionid_before", "")


def _production_settings() -> dict:
    code = ("import django, os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE','naungan.config.settings'); django.setup();"
            "from django.conf import settings as s;"
            "print(json.dumps({k: getattr(s, k, None) for k in ['SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT',"
            "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SECURE_PROXY_SSL_HEADER','DEBUG']}))")
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "NAUNGAN_ENV"}}
    env.update({"NAUNGAN_ENV": "production", "SECRET_KEY": "x7Hq-k2v9R-m4pT-b8nW-c3jL-" * 2, "DATABASE_URL": "postgres://n@127.0.0.1/n",
                "NAUNGAN_FIELD_KEYS": "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=", "NAUNGAN_BLIND_INDEX_KEY": "k" * 40,
                "NAUNGAN_PIN_KEYS": "p" * 40})
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=dj_settings.BASE_DIR, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_production_profile_sends_hsts_and_secure_cookies(pasuruan, settings):
    prod = _production_settings()
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000 and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and prod["SECURE_SSL_REDIRECT"]
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"] and not prod["DEBUG"]
    for k in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        setattr(settings, k, prod[k])
    settings.SECURE_PROXY_SSL_HEADER = tuple(prod["SECURE_PROXY_SSL_HEADER"])
    c = Client()
    assert c.get("/akun/masuk/").status_code == 301  # plain HTTP is sent to HTTPS
    r = c.get("/akun/masuk/", HTTP_X_FORWARDED_PROTO="https")
    assert r.status_code == 200 and "max-age=31536000" in r["Strict-Transport-Security"] and "includeSubDomains" in r["Strict-Transport-Security"]
    assert r.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    r = c.post("/akun/masuk/", {"username": pasuruan.users["supervisor"].username, "password": "pw-test-123456"}, HTTP_X_FORWARDED_PROTO="https")
    assert r.cookies[settings.SESSION_COOKIE_NAME]["secure"] and r.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


URL_ATTR = re.compile(r'(?:href|src|action|hx-get|hx-post|data-url)="([^"]*)"')


def test_no_identity_appears_in_any_url_the_pages_generate(pasuruan, login):
    """A case with a victim, a reporter and a perpetrator; every page a case manager and a
    supervisor can open from the routes (and the case's own pages) is read, and no URL in it
    holds a name, NIK, phone or street of anyone."""
    from naungan.cases.services import case_register

    secrets = {"Wulandari", "Sutrisno", "3575014503140001", "081299887766", "6281299887766", "Kenanga"}
    case = case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd",
                         kelurahan_code=pasuruan.kelurahan[0].code, forms=["fisik"], chronology="Korban dipukul.",
                         persons=[{"role": "victim", "name": "Rina Wulandari", "nik": "3575014503140001", "phone": "081299887766",
                                   "street": "Jl. Kenanga 7", "estimated_age": 12, "sex": "P"},
                                  {"role": "perpetrator", "name": "Budi Sutrisno", "estimated_age": 40, "sex": "L"}])
    paths = ["/" + r.route for r in _get_routes()] + [f"/kasus/{case.pk}/", f"/kasus/{case.pk}/ubah/", f"/layanan/kasus/{case.pk}/",
                                                      "/kasus/?q=Wulandari", f"/api/v1/cases/{case.pk}/"]
    checked = 0
    for key in ("case_manager", "supervisor"):
        c = login(pasuruan.users[key])
        for path in [*paths, ("POST", f"/kasus/{case.pk}/identitas/")]:
            r = c.post(path[1]) if isinstance(path, tuple) else c.get(path)
            if r.status_code != 200 or getattr(r, "streaming", False):
                continue
            body = r.content.decode("utf-8", "replace")
            for url in URL_ATTR.findall(body) + ([r["Location"]] if r.has_header("Location") else []):
                checked += 1
                assert not any(s.lower() in url.lower() for s in secrets), (path, url)
            if path == ("POST", f"/kasus/{case.pk}/identitas/"):
                assert "Wulandari" in body  # the revealed page shows the name — just never in a URL
    assert checked > 200
    print(f"\n{checked} generated URLs checked for identities")
