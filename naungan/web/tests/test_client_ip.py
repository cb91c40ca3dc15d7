"""One source for the client address (rate limits, lockout, audit origin), trusted-proxy aware."""

import pytest
from django.test import RequestFactory

from naungan.audit.models import AuditEvent
from naungan.core.clientip import client_ip

rf = RequestFactory()


def _req(peer, xff=None):
    extra = {"REMOTE_ADDR": peer}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.NAUNGAN_TRUSTED_PROXIES = []
    assert client_ip(_req("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_the_trusted_proxy_the_forwarded_address_is_the_client(settings):
    settings.NAUNGAN_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert client_ip(_req("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    assert client_ip(_req("::1", "2001:db8::5")) == "2001:db8::5"
    # a client talking to the app server directly cannot name its own address
    assert client_ip(_req("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    # a chain longer than the configured proxies is not believed
    assert client_ip(_req("127.0.0.1", "1.1.1.1, 198.51.100.1")) == "127.0.0.1"


def test_a_cdn_in_front_of_the_proxy_is_counted(settings):
    settings.NAUNGAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.NAUNGAN_PROXY_COUNT = 1
    assert client_ip(_req("10.0.0.2", "198.51.100.1, 192.0.2.10")) == "198.51.100.1"


@pytest.mark.django_db
def test_audit_origin_rate_limits_and_lockout_see_the_same_client(settings, pasuruan, client):
    settings.NAUNGAN_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.AXES_FAILURE_LIMIT = 2
    # lockout: two clients behind one proxy are two clients
    for _ in range(2):
        client.post("/akun/masuk/", {"username": "manajer.3575", "password": "wrong"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
    r = client.post("/akun/masuk/", {"username": pasuruan.users["case_manager"].username, "password": "pw-test-123456"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert r.status_code == 302
    ev = AuditEvent.objects.filter(action="auth.login").latest("seq")
    assert ev.origin["ip"] == "198.51.100.2"


@pytest.mark.django_db
def test_api_throttles_ignore_a_forged_forwarded_header(settings, client):
    """DRF's own get_ident believes any X-Forwarded-For; a fresh forged value per request would
    give a fresh counter. Ours does not."""
    settings.NAUNGAN_TRUSTED_PROXIES = []
    codes = [client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, REMOTE_ADDR="203.0.113.9",
                         HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(12)]
    assert 429 in codes
