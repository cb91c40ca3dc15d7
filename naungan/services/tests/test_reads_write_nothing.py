"""Finding: opening the rights tracker (page or API) inserted rows without an audit event. A read
now writes nothing; the first change of a right creates it, audited."""

import pytest
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.cases.tests.factories import CaseFactory
from naungan.services.models import RightRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(pasuruan):
    return CaseFactory(forms=["seksual"], is_tpks=True, chronology="x", persons=[{"role": "victim", "name": "Ayu", "estimated_age": 12, "sex": "P"}])


def test_reading_the_rights_tracker_writes_nothing(pasuruan, case, login):
    cm = pasuruan.users["case_manager"]
    events = AuditEvent.objects.exclude(action__endswith="view").count()
    body = login(cm).get(f"/layanan/kasus/{case.pk}/").content.decode()
    assert 'name="right" value="pendidikan"' in body  # the tracker shows every right, unsaved
    api = APIClient()
    api.force_authenticate(cm)
    rows = api.get(f"/api/v1/cases/{case.pk}/rights/").json()
    assert {r["right"] for r in rows} >= {"pendidikan", "penanganan"} and all(r["id"] is None for r in rows)
    assert not RightRecord.objects.exists()
    assert AuditEvent.objects.exclude(action__endswith="view").count() == events


def test_the_first_change_of_a_right_creates_it_audited_on_the_page_and_the_api(pasuruan, case, login):
    cm = pasuruan.users["case_manager"]
    victim = case.persons.get(role="victim")
    r = login(cm).post(f"/layanan/kasus/{case.pk}/aksi/hak/", {"person": victim.pk, "right": "pendidikan", "status": "in_progress"})
    assert r.status_code == 302
    rec = RightRecord.objects.get()
    assert rec.status == "in_progress"
    assert AuditEvent.objects.filter(action="right.create", object_id=str(rec.pk)).exists()
    assert AuditEvent.objects.filter(action="right.update", object_id=str(rec.pk)).exists()
    api = APIClient()
    api.force_authenticate(cm)
    r = api.post(f"/api/v1/cases/{case.pk}/rights/", {"person": victim.pk, "right": "penanganan", "status": "fulfilled"}, format="json")
    assert r.status_code == 200 and r.json()["id"] and r.json()["status"] == "fulfilled"
    r = api.post(f"/api/v1/cases/{case.pk}/rights/", {"person": victim.pk, "right": "bukan-hak", "status": "fulfilled"}, format="json")
    assert r.status_code == 400 and r.json()["detail"]


@pytest.mark.parametrize("key", ["ppt_1", "analyst", "partner_police"])
def test_setting_a_right_out_of_scope_is_404(pasuruan, case, key):
    api = APIClient()
    api.force_authenticate(pasuruan.users[key])
    victim = case.persons.get(role="victim")
    assert api.post(f"/api/v1/cases/{case.pk}/rights/", {"person": victim.pk, "right": "pendidikan", "status": "fulfilled"}, format="json").status_code == 404
    assert not RightRecord.objects.exists()
