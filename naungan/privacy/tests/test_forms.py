"""The privacy register's pages parse their posts with forms: a bad date, id, version or number is
a message in Bahasa Indonesia on the page (200), never a server error; good input goes through."""

from datetime import datetime

import pytest
from django.utils import timezone

from naungan.privacy.models import DataSubjectRequest, RetentionPolicy

pytestmark = pytest.mark.django_db

NEW = {"city_code": "35.75", "kind": "erasure", "requester_relation": "subjek", "requester_name": "Bu Warsini"}


def test_a_bad_received_date_is_a_message_and_a_good_one_is_kept(pasuruan, login):
    c = login(pasuruan.users["supervisor"])
    r = c.post("/privasi/permintaan/baru/", {**NEW, "received_at": "kemarin sore"})
    assert r.status_code == 200 and "Tanggal tidak valid." in r.content.decode()
    assert "Bu Warsini" in r.content.decode()  # what was typed comes back
    assert not DataSubjectRequest.objects.exists()
    r = c.post("/privasi/permintaan/baru/", {**NEW, "received_at": "2026-11-30T09:15"})
    req = DataSubjectRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/privasi/permintaan/{req.pk}/"
    assert req.received_at == timezone.make_aware(datetime(2026, 11, 30, 9, 15))


@pytest.mark.parametrize("data", [{"form": "tautkan", "person": "satu"}, {"form": "putuskan", "approve": "1", "version": "v2"}])
def test_an_id_or_version_that_is_no_number_is_a_message_not_a_500(pasuruan, login, data):
    c = login(pasuruan.users["supervisor"])
    c.post("/privasi/permintaan/baru/", NEW)
    req = DataSubjectRequest.objects.get()
    r = c.post(f"/privasi/permintaan/{req.pk}/", data)
    assert r.status_code == 200 and "Nilai tidak valid." in r.content.decode()
    req.refresh_from_db()
    assert req.status == "received" and not req.subjects.exists()


def test_a_retention_number_that_is_no_number_is_a_message(pasuruan, login):
    c = login(pasuruan.users["admin"])
    r = c.post("/privasi/retensi/", {"form": "aturan", "kota": "35.75", "closed_case_identity_years": "tujuh"})
    assert r.status_code == 200 and "Nilai tidak valid." in r.content.decode()
    assert RetentionPolicy.objects.get(city_id="35.75").closed_case_identity_years != 0
    s = login(pasuruan.users["supervisor"])
    r = s.post("/privasi/retensi/", {"form": "lepas", "kota": "35.75", "hold": "x"})
    assert r.status_code == 200 and "Nilai tidak valid." in r.content.decode()
