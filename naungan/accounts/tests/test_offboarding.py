"""Offboarding: a city administrator ends a membership or disables an account; the user's
sessions and API tokens end at once, and it is audited."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from naungan.accounts.models import Membership
from naungan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _signed_in(user) -> tuple[Client, APIClient]:
    browser = Client()
    browser.force_login(user)
    token = Token.objects.create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert browser.get("/kasus/").status_code == 200 and api.get("/api/v1/me/").status_code == 200
    return browser, api


def test_city_admin_disables_an_account_and_every_session_and_token_ends_at_once(pasuruan, login):
    cm = pasuruan.users["case_manager"]
    browser, api = _signed_in(cm)
    admin = login(pasuruan.users["admin"])
    page = admin.get(f"/akun/pengguna/{cm.pk}/").content.decode()
    assert "Nonaktifkan akun ini" in page and cm.username in page
    assert admin.post(f"/akun/pengguna/{cm.pk}/", {"action": "nonaktifkan"}).status_code == 302
    cm.refresh_from_db()
    assert not cm.is_active and not Membership.objects.filter(user=cm, active=True).exists()
    assert browser.get("/kasus/").status_code == 302  # back to the login page
    assert api.get("/api/v1/me/").status_code in (401, 403) and not Token.objects.filter(user=cm).exists()
    ev = AuditEvent.objects.get(action="user.deactivate")
    assert ev.actor == pasuruan.users["admin"] and ev.changes["sessions_ended"] == [None, 1] and ev.changes["tokens_deleted"] == [None, 1]
    assert "Akun nonaktif" in admin.get(f"/akun/pengguna/{cm.pk}/").content.decode()


def test_revoking_one_membership_ends_sessions_and_tokens_and_is_audited(pasuruan, login):
    ppt = pasuruan.users["ppt_0"]
    browser, api = _signed_in(ppt)
    m = Membership.objects.get(user=ppt, active=True)
    admin = login(pasuruan.users["admin"])
    assert admin.post(f"/akun/pengguna/{ppt.pk}/", {"action": "cabut", "membership": m.pk}).status_code == 302
    m.refresh_from_db()
    assert not m.active
    assert browser.get("/kasus/").status_code == 302 and api.get("/api/v1/me/").status_code in (401, 403)
    assert AuditEvent.objects.filter(action="membership.revoke", object_id=str(m.pk)).exists()


def test_offboarding_through_the_api(pasuruan):
    satgas = pasuruan.users["satgas_0"]
    _browser, old = _signed_in(satgas)
    admin = APIClient()
    admin.force_authenticate(pasuruan.users["admin"])
    r = admin.post(f"/api/v1/users/{satgas.pk}/deactivate/")
    assert r.status_code == 200 and r.json() == {"memberships": 1, "sessions": 1, "tokens": 1}
    assert old.get("/api/v1/me/").status_code in (401, 403)
    ppt = pasuruan.users["ppt_1"]
    m = Membership.objects.get(user=ppt, active=True)
    assert admin.post(f"/api/v1/memberships/{m.pk}/revoke/").status_code == 204
    assert admin.post(f"/api/v1/memberships/{m.pk}/revoke/").status_code == 404  # already ended


@pytest.mark.parametrize("key", ["supervisor", "case_manager", "auditor", "analyst"])
def test_only_the_city_admin_may_offboard(pasuruan, login, key):
    target = pasuruan.users["ppt_0"]
    client = login(pasuruan.users[key])
    assert client.get(f"/akun/pengguna/{target.pk}/").status_code == 404
    assert client.post(f"/akun/pengguna/{target.pk}/", {"action": "nonaktifkan"}).status_code == 404
    api = APIClient()
    api.force_authenticate(pasuruan.users[key])
    assert api.post(f"/api/v1/users/{target.pk}/deactivate/").status_code == 404
    assert api.post(f"/api/v1/memberships/{target.memberships.get().pk}/revoke/").status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_the_admin_of_another_city_gets_404(pasuruan, blitar, login):
    target = pasuruan.users["case_manager"]
    client = login(blitar.users["admin"])
    assert client.get(f"/akun/pengguna/{target.pk}/").status_code == 404
    assert client.post(f"/akun/pengguna/{target.pk}/", {"action": "nonaktifkan"}).status_code == 404
    api = APIClient()
    api.force_authenticate(blitar.users["admin"])
    assert api.post(f"/api/v1/users/{target.pk}/deactivate/").status_code == 404
    assert api.post(f"/api/v1/memberships/{target.memberships.get().pk}/revoke/").status_code == 404


def test_an_admin_cannot_disable_themselves(pasuruan, login):
    admin = pasuruan.users["admin"]
    r = login(admin).post(f"/akun/pengguna/{admin.pk}/", {"action": "nonaktifkan"}, follow=True)
    assert "akun Anda sendiri" in r.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
