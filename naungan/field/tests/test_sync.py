"""Offline drafts on the server side: key, identity-free shells, sync with client ids, re-validation,
conflicts with both versions, resolution, scope."""

import uuid
from datetime import date

import pytest
from django.db import connection

from naungan.audit.models import AuditEvent
from naungan.cases import services as CS
from naungan.cases.models import Case, CaseEvent
from naungan.field.models import FieldSubmission
from naungan.prevention import services as PS
from naungan.prevention.models import FamilyVisit, OutreachEvent

pytestmark = pytest.mark.django_db
SYNC = "/api/v1/field/drafts/"


def intake_fields(pasuruan, name="Siti Aminah", **extra):
    f = {"channel": "datang_ppt", "received_at": "2026-06-01T10:00", "kelurahan": pasuruan.kelurahan[0].code, "place": "rumah_tangga",
         "forms_": "fisik", "chronology": "Dipukul di rumah", "v_name": name, "v_sex": "P", "v_estimated_age": "12",
         "v_phone": "081298765432", "action": "periksa", "csrfmiddlewaretoken": "stale"}
    f.update(extra)
    return [[k, v] for k, v in f.items()]


def send(c, kind, fields, client_id=None, target_id=None):
    body = {"client_id": client_id or str(uuid.uuid4()), "kind": kind, "fields": fields}
    if target_id is not None:
        body["target_id"] = target_id
    return c.post(SYNC, body, content_type="application/json")


def test_key_is_per_session_and_names_no_one(pasuruan, login):
    c = login(pasuruan.users["ppt_0"])
    a = c.get("/lapangan/kunci/").json()
    assert a == c.get("/lapangan/kunci/").json()
    assert len(a["key"]) == 44 and a["owner"] and pasuruan.users["ppt_0"].username not in str(a)
    c.logout()
    assert c.get("/lapangan/kunci/").status_code == 302
    c = login(pasuruan.users["ppt_0"])
    assert c.get("/lapangan/kunci/").json()["key"] != a["key"]


def test_cached_shell_and_offline_page_hold_no_identity(pasuruan, login):
    user = pasuruan.users["ppt_0"]
    user.first_name, user.last_name = "Rina", "Kusumawati"
    user.save()
    c = login(user)
    body = c.get("/lapangan/formulir/pengaduan/").content.decode()
    assert 'data-offline="case_intake"' in body and 'name="v_name"' in body
    assert user.username not in body and "Kusumawati" not in body and ">Keluar<" not in body
    assert user.username in c.get("/kasus/baru/").content.decode()  # the live page does show who is signed in
    shell = c.get("/lapangan/formulir/sosialisasi/").content.decode()
    assert 'data-offline="outreach_event"' in shell and user.username not in shell and "Rina" not in shell
    off = c.get("/lapangan/luring/").content.decode()
    assert user.username not in off
    assert login(pasuruan.users["analyst"]).get("/lapangan/formulir/pengaduan/").status_code == 404
    assert login(pasuruan.users["analyst"]).get("/lapangan/formulir/sosialisasi/").status_code == 404
    assert login(pasuruan.users["partner_police"]).get("/lapangan/formulir/sosialisasi/").status_code == 404


def test_service_worker_and_manifest(client, db):
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Content-Type"].startswith("application/javascript") and sw["Service-Worker-Allowed"] == "/"
    text = sw.content.decode()
    assert '"/kasus/baru/": "/lapangan/formulir/pengaduan/"' in text and "naungan-shells" in text
    m = client.get("/manifest.webmanifest").json()
    assert m["display"] == "standalone" and {i["sizes"] for i in m["icons"]} == {"192x192", "512x512"}


def test_sync_stores_once_per_client_id(pasuruan, login):
    c = login(pasuruan.users["ppt_0"])
    cid = str(uuid.uuid4())
    first = send(c, "case_intake", intake_fields(pasuruan), cid)
    assert first.status_code == 201, first.content
    out = first.json()
    case = Case.objects.get()
    assert out["state"] == "stored" and out["number"] == case.number and out["url"] == f"/kasus/{case.pk}/" and case.number in out["message"]
    again = send(c, "case_intake", intake_fields(pasuruan), cid)
    assert again.status_code == 200 and again.json()["replayed"] is True and again.json()["number"] == case.number
    assert Case.objects.count() == 1 and FieldSubmission.objects.count() == 1
    sub = FieldSubmission.objects.get()
    assert sub.payload == ""  # the case holds the data; no copy stays behind
    assert AuditEvent.objects.filter(action="field.sync", object_id=str(sub.pk)).exists()
    assert AuditEvent.objects.filter(action="case.register").exists() or Case.objects.filter(pk=case.pk).exists()


def test_possible_duplicate_goes_to_the_list_with_both_versions(pasuruan, login):
    cm = pasuruan.users["case_manager"]
    existing = CS.case_register(actor=cm, city_code="35.75", channel="datang_uptd", kelurahan_code=pasuruan.kelurahan[0].code, forms=["fisik"],
                                persons=[{"role": "victim", "name": "Siti Aminah", "phone": "081298765432", "sex": "P"}])
    c = login(pasuruan.users["ppt_0"])
    r = send(c, "case_intake", intake_fields(pasuruan))
    assert r.status_code == 201 and r.json()["state"] == "conflict" and r.json()["reason"] == "duplicate"
    assert Case.objects.count() == 1
    sub = FieldSubmission.objects.get()
    with connection.cursor() as cur:
        cur.execute("SELECT payload FROM field_fieldsubmission")
        raw = cur.fetchone()[0]
    assert raw.startswith("f1:") and "Siti" not in raw and "Siti Aminah" in sub.payload  # sealed at rest
    listing = c.get("/lapangan/selesaikan/").content.decode()
    assert f"/lapangan/selesaikan/{sub.pk}/" in listing
    page = c.get(f"/lapangan/selesaikan/{sub.pk}/").content.decode()
    assert "Versi draf Anda" in page and "Versi yang tersimpan" in page and existing.number in page and "Dipukul di rumah" in page
    # add the draft to the existing case as a note
    done = c.post(f"/lapangan/selesaikan/{sub.pk}/", {"action": "note", "case_id": existing.pk})
    assert done.status_code == 302 and Case.objects.count() == 1
    assert any("Dipukul di rumah" in e.body for e in CaseEvent.objects.filter(case=existing))
    sub.refresh_from_db()
    assert sub.state == "resolved" and sub.payload == ""


def test_save_anyway_and_discard(pasuruan, login):
    cm = pasuruan.users["case_manager"]
    CS.case_register(actor=cm, city_code="35.75", channel="datang_uptd", kelurahan_code=pasuruan.kelurahan[0].code, forms=["fisik"],
                     persons=[{"role": "victim", "name": "Siti Aminah", "phone": "081298765432", "sex": "P"}])
    c = login(pasuruan.users["ppt_0"])
    send(c, "case_intake", intake_fields(pasuruan))
    send(c, "case_intake", intake_fields(pasuruan, chronology="kedua"))
    a, b = FieldSubmission.objects.order_by("pk")
    r = c.post(f"/lapangan/selesaikan/{a.pk}/", {"action": "save"})
    assert r.status_code == 302 and Case.objects.count() == 2
    c.post(f"/lapangan/selesaikan/{b.pk}/", {"action": "discard"})
    b.refresh_from_db()
    assert b.state == "discarded" and b.payload == "" and Case.objects.count() == 2
    assert c.post(f"/lapangan/selesaikan/{b.pk}/", {"action": "save"}).status_code == 302 and Case.objects.count() == 2


def test_invalid_draft_is_corrected_on_the_resolve_page(pasuruan, login):
    c = login(pasuruan.users["ppt_0"])
    r = send(c, "case_intake", intake_fields(pasuruan, kelurahan="35.72.01.1001", v_name="Budi Santoso", v_phone=""))
    assert r.json()["state"] == "conflict" and r.json()["reason"] == "invalid"
    sub = FieldSubmission.objects.get()
    page = c.get(f"/lapangan/selesaikan/{sub.pk}/").content.decode()
    assert "Perbaiki lalu simpan" in page and "errorlist" in page
    fixed = dict(intake_fields(pasuruan, v_name="Budi Santoso", v_phone=""))
    fixed.pop("csrfmiddlewaretoken")
    r = c.post(f"/lapangan/selesaikan/{sub.pk}/", {**fixed, "action": "save", "corrected": "1"})
    assert r.status_code == 302 and Case.objects.count() == 1
    sub.refresh_from_db()
    assert sub.state == "stored"


def test_drafts_are_each_officers_own(pasuruan, blitar, login):
    c = login(pasuruan.users["ppt_0"])
    send(c, "case_intake", intake_fields(pasuruan, kelurahan="x"))
    sub = FieldSubmission.objects.get()
    other = login(pasuruan.users["ppt_1"])
    assert other.get(f"/lapangan/selesaikan/{sub.pk}/").status_code == 404
    assert other.post(f"/lapangan/selesaikan/{sub.pk}/", {"action": "discard"}).status_code == 404
    assert f"/lapangan/selesaikan/{sub.pk}/" not in other.get("/lapangan/selesaikan/").content.decode()
    # the same client id from another officer is another draft, not a replay of the first
    police = login(pasuruan.users["partner_police"])
    r = send(police, "case_intake", intake_fields(pasuruan), sub.client_id)
    assert r.status_code == 404 and FieldSubmission.objects.count() == 1
    assert login(blitar.users["ppt_0"]).get(f"/lapangan/selesaikan/{sub.pk}/").status_code == 404


def test_bad_drafts_are_refused(pasuruan, login):
    c = login(pasuruan.users["ppt_0"])
    assert send(c, "case_intake", intake_fields(pasuruan), client_id="not-a-uuid").status_code == 400
    assert send(c, "nonsense", intake_fields(pasuruan)).status_code == 400
    c.logout()
    assert send(c, "case_intake", intake_fields(pasuruan)).status_code in (401, 403)


def test_outreach_draft_and_its_duplicate(pasuruan, login):
    c = login(pasuruan.users["satgas_0"])
    fields = [["kelurahan", pasuruan.kelurahan[0].code], ["date", "2026-06-02"], ["organiser", str(pasuruan.orgs["dinas"].pk)],
              ["topic", "perundungan"], ["girls", "7"], ["boys", "3"]]
    assert send(c, "outreach_event", fields).json()["state"] == "stored"
    assert OutreachEvent.objects.get().girls == 7
    again = send(c, "outreach_event", fields).json()
    assert again["state"] == "conflict" and again["reason"] == "duplicate" and OutreachEvent.objects.count() == 1
    sub = FieldSubmission.objects.get(state="conflict")
    assert "2026-06-02" in c.get(f"/lapangan/selesaikan/{sub.pk}/").content.decode() or "02-06-2026" in c.get(f"/lapangan/selesaikan/{sub.pk}/").content.decode()


def test_visit_draft_conflicts_when_the_family_changed_meanwhile(pasuruan, login):
    sup = pasuruan.users["supervisor"]
    fam = PS.family_register(actor=sup, city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, head_name="Bapak Suparman", risks=["kemiskinan"])
    c = login(pasuruan.users["satgas_0"])
    page = c.get(f"/pencegahan/keluarga/{fam.pk}/").content.decode()
    assert 'data-offline="family_visit"' in page and 'name="version" value="1"' in page
    fields = [["form", "kunjungan"], ["version", "1"], ["date", "2026-06-03"], ["notes", "Anak sudah sekolah"]]
    PS.family_update(actor=sup, family=fam, version=1, data={"status": "selesai"})
    r = send(c, "family_visit", fields, target_id=fam.pk).json()
    assert r["state"] == "conflict" and r["reason"] == "changed" and not FamilyVisit.objects.exists()
    sub = FieldSubmission.objects.get()
    page = c.get(f"/lapangan/selesaikan/{sub.pk}/").content.decode()
    assert "selesai" in page and "Anak sudah sekolah" in page
    c.post(f"/lapangan/selesaikan/{sub.pk}/", {"action": "save"})
    assert FamilyVisit.objects.get().date == date(2026, 6, 3)
    other = login(pasuruan.users["satgas_1"])
    r = send(other, "family_visit", fields, target_id=fam.pk).json()
    assert r["reason"] == "gone"


def test_an_outreach_draft_that_its_form_refuses_waits_with_the_forms_message(pasuruan, login):
    from naungan.core.dates import BAD_DATE

    c = login(pasuruan.users["satgas_0"])
    fields = [["kelurahan", pasuruan.kelurahan[0].code], ["date", "2026-02-30"], ["organiser", str(pasuruan.orgs["dinas"].pk)],
              ["topic", "perundungan"], ["girls", "tujuh"]]
    out = send(c, "outreach_event", fields).json()
    assert out["state"] == "conflict" and out["reason"] == "invalid" and not OutreachEvent.objects.exists()
    sub = FieldSubmission.objects.get()
    page = c.get(f"/lapangan/selesaikan/{sub.pk}/").content.decode()
    assert BAD_DATE in page
