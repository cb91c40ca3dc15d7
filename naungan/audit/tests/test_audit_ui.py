import pytest
from rest_framework.test import APIClient

from naungan.accounts.services import organisation_update
from naungan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(pasuruan, blitar):
    organisation_update(actor=pasuruan.users["admin"], organisation=pasuruan.orgs["uptd"], phone="0343-111")
    organisation_update(actor=blitar.users["admin"], organisation=blitar.orgs["uptd"], phone="0342-222")


def test_changes_write_an_audit_event_with_old_and_new_values(pasuruan, events):
    e = AuditEvent.objects.get(action="organisation.update", city_code="35.75")
    assert e.changes == {"phone": ["", "0343-111"]}
    assert e.actor == pasuruan.users["admin"]


def test_auditor_browses_and_filters_its_city(pasuruan, events, login, django_assert_max_num_queries):
    client = login(pasuruan.users["auditor"])
    with django_assert_max_num_queries(10):
        body = client.get("/audit/?action=organisation.").content.decode()
    assert "0343-111" in body and "0342-222" not in body


def test_supervisor_may_read_audit_but_other_roles_may_not(pasuruan, events, login):
    assert login(pasuruan.users["supervisor"]).get("/audit/").status_code == 200
    for key in ["case_manager", "ppt_0", "satgas_0", "analyst", "admin", "partner_police", "community"]:
        assert login(pasuruan.users[key]).get("/audit/").status_code == 404, key


def test_audit_api_is_scoped(pasuruan, blitar, events):
    api = APIClient()
    api.force_authenticate(pasuruan.users["auditor"])
    cities = {e["city_code"] for e in api.get("/api/v1/audit/events/?action=organisation.").json()["results"]}
    assert cities == {"35.75"}
    api.force_authenticate(pasuruan.users["case_manager"])
    assert api.get("/api/v1/audit/events/").status_code == 404


def test_login_is_audited(pasuruan, client):
    client.post("/akun/masuk/", {"username": pasuruan.users["analyst"].username, "password": "pw-test-123456"})
    assert AuditEvent.objects.filter(action="auth.login", actor=pasuruan.users["analyst"]).exists()
