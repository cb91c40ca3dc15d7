import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.cases import services as S
from naungan.cases.models import Attachment
from naungan.core.errors import DomainError
from naungan.core.testing import PNG

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture(autouse=True)
def _protected_root(settings, tmp_path):
    settings.PROTECTED_MEDIA_ROOT = tmp_path / "protected"


def test_evidence_is_stored_outside_the_web_root_with_a_checked_type(pasuruan, make_case, settings):
    case = make_case()
    att = S.attachment_add(actor=pasuruan.users["case_manager"], case=case, uploaded_file=SimpleUploadedFile("visum Siti.pdf", PDF))
    assert att.content_type == "application/pdf" and att.size == len(PDF)
    assert att.file.path.startswith(str(settings.PROTECTED_MEDIA_ROOT))
    assert "Siti" not in att.file.name  # the stored path carries no name
    with connection.cursor() as cur:
        cur.execute("SELECT original_name FROM cases_attachment")
        assert "Siti" not in repr(cur.fetchall())


@pytest.mark.parametrize("name, content", [("foto.png", b"GIF89a....."), ("surat.docx", b"MZ\x90\x00exe"), ("a.pdf", b"<html>")])
def test_files_whose_content_is_not_an_allowed_type_are_refused(pasuruan, make_case, name, content):
    with pytest.raises(DomainError, match="Jenis berkas"):
        S.attachment_add(actor=pasuruan.users["case_manager"], case=make_case(), uploaded_file=SimpleUploadedFile(name, content))
    assert not Attachment.objects.exists()


def test_oversized_files_are_refused(pasuruan, make_case, settings):
    settings.MAX_ATTACHMENT_BYTES = 16
    with pytest.raises(DomainError, match="terlalu besar"):
        S.attachment_add(actor=pasuruan.users["case_manager"], case=make_case(), uploaded_file=SimpleUploadedFile("a.pdf", PDF))


def test_opening_an_attachment_is_scoped_and_every_download_audited(pasuruan, blitar, make_case):
    case = make_case()
    other = make_case(kel_index=4)
    att = S.attachment_add(actor=pasuruan.users["case_manager"], case=case, uploaded_file=SimpleUploadedFile("a.png", PNG))
    for user in (pasuruan.users["ppt_1"], pasuruan.users["analyst"], blitar.users["supervisor"]):
        with pytest.raises(Http404):
            S.attachment_open(user=user, attachment_id=att.pk)
    with pytest.raises(Http404):  # right user, wrong case in the address
        S.attachment_open(user=pasuruan.users["supervisor"], attachment_id=att.pk, case_id=other.pk)
    assert not AuditEvent.objects.filter(action="attachment.download").exists()
    S.attachment_open(user=pasuruan.users["ppt_0"], attachment_id=att.pk, case_id=case.pk)
    S.attachment_open(user=pasuruan.users["supervisor"], attachment_id=att.pk)
    actors = set(AuditEvent.objects.filter(action="attachment.download", object_id=str(att.pk)).values_list("actor__username", flat=True))
    assert actors == {pasuruan.users["ppt_0"].username, pasuruan.users["supervisor"].username}


def test_attachments_through_the_api(pasuruan, make_case):
    case = make_case()
    cm = api(pasuruan.users["case_manager"])
    r = cm.post(f"/api/v1/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("visum.pdf", PDF)}, format="multipart")
    assert r.status_code == 201, r.content
    att_id = r.json()["id"]
    r = cm.post(f"/api/v1/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", b"not a pdf")}, format="multipart")
    assert r.status_code == 400 and "Jenis berkas" in r.json()["detail"]
    assert [a["id"] for a in cm.get(f"/api/v1/cases/{case.pk}/attachments/").json()] == [att_id]
    r = cm.get(f"/api/v1/cases/{case.pk}/attachments/{att_id}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert "visum" not in r["Content-Disposition"] and r["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="attachment.download", object_id=str(att_id)).count() == 1
    for key in ("ppt_1", "satgas_0", "analyst", "partner_police", "community"):
        c = api(pasuruan.users[key])
        assert c.get(f"/api/v1/cases/{case.pk}/attachments/").status_code == 404, key
        assert c.get(f"/api/v1/cases/{case.pk}/attachments/{att_id}/").status_code == 404, key
        r = c.post(f"/api/v1/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("v.pdf", PDF)}, format="multipart")
        assert r.status_code == 404, key
    assert AuditEvent.objects.filter(action="attachment.download", object_id=str(att_id)).count() == 1
    assert Attachment.objects.count() == 1
