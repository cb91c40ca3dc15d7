import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naungan.reporting import pins
from naungan.reporting import services as S
from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db


def test_a_new_report_stores_a_keyed_hash_of_its_pin_bound_to_its_code(submit, settings):
    code, pin = submit()
    stored = Report.objects.get(tracking_code=code).pin_hash
    assert stored.startswith("hmac1$") and pin not in stored
    assert pins.check_pin(code, pin, stored)
    assert not pins.check_pin("NGN-AAAA-AAAA", pin, stored)  # the same PIN under another code
    settings.PIN_KEYS = ["another-key-that-the-database-does-not-know-0123"]
    assert not pins.check_pin(code, pin, stored)  # without the key the hash opens nothing


def test_the_status_check_accepts_the_right_pin_and_refuses_a_wrong_one(submit):
    code, pin = submit()
    assert S.report_check(code=code, pin=pin).tracking_code == code
    assert S.report_check(code=code, pin=f" {pin} ").tracking_code == code
    with pytest.raises(S.DomainError, match="PIN salah"):
        S.report_check(code=code, pin="000000" if pin != "000000" else "111111")


def test_a_password_hasher_pin_is_migrated_on_the_first_successful_check(submit):
    code, pin = submit()
    old = make_password(pin)  # the password hasher of settings (PBKDF2 in production)
    Report.objects.filter(tracking_code=code).update(pin_hash=old)
    with pytest.raises(S.DomainError):
        S.report_check(code=code, pin="000000" if pin != "000000" else "111111")
    assert Report.objects.get(tracking_code=code).pin_hash == old  # a wrong PIN migrates nothing
    S.report_check(code=code, pin=pin)
    stored = Report.objects.get(tracking_code=code).pin_hash
    assert stored.startswith("hmac1$") and pins.check_pin(code, pin, stored)
    with CaptureQueriesContext(connection) as q:
        S.report_check(code=code, pin=pin)
    assert not any(s["sql"].lstrip().upper().startswith("UPDATE") for s in q.captured_queries)  # nothing left to migrate


def test_the_pin_key_rotates_old_hashes_verify_and_move_to_the_new_key(submit, settings):
    settings.PIN_KEYS = ["old-pin-key-0123456789-0123456789-0123"]
    code, pin = submit()
    old = Report.objects.get(tracking_code=code).pin_hash
    settings.PIN_KEYS = ["new-pin-key-0123456789-0123456789-0123", "old-pin-key-0123456789-0123456789-0123"]
    assert pins.needs_rehash(old)
    S.report_check(code=code, pin=pin)
    new = Report.objects.get(tracking_code=code).pin_hash
    assert new != old and not pins.needs_rehash(new)
    settings.PIN_KEYS = ["new-pin-key-0123456789-0123456789-0123"]
    assert S.report_check(code=code, pin=pin).tracking_code == code


def test_an_expired_or_malformed_hash_never_matches():
    assert not pins.check_pin("NGN-AAAA-AAAA", "123456", "!expired")
    assert not pins.check_pin("NGN-AAAA-AAAA", "123456", "")
    assert not pins.check_pin("NGN-AAAA-AAAA", "123456", "hmac1$deadbeef$00")
    assert not pins.check_pin("NGN-AAAA-AAAA", "123456", "hmac1")


def test_the_comparison_is_constant_time(monkeypatch):
    import hmac as hmac_module

    calls = []
    real = hmac_module.compare_digest
    monkeypatch.setattr(pins.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    stored = pins.hash_pin("NGN-AAAA-AAAA", "123456")
    assert pins.check_pin("NGN-AAAA-AAAA", "123456", stored)
    assert len(calls) == 2  # key id and digest, both through hmac.compare_digest


def test_the_portal_limits_come_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "NAUNGAN_PORTAL_SUBMIT_RATE": "1000/m", "NAUNGAN_PORTAL_SUBMIT_RATE_GLOBAL": "100000/h",
           "NAUNGAN_PORTAL_STATUS_RATE": "50/m"}
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'naungan.config.settings'); django.setup();"
            "from django.conf import settings as s;"
            "print(s.PORTAL_SUBMIT_RATE_PER_CLIENT, s.PORTAL_SUBMIT_RATE_GLOBAL, s.PORTAL_STATUS_RATE_PER_CLIENT)")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60)
    assert r.stdout.split() == ["1000/m", "100000/h", "50/m"], r.stderr


def test_raised_limits_let_the_api_take_more_reports_per_client(pasuruan, settings):
    from rest_framework.test import APIClient

    settings.PORTAL_SUBMIT_RATE_PER_CLIENT = "12/m"
    api = APIClient()
    body = {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "what": ["dipukul"]}
    statuses = [api.post("/api/v1/public/reports/", body, format="json").status_code for _ in range(13)]
    assert statuses == [201] * 12 + [428]  # over the limit: a proof-of-work challenge, never a refusal


def test_production_requires_a_pin_key(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAUNGAN_", "SECRET_KEY", "DEBUG"))}
    env.update({"NAUNGAN_ENV": "production", "SECRET_KEY": "x7Hq-k2v9R-m4pT-b8nW-c3jL-" * 2, "DATABASE_URL": "postgres://n@127.0.0.1/n",
                "NAUNGAN_FIELD_KEYS": "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=", "NAUNGAN_BLIND_INDEX_KEY": "k" * 40})
    code = "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'naungan.config.settings'); import django; django.setup()"
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60)
    assert r.returncode != 0 and "NAUNGAN_PIN_KEYS" in r.stderr
    env["NAUNGAN_PIN_KEYS"] = "p" * 40
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60)
    assert r.returncode == 0, r.stderr
