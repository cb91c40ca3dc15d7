import os
import subprocess
import sys

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PW = "pw-test-123456"


def test_login_page_is_in_bahasa_indonesia(client):
    body = client.get("/akun/masuk/").content.decode()
    assert "Masuk ke Naungan" in body and "Kata sandi" in body


def test_login_with_right_password_reaches_home(client, pasuruan):
    r = client.post("/akun/masuk/", {"username": pasuruan.users["case_manager"].username, "password": PW})
    assert r.status_code == 302
    assert "Manajer kasus" in client.get("/").content.decode()


def test_repeated_failed_logins_lock_the_account(client, pasuruan):
    username = pasuruan.users["case_manager"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post("/akun/masuk/", {"username": username, "password": "salah"})
    r = client.post("/akun/masuk/", {"username": username, "password": PW})
    assert r.status_code == 429
    assert "dikunci" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_user_is_sent_to_login(client):
    r = client.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/akun/masuk/")


def _device(user):
    return TOTPDevice.objects.create(user=user, name="t", confirmed=True)


def test_user_with_totp_must_enter_code_after_password(client, pasuruan):
    user = pasuruan.users["supervisor"]
    device = _device(user)
    client.post("/akun/masuk/", {"username": user.username, "password": PW})
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == "/akun/2fa/verifikasi/"
    r = client.post("/akun/2fa/verifikasi/", {"token": "000000" if totp(device.bin_key) != 0 else "111111"})
    assert "Kode tidak cocok" in r.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    r = client.post("/akun/2fa/verifikasi/", {"token": f"{totp(device.bin_key):06d}"})
    assert r.status_code == 302
    assert client.get("/").status_code == 200


def test_enrolment_is_required_for_identity_roles_when_2fa_is_mandatory(client, pasuruan, settings):
    settings.NAUNGAN_REQUIRE_2FA = True
    client.force_login(pasuruan.users["case_manager"])
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == "/akun/2fa/aktifkan/"
    # the data analyst never sees identities and is not forced
    client.force_login(pasuruan.users["analyst"])
    assert client.get("/").status_code == 200


def test_enrolment_confirms_the_device(client, pasuruan):
    user = pasuruan.users["case_manager"]
    client.force_login(user)
    assert client.get("/akun/2fa/aktifkan/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post("/akun/2fa/aktifkan/", {"token": f"{totp(device.bin_key):06d}"})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_session_expires_after_inactivity(client, pasuruan, settings):
    client.force_login(pasuruan.users["case_manager"])
    assert client.get("/").status_code == 200
    session = client.session
    session["naungan_last_seen"] = session["naungan_last_seen"] - settings.SESSION_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    r = client.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/akun/masuk/")
    assert client.get("/").status_code == 302


def test_security_headers_are_sent(client):
    r = client.get("/akun/masuk/")
    assert "default-src 'self'" in r["Content-Security-Policy"]
    assert "script-src 'self'" in r["Content-Security-Policy"]
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_pages_behind_login_are_not_cached(client, pasuruan):
    client.force_login(pasuruan.users["case_manager"])
    assert "no-store" in client.get("/").headers["Cache-Control"]


def test_english_switch(client, pasuruan):
    client.force_login(pasuruan.users["case_manager"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Home" in client.get("/").content.decode()


def _run_settings(env):
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','naungan.config.settings'); django.setup()"
    full = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "NAUNGAN_ENV"}}
    full.update(env)
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60)


def test_production_refuses_the_demo_secret_key_and_debug():
    r = _run_settings({"NAUNGAN_ENV": "production"})
    assert r.returncode != 0
    assert "Refusing to start in production" in r.stderr and "SECRET_KEY" in r.stderr
    r = _run_settings({"NAUNGAN_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "1",
                       "NAUNGAN_FIELD_KEYS": "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=", "NAUNGAN_BLIND_INDEX_KEY": "k" * 40})
    assert r.returncode != 0 and "DEBUG is on" in r.stderr


def test_production_starts_with_proper_configuration():
    r = _run_settings({"NAUNGAN_ENV": "production", "SECRET_KEY": "x7Hq-k2v9R-m4pT-b8nW-c3jL-" * 2, "DATABASE_URL": "postgres://n@127.0.0.1/n",
                       "NAUNGAN_FIELD_KEYS": "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=", "NAUNGAN_BLIND_INDEX_KEY": "k" * 40,
                       "NAUNGAN_PIN_KEYS": "p" * 40})
    assert r.returncode == 0, r.stderr


def test_indonesian_is_the_default_whatever_the_browser_says(client):
    body = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Masuk ke Naungan" in body


def test_a_password_only_session_cannot_use_the_api_of_an_enrolled_user(client, pasuruan):
    user = pasuruan.users["supervisor"]
    _device(user)
    client.post("/akun/masuk/", {"username": user.username, "password": PW})
    r = client.get("/api/v1/me/")
    assert r.status_code == 403 and "dua langkah" in r.json()["detail"]
