"""Findings from outside: a read never writes, an attachment of another case leaves no trace, an
upload is what its content says (a ZIP renamed .docx, a broken image are refused)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.cases import services as S
from naungan.cases.models import Attachment, Notification
from naungan.core.errors import DomainError
from naungan.core.testing import PDF, PNG, docx_bytes

pytestmark = pytest.mark.django_db


def test_attachment_of_another_case_is_404_and_writes_no_audit_event(pasuruan, make_case, login):
    cm = pasuruan.users["case_manager"]
    a, b = make_case(), make_case()
    att = S.attachment_add(actor=cm, case=b, uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    client = login(cm)
    assert client.get(f"/kasus/{a.pk}/lampiran/{att.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(cm)
    assert api.get(f"/api/v1/cases/{a.pk}/attachments/{att.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="attachment.download").exists()
    assert client.get(f"/kasus/{b.pk}/lampiran/{att.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="attachment.download").count() == 1


def test_the_notification_list_marks_nothing_read_on_get_and_a_post_does_it_audited(pasuruan, login):
    cm = pasuruan.users["case_manager"]
    S.notify(user=cm, text="Kasus 35.75-2026-000001 ditugaskan kepada Anda.")
    client = login(cm)
    body = client.get("/kasus/notifikasi/").content.decode()
    assert "Tandai semua sudah dibaca" in body
    assert Notification.objects.filter(user=cm, read_at__isnull=True).count() == 1
    before = AuditEvent.objects.count()
    assert client.post("/kasus/notifikasi/").status_code == 302
    assert not Notification.objects.filter(user=cm, read_at__isnull=True).exists()
    ev = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1 and ev.action == "notification.read" and ev.changes["count"] == [None, 1]
    other = login(pasuruan.users["supervisor"])  # another user's POST touches only their own
    S.notify(user=cm, text="Baru.")
    other.post("/kasus/notifikasi/")
    assert Notification.objects.filter(user=cm, read_at__isnull=True).count() == 1


def _zip(name="notes.txt") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, "bukan dokumen word")
    return buf.getvalue()


@pytest.mark.parametrize("name, content", [
    ("surat.docx", _zip()),                                       # any ZIP renamed .docx
    ("surat.docx", _zip("word/document.xml")),                    # a ZIP that only looks a little like Word
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),            # PNG magic, no image
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),             # JPEG magic, no image
    ("a.pdf", b"%PDF-1.4\n<script>"),                             # PDF header, never ends
], ids=["zip-as-docx", "zip-like-word", "png-magic-only", "jpeg-magic-only", "pdf-unended"])
def test_uploads_that_only_pretend_are_refused(pasuruan, make_case, name, content):
    with pytest.raises(DomainError, match="Jenis berkas"):
        S.attachment_add(actor=pasuruan.users["case_manager"], case=make_case(), uploaded_file=SimpleUploadedFile(name, content))
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name, content, ctype", [
    ("surat.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("foto", PNG, "image/png"),  # the name does not matter, the content does
    ("visum.pdf", PDF, "application/pdf"),
], ids=["docx", "png-without-extension", "pdf"])
def test_real_files_pass_the_check(pasuruan, make_case, name, content, ctype):
    att = S.attachment_add(actor=pasuruan.users["case_manager"], case=make_case(), uploaded_file=SimpleUploadedFile(name, content))
    assert att.content_type == ctype
