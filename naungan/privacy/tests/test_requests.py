"""The data-subject request register: record, link the person, decide with a legal ground, carry
out an erasure across cases, referrals, reports, exports and attachments — with the figures and the
audit chain unchanged — and scope (404) on every page and endpoint."""

from pathlib import Path

import pytest
from django.http import Http404
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.audit.services import audit_verify
from naungan.cases.models import Attachment, Case, CaseEvent, Person, PersonToken
from naungan.cases.selectors import case_list
from naungan.core.errors import DomainError
from naungan.ops.tests.fill import VICTIM_STRINGS
from naungan.privacy import services as S
from naungan.privacy.models import DataSubjectRequest
from naungan.services.models import Consent, Referral, ReferralUpdate
from naungan.services.services import legal_update
from naungan.stats.models import ExportJob

from .conftest import figures

pytestmark = pytest.mark.django_db


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def opened_texts(case) -> str:
    case = Case.objects.get(pk=case.pk)
    parts = [case.chronology, *CaseEvent.objects.filter(case=case).values_list("body", flat=True)]
    parts += [f"{a.original_name}|{a.description}" for a in Attachment.objects.filter(case=case)]
    parts += [r.request for r in Referral.objects.filter(case=case)] + [u.body for u in ReferralUpdate.objects.filter(referral__case=case)]
    parts += [c.given_by_name for c in Consent.objects.filter(case=case)]
    from naungan.cases.models import Assessment, PlanGoal, PlanTask

    parts += [a.psychological + a.needs for a in Assessment.objects.filter(case=case)]
    parts += [g.title for g in PlanGoal.objects.filter(case=case)] + [t.title for t in PlanTask.objects.filter(case=case)]
    return "\n".join(parts)


def new_request(world, kind="erasure"):
    return S.dsr_create(actor=world.users["supervisor"], city_code=world.city.code, kind=kind, requester_relation="orang_tua",
                        requester_name="Warsini Rahayu", requester_contact="0857 1111 2222", description="Mohon data anak saya dihapus.")


def test_an_approved_erasure_anonymises_the_person_everywhere_and_keeps_figures_and_audit(pasuruan, filled, client, settings):
    sup = pasuruan.users["supervisor"]
    folder = Path(settings.PROTECTED_MEDIA_ROOT) / "exports"
    folder.mkdir(parents=True)
    (folder / "e.csv").write_text("Siti Aminah")
    job = ExportJob.objects.create(user=sup, city_id="35.75", kind="simfoni", fmt="csv", date_from="2026-01-01", date_to="2026-12-31",
                                   include_identity=True, status="done", path=str(folder / "e.csv"))
    before = figures(client, pasuruan.users["analyst"])
    chain = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))
    att = Path(Attachment.objects.get(case=filled.case).file.path)
    other_text = opened_texts(filled.other_case)

    req = new_request(pasuruan)
    with pytest.raises(DomainError, match="Tautkan"):
        S.dsr_decide(actor=sup, request=req, approve=True, legal_ground="hak_subjek")
    S.dsr_link_subject(actor=sup, request=req, person_id=filled.victim.pk)
    with pytest.raises(DomainError, match="tidak sesuai"):
        S.dsr_decide(actor=sup, request=req, approve=True, legal_ground="penegakan_hukum")
    S.dsr_decide(actor=sup, request=req, approve=True, legal_ground="hak_subjek", note="Ibu korban; KK diperiksa.")
    done = S.dsr_execute_erasure(actor=sup, request=req)
    assert done["persons"] == 1 and done["texts"] >= 8 and done["files"] >= 1 and done["exports"] == 1

    victim = Person.objects.get(pk=filled.victim.pk)
    assert (victim.name, victim.nik, victim.phone, victim.street, victim.kk_number, victim.birth_date, victim.nik_bidx) == ("",) * 7
    assert (victim.sex, victim.age_band, victim.is_child) == ("P", filled.victim.age_band, True)
    assert not PersonToken.objects.filter(person=victim).exists()
    text = opened_texts(filled.case)
    for s in VICTIM_STRINGS:
        assert s not in text, s
    assert "[dihapus]" in text and "dipukul ayahnya" in text  # the story stays, the identity goes
    assert Person.objects.get(pk=filled.perpetrator.pk).name == "Bambang Soekarno"  # others keep their data
    assert not att.exists() and not (folder / "e.csv").exists() and ExportJob.objects.get(pk=job.pk).status == "expired"
    assert opened_texts(filled.other_case) == other_text
    assert case_list(user=sup, filters={"q": "3575014503140001"}).count() == 0  # no longer findable
    assert figures(client, pasuruan.users["analyst"]) == before
    assert audit_verify().ok
    assert list(AuditEvent.objects.filter(seq__lte=chain[-1][0]).order_by("seq").values_list("seq", "hash")) == chain
    erased = AuditEvent.objects.filter(seq__gt=chain[-1][0])
    assert {"person.erase", "dsr.erasure_completed", "export.expire"} <= set(erased.values_list("action", flat=True))
    for e in erased:
        for s in VICTIM_STRINGS + ["Warsini"]:
            assert s not in str(e.changes), (e.action, s)
    req = DataSubjectRequest.objects.get(pk=req.pk)
    assert req.status == "completed" and req.requester_name == "[dihapus]" and req.requester_contact == ""
    assert req.legal_ground == "hak_subjek" and req.kind == "erasure"  # what was asked and decided stays


def test_erasure_is_refused_for_a_case_under_legal_process(pasuruan, filled):
    sup = pasuruan.users["supervisor"]
    legal_update(actor=pasuruan.users["case_manager"], case=filled.case, lp_number="LP/1/2026", stage="penyidikan")
    req = new_request(pasuruan)
    S.dsr_link_subject(actor=sup, request=req, person_id=filled.victim.pk)
    with pytest.raises(DomainError, match="proses hukum"):
        S.dsr_decide(actor=sup, request=req, approve=True, legal_ground="hak_subjek")
    S.dsr_decide(actor=sup, request=req, approve=False, legal_ground="penegakan_hukum")
    with pytest.raises(DomainError):
        S.dsr_execute_erasure(actor=sup, request=req)
    assert Person.objects.get(pk=filled.victim.pk).name == "Siti Aminah Djojo"


def test_a_supervisor_of_another_city_cannot_see_or_link(pasuruan, blitar, filled):
    req = new_request(pasuruan)
    other = blitar.users["supervisor"]
    with pytest.raises(Http404):
        S.dsr_link_subject(actor=other, request=req, person_id=filled.victim.pk)
    with pytest.raises(Http404):
        S.dsr_create(actor=other, city_code="35.75", kind="access", requester_relation="subjek", requester_name="X")
    blitar_req = new_request(blitar)
    with pytest.raises(Http404):  # a person of another city cannot be linked
        S.dsr_link_subject(actor=blitar.users["supervisor"], request=blitar_req, person_id=filled.victim.pk)


def test_the_pages_record_find_link_decide_and_erase(pasuruan, filled, login):
    c = login(pasuruan.users["supervisor"])
    assert c.get("/privasi/").status_code == 200
    r = c.post("/privasi/permintaan/baru/", {"city_code": "35.75", "kind": "erasure", "requester_relation": "subjek", "requester_name": ""})
    assert r.status_code == 200 and "Nama pemohon wajib diisi" in r.content.decode()
    r = c.post("/privasi/permintaan/baru/", {"city_code": "35.75", "kind": "erasure", "requester_relation": "subjek",
                                             "requester_name": "Siti Aminah Djojo"})
    req = DataSubjectRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/privasi/permintaan/{req.pk}/"
    r = c.post(f"/privasi/permintaan/{req.pk}/", {"form": "cari", "q": "3575014503140001"})
    assert filled.case.number in r.content.decode() and "Siti Aminah Djojo" in r.content.decode()
    c.post(f"/privasi/permintaan/{req.pk}/", {"form": "tautkan", "person": filled.victim.pk})
    r = c.post(f"/privasi/permintaan/{req.pk}/", {"form": "putuskan", "approve": "1", "legal_ground": "hak_subjek", "version": 2})
    assert r.status_code == 302
    r = c.post(f"/privasi/permintaan/{req.pk}/", {"form": "laksanakan"}, follow=True)
    assert "Penghapusan dilaksanakan" in r.content.decode()
    assert Person.objects.get(pk=filled.victim.pk).name == ""
    assert AuditEvent.objects.filter(action="dsr.view", object_id=str(req.pk)).exists()


def test_access_requests_get_a_printable_copy_and_can_be_completed(pasuruan, filled, login):
    sup = pasuruan.users["supervisor"]
    req = new_request(pasuruan, kind="access")
    S.dsr_link_subject(actor=sup, request=req, person_id=filled.victim.pk)
    c = login(sup)
    assert c.get(f"/privasi/permintaan/{req.pk}/salinan/").status_code == 404  # not approved yet
    S.dsr_decide(actor=sup, request=req, approve=True, legal_ground="hak_subjek")
    body = c.get(f"/privasi/permintaan/{req.pk}/salinan/").content.decode()
    assert "3575014503140001" in body and filled.case.number in body
    assert AuditEvent.objects.filter(action="dsr.access_copy").exists()
    c.post(f"/privasi/permintaan/{req.pk}/", {"form": "selesai", "note": "Salinan diserahkan."})
    assert DataSubjectRequest.objects.get(pk=req.pk).status == "completed"


@pytest.mark.parametrize("who", ["case_manager", "analyst", "auditor", "admin", "ppt_0", "partner_police", "community"])
def test_pages_and_api_of_the_register_are_404_for_everyone_else(pasuruan, blitar, filled, login, who):
    req = new_request(pasuruan)
    for user in (pasuruan.users[who], blitar.users["supervisor"]):
        c = login(user)
        paths = [f"/privasi/permintaan/{req.pk}/", f"/privasi/permintaan/{req.pk}/salinan/"]
        if user is not blitar.users["supervisor"]:
            paths += ["/privasi/", "/privasi/permintaan/baru/"]
        for path in paths:
            assert c.get(path).status_code == 404, (who, path)
        assert c.post(f"/privasi/permintaan/{req.pk}/", {"form": "laksanakan"}).status_code == 404
        a = api(user)
        assert a.get(f"/api/v1/privacy/requests/{req.pk}/").status_code == 404
        for action in ("subjects", "decide", "execute", "complete"):
            assert a.post(f"/api/v1/privacy/requests/{req.pk}/{action}/", {"person_id": filled.victim.pk, "approve": True,
                                                                          "legal_ground": "hak_subjek"}, format="json").status_code == 404
        assert a.get("/api/v1/privacy/requests/").json()["results"] == []
    assert Person.objects.get(pk=filled.victim.pk).name == "Siti Aminah Djojo"


def test_the_api_runs_the_same_register(pasuruan, filled):
    a = api(pasuruan.users["supervisor"])
    r = a.post("/api/v1/privacy/requests/", {"city_code": "35.75", "kind": "erasure", "requester_relation": "wali",
                                             "requester_name": "Bu Warsini"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert a.post(f"/api/v1/privacy/requests/{pk}/subjects/", {"person_id": filled.victim.pk}, format="json").status_code == 200
    r = a.post(f"/api/v1/privacy/requests/{pk}/decide/", {"approve": True, "legal_ground": "penegakan_hukum"}, format="json")
    assert r.status_code == 400 and "tidak sesuai" in r.json()["detail"]
    assert a.post(f"/api/v1/privacy/requests/{pk}/decide/", {"approve": True, "legal_ground": "hak_subjek"}, format="json").status_code == 200
    r = a.post(f"/api/v1/privacy/requests/{pk}/execute/", format="json")
    assert r.status_code == 200 and r.json()["persons"] == 1
    detail = a.get(f"/api/v1/privacy/requests/{pk}/").json()
    assert detail["status"] == "completed" and detail["subjects"][0]["name"] == ""
    assert [x["id"] for x in a.get("/api/v1/privacy/requests/").json()["results"]] == [pk]


def test_retention_page_is_for_the_city_admin_and_supervisor_only(pasuruan, blitar, filled, login):
    c = login(pasuruan.users["admin"])
    assert c.get("/privasi/retensi/").status_code == 200
    r = c.post("/privasi/retensi/", {"form": "aturan", "kota": "35.75", "closed_case_identity_years": "7"})
    assert r.status_code == 302
    assert c.get("/privasi/retensi/?kota=35.72").status_code == 404
    assert c.post("/privasi/retensi/", {"form": "tahan", "kota": "35.75", "number": filled.case.number, "reason": "x"}).status_code == 404
    s = login(pasuruan.users["supervisor"])
    s.post("/privasi/retensi/", {"form": "tahan", "kota": "35.75", "number": filled.case.number, "reason": "Sidang banding"})
    from naungan.privacy.models import LegalHold, RetentionPolicy

    assert RetentionPolicy.objects.get(city_id="35.75").closed_case_identity_years == 7
    assert LegalHold.objects.filter(case=filled.case, released_at__isnull=True).exists()
    for who in ("case_manager", "analyst", "auditor", "ppt_0"):
        assert login(pasuruan.users[who]).get("/privasi/retensi/").status_code == 404
    b = login(blitar.users["supervisor"])
    assert b.post("/privasi/retensi/", {"form": "tahan", "kota": "35.72", "number": filled.case.number, "reason": "x"}).status_code == 404
    assert LegalHold.objects.count() == 1  # another city's case number is not found


def test_the_register_list_costs_the_same_few_queries_however_long(pasuruan, login, django_assert_max_num_queries):
    c = login(pasuruan.users["supervisor"])
    for _ in range(2):
        new_request(pasuruan)
    c.get("/privasi/")  # warm the per-process caches (catalogues, memberships)
    with django_assert_max_num_queries(12) as few:
        assert c.get("/privasi/").status_code == 200
    for _ in range(10):
        new_request(pasuruan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = c.get("/privasi/").content.decode()
    assert body.count("PDP-35.75-") == 12
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api(pasuruan.users["supervisor"]).get("/api/v1/privacy/requests/").json()["results"]) == 12
