import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naungan.audit.models import AuditEvent
from naungan.cases.models import Attachment, Case, Status

pytestmark = pytest.mark.django_db


def intake(pasuruan, **kw):
    data = {
        "channel": "datang_uptd", "received_at": "2026-11-20T09:30", "kelurahan": pasuruan.kelurahan[2].code,
        "incident_date": "2026-11-18", "place": "rumah_tangga", "forms_": ["fisik", "psikis"], "chronology": "Dipukul ayah tiri",
        "v_name": "Rina Marlina", "v_sex": "P", "v_birth_date": "2013-01-02", "v_nik": "", "v_phone": "0813-1111-2222",
        "p_name": "Budi", "p_sex": "L", "p_estimated_age": "38", "p_relation": "orang_tua", "action": "periksa",
    }
    data.update(kw)
    return data


def test_intake_registers_a_case_and_lands_on_it(pasuruan, login):
    client = login(pasuruan.users["case_manager"])
    assert client.get("/kasus/baru/").status_code == 200
    r = client.post("/kasus/baru/", intake(pasuruan))
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/kasus/{case.pk}/"
    assert case.persons.count() == 2 and case.persons.get(role="victim").is_child
    body = client.get(r["Location"]).content.decode()
    assert "R.M., 13 th" in body and case.number in body and "Rina Marlina" not in body  # masked until revealed
    assert "Rina Marlina" in client.post(f"/kasus/{case.pk}/identitas/").content.decode()


def test_intake_warns_about_possible_duplicates_before_saving(pasuruan, login, make_case):
    existing = make_case(persons=[{"role": "victim", "name": "Rina", "phone": "081311112222"}])
    client = login(pasuruan.users["case_manager"])
    r = client.post("/kasus/baru/", intake(pasuruan))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Kemungkinan kasus yang sama" in body and existing.number in body
    assert Case.objects.count() == 1
    r = client.post("/kasus/baru/", intake(pasuruan, action="simpan"))
    assert r.status_code == 302 and Case.objects.count() == 2


def test_intake_errors_are_shown_in_indonesian(pasuruan, login):
    client = login(pasuruan.users["case_manager"])
    r = client.post("/kasus/baru/", intake(pasuruan, v_nik="123", action="simpan"))
    assert r.status_code == 200 and "NIK tidak valid" in r.content.decode()
    r = client.post("/kasus/baru/", intake(pasuruan, v_name=""))
    assert "Bidang ini harus diisi" in r.content.decode()


def test_case_list_has_constant_queries_and_marks_overdue(pasuruan, login, make_case, django_assert_max_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    from naungan.cases.services import case_triage

    client = login(pasuruan.users["supervisor"])
    c = make_case(received_at=timezone.now() - timedelta(days=3))
    case_triage(actor=pasuruan.users["supervisor"], case=c, risk="rendah")
    with django_assert_max_num_queries(20) as ctx:
        client.get("/kasus/")
    n = len(ctx.captured_queries)
    for i in range(12):
        make_case(kel_index=i)
    with django_assert_max_num_queries(n):
        body = client.get("/kasus/").content.decode()
    assert "terlambat" in body


def test_search_is_posted_and_tolerates_spelling(pasuruan, login, make_case):
    hit = make_case(persons=[{"role": "victim", "name": "Djoko Soesilo"}])
    client = login(pasuruan.users["case_manager"])
    body = client.post("/kasus/", {"q": "Joko Susilo"}).content.decode()
    assert hit.number in body


@pytest.mark.parametrize("key", ["ppt_1", "satgas_0", "admin", "analyst", "auditor", "partner_police", "community"])
def test_out_of_scope_users_get_404_on_case_pages(pasuruan, make_case, login, key):
    case = make_case()
    client = login(pasuruan.users[key])
    assert client.get(f"/kasus/{case.pk}/").status_code == 404
    assert client.get(f"/kasus/{case.pk}/ubah/").status_code == 404
    assert client.post(f"/kasus/{case.pk}/aksi/catatan/", {"body": "x"}).status_code == 404
    assert client.post(f"/kasus/{case.pk}/aksi/triase/", {"risk": "tinggi", "authority": "kota"}).status_code == 404


@pytest.mark.parametrize("key", ["admin", "analyst", "auditor", "partner_police", "community"])
def test_roles_without_casework_cannot_open_the_list_or_intake(pasuruan, login, key):
    client = login(pasuruan.users[key])
    assert client.get("/kasus/").status_code == 404
    assert client.get("/kasus/baru/").status_code == 404


def test_other_city_supervisor_gets_404(pasuruan, blitar, make_case, login):
    case = make_case()
    assert login(blitar.users["supervisor"]).get(f"/kasus/{case.pk}/").status_code == 404


def test_opening_a_case_is_audited(pasuruan, make_case, login):
    case = make_case()
    login(pasuruan.users["ppt_0"]).get(f"/kasus/{case.pk}/")
    assert AuditEvent.objects.filter(action="case.view", object_id=str(case.pk), actor=pasuruan.users["ppt_0"]).exists()


def test_reporter_identity_hidden_on_the_page_for_ppt(pasuruan, make_case, login):
    case = make_case(persons=[{"role": "victim", "name": "Korban Satu"}, {"role": "reporter", "name": "Pelapor Rahasia", "phone": "081200001111"}])
    body = login(pasuruan.users["ppt_0"]).post(f"/kasus/{case.pk}/identitas/").content.decode()  # names revealed
    assert "Korban Satu" in body and "Pelapor Rahasia" not in body and "identitas pelapor dirahasiakan" in body
    assert "Pelapor Rahasia" in login(pasuruan.users["case_manager"]).post(f"/kasus/{case.pk}/identitas/").content.decode()


def test_workflow_through_pages(pasuruan, make_case, login):
    case = make_case()
    cm = login(pasuruan.users["case_manager"])
    cm.post(f"/kasus/{case.pk}/aksi/triase/", {"risk": "tinggi", "case_type": "kdrt", "authority": "kota"})
    r = cm.post(f"/kasus/{case.pk}/aksi/status/", {"to": "monitoring"}, follow=True)
    assert "tidak dapat diubah" in r.content.decode()
    cm.post(f"/kasus/{case.pk}/aksi/status/", {"to": "assessment"})
    cm.post(f"/kasus/{case.pk}/aksi/ajukan-tutup/", {"reason": "selesai_layanan"})
    r = cm.post(f"/kasus/{case.pk}/aksi/setujui-tutup/", follow=True)
    assert "Hanya supervisor" in r.content.decode()
    login(pasuruan.users["supervisor"]).post(f"/kasus/{case.pk}/aksi/setujui-tutup/")
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED


def test_stale_edit_page_shows_the_conflict_and_keeps_the_input(pasuruan, make_case, login):
    case = make_case()
    cm = login(pasuruan.users["case_manager"])
    form = {"version": case.version, "channel": "telepon", "kelurahan": case.kelurahan_id, "incident_date": "2026-10-01",
            "place": "sekolah", "violence_forms": ["fisik"], "chronology": "Versi saya"}
    assert cm.post(f"/kasus/{case.pk}/ubah/", form).status_code == 302
    sup = login(pasuruan.users["supervisor"])
    r = sup.post(f"/kasus/{case.pk}/ubah/", {**form, "place": "fasilitas_umum", "chronology": "Versi supervisor"})
    body = r.content.decode()
    assert r.status_code == 200 and "sudah diubah orang lain" in body and "Versi supervisor" in body
    assert Case.objects.get(pk=case.pk).place == "sekolah"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_are_type_checked_scoped_and_downloads_audited(pasuruan, make_case, login, settings):
    case = make_case()
    cm = login(pasuruan.users["case_manager"])
    r = cm.post(f"/kasus/{case.pk}/aksi/lampiran/", {"file": SimpleUploadedFile("visum.pdf", PDF)}, follow=True)
    assert "Lampiran disimpan" in r.content.decode()
    att = Attachment.objects.get()
    assert str(settings.PROTECTED_MEDIA_ROOT) in att.file.path
    r = cm.post(f"/kasus/{case.pk}/aksi/lampiran/", {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00notpdf")}, follow=True)
    assert "Jenis berkas tidak diizinkan" in r.content.decode()
    settings.MAX_ATTACHMENT_BYTES = 10
    r = cm.post(f"/kasus/{case.pk}/aksi/lampiran/", {"file": SimpleUploadedFile("big.pdf", PDF)}, follow=True)
    assert "terlalu besar" in r.content.decode()
    r = cm.get(f"/kasus/{case.pk}/lampiran/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert "visum" not in r["Content-Disposition"]
    assert AuditEvent.objects.filter(action="attachment.download", object_id=str(att.pk)).count() == 1
    assert login(pasuruan.users["ppt_1"]).get(f"/kasus/{case.pk}/lampiran/{att.pk}/").status_code == 404
    assert login(pasuruan.users["analyst"]).get(f"/kasus/{case.pk}/lampiran/{att.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="attachment.download", object_id=str(att.pk)).count() == 1


def test_home_shows_overdue_work_to_the_assignee(pasuruan, make_case, login):
    from datetime import timedelta

    from django.utils import timezone

    from naungan.cases.services import case_assign, case_triage

    cm = pasuruan.users["case_manager"]
    case = make_case(received_at=timezone.now() - timedelta(days=4))
    case_triage(actor=cm, case=case, risk="sedang")
    case_assign(actor=cm, case=case, assigned_to=cm)
    body = login(cm).get("/").content.decode()
    assert "Melewati target respons" in body and case.number in body
